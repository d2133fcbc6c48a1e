import AuthenticationServices
import UIKit

/// ASWebAuthenticationSession: the system browser sheet, sharing Safari's Instagram login.
final class SystemWebAuthenticator: NSObject, WebAuthenticator, ASWebAuthenticationPresentationContextProviding {
    @MainActor
    func authenticate(url: URL, callback: CallbackRoute) async throws -> URL {
        try await withCheckedThrowingContinuation { continuation in
            let completion: ASWebAuthenticationSession.CompletionHandler = { callbackURL, error in
                if let callbackURL {
                    continuation.resume(returning: callbackURL)
                } else if let error = error as? ASWebAuthenticationSessionError, error.code == .canceledLogin {
                    continuation.resume(throwing: WebAuthenticationCancelled())
                } else {
                    continuation.resume(throwing: error ?? WebAuthenticationCancelled())
                }
            }
            let session = Self.session(url: url, callback: callback, completion: completion)
            session.presentationContextProvider = self
            if !session.start() {
                continuation.resume(throwing: WebAuthenticationCancelled())
            }
        }
    }

    private static func session(url: URL, callback: CallbackRoute,
                                completion: @escaping ASWebAuthenticationSession.CompletionHandler) -> ASWebAuthenticationSession {
        if #available(iOS 17.4, *) {
            switch callback {
            case let .https(host, path):
                return ASWebAuthenticationSession(url: url, callback: .https(host: host, path: path), completionHandler: completion)
            case let .customScheme(scheme):
                return ASWebAuthenticationSession(url: url, callback: .customScheme(scheme), completionHandler: completion)
            }
        }
        // Before 17.4 only a scheme can be matched; an https redirect then arrives as a
        // Universal Link through onOpenURL.
        switch callback {
        case .https:
            return ASWebAuthenticationSession(url: url, callbackURLScheme: nil, completionHandler: completion)
        case let .customScheme(scheme):
            return ASWebAuthenticationSession(url: url, callbackURLScheme: scheme, completionHandler: completion)
        }
    }

    @MainActor
    func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        UIApplication.shared.connectedScenes
            .compactMap { $0 as? UIWindowScene }
            .flatMap(\.windows)
            .first(where: \.isKeyWindow) ?? ASPresentationAnchor()
    }
}
