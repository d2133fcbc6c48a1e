// Linux stand-in for Apple's AuthenticationServices (see ../README.md): the declarations
// SystemWebAuthenticationBrowser uses, as Apple documents them. Each names its page under
// https://developer.apple.com/documentation/authenticationservices/.
import Foundation

/// `aspresentationanchor`: `typealias ASPresentationAnchor = UIWindow` on iOS (`NSWindow`
/// on macOS), a main-actor class.
public typealias ASPresentationAnchor = StubWindow

/// Stands in for `UIWindow` / `NSWindow` (main-actor classes).
@MainActor
open class StubWindow: NSObject {
    public override init() {}
}

/// `aswebauthenticationsessionerrordomain`: `let ASWebAuthenticationSessionErrorDomain: String`.
public let ASWebAuthenticationSessionErrorDomain = "com.apple.AuthenticationServices.WebAuthenticationSession"

/// `aswebauthenticationsessionerror`: `struct ASWebAuthenticationSessionError` (an
/// `NS_ERROR_ENUM`, bridged from the `NSError` the completion handler receives).
public struct ASWebAuthenticationSessionError: CustomNSError, Hashable, Sendable {
    /// `aswebauthenticationsessionerror/code`: `enum Code: Int`.
    public enum Code: Int, Sendable {
        /// `code/canceledlogin`: "The login has been canceled."
        case canceledLogin = 1
        /// `code/presentationcontextnotprovided`: "A context wasn't provided."
        case presentationContextNotProvided = 2
        /// `code/presentationcontextinvalid`: "The context was invalid."
        case presentationContextInvalid = 3
    }

    /// The error's code (as on every bridged `NS_ERROR_ENUM` struct).
    public let code: Code

    /// `init(_:userInfo:)`, as on every bridged `NS_ERROR_ENUM` struct.
    public init(_ code: Code, userInfo: [String: Any] = [:]) {
        self.code = code
    }

    /// `aswebauthenticationsessionerror/canceledlogin`
    public static var canceledLogin: Code { .canceledLogin }
    /// `aswebauthenticationsessionerror/presentationcontextnotprovided`
    public static var presentationContextNotProvided: Code { .presentationContextNotProvided }
    /// `aswebauthenticationsessionerror/presentationcontextinvalid`
    public static var presentationContextInvalid: Code { .presentationContextInvalid }

    public static var errorDomain: String { ASWebAuthenticationSessionErrorDomain }
    public var errorCode: Int { code.rawValue }
}

/// `aswebauthenticationpresentationcontextproviding`:
/// `@MainActor protocol ASWebAuthenticationPresentationContextProviding : NSObjectProtocol`.
@MainActor
public protocol ASWebAuthenticationPresentationContextProviding: NSObjectProtocol {
    /// `presentationanchor(for:)`
    func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor
}

/// `aswebauthenticationsession`: `class ASWebAuthenticationSession` (an `NSObject`).
open class ASWebAuthenticationSession: NSObject {
    /// `aswebauthenticationsession/completionhandler`:
    /// `typealias CompletionHandler = (URL?, (any Error)?) -> Void`.
    public typealias CompletionHandler = (URL?, (any Error)?) -> Void

    /// `aswebauthenticationsession/callback`: `class Callback` (iOS 17.4+, macOS 14.4+).
    @available(iOS 17.4, macOS 14.4, *)
    public final class Callback: NSObject {
        /// What the stub matches; Apple's class keeps this private.
        public enum Kind: Equatable, Sendable {
            case customScheme(String)
            case https(host: String, path: String)
        }

        public let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// `callback/customscheme(_:)`: `class func customScheme(_ customScheme: String) -> Self`.
        public static func customScheme(_ customScheme: String) -> Callback {
            Callback(.customScheme(customScheme))
        }

        /// `callback/https(host:path:)`: `class func https(host: String, path: String) -> Self`.
        public static func https(host: String, path: String) -> Callback {
            Callback(.https(host: host, path: path))
        }

        /// `callback/matchesurl(_:)`: `func matchesURL(_ url: URL) -> Bool`.
        public func matchesURL(_ url: URL) -> Bool {
            let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            switch kind {
            case let .customScheme(scheme):
                return components?.scheme?.lowercased() == scheme.lowercased()
            case let .https(host, path):
                return components?.scheme == "https" && components?.host == host && components?.path == path
            }
        }
    }

