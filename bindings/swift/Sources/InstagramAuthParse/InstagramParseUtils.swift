import AuthenticationServices
import Foundation
import InstagramAuthKit
import ParseCore

/// Sign in with Instagram for Parse apps, shaped like Parse's `PFFacebookUtils`: log in, link
/// to a user, unlink, is-linked. The code is exchanged by your Cloud function
/// (`ParseCloudCodeExchanger`, through `PFCloud`), so the app holds no Instagram secret and
/// no Parse key of its own.
///
/// ```swift
/// Parse.initialize(with: ParseClientConfiguration { … })
/// try InstagramParseUtils.initialize()
/// let instagram = try InstagramParseUtils(config: InstagramAuthConfig(clientId: …, redirectUri: …))
/// let user = try await instagram.logIn()
/// ```
@MainActor
public final class InstagramParseUtils {
    /// The auth type PFUser knows Instagram by (`ParseAuthData.provider()`).
    public static let authType = "instagram"

    /// The browser sheet sign-in that `logIn` and `link` use; its `resume()` and
    /// `complete(callbackURL:)` give grants for `logIn(grant:)` after a relaunch.
    public let signIn: InstagramWebSignIn

    private let auth: InstagramAuth
    private let exchanger: CodeExchanger

    /// The configuration the delegate was registered under (a new `Parse.initialize` starts
    /// with an empty registry).
    private static weak var registeredFor: ParseClientConfiguration?
    private static let delegate = InstagramAuthenticationDelegate()

    /// - Parameters:
    ///   - auth: the app's `InstagramAuth`.
    ///   - exchanger: how the code reaches your backend; your `instagramExchange` Cloud
    ///     function through the Parse SDK by default.
    ///   - signIn: the browser sheet sign-in; one over `auth` with `FilePendingSignInStore` by default.
    public init(auth: InstagramAuth, exchanger: CodeExchanger = ParseCloudCodeExchanger(),
                signIn: InstagramWebSignIn? = nil) {
        self.auth = auth
        self.exchanger = exchanger
        self.signIn = signIn ?? InstagramWebSignIn(auth: auth)
    }

    /// `InstagramAuth(config:)` (requests over `URLSession`) with the defaults above.
    /// - Throws: `InstagramAuthError.Configuration` when the configuration is unusable.
    public convenience init(config: InstagramAuthConfig) throws {
        self.init(auth: try InstagramAuth(config: config))
    }

    /// Registers the "instagram" authentication delegate with `PFUser`, which
    /// `PFUser.logInWithAuthType` requires (without it the Parse SDK raises an exception Swift
    /// cannot catch). Idempotent; `logIn` and `link` call it too, so forgetting it cannot crash.
    /// Call it after `Parse.initialize(with:)`, at launch: registering restores the current
    /// user's Instagram authData through the delegate, as Parse's own utils do.
    /// - Throws: `InstagramParseError.parseNotInitialized` before `Parse.initialize(with:)`.
    public static func initialize() throws {
        guard let configuration = Parse.currentConfiguration else { throw InstagramParseError.parseNotInitialized }
        guard registeredFor !== configuration else { return }
        PFUser.register(delegate, forAuthType: authType)
        registeredFor = configuration
    }

    /// Signs in with Instagram in the browser sheet, exchanges the code through your backend
    /// and logs in to Parse (a new user the first time).
    /// - Parameters: as `InstagramWebSignIn.signIn`.
    /// - Throws: `WebSignInError` (`.cancelled`: the user closed the sheet), `InstagramAuthError`
    ///   (`.AccessDenied`: they declined on Instagram; `.BackendRejected`: your Cloud function
    ///   refused), `InstagramParseError`.
    public func logIn(scopes: [String] = [], options: SignInOptions? = nil,
                      prefersEphemeralWebBrowserSession: Bool = false,
                      presentationAnchor: ASPresentationAnchor? = nil) async throws -> PFUser {
        try Self.initialize()
        let grant = try await signIn.signIn(scopes: scopes, options: options,
                                            prefersEphemeralWebBrowserSession: prefersEphemeralWebBrowserSession,
                                            presentationAnchor: presentationAnchor)
        return try await logIn(grant: grant)
    }

    /// Exchanges a grant (from `signIn.resume()` or `signIn.complete(callbackURL:)`) and logs
    /// in to Parse.
    public func logIn(grant: CodeGrant) async throws -> PFUser {
        try Self.initialize()
        let authData = try await exchange(grant)
        let user = try await Self.parse(PFUser.logInWithAuthType(inBackground: Self.authType, authData: authData)) {
            UncheckedSendable(value: $0)
        }
        guard let user = user.value else { throw InstagramParseError.parseRejected(code: 0, message: "Parse returned no user") }
        return user
    }

    /// Signs in with Instagram and links the account to `user` (e.g. the current user), so
    /// either log-in reaches the same Parse user.
    /// - Throws: as `logIn`; `InstagramParseError.parseRejected` with code 208 when the
    ///   Instagram account is linked to another user.
    public func link(_ user: PFUser, scopes: [String] = [], options: SignInOptions? = nil,
                     prefersEphemeralWebBrowserSession: Bool = false,
                     presentationAnchor: ASPresentationAnchor? = nil) async throws {
        try Self.initialize()
        let grant = try await signIn.signIn(scopes: scopes, options: options,
                                            prefersEphemeralWebBrowserSession: prefersEphemeralWebBrowserSession,
                                            presentationAnchor: presentationAnchor)
        try await link(user, grant: grant)
    }

    /// Exchanges a grant and links the account to `user`.
    public func link(_ user: PFUser, grant: CodeGrant) async throws {
        try Self.initialize()
        let authData = try await exchange(grant)
        try await Self.parse(user.linkWithAuthType(inBackground: Self.authType, authData: authData)) { _ in }
    }

    /// Removes Instagram from `user`'s authData and saves the user.
    public static func unlink(_ user: PFUser) async throws {
        try await parse(user.unlinkWithAuthType(inBackground: authType)) { _ in }
    }

    /// Whether `user` has Instagram authData.
    public static func isLinked(_ user: PFUser) -> Bool {
        user.isLinked(withAuthType: authType)
    }

    /// A Parse SDK call's outcome, its failure as `InstagramParseError`.
    private static func parse<T: AnyObject, R: Sendable>(_ task: BFTask<T>,
                                                          read: @escaping @Sendable (T?) -> R) async throws -> R {
        do {
            return try await completion(of: task, read: read)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw InstagramParseError(error)
        }
    }

    private func exchange(_ grant: CodeGrant) async throws -> [String: String] {
        let token = try await auth.exchangeCodeWith(grant: grant, exchanger: exchanger)
        return token.authData().toMap()
    }
}
