import Foundation
import InstagramAuthKit
import Observation

/// Where the sign-in in flight is kept while the browser is open.
protocol PendingStore: AnyObject {
    func save(_ saved: String)
    func load() -> String?
    func clear()
}

/// The Parse side (the Parse iOS SDK in the app). `Sendable`: the flow lives on the main
/// actor and these async calls run off it.
protocol ParseSession: Sendable {
    /// Logs in with authData and returns the Parse user's objectId; throws
    /// `ParseLoginError` when Parse refuses.
    func logIn(provider: String, authData: [String: String]) async throws -> String
    func logOut() async
}

/// Parse refused the login (e.g. error 101, "Instagram auth is invalid for this user.").
struct ParseLoginError: Error, Equatable {
    let message: String
}

/// How the redirect comes back: a Universal Link (Instagram) or a custom scheme (sandbox).
enum CallbackRoute: Equatable, Sendable {
    case https(host: String, path: String)
    case customScheme(String)
}

/// Shows Instagram's consent page and returns the URL it redirected to.
@MainActor
protocol WebAuthenticator {
    func authenticate(url: URL, callback: CallbackRoute) async throws -> URL
}

/// The user closed the browser sheet.
struct WebAuthenticationCancelled: Error {}

enum SignInState: Equatable, Sendable {
    case signedOut
    /// The consent page is open; the sign-in waits for its callback.
    case waitingForBrowser
    case working
    /// A link that is not this sign-in's answer opened the app; the sign-in is still open:
    /// offer to continue (`resume()`) or cancel.
    case stillOpen(message: String)
    case signedIn(parseUserId: String, username: String?, profilePictureURL: URL?)
    case failed(String)
}

/// The whole "Sign in with Instagram" flow, without UIKit or SwiftUI, so it builds and is
/// tested on Linux too (scripts/test-swift.sh). The pending sign-in is saved before the
/// browser opens, so a Universal Link that relaunches a killed app still completes through
/// `complete(callbackURL:)`.
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

    /// True when a sign-in was started and has not ended (e.g. the app was relaunched).
    var hasPendingSignIn: Bool { store.load() != nil }

    /// Saves a new pending sign-in, opens the browser, and finishes with its redirect.
    func signIn() async {
        let saved: String
        let url: URL
        do {
            let pending = try auth.startAuthorization(scopes: ["instagram_business_basic"])
            guard let consent = URL(string: pending.authorizationUrl()) else {
                state = .failed("The sign-in could not start.")
                return
            }
            saved = pending.toSavedString()
            url = consent
        } catch {
            state = .failed(Self.friendlyMessage(error))
            return
        }
        store.save(saved)
        await openBrowser(url, for: saved)
    }

    /// After `.stillOpen`: opens the same consent page again and waits for its answer.
    func resume() async {
        guard case .stillOpen = state, let saved = store.load() else { return }
        let url: URL
        do {
            guard let consent = URL(string: try auth.restoreAuthorization(saved: saved).authorizationUrl()) else { return }
            url = consent
        } catch {
            store.clear()
            state = .failed(Self.friendlyMessage(error))
            return
        }
        await openBrowser(url, for: saved)
    }

    private func openBrowser(_ url: URL, for saved: String) async {
        state = .waitingForBrowser
        let redirect: URL
        do {
            redirect = try await browser.authenticate(url: url, callback: callback)
        } catch {
            // The sheet closed without a redirect. If a Universal Link reached
            // `complete(callbackURL:)` meanwhile, it took this sign-in (the store no longer
            // holds it) and its outcome stands; otherwise the sign-in ends here.
            guard store.load() == saved else { return }
            store.clear()
            state = error is WebAuthenticationCancelled ? .signedOut : .failed("The sign-in could not start.")
            return
        }
        await complete(callbackURL: redirect.absoluteString)
    }

    /// Finishes the sign-in with the URL Instagram redirected to (from the browser sheet,
    /// or from `onOpenURL` after a relaunch).
    func complete(callbackURL: String) async {
        guard let saved = store.load() else {
            state = .failed("No sign-in is in progress. Please start again.")
            return
        }
        state = .working
        do {
            let grant = try auth.handleCallback(pending: try auth.restoreAuthorization(saved: saved), callbackUrl: callbackURL)
            store.clear()
            let token = try await auth.exchangeCodeViaBackend(grant: grant, backend: backend)
            let authData = token.authData()
            let parseUserId = try await parse.logIn(provider: authData.provider(), authData: authData.toMap())
            let profile = try await auth.fetchProfile(accessToken: token.accessToken())
            state = .signedIn(parseUserId: parseUserId, username: profile.username,
                              profilePictureURL: profile.profilePictureUrl.flatMap(URL.init(string:)))
        } catch let error as InstagramAuthError where error.isStrayCallback {
            // Any page can open the app's redirect link: that ends nothing. The sign-in
            // stays saved and open for its real callback, nothing of the link is shown,
            // and the user can go back to Instagram or cancel.
            state = .stillOpen(message: Self.friendlyMessage(error))
        } catch let error as InstagramAuthError {
            store.clear()
            state = error.isAccessDenied ? .signedOut : .failed(Self.friendlyMessage(error))
        } catch let error as ParseLoginError {
            state = .failed("Parse could not log you in: \(error.message)")
        } catch {
            state = .failed("Parse could not log you in: \(error.localizedDescription)")
        }
    }

    func signOut() async {
        await parse.logOut()
        state = .signedOut
    }

    /// The user closed the browser without finishing, or gave up after a stray link.
    func cancel() {
        store.clear()
        state = .signedOut
    }

    /// What to tell the user, by what they can do about it.
    nonisolated static func friendlyMessage(_ error: Error) -> String {
        guard let error = error as? InstagramAuthError else { return "The sign-in could not start." }
        switch error {
        case .AccessDenied:
            return "Sign-in was cancelled."
        case .Network, .Timeout:
            return "Instagram can't be reached. Check your connection and try again."
        case .StrayCallback:
            return "That link isn't the answer to your sign-in, which is still open."
        case .MissingCode:
            return "Instagram's answer was incomplete. Please start again."
        case .Expired, .AlreadyUsed, .InvalidSavedAuthorization:
            return "The sign-in took too long. Please start again."
        case .ProviderRejected:
            return "Instagram didn't accept the sign-in. Please try again."
        case .BackendRejected:
            return "The sign-in service refused the sign-in. Please try again later."
        case .InvalidReply:
            return "Instagram answered unexpectedly. Please try again later."
        case .Configuration:
            return "The app is misconfigured: \(error)"
        }
    }
}

private extension InstagramAuthError {
    var isAccessDenied: Bool {
        if case .AccessDenied = self { return true }
        return false
    }

    /// The only error after which the saved sign-in is kept.
    var isStrayCallback: Bool {
        if case .StrayCallback = self { return true }
        return false
    }
}
