//! What can go wrong, in the words an app needs to decide what to do next.

use std::fmt;
use std::sync::Arc;

/// Everything that can end an Instagram sign-in early. Each variant is a case an app
/// handles differently: say nothing (the user cancelled), start over (expired, state
/// mismatch), retry later (network, timeout), or report a bug (configuration).
///
/// Messages are written for people and never contain a secret, code, token or state.
/// Where another error lies beneath, [`source`](std::error::Error::source) returns it
/// (and the message repeats it, as most apps log only the message). Errors are not
/// compared with `==` (some causes cannot be): match on the variant.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The user declined on Instagram's consent screen (`error=access_denied`, with this
    /// sign-in's state).
    #[error("the user declined to sign in with Instagram")]
    AccessDenied {
        /// `error_reason`, usually `user_denied`.
        reason: Option<String>,
        /// `error_description`, e.g. "The user denied your request".
        description: Option<String>,
    },

    /// The callback's `state` is not the one this sign-in sent: it belongs to another
    /// attempt or was forged. A stray callback: this sign-in stays open.
    #[error("the sign-in response belongs to a different sign-in attempt (state mismatch)")]
    StateMismatch,

    /// The callback carries no `state`, so it cannot be tied to this sign-in, whatever it
    /// says (an `error=access_denied` without the state could come from any web page). A
    /// stray callback: this sign-in stays open.
    #[error("the sign-in response carries no state")]
    MissingState,

    /// The callback carries this sign-in's state but neither an error nor a (non-empty)
    /// code or token. It was this sign-in's answer, so the sign-in has ended.
    #[error("the sign-in response carries no authorization code")]
    MissingCode,

    /// The callback did not arrive at the redirect URI this sign-in registered. Nothing of
    /// the received URL is repeated: a mangled callback can carry the code or state in its
    /// path or host. A stray callback: this sign-in stays open.
    #[error("the sign-in response did not arrive at the redirect URI {expected}")]
    RedirectMismatch {
        /// Scheme, host, port and path the sign-in expected.
        expected: String,
    },

    /// The callback is not a URL, repeats a parameter (two states, two codes) or has an
    /// empty state: it cannot be read as one sign-in's answer, whatever state it carries.
    /// A stray callback: this sign-in stays open.
    #[error("the sign-in response is malformed: {0}")]
    InvalidCallback(CallbackProblem),

    /// The pending sign-in is older than its lifetime (authorization codes live one hour).
    #[error("the sign-in attempt has expired; start a new one")]
    Expired,

    /// The pending sign-in has already received its callback; a callback is accepted once.
    #[error("the sign-in attempt has already been completed; start a new one")]
    AlreadyUsed,

    /// Instagram (or the app's backend) answered with an error, e.g. a used or expired code.
    #[error("Instagram refused the request: {0}")]
    Provider(ProviderError),

    /// The app's backend answered the code exchange with an error of its own (for a Parse
    /// Cloud function, Parse's error code and message, e.g. 141 when the function threw),
    /// rather than passing on Instagram's reply. What the backend said is in `message`,
    /// stripped of the code that was sent.
    #[error("your backend refused the code exchange: {message} (code {code})")]
    BackendRejected {
        /// The backend's error code (Parse: `ParseException.getCode()` / `NSError.code`).
        code: i32,
        /// The backend's message.
        message: String,
    },

    /// The server answered something that is neither a result nor a known error.
    #[error("unexpected reply (HTTP {status}): {problem}")]
    InvalidReply {
        /// The HTTP status of the reply (200 when the body was handed in directly).
        status: u16,
        /// What is wrong with it.
        problem: String,
    },

    /// The request did not reach the server or the reply did not come back whole. The
    /// transport's error arrives as text, stripped of anything of the request (its URL
    /// and body carry codes and tokens), so it has no `source`.
    #[error("network error: {0}")]
    Network(String),

    /// The server did not answer within the configured timeout.
    #[error("the request timed out")]
    Timeout,

    /// The library was configured with a value it cannot use (a bug in the app).
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),

    /// A value that must not be empty is: an app id, user id, scope, secret, code, token
    /// or state (a bug in the app, or an empty command-line argument).
    #[error("the {what} is empty")]
    EmptyValue {
        /// What was empty, e.g. "access token".
        what: &'static str,
    },

    /// Text given as a URL (a redirect URI, an endpoint) is not one (a bug in the app).
    #[error("the {what} is not a URL: {source}")]
    InvalidUrl {
        /// Which URL, e.g. "redirect URI".
        what: &'static str,
        /// Why the URL parser refused it.
        source: url::ParseError,
    },

    /// The operating system's random number generator is unavailable, so no unguessable
    /// state can be made. Nothing an app can fix; sign-in is not possible on this system.
    #[error("the system random number generator is unavailable: {source}")]
    RandomUnavailable {
        /// The operating system's error.
        source: Arc<dyn std::error::Error + Send + Sync>,
    },

    /// The built-in HTTP client could not be created (TLS set-up).
    #[error("cannot set up the HTTP client: {source}")]
    HttpClientSetup {
        /// What failed.
        source: Arc<dyn std::error::Error + Send + Sync>,
    },

    /// The sign-in yielded a kind of grant the caller does not handle. [`Grant`](crate::Grant)
    /// is non-exhaustive: a flow added later reaches code written before it as this.
    #[error("the sign-in yielded a kind of grant this code does not handle")]
    UnsupportedGrant,

    /// A saved pending sign-in could not be read back; start a new sign-in.
    #[error("the saved sign-in attempt cannot be restored: {0}")]
    InvalidSavedAuthorization(String),
}

