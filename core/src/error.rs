//! What can go wrong, in the words an app needs to decide what to do next.

use std::fmt;
use std::sync::Arc;

use crate::{LocationDifference, RateLimitUsage};

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
    /// path or host; `differences` only names the parts that differ. A stray callback:
    /// this sign-in stays open.
    #[error(
        "the sign-in response did not arrive at the redirect URI {expected}{}",
        listed(differences)
    )]
    RedirectMismatch {
        /// Scheme, host, port and path the sign-in expected.
        expected: String,
        /// Which of them the callback's address has otherwise (a trailing slash, the
        /// scheme, the host, the port, the path).
        differences: Vec<LocationDifference>,
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

    /// Instagram answered with an error that none of the cases below covers, e.g. a used
    /// or expired code (start over).
    #[error("Instagram refused the request: {0}")]
    Provider(Box<ProviderError>),

    /// Instagram no longer accepts the user's access token (Graph code 190, whatever the
    /// subcode: expired, revoked, password changed, app removed). Sign the user in again.
    #[error("Instagram no longer accepts this sign-in; sign in again: {0}")]
    ReauthenticationRequired(Box<ProviderError>),

    /// Instagram throttles the app or the account (Graph codes 4, 17, 32, 613, and 80002
    /// for Instagram's Business Use Case limit). Call again later; `usage` holds what the
    /// reply's usage headers said, e.g. when access comes back.
    #[error("Instagram's rate limit was reached{}: {provider}", retry_hint(usage))]
    RateLimited {
        /// Instagram's error.
        provider: Box<ProviderError>,
        /// The usage headers of the reply; empty when it had none (or when the reply was
        /// read without its headers).
        usage: RateLimitUsage,
    },

    /// The token lacks a permission the request needs (Graph code 10 or 200–299): the user
    /// did not grant a scope, or the app lacks access to it. Ask for the scope again, or
    /// check the app's permissions in Meta's App Dashboard.
    #[error("a permission the request needs is missing: {0}")]
    PermissionMissing(Box<ProviderError>),

    /// The app's own backend refused the request: an answer that is not a success and not
    /// Instagram's error, e.g. HTTP 401/403 from a Parse server that did not get its keys.
    /// A bug or a setting to fix on the app's side, not the user's.
    #[error("{0}")]
    BackendRejected(Box<BackendRefusal>),

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
    /// The code or token holds whitespace, which Instagram's never do: the link was
    /// damaged on the way (a space or line break copied with it).
    #[error(
        "the parameter {0} contains whitespace (was a space or a line break copied with the URL?)"
    )]
    Whitespace(String),
    /// The text is a URL wrapped in quotes, as a shell or a chat copies it.
    #[error("the URL is in quotes; give it without them")]
    Quoted,
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
    /// Graph's `error_user_title`: a title Meta wrote for the user, in the user's language.
    pub user_title: Option<String>,
    /// Graph's `error_user_msg`: text Meta wrote to show the user as it is.
    pub user_message: Option<String>,
}

/// A refusal from the app's own backend (a Parse Cloud function, a server of the app's),
/// with where it came from and, where the cause is a known one, what usually fixes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BackendRefusal {
    /// The backend's endpoint: scheme, host, port and path, never the query. `None` when
    /// the reply was read on its own (without the request).
    pub endpoint: Option<String>,
    /// HTTP status of the reply, when it came over HTTP.
    pub http_status: Option<u16>,
    /// The backend's error code, e.g. Parse's 141 (a Cloud function failed).
    pub code: Option<i64>,
    /// The backend's message.
    pub message: Option<String>,
    /// What usually fixes it, when the cause is a known one.
    pub hint: Option<String>,
}

impl fmt::Display for BackendRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the backend")?;
        if let Some(endpoint) = &self.endpoint {
            write!(f, " at {endpoint}")?;
        }
        f.write_str(" refused the request")?;
        match (self.http_status, self.code) {
            (Some(status), Some(code)) => write!(f, " (HTTP {status}, code {code})")?,
            (Some(status), None) => write!(f, " (HTTP {status})")?,
            (None, Some(code)) => write!(f, " (code {code})")?,
            (None, None) => {}
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, ". {hint}")?;
        }
        Ok(())
    }
}

/// "; retry in about N minutes", from the usage headers, when they said.
fn retry_hint(usage: &RateLimitUsage) -> String {
    match usage.retry_after().map(|wait| wait.as_secs().div_ceil(60)) {
        Some(0) => "; retry now".to_owned(),
        Some(1) => "; retry in about a minute".to_owned(),
        Some(minutes) => format!("; retry in about {minutes} minutes"),
        None => "; retry later".to_owned(),
    }
}

/// ": the scheme differs, the path lacks the trailing slash", or nothing when none is known.
fn listed(differences: &[LocationDifference]) -> String {
    let names: Vec<String> = differences.iter().map(ToString::to_string).collect();
    if names.is_empty() {
        return String::new();
    }
    format!(": {}", names.join(", "))
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.as_deref().unwrap_or("no message"))?;
        let code = match (self.code, self.subcode) {
            (Some(code), Some(subcode)) => Some(format!("code {code}, subcode {subcode}")),
            (Some(code), None) => Some(format!("code {code}")),
            (None, _) => None,
        };
        match (&self.error_type, code) {
            (Some(kind), Some(code)) => write!(f, " ({kind}, {code})"),
            (Some(kind), None) => write!(f, " ({kind})"),
            (None, Some(code)) => write!(f, " ({code})"),
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
            Error::ReauthenticationRequired(_) => "reauthentication_required",
            Error::RateLimited { .. } => "rate_limited",
            Error::PermissionMissing(_) => "permission_missing",
            Error::BackendRejected(_) => "backend_rejected",
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

    /// Instagram's error, when this is one of Instagram's refusals, whichever case it is.
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Error::Provider(provider)
            | Error::ReauthenticationRequired(provider)
            | Error::PermissionMissing(provider)
            | Error::RateLimited { provider, .. } => Some(provider.as_ref()),
            _ => None,
        }
    }

    /// This error with the usage a throttled reply's headers reported, when it is
    /// [`Error::RateLimited`]; any other error is returned as it is. The reply readers see
    /// only the status and body; a caller that has the headers adds them with this.
    pub fn with_rate_limit_usage(self, usage: RateLimitUsage) -> Self {
        match self {
            Error::RateLimited { provider, .. } => Error::RateLimited { provider, usage },
            other => other,
        }
    }

    /// A backend's refusal, told where it came from: the endpoint (never its query) and,
    /// for a Parse server's 401/403, the keys it needs. Other errors are left as they are.
    pub(crate) fn with_backend_endpoint(self, endpoint: &url::Url, is_parse_server: bool) -> Self {
        let Error::BackendRejected(mut refusal) = self else {
            return self;
        };
        refusal.endpoint = Some(crate::endpoint::shown_in_errors(endpoint));
        if is_parse_server && matches!(refusal.http_status, Some(401 | 403)) {
            refusal.hint = Some(crate::refusal::PARSE_KEYS_HINT.to_owned());
        }
        Error::BackendRejected(refusal)
    }

    pub(crate) fn invalid_reply(status: u16, problem: impl Into<String>) -> Self {
        Error::InvalidReply {
            status,
            problem: problem.into(),
        }
    }
}
