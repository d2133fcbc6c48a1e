import AuthenticationServices
import Foundation

/// How the browser sheet recognises Instagram's redirect and hands it back to the app.
/// `InstagramWebSignIn` derives it from the configured redirect URI: it is never typed twice.
public enum WebAuthenticationCallback: Equatable, Sendable {
    /// An https redirect URI (a Universal Link): `ASWebAuthenticationSession.Callback.https(host:path:)`,
    /// iOS 17.4+ / macOS 14.4+. The host must be an associated domain of the app, with both
    /// `applinks:` and `webcredentials:` entries.
    case https(host: String, path: String)
    /// A custom scheme (`myapp`), which needs no Info.plist entry: only this app's session
    /// receives it. Instagram accepts only https redirect URIs, so a custom scheme is reached
    /// through an https page that bounces to it (iOS before 17.4), or is the sandbox's.
    case customScheme(String)
}

/// What one run of the browser sheet is asked to do.
public struct WebAuthenticationRequest: Equatable, Sendable {
    /// Instagram's consent page.
    public let url: URL
    /// Which redirect ends the sheet.
    public let callback: WebAuthenticationCallback
    /// `ASWebAuthenticationSession.prefersEphemeralWebBrowserSession`: no cookies shared with
    /// Safari, so no "wants to use instagram.com to sign in" alert, and the user types their
    /// Instagram login again (with `SignInOptions(forceReauth: true)`: switching accounts).
    public let prefersEphemeralWebBrowserSession: Bool

    /// A request for `url`, ended by `callback`.
    public init(url: URL, callback: WebAuthenticationCallback, prefersEphemeralWebBrowserSession: Bool = false) {
        self.url = url
        self.callback = callback
        self.prefersEphemeralWebBrowserSession = prefersEphemeralWebBrowserSession
    }
}

/// Shows Instagram's consent page in a browser sheet and returns the redirect that ended it.
/// `SystemWebAuthenticationBrowser` (`ASWebAuthenticationSession`) is the one apps use; tests
/// pass their own.
@MainActor
public protocol WebAuthenticationBrowser: AnyObject {
    /// Whether `WebAuthenticationCallback.https` can end a sheet here (iOS 17.4+, macOS 14.4+).
    var supportsHTTPSCallback: Bool { get }

    /// Opens the sheet and returns the URL that matched `request.callback`.
    /// - Parameter presentationAnchor: the window to present from; nil: the key window.
    /// - Throws: `WebSignInError`: `.cancelled` when the user closed the sheet.
    func authenticate(_ request: WebAuthenticationRequest, presentationAnchor: ASPresentationAnchor?) async throws -> URL

    /// Closes the open sheet, if any; its `authenticate` then throws `WebSignInError.cancelled`.
    func cancel()
}

/// Turns the configured redirect URI into what the sheet waits for, and a URL the sheet
/// returns back into the redirect URI's form for the core to check.
struct CallbackRoute: Equatable {
    let callback: WebAuthenticationCallback
    /// Set when an https redirect URI is reached through a page that bounces to this custom
    /// scheme (iOS before 17.4): the page keeps host, path and query and swaps the scheme.
    let bouncedFromHTTPS: Bool

    /// - Parameters:
    ///   - redirectUri: the redirect URI of the sign-in (as `PendingAuthorization.redirectUri()`).
    ///   - fallbackScheme: the scheme the redirect page bounces to where https callbacks are unavailable.
    ///   - supportsHTTPSCallback: whether the browser can end on an https redirect.
    init(redirectUri: String, fallbackScheme: String?, supportsHTTPSCallback: Bool) throws {
        guard let components = URLComponents(string: redirectUri), let scheme = components.scheme?.lowercased() else {
            throw WebSignInError.unsupportedRedirect(detail: "the redirect URI is not a URL")
        }
        switch scheme {
        case "https":
            guard let host = components.host, !host.isEmpty else {
                throw WebSignInError.unsupportedRedirect(detail: "the https redirect URI has no host")
            }
            if supportsHTTPSCallback {
                callback = .https(host: host, path: components.path.isEmpty ? "/" : components.path)
                bouncedFromHTTPS = false
            } else if let fallbackScheme {
                callback = .customScheme(fallbackScheme)
                bouncedFromHTTPS = true
            } else {
                throw WebSignInError.unsupportedRedirect(detail: """
                    before iOS 17.4 a browser sheet cannot end on an https redirect: serve the \
                    redirect page that bounces to a custom scheme and pass that scheme as \
                    fallbackCallbackScheme (docs/ios.md)
                    """)
            }
        case "http":
            throw WebSignInError.unsupportedRedirect(detail: "a browser sheet cannot end on an http redirect; use https")
        default:
            callback = .customScheme(scheme)
            bouncedFromHTTPS = false
        }
    }

    /// The URL the sheet returned, in the redirect URI's form: a bounced one gets its https
    /// scheme back; the core then checks host, path and state as for any callback.
    func redirect(from url: URL) -> String {
        guard bouncedFromHTTPS, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.scheme = "https"
        return components.string ?? url.absoluteString
    }
}
