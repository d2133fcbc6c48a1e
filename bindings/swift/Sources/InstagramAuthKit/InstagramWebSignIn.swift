import AuthenticationServices
import Foundation

/// Signs the user in on Instagram's consent page in the system browser sheet and returns
/// the code grant to exchange (`InstagramAuth.exchangeCodeWith` / `exchangeCodeViaBackend`).
///
/// ```swift
/// let signIn = InstagramWebSignIn(auth: auth)
/// let grant = try await signIn.signIn()
/// ```
///
/// One sign-in at a time. It is saved (`PendingSignInStore`) before the sheet opens, so an
/// app that iOS ended meanwhile can `resume()` it, or finish it with a Universal Link that
/// relaunched the app (`complete(callbackURL:)`). The redirect the sheet waits for comes from
/// the configuration's redirect URI.
///
/// Outcomes: the grant; `WebSignInError.cancelled` when the user closed the sheet;
/// `InstagramAuthError.AccessDenied` when they declined on Instagram;
/// `InstagramAuthError.StrayCallback` when a link that is not this sign-in's answer ended it
/// (the sign-in is still saved: offer `resume()` or `cancel()`); other `InstagramAuthError`s
/// and `WebSignInError`s end it.
@MainActor
public final class InstagramWebSignIn {
    private let auth: InstagramAuth
    private let store: PendingSignInStore
    private let browser: WebAuthenticationBrowser
    private let fallbackCallbackScheme: String?

    /// The saved sign-in whose sheet is open, and the outcome of a redirect handed to it
    /// through `complete(callbackURL:)` while it was.
    private var open: (saved: String, delivered: Result<CodeGrant, Error>?)?

    /// - Parameters:
    ///   - auth: the app's `InstagramAuth`; its redirect URI decides what ends the sheet.
    ///   - store: where the sign-in waits; a file in Application Support, excluded from
    ///     backups, by default (`FilePendingSignInStore`).
    ///   - browser: the sheet; `ASWebAuthenticationSession` by default.
    ///   - fallbackCallbackScheme: for an https redirect URI before iOS 17.4: the custom
    ///     scheme the page served at the redirect URI bounces to (docs/ios.md has the page).
    public init(auth: InstagramAuth, store: PendingSignInStore = FilePendingSignInStore(),
                browser: WebAuthenticationBrowser = SystemWebAuthenticationBrowser(),
                fallbackCallbackScheme: String? = nil) {
        self.auth = auth
        self.store = store
        self.browser = browser
        self.fallbackCallbackScheme = fallbackCallbackScheme
    }

    /// True when a sign-in was started and has not ended (e.g. after a relaunch): offer `resume()`.
    public var hasPendingSignIn: Bool { store.load() != nil }

    /// Starts a sign-in: saves it, opens Instagram's consent page and returns the grant of
    /// its redirect.
    /// - Parameters:
    ///   - scopes: the permissions to ask for; `instagram_business_basic` when empty.
    ///   - options: e.g. `SignInOptions(forceReauth: true)` to switch accounts.
    ///   - prefersEphemeralWebBrowserSession: no cookies shared with Safari (the other half of
    ///     switching accounts).
    ///   - presentationAnchor: the window to present from; nil: the key window.
    public func signIn(scopes: [String] = [], options: SignInOptions? = nil,
                       prefersEphemeralWebBrowserSession: Bool = false,
                       presentationAnchor: ASPresentationAnchor? = nil) async throws -> CodeGrant {
        guard open == nil else { throw WebSignInError.alreadyInProgress }
        let pending = try auth.startAuthorization(scopes: scopes, options: options)
        let route = try route(for: pending)
        let saved = pending.toSavedString()
        do {
            try store.save(saved)
        } catch {
            // Unsaved, the sign-in could not survive the app being ended: it does not start.
            throw WebSignInError.storageFailed(detail: "\(error)")
        }
        return try await present(pending, saved: saved, route: route,
                                 ephemeral: prefersEphemeralWebBrowserSession, anchor: presentationAnchor)
    }