/// Why a callback URL was rejected as malformed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackProblem {
    /// The text is not an absolute URL.
    #[error("not a URL")]
    NotAUrl,
    /// A parameter that must appear once appears several times.
    #[error("the parameter {0} appears more than once")]
    DuplicateParameter(String),
    /// A parameter is present but empty.
    #[error("the parameter {0} is empty")]
    EmptyParameter(String),
}

/// An error reply from Instagram's OAuth or Graph endpoints, or from the app's backend.
/// Every field is optional because each endpoint fills in a different subset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderError {
    /// HTTP status of the reply.
    pub http_status: Option<u16>,
    /// `error_type` / Graph `type` / OAuth `error`, e.g. `OAuthException`.
    pub error_type: Option<String>,
    /// Numeric `code`, e.g. 400, or 190 for an invalid token, 141 for a failed Parse Cloud function.
    pub code: Option<i64>,
    /// Graph's `error_subcode`.
    pub subcode: Option<i64>,
    /// Human-readable message from the server.
    pub message: Option<String>,
    /// Graph's `fbtrace_id`, useful when contacting Meta support.
    pub trace_id: Option<String>,
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.as_deref().unwrap_or("no message"))?;
        match (&self.error_type, self.code) {
            (Some(kind), Some(code)) => write!(f, " ({kind}, code {code})"),
            (Some(kind), None) => write!(f, " ({kind})"),
            (None, Some(code)) => write!(f, " (code {code})"),
            (None, None) => Ok(()),
        }
    }
}

impl Error {
    /// Whether this is a callback that is not the answer to the sign-in it was checked
    /// against: at another address, without this sign-in's state, or unreadable. The
    /// sign-in stays open for its real callback, so an app keeps its saved sign-in and
    /// keeps waiting; any page can open an app's redirect link, and must not be able to end
    /// a sign-in with it. Every other error from
    /// [`handle_callback`](crate::InstagramAuth::handle_callback) ends the sign-in.
    pub fn is_stray_callback(&self) -> bool {
        matches!(
            self,
            Error::RedirectMismatch { .. }
                | Error::StateMismatch
                | Error::MissingState
                | Error::InvalidCallback(_)
        )
    }

    /// A stable snake_case name of the variant, for logs, analytics and the CLI.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::AccessDenied { .. } => "access_denied",
            Error::StateMismatch => "state_mismatch",
            Error::MissingState => "missing_state",
            Error::MissingCode => "missing_code",
            Error::RedirectMismatch { .. } => "redirect_mismatch",
            Error::InvalidCallback(_) => "invalid_callback",
            Error::Expired => "expired",
            Error::AlreadyUsed => "already_used",
            Error::Provider(_) => "provider_error",
            Error::BackendRejected { .. } => "backend_rejected",
            Error::InvalidReply { .. } => "invalid_reply",
            Error::Network(_) => "network",
            Error::Timeout => "timeout",
            Error::InvalidConfig(_) => "invalid_config",
            Error::EmptyValue { .. } => "empty_value",
            Error::InvalidUrl { .. } => "invalid_url",
            Error::RandomUnavailable { .. } => "random_unavailable",
            Error::HttpClientSetup { .. } => "http_client_setup",
            Error::UnsupportedGrant => "unsupported_grant",
            Error::InvalidSavedAuthorization(_) => "invalid_saved_authorization",
        }
    }

    /// Whether this comes from a value the caller passed in (configuration, an argument)
    /// rather than from the sign-in, the network or the system: a bug to fix in the app,
    /// a usage error in a command-line tool.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidConfig(_) | Error::EmptyValue { .. } | Error::InvalidUrl { .. }
        )
    }

    pub(crate) fn invalid_reply(status: u16, problem: impl Into<String>) -> Self {
        Error::InvalidReply {
            status,
            problem: problem.into(),
        }
    }
}
