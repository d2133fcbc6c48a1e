import Foundation
import InstagramAuthKit
import ParseCore

/// What Parse asks of the "instagram" auth type. Parse calls it on a background thread when
/// the delegate is registered, after a log-in or link, and with nil on log-out and unlink.
/// It holds no state: Instagram's token lives in the user's authData only.
final class InstagramAuthenticationDelegate: NSObject, PFUserAuthenticationDelegate, Sendable {
    /// NO makes Parse unlink Instagram from the user and save it, so only authData that can
    /// never work is refused (no id or token). An expired token is not: a new sign-in
    /// replaces it. Nothing here touches the network.
    func restoreAuthentication(withAuthData authData: [String: String]?) -> Bool {
        guard let authData else { return true }
        guard let id = authData["id"], let token = authData["access_token"] else { return false }
        return (try? ParseAuthData(userId: id, accessToken: token)) != nil
    }
}
