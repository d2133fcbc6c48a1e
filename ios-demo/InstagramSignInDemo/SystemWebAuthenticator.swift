import AuthenticationServices
import UIKit

/// ASWebAuthenticationSession: the system browser sheet, sharing Safari's Instagram login.
///
/// Needs iOS 17.4 (the app's deployment target): before it, an https callback never
/// completes the session (Apple DTS); the redirect then arrives only as a Universal Link
/// through `onOpenURL`, while closing the sheet reports a cancel. From 17.4,
/// `.https(host:path:)` completes the session with the redirect.
@MainActor
final class SystemWebAuthenticator: NSObject, WebAuthenticator, ASWebAuthenticationPresentationContextProviding {
    /// The session in progress, kept alive for its whole run (as AppAuth does): nothing
    /// else holds it once `start()` returns.
    private var session: ASWebAuthenticationSession?

    func authenticate(url: URL, callback: CallbackRoute) async throws -> URL {
        defer { session = nil }
        return try await withCheckedThrowingContinuation { continuation in
            let session = ASWebAuthenticationSession(url: url, callback: Self.match(callback)) { callbackURL, error in
                if let callbackURL {
                    continuation.resume(returning: callbackURL)
                } else if let error = error as? ASWebAuthenticationSessionError, error.code == .canceledLogin {
                    continuation.resume(throwing: WebAuthenticationCancelled())
                } else {
                    continuation.resume(throwing: error ?? WebAuthenticationCancelled())
                }
            }
            session.presentationContextProvider = self
            self.session = session
            if !session.start() {
                continuation.resume(throwing: WebAuthenticationCancelled())
            }
        }
    }

    private static func match(_ callback: CallbackRoute) -> ASWebAuthenticationSession.Callback {
        switch callback {
        case let .https(host, path):
            return .https(host: host, path: path)
        case let .customScheme(scheme):
            return .customScheme(scheme)
        }
    }

    nonisolated func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        MainActor.assumeIsolated {
            UIApplication.shared.connectedScenes
                .compactMap { $0 as? UIWindowScene }
                .flatMap(\.windows)
                .first(where: \.isKeyWindow) ?? ASPresentationAnchor()
        }
    }
}
