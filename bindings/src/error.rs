//! The error apps catch: one case per thing an app does differently.

use instagram_auth::Error;

/// Why a sign-in step failed. In Kotlin this is `InstagramAuthException`; its
/// `toString()` (Swift: `description`) is a human-readable message without secrets.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum InstagramAuthError {
    /// The user tapped "Cancel" on Instagram's consent page. Usually nothing to report.
    #[error("the user declined to sign in with Instagram")]
    AccessDenied {
        /// Instagram's `error_reason`, e.g. `user_denied`.
        error_reason: Option<String>,
        /// Instagram's `error_description`, e.g. "The user denied your request".
        error_description: Option<String>,
    },
    /// The link that opened the app is not this sign-in's answer: another (or a forged)
    /// sign-in's, one without this sign-in's state, at another address, or unreadable.
    /// Any web page can open an app's redirect link, so this ends nothing: **the sign-in
    /// is still open**. Keep the saved sign-in and keep waiting for its callback; show
    /// nothing of the link to the user.
    #[error("this link is not the answer to the sign-in in progress, which is still open")]
    StrayCallback {
        /// Why the link was not taken as this sign-in's answer.
        reason: StrayCallbackReason,
        /// A human description, without anything the link carried.
        detail: String,
    },
    /// This sign-in's own callback (its state matched) carried neither a code nor an
    /// error. The sign-in has ended: start a new one.
    #[error("the sign-in response is invalid: {detail}")]
    MissingCode {
        /// What is wrong with it.
        detail: String,
    },
    /// The sign-in took longer than its lifetime. Start a new sign-in.
    #[error("the sign-in attempt has expired; start a new one")]
    Expired,
    /// This sign-in already received its callback. Start a new sign-in.
    #[error("the sign-in attempt has already been completed")]
    AlreadyUsed,
    /// A saved sign-in could not be restored. Start a new sign-in.
    #[error("the saved sign-in attempt cannot be restored: {detail}")]
    InvalidSavedAuthorization {
        /// Why.
        detail: String,
    },
    /// Instagram or your backend refused, e.g. a used or expired code (start over) or an
    /// invalid token (code 190: sign in again).
    #[error("Instagram refused the request: {detail}")]
    ProviderRejected {
        /// HTTP status of the refusal.
        http_status: Option<u16>,
        /// e.g. `OAuthException`.
        error_type: Option<String>,
        /// e.g. 400, 190, or 141 for a failed Parse Cloud function.
        code: Option<i64>,
        /// The server's message.
        detail: String,
    },
    /// Your backend refused the code exchange with an error of its own: for Parse, the
    /// Cloud function's error (`code` 141 when it threw) or Parse's (e.g. 209, an invalid
    /// session). Look at your backend's logs; start a new sign-in (the code may be spent).
    #[error("your backend refused the code exchange: {detail} (code {code})")]
    BackendRejected {
        /// The backend's error code (Parse: `ParseException.code` / `NSError.code`).
        code: i32,
        /// The backend's message, without the code that was sent.
        detail: String,
    },
    /// No connection, or the connection broke. Retry when the network is back.
    #[error("network error: {detail}")]
    Network {
        /// What failed.
        detail: String,
    },
    /// The server did not answer in time. Retry later.
    #[error("the request timed out")]
    Timeout,
    /// The server answered something unreadable (e.g. a captive portal's page).
    #[error("unexpected reply (HTTP {http_status}): {detail}")]
    InvalidReply {
        /// HTTP status of the reply.
        http_status: u16,
        /// What is wrong with it.
        detail: String,
    },
    /// The app passed a value the library cannot use (a bug in the app), or the system
    /// lacks what sign-in needs (a random number generator).
    #[error("{detail}")]
    Configuration {
        /// What is wrong, e.g. "invalid configuration: only https URLs are allowed" or
        /// "the system random number generator is unavailable".
        detail: String,
    },
}

/// Why a callback was a [`InstagramAuthError::StrayCallback`]. For logs and analytics:
/// an app does the same for each (keep waiting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum StrayCallbackReason {
    /// It arrived at another address than the configured redirect URI.
    WrongRedirectUri,
    /// It carries another sign-in's state (an older attempt, or a forged link).
    StateMismatch,
    /// It carries no state, so nothing ties it to this sign-in.
    MissingState,
    /// It cannot be read as one sign-in's answer: not a URL, or a parameter repeated (two
    /// states, two codes) or an empty state.
    Malformed,
}

impl From<Error> for InstagramAuthError {
    fn from(error: Error) -> Self {
        let detail = error.to_string();
        // The one fact apps switch on comes from core; the reason is only for logs.
        if error.is_stray_callback() {
            let reason = match error {
                Error::RedirectMismatch { .. } => StrayCallbackReason::WrongRedirectUri,
                Error::StateMismatch => StrayCallbackReason::StateMismatch,
                Error::MissingState => StrayCallbackReason::MissingState,
                _ => StrayCallbackReason::Malformed,
            };
            return InstagramAuthError::StrayCallback { reason, detail };
        }
        match error {
            Error::AccessDenied {
                reason,
                description,
            } => InstagramAuthError::AccessDenied {
                error_reason: reason,
                error_description: description,
            },
            Error::MissingCode => InstagramAuthError::MissingCode { detail },
            Error::Expired => InstagramAuthError::Expired,
            Error::AlreadyUsed => InstagramAuthError::AlreadyUsed,
            Error::InvalidSavedAuthorization(why) => {
                InstagramAuthError::InvalidSavedAuthorization { detail: why }
            }
            Error::Provider(provider) => InstagramAuthError::ProviderRejected {
                http_status: provider.http_status,
                error_type: provider.error_type.clone(),
                code: provider.code,
                detail: provider.to_string(),
            },
            Error::BackendRejected { code, message } => InstagramAuthError::BackendRejected {
                code,
                detail: message,
            },
            Error::Network(what) => InstagramAuthError::Network { detail: what },
            Error::Timeout => InstagramAuthError::Timeout,
            Error::InvalidReply { status, problem } => InstagramAuthError::InvalidReply {
                http_status: status,
                detail: problem,
            },
            // What an app can only fix in its code (a value it passed) or report: no random
            // source, no HTTP client, a grant it does not handle. The core's error is
            // non-exhaustive; a case added there shows up as a configuration error here
            // until it gets its own variant.
            Error::InvalidConfig(_)
            | Error::EmptyValue { .. }
            | Error::InvalidUrl { .. }
            | Error::RandomUnavailable { .. }
            | Error::HttpClientSetup { .. }
            | Error::UnsupportedGrant
            | _ => InstagramAuthError::Configuration { detail },
        }
    }
}
