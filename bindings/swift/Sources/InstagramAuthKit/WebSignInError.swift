/// Why the browser sheet gave no answer. Instagram's own answers (the user declined on
/// Instagram: `InstagramAuthError.AccessDenied`; a link that is not this sign-in's:
/// `StrayCallback`) arrive as `InstagramAuthError`.
public enum WebSignInError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The user closed the sheet, or declined the system's "wants to use instagram.com to
    /// Sign In" alert (`ASWebAuthenticationSessionError.canceledLogin`, code 1). Nothing to report.
    case cancelled
    /// Another sign-in's sheet is open; this one did not start and the other goes on.
    case alreadyInProgress
    /// The sheet had nowhere to appear (`presentationContextNotProvided`, code 2). A bug: the
    /// library always sets a provider, so this means the anchor could not be found.
    case presentationContextNotProvided
    /// The window given (or the key window) cannot show the sheet (`presentationContextInvalid`,
    /// code 3): pass the anchor of a window in a foreground scene.
    case presentationContextInvalid
    /// The system refused to start the sheet (`start()` returned false, e.g. under Guided
    /// Access, or the app is in the background). Try again from a visible screen.
    case couldNotStart
    /// The browser failed in another way.
    case browserFailed(detail: String)
    /// The redirect URI cannot end a browser sheet here (an https redirect before iOS 17.4
    /// without a fallback scheme, or plain http). A configuration bug; `detail` says what to do.
    case unsupportedRedirect(detail: String)
    /// `resume` was called, but no sign-in is saved.
    case noPendingSignIn
    /// The sign-in could not be saved before the sheet opened (`PendingSignInStore.save`
    /// threw, e.g. the disk is full), so it did not start. `detail` is the store's error.
    case storageFailed(detail: String)

    /// What happened, for people (and logs: it holds no secret).
    public var description: String {
        switch self {
        case .cancelled: "the user closed the sign-in sheet"
        case .alreadyInProgress: "a sign-in is already in progress"
        case .presentationContextNotProvided: "the sign-in sheet had no window to appear in"
        case .presentationContextInvalid: "the sign-in sheet's window is not in a foreground scene"
        case .couldNotStart: "the system did not start the sign-in sheet"
        case let .browserFailed(detail): "the sign-in sheet failed: \(detail)"
        case let .unsupportedRedirect(detail): "the redirect URI cannot end a sign-in sheet: \(detail)"
        case .noPendingSignIn: "no sign-in is in progress"
        case let .storageFailed(detail): "the sign-in could not be saved before the sheet opened: \(detail)"
        }
    }
}
