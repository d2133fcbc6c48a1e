import Foundation
import InstagramAuthKit
import InstagramAuthParse
import Observation
import ParseCore

/// What the screen shows.
enum SignInState: Equatable, Sendable {
    case signedOut
    case working
    /// A link that is not this sign-in's answer ended the sheet; the sign-in is still open:
    /// offer to continue (`resume()`) or cancel.
    case stillOpen(message: String)
    case signedIn(parseUserId: String)
    case failed(String)
}

/// The screen's state over InstagramParseUtils: which outcome shows what.
@MainActor
@Observable
final class SignInModel {
    private(set) var state: SignInState
    private let instagram: InstagramParseUtils

    init(instagram: InstagramParseUtils) {
        self.instagram = instagram
        if let id = PFUser.current()?.objectId {
            state = .signedIn(parseUserId: id)
        } else if instagram.signIn.hasPendingSignIn {
            state = .stillOpen(message: "Your sign-in with Instagram is still open.")
        } else {
            state = .signedOut
        }
    }

    func signIn() async {
        await logIn { try await self.instagram.logIn() }
    }

    /// After `.stillOpen`: the same consent page again.
    func resume() async {
        await logIn { try await self.instagram.logIn(grant: try await self.instagram.signIn.resume()) }
    }

    /// A Universal Link that reached the app (`onOpenURL`), e.g. after iOS ended it mid-sign-in.
    func complete(callbackURL: URL) async {
        do {
            // nil: the open sheet's sign-in took it and reports the outcome itself.
            guard let grant = try instagram.signIn.complete(callbackURL: callbackURL) else { return }
            await logIn { try await self.instagram.logIn(grant: grant) }
        } catch {
            state = Self.state(after: error)
        }
    }

    func cancel() {
        instagram.signIn.cancel()
        state = .signedOut
    }

    func signOut() {
        _ = PFUser.logOutInBackground()
        state = .signedOut
    }

    private func logIn(_ attempt: @MainActor () async throws -> PFUser) async {
        state = .working
        do {
            let user = try await attempt()
            state = .signedIn(parseUserId: user.objectId ?? "?")
        } catch {
            state = Self.state(after: error)
        }
    }

    /// What to show after `error`, by what the user can do about it.
    nonisolated static func state(after error: Error) -> SignInState {
        switch error {
        case WebSignInError.cancelled, InstagramAuthError.AccessDenied:
            return .signedOut
        case WebSignInError.alreadyInProgress:
            return .working
        case InstagramAuthError.StrayCallback:
            return .stillOpen(message: "That link isn't the answer to your sign-in, which is still open.")
        case InstagramAuthError.Network, InstagramAuthError.Timeout, InstagramParseError.parseUnreachable:
            return .failed("Instagram or Parse can't be reached. Check your connection and try again.")
        case InstagramAuthError.Expired, InstagramAuthError.AlreadyUsed, InstagramAuthError.InvalidSavedAuthorization,
             InstagramAuthError.MissingCode, WebSignInError.noPendingSignIn:
            return .failed("The sign-in didn't finish. Please start again.")
        case let error as InstagramParseError:
            return .failed("Parse could not log you in: \(error)")
        default:
            return .failed("The sign-in failed: \(error)")
        }
    }
}
