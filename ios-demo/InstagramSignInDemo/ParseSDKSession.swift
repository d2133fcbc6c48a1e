import Foundation
import ParseCore

/// The Parse iOS SDK behind the flow's `ParseSession`.
final class ParseSDKSession: ParseSession {
    struct NoUser: Error {}

    func logIn(provider: String, authData: [String: String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            PFUser.logInWithAuthType(inBackground: provider, authData: authData).continueWith { task -> Any? in
                if let objectId = task.result?.objectId {
                    continuation.resume(returning: objectId)
                } else {
                    continuation.resume(throwing: task.error ?? NoUser())
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
