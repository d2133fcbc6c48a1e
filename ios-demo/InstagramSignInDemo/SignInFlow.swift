import Foundation
import InstagramAuthKit
import Observation

/// Where the sign-in in flight is kept while the browser is open.
protocol PendingStore: AnyObject {
    func save(_ saved: String)
    func load() -> String?
    func clear()
}

/// The Parse side (the Parse iOS SDK in the app).
protocol ParseSession {
    /// Logs in with authData and returns the Parse user's objectId.
    func logIn(provider: String, authData: [String: String]) async throws -> String
    func logOut() async
}

/// How the redirect comes back: a Universal Link (Instagram) or a custom scheme (sandbox).
enum CallbackRoute: Equatable {
    case https(host: String, path: String)
    case customScheme(String)
}

/// Shows Instagram's consent page and returns the URL it redirected to.
protocol WebAuthenticator {
    @MainActor func authenticate(url: URL, callback: CallbackRoute) async throws -> URL
}

/// The user closed the browser sheet.
struct WebAuthenticationCancelled: Error {}

enum SignInState: Equatable {
    case signedOut
    case working
    case signedIn(parseUserId: String, username: String?, profilePictureURL: URL?)
    case failed(String)
}

/// The whole "Sign in with Instagram" flow, without UIKit or SwiftUI so that it reads (and
/// tests) on its own. The pending sign-in is saved before the browser opens, so a Universal
/// Link that relaunches a killed app still completes through `complete(callbackURL:)`.
@MainActor
@Observable
final class SignInFlow {
    private(set) var state: SignInState = .signedOut

    private let auth: InstagramAuth
    private let backend: BackendExchange
    private let callback: CallbackRoute
    private let store: PendingStore
    private let parse: ParseSession
    private let browser: WebAuthenticator

    init(auth: InstagramAuth, backend: BackendExchange, callback: CallbackRoute,
         store: PendingStore, parse: ParseSession, browser: WebAuthenticator) {
        self.auth = auth
        self.backend = backend
        self.callback = callback
        self.store = store
        self.parse = parse
        self.browser = browser
    }

    func signIn() async {
        do {
            let pending = try auth.startAuthorization(scopes: ["instagram_business_basic"])
            store.save(pending.toSavedString())
            state = .working
            guard let url = URL(string: pending.authorizationUrl()) else { throw WebAuthenticationCancelled() }
            let redirect = try await browser.authenticate(url: url, callback: callback)
            await complete(callbackURL: redirect.absoluteString)
        } catch is WebAuthenticationCancelled {
            store.clear()
            state = .signedOut
        } catch let error as InstagramAuthError {
            state = .failed(Self.friendlyMessage(error))
        } catch {
            state = .failed("The sign-in could not start: \(error.localizedDescription)")
        }
    }

    /// Finishes the sign-in with the URL Instagram redirected to.
    func complete(callbackURL: String) async {
        guard let saved = store.load() else {
            state = .failed("No sign-in is in progress. Please start again.")
            return
        }
        state = .working
        do {
            let code = try auth.handleCallback(pending: try auth.restoreAuthorization(saved: saved), callbackUrl: callbackURL)
            store.clear()
            let token = try await auth.exchangeViaBackend(code: code, backend: backend)
            let authData = token.authData()
            let parseUserId = try await parse.logIn(provider: authData.provider(), authData: authData.toMap())
            let profile = try await auth.fetchProfile(accessToken: token.accessToken())
            state = .signedIn(parseUserId: parseUserId, username: profile.username,
                              profilePictureURL: profile.profilePictureUrl.flatMap(URL.init(string:)))
        } catch let error as InstagramAuthError {
            switch error {
            case .StateMismatch, .InvalidCallback:
                break // a foreign link: the real sign-in stays open
            default:
                store.clear()
            }
            if case .AccessDenied = error {
                state = .signedOut
            } else {
                state = .failed(Self.friendlyMessage(error))
            }
        } catch {
            state = .failed("Parse could not log you in: \(error.localizedDescription)")
        }
    }

    func signOut() async {
        await parse.logOut()
        state = .signedOut
    }

    /// What to tell the user, by what they can do about it.
    nonisolated static func friendlyMessage(_ error: InstagramAuthError) -> String {
        switch error {
        case .AccessDenied:
            return "Sign-in was cancelled."
        case .Network, .Timeout:
            return "Instagram can't be reached. Check your connection and try again."
        case .StateMismatch, .InvalidCallback:
            return "That sign-in link doesn't belong to this sign-in. Please start again."
        case .Expired, .AlreadyUsed, .InvalidSavedAuthorization:
            return "The sign-in took too long. Please start again."
        case .ProviderRejected:
            return "Instagram didn't accept the sign-in. Please try again."
        case .InvalidReply:
            return "Instagram answered unexpectedly. Please try again later."
        case .Configuration:
            return "The app is misconfigured: \(error)"
        }
    }
}

/// UserDefaults outlive the process; the saved string holds only the sign-in's state.
final class UserDefaultsPendingStore: PendingStore {
    private let key = "instagramPendingAuthorization"
    private let defaults: UserDefaults

    init(defaults: UserDefaults = .standard) {
        self.defaults = defaults
    }

    func save(_ saved: String) { defaults.set(saved, forKey: key) }
    func load() -> String? { defaults.string(forKey: key) }
    func clear() { defaults.removeObject(forKey: key) }
}