    /// `init(url:callbackurlscheme:completionhandler:)`:
    /// `init(url URL: URL, callbackURLScheme: String?, completionHandler: @escaping CompletionHandler)`.
    public init(url URL: URL, callbackURLScheme: String?, completionHandler: @escaping CompletionHandler) {
        self.url = URL
        self.stubCallbackURLScheme = callbackURLScheme
        self.completionHandler = completionHandler
    }

    /// `init(url:callback:completionhandler:)`:
    /// `init(url URL: URL, callback: ASWebAuthenticationSession.Callback, completionHandler: @escaping CompletionHandler)`.
    @available(iOS 17.4, macOS 14.4, *)
    public init(url URL: URL, callback: Callback, completionHandler: @escaping CompletionHandler) {
        self.url = URL
        self.stubCallback = callback.kind
        self.completionHandler = completionHandler
    }

    /// `presentationcontextprovider`:
    /// `weak var presentationContextProvider: (any ASWebAuthenticationPresentationContextProviding)? { get set }`.
    public weak var presentationContextProvider: (any ASWebAuthenticationPresentationContextProviding)?

    /// `prefersephemeralwebbrowsersession`: `var prefersEphemeralWebBrowserSession: Bool { get set }`,
    /// false by default; set before `start()`.
    public var prefersEphemeralWebBrowserSession = false

    /// `start()`: `func start() -> Bool`. Apple asks the provider for its anchor on the
    /// main thread; without a provider the session fails with `presentationContextNotProvided`.
    @MainActor
    public func start() -> Bool {
        guard !stubStarted else { return false }
        guard let provider = presentationContextProvider else {
            finish(nil, ASWebAuthenticationSessionError(.presentationContextNotProvided))
            return false
        }
        stubStarted = true
        stubAnchor = provider.presentationAnchor(for: self)
        stubEphemeralAtStart = prefersEphemeralWebBrowserSession
        Self.stubStartedSessions.append(self)
        return true
    }

    /// `cancel()`: `func cancel()`. Closes the sheet; the completion handler gets `canceledLogin`.
    public func cancel() {
        stubCancelCalls += 1
        finish(nil, ASWebAuthenticationSessionError(.canceledLogin))
    }

    private let url: URL
    private var completionHandler: CompletionHandler?

    /// Calls the completion handler once, from a background queue (Apple does not document
    /// the thread, so the code under test must not assume the main one).
    private func finish(_ url: URL?, _ error: (any Error)?) {
        guard let handler = completionHandler else { return }
        completionHandler = nil
        let done = DispatchSemaphore(value: 0)
        let call = UncheckedBox(value: handler)
        let arguments = UncheckedBox(value: (url, error))
        DispatchQueue.global().async {
            call.value(arguments.value.0, arguments.value.1)
            done.signal()
        }
        done.wait()
    }

    // MARK: - Not Apple API: driven and read by the tests

    /// Sessions started since the last `stubReset()`, oldest first.
    @MainActor public static var stubStartedSessions: [ASWebAuthenticationSession] = []
    /// Forgets the sessions started so far.
    @MainActor public static func stubReset() { stubStartedSessions = [] }

    /// The consent page the session opens.
    public var stubURL: URL { url }
    /// The scheme given to `init(url:callbackURLScheme:completionHandler:)`.
    public private(set) var stubCallbackURLScheme: String?
    /// The callback given to `init(url:callback:completionHandler:)`.
    public private(set) var stubCallback: Callback.Kind?
    /// The anchor the provider returned at `start()`.
    @MainActor public private(set) var stubAnchor: ASPresentationAnchor?
    /// `prefersEphemeralWebBrowserSession` as it was at `start()`.
    public private(set) var stubEphemeralAtStart: Bool?
    public private(set) var stubStarted = false
    public private(set) var stubCancelCalls = 0

    /// The browser reached a URL the callback matches: the session ends with it.
    public func stubRedirect(to url: URL) { finish(url, nil) }
    /// The session ends with an error (the user closed the sheet: `.canceledLogin`).
    public func stubFail(_ code: ASWebAuthenticationSessionError.Code) {
        finish(nil, ASWebAuthenticationSessionError(code))
    }
}

/// Moves a value the stub itself hands over across a queue hop.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
}