    /// Opens the saved sign-in's consent page again (same state and options) and returns the
    /// grant: after a `StrayCallback`, or when a relaunched app finds `hasPendingSignIn`.
    public func resume(prefersEphemeralWebBrowserSession: Bool = false,
                       presentationAnchor: ASPresentationAnchor? = nil) async throws -> CodeGrant {
        guard open == nil else { throw WebSignInError.alreadyInProgress }
        guard let saved = store.load() else { throw WebSignInError.noPendingSignIn }
        let pending = try restore(saved)
        let route = try route(for: pending)
        return try await present(pending, saved: saved, route: route,
                                 ephemeral: prefersEphemeralWebBrowserSession, anchor: presentationAnchor)
    }

    /// A redirect that reached the app another way (`onOpenURL`, a Universal Link).
    /// - Returns: the grant when no sheet is open (the app was relaunched); nil when the open
    ///   sheet's sign-in took it: that `signIn`/`resume` call returns the outcome.
    /// - Throws: `InstagramAuthError.StrayCallback` when the link is not the saved sign-in's
    ///   answer (nothing ends); `WebSignInError.noPendingSignIn`; other `InstagramAuthError`s.
    @discardableResult
    public func complete(callbackURL: URL) throws -> CodeGrant? {
        guard let saved = store.load() else { throw WebSignInError.noPendingSignIn }
        if let current = open, current.saved == saved {
            // A stray link leaves the open sheet alone; any other outcome (a grant, a
            // denial) is this sign-in's answer, which the open call reports.
            let outcome: Result<CodeGrant, Error>
            do {
                outcome = .success(try finish(callbackURL.absoluteString, saved: saved))
            } catch let error as InstagramAuthError {
                if case .StrayCallback = error { throw error }
                outcome = .failure(error)
            } catch {
                outcome = .failure(error)
            }
            open = (saved, outcome)
            browser.cancel()
            return nil
        }
        return try finish(callbackURL.absoluteString, saved: saved)
    }

    /// Ends the saved sign-in and closes its sheet, if open (its call throws `.cancelled`).
    public func cancel() {
        store.clear()
        browser.cancel()
    }

    private func route(for pending: PendingAuthorization) throws -> CallbackRoute {
        try CallbackRoute(redirectUri: pending.redirectUri(), fallbackScheme: fallbackCallbackScheme,
                          supportsHTTPSCallback: browser.supportsHTTPSCallback)
    }

    private func present(_ pending: PendingAuthorization, saved: String, route: CallbackRoute,
                         ephemeral: Bool, anchor: ASPresentationAnchor?) async throws -> CodeGrant {
        guard let url = URL(string: pending.authorizationUrl()) else {
            store.clear()
            throw WebSignInError.browserFailed(detail: "the consent page's URL is not valid")
        }
        open = (saved, nil)
        defer { open = nil }
        let redirect: String
        do {
            let request = WebAuthenticationRequest(url: url, callback: route.callback,
                                                   prefersEphemeralWebBrowserSession: ephemeral)
            redirect = route.redirect(from: try await browser.authenticate(request, presentationAnchor: anchor))
        } catch {
            if let delivered = open?.delivered { return try delivered.get() }
            // The sheet closed without an answer: the sign-in ends, unless it already ended
            // meanwhile (`cancel()`) or another one replaced it.
            if store.load() == saved { store.clear() }
            throw error
        }
        return try finish(redirect, saved: saved)
    }

    /// Checks `redirect` against the saved sign-in; anything but a stray link ends it.
    private func finish(_ redirect: String, saved: String) throws -> CodeGrant {
        do {
            let grant = try auth.handleCallback(pending: try restore(saved), callbackUrl: redirect)
            store.clear()
            return grant
        } catch let error as InstagramAuthError {
            if case .StrayCallback = error { throw error }
            store.clear()
            throw error
        }
    }

    private func restore(_ saved: String) throws -> PendingAuthorization {
        do {
            return try auth.restoreAuthorization(saved: saved)
        } catch {
            store.clear()
            throw error
        }
    }
}
