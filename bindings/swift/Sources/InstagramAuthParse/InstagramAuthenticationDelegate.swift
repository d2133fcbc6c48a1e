import Foundation
import InstagramAuthKit
import ParseCore

/// What Parse asks of the "instagram" auth type. Parse calls it on a background thread when
/// the delegate is registered, after a log-in or link, and with nil on log-out and unlink.
/// It holds no state: Instagram's token lives in the user's authData only.
final class InstagramAuthenticationDelegate: NSObject, PFUserAuthenticationDelegate, Sendable {
    /// True for any authData a Parse user can hold for Instagram, false only for what is
    /// clearly not Instagram's (no non-empty `id` and no non-empty `code`). Nothing here
    /// touches the network.
    ///
    /// Why so lenient: in Parse-SDK-iOS-OSX 6.1.1 a false is not "signed out" but "unlink":
    /// PFUser.m `synchronizeAuthDataWithAuthType:` calls `unlinkWithAuthTypeInBackground:` when
    /// the restore task's result is NO, which sets `authData[type] = NSNull` and saves the
    /// user (PFUser.m `unlinkWithAuthTypeInBackground:`), deleting the link on the server.
    /// Parse restores on registration (PFUserAuthenticationController.m
    /// `registerAuthenticationDelegate:forAuthType:`, for the current user, so at every
    /// launch), after a log-in or link, and whenever the user's authData comes back from the
    /// server. The shapes a user legitimately holds:
    /// - `{id, access_token, …}`: a log-in or link with a token (`ParseAuthData`);
    /// - `{code, redirect_uri}`: a log-in or link with the code flow's authData
    ///   (`CodeGrant.parseAuthData()`): the SDK keeps what the app sent;
    /// - `{id}`: what Parse Server 9.10 gives clients back after a fetch (its code-auth
    ///   adapter's afterFind strips the token; server/test/code-flow.e2e.js);
    /// - an expired token: a new sign-in replaces it.
    /// The id's digits are not checked: Parse Server is the authority on it, and a wrong
    /// refusal here would unlink a real account. Android's `onRestore` returns true always.
    func restoreAuthentication(withAuthData authData: [String: String]?) -> Bool {
        // nil: log-out (PFUser.m `_logOutAsyncWithAuthType:`, through the controller's
        // `deauthenticateAsyncWithAuthType:`) or the end of an unlink (PFUser.m
        // `cleanUpAuthData`). Nothing is left to unlink then, so the answer is yes.
        guard let authData else { return true }
        let id = authData["id"] ?? ""
        let code = authData["code"] ?? ""
        return !id.isEmpty || !code.isEmpty
    }
}
