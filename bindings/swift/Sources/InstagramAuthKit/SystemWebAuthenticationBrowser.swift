import AuthenticationServices
import Foundation

/// The system browser sheet, `ASWebAuthenticationSession`, as `InstagramWebSignIn` uses it by
/// default. It shares Safari's cookies unless the request prefers an ephemeral session.
///
/// One session at a time, held strongly while it runs (nothing else keeps it alive once
/// `start()` returns). It is always its own presentation context provider and anchors the
/// sheet on the window passed, else on the key window. Apple's error codes are told apart:
/// `canceledLogin` (1) is `WebSignInError.cancelled`, `presentationContextNotProvided` (2)
/// and `presentationContextInvalid` (3) are errors of their own.
@MainActor
public final class SystemWebAuthenticationBrowser: NSObject, WebAuthenticationBrowser,
    ASWebAuthenticationPresentationContextProviding {
    private var session: ASWebAuthenticationSession?
    private var outcome: SessionOutcome?
    private var anchor: ASPresentationAnchor?

    /// Nonisolated, so it can be a default argument; the browser is used on the main actor.
    public nonisolated override init() {
        super.init()
    }

    /// True from iOS 17.4 and macOS 14.4, which have `ASWebAuthenticationSession.Callback.https`.
    public var supportsHTTPSCallback: Bool {
        if #available(iOS 17.4, macOS 14.4, *) { return true }
        return false
    }

    /// Starts an `ASWebAuthenticationSession` for `request` and returns its callback URL.
    /// - Throws: `WebSignInError`, one case per way the session can end without a URL.
    public func authenticate(_ request: WebAuthenticationRequest,
                             presentationAnchor: ASPresentationAnchor?) async throws -> URL {
        guard session == nil else { throw WebSignInError.alreadyInProgress }
        let outcome = SessionOutcome()
        // Only the Sendable outcome is captured: Apple does not say on which thread the
        // handler runs.
        guard let session = makeSession(request, { @Sendable url, error in outcome.finish(url, error) }) else {
            throw WebSignInError.unsupportedRedirect(detail: "https callbacks need iOS 17.4 or macOS 14.4")
        }
        session.prefersEphemeralWebBrowserSession = request.prefersEphemeralWebBrowserSession
        session.presentationContextProvider = self
        self.session = session
        self.outcome = outcome
        self.anchor = presentationAnchor
        defer {
            self.session = nil
            self.outcome = nil
            self.anchor = nil
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.attach(continuation)
                if !session.start() {
                    outcome.fail(.couldNotStart)
                }
            }
        } onCancel: {
            Task { @MainActor in self.cancel() }
        }
    }

    /// Closes the open sheet; its `authenticate` throws `WebSignInError.cancelled`.
    public func cancel() {
        session?.cancel()
        // Apple's cancel() dismisses the sheet; the handler is not documented to run then.
        outcome?.fail(.cancelled)
    }

    /// The session for `request`; nil for an https callback where the system has none.
    private func makeSession(_ request: WebAuthenticationRequest,
                             _ handler: @escaping ASWebAuthenticationSession.CompletionHandler) -> ASWebAuthenticationSession? {
        switch request.callback {
        case let .https(host, path):
            guard #available(iOS 17.4, macOS 14.4, *) else { return nil }
            return ASWebAuthenticationSession(url: request.url, callback: .https(host: host, path: path),
                                              completionHandler: handler)
        case let .customScheme(scheme):
            if #available(iOS 17.4, macOS 14.4, *) {
                return ASWebAuthenticationSession(url: request.url, callback: .customScheme(scheme),
                                                  completionHandler: handler)
            }
            return ASWebAuthenticationSession(url: request.url, callbackURLScheme: scheme, completionHandler: handler)
        }
    }

    // Nonisolated with an isolation assumption, so it satisfies the requirement whether the
    // SDK declares the protocol @MainActor (as Apple documents it today) or not; Apple asks
    // for the anchor on the main thread.
    public nonisolated func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        MainActor.assumeIsolated {
            anchor ?? KeyWindow.current() ?? ASPresentationAnchor()
        }
    }
}

/// One session's end: resumes its caller exactly once, with the redirect or the reason
/// (the first of the handler, `cancel()` and a refused `start()` wins).
private final class SessionOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<URL, Error>?
    private var result: Result<URL, Error>?

    func attach(_ continuation: CheckedContinuation<URL, Error>) {
        lock.lock()
        let early = result
        if early == nil { self.continuation = continuation }
        lock.unlock()
        if let early { continuation.resume(with: early) }
    }

    func finish(_ url: URL?, _ error: (any Error)?) {
        if let url {
            resume(.success(url))
        } else {
            resume(.failure(WebSignInError(sessionError: error)))
        }
    }

    func fail(_ error: WebSignInError) {
        resume(.failure(error))
    }

    private func resume(_ outcome: Result<URL, Error>) {
        lock.lock()
        guard result == nil else {
            lock.unlock()
            return
        }
        result = outcome
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(with: outcome)
    }
}

extension WebSignInError {
    /// Apple's codes, each to its own case (not all to "cancelled", AppAuth-iOS#773).
    init(sessionError error: (any Error)?) {
        // Compared, not switched: the SDK's code enum is open, the Linux stub's is not.
        let code = (error as? ASWebAuthenticationSessionError)?.code
        if code == .canceledLogin {
            self = .cancelled
        } else if code == .presentationContextNotProvided {
            self = .presentationContextNotProvided
        } else if code == .presentationContextInvalid {
            self = .presentationContextInvalid
        } else if let error {
            self = .browserFailed(detail: "\(type(of: error)) \((error as NSError).code)")
        } else {
            self = .browserFailed(detail: "the session ended with neither a redirect nor an error")
        }
    }
}
