import Foundation
import ParseCore

/// The Parse iOS SDK behind the flow's `ParseSession`. Stateless, hence `Sendable`.
struct ParseSDKSession: ParseSession {
    func logIn(provider: String, authData: [String: String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            PFUser.logInWithAuthType(inBackground: provider, authData: authData).continueWith { task -> Any? in
                if let objectId = task.result?.objectId {
                    continuation.resume(returning: objectId)
                } else {
                    let message = task.error?.localizedDescription ?? "Parse returned no user."
                    continuation.resume(throwing: ParseLoginError(message: message))
                }
                return nil
            }
        }
    }

    func logOut() async {
        await withCheckedContinuation { continuation in
            PFUser.logOutInBackground { _ in continuation.resume() }
        }
    }
}
