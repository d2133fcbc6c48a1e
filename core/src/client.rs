//! The entry point: configuration plus the sign-in steps that need no network.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::authorization_url::AuthorizationUrlPrefix;
use crate::callback::parse_callback;
use crate::completed::CompletedSignIns;
use crate::http::Http;
use crate::{
    AuthorizationRequest, ClientId, Clock, Endpoints, Error, Grant, HttpSettings,
    PendingAuthorization, RedirectUri, Scope, SystemClock,
};

/// Everything that stays the same across sign-ins of one app.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The Instagram app id.
    pub client_id: ClientId,
    /// The redirect URI registered for the app in Meta's App Dashboard.
    pub redirect_uri: RedirectUri,
    /// Where Instagram lives; [`Endpoints::instagram_login`] by default.
    pub endpoints: Endpoints,
    /// A Graph API version such as `v23.0` for profile requests; unversioned when `None`.
    pub graph_api_version: Option<String>,
    /// How long a pending sign-in waits for its callback. Default: one hour, the life of
    /// an authorization code.
    pub pending_lifetime: Duration,
    /// Timeouts and reply size limit.
    pub http: HttpSettings,
    /// The time source for expiry.
    pub clock: Arc<dyn Clock>,
}

impl Config {
    /// A configuration for today's Instagram Login API with default limits.
    pub fn new(client_id: ClientId, redirect_uri: RedirectUri) -> Self {
        Self {
            client_id,
            redirect_uri,
            endpoints: Endpoints::default(),
            graph_api_version: None,
            pending_lifetime: Duration::from_secs(60 * 60),
            http: HttpSettings::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// Signs users in with Instagram. Create one per app configuration and reuse it: it
/// holds the HTTP connection pool and remembers which sign-ins are complete.
///
/// ```
/// use instagram_auth::{ClientId, Config, Grant, InstagramAuth, RedirectUri};
///
/// let auth = InstagramAuth::new(Config::new(
///     ClientId::new("990602627938098")?,
///     RedirectUri::parse("https://app.example.com/auth/")?,
/// ))?;
/// let pending = auth.start_authorization(&[])?;
/// // Save pending.to_saved_string(), open pending.authorization_url() in the browser...
/// # let state = pending.state().secret().to_owned();
/// # let callback = format!("https://app.example.com/auth/?code=AQBx&state={state}#_");
/// match auth.handle_callback(&pending, &callback)? {
///     Grant::Code(grant) => { /* exchange it: auth.exchange_code_via_backend(&grant, ..) */ }
///     _ => unreachable!("the code flow was requested"),
/// }
/// # Ok::<(), instagram_auth::Error>(())
/// ```
#[derive(Debug)]
pub struct InstagramAuth {
    config: Config,
    authorization_url_prefix: AuthorizationUrlPrefix,
    pub(crate) http: Http,
    /// Sign-ins that had their callback, so a replay is refused.
    completed: Mutex<CompletedSignIns>,
}

impl InstagramAuth {
    /// Validates the configuration and prepares the HTTP client.
    pub fn new(config: Config) -> Result<Self, Error> {
        if let Some(version) = &config.graph_api_version
            && (version.is_empty()
                || !version
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.'))
        {
            return Err(Error::InvalidConfig(format!(
                "{version:?} is not a Graph API version such as v23.0"
            )));
        }
        let http = Http::new(&config.http)?;
        let authorization_url_prefix = AuthorizationUrlPrefix::new(
            &config.endpoints.authorize,
            &config.client_id,
            &config.redirect_uri,
        );
        Ok(Self {
            config,
            authorization_url_prefix,
            http,
            completed: Mutex::new(CompletedSignIns::default()),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A sign-in with options (scopes, flow, flags); call
    /// [`start`](AuthorizationRequest::start) on it.
    pub fn authorization_request(&self) -> AuthorizationRequest<'_> {
        AuthorizationRequest::new(&self.config, &self.authorization_url_prefix)
    }

    /// Starts a code-flow sign-in for `scopes` (`instagram_business_basic` when empty)
    /// with a fresh state.
    pub fn start_authorization(&self, scopes: &[Scope]) -> Result<PendingAuthorization, Error> {
        self.authorization_request()
            .scopes(scopes.iter().cloned())
            .start()
    }

    /// Reads back a pending sign-in saved with
    /// [`PendingAuthorization::to_saved_string`], e.g. after the app was killed while
    /// the browser was open. It must have been started for this app id.
    pub fn restore_pending(&self, saved: &str) -> Result<PendingAuthorization, Error> {
        let pending = PendingAuthorization::from_saved_string(saved)?;
        if pending.client_id() != &self.config.client_id {
            return Err(Error::InvalidPendingAuthorization(
                "it was started for a different Instagram app id".into(),
            ));
        }
        Ok(pending)
    }

    /// Checks the URL Instagram redirected to and returns what it grants.
    ///
    /// Refuses, each with its own [`Error`]: an expired sign-in, one that already had its
    /// callback, a URL that is not at the redirect URI, a missing or different state, a
    /// missing, empty or repeated code; reports the user's denial as
    /// [`Error::AccessDenied`]. Once a callback with the right state is read (granting or
    /// denying) the sign-in is complete and any further callback is [`Error::AlreadyUsed`].
    pub fn handle_callback(
        &self,
        pending: &PendingAuthorization,
        callback_url: &str,
    ) -> Result<Grant, Error> {
        let mut completed = self
            .completed
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if completed.contains(pending.state()) {
            return Err(Error::AlreadyUsed);
        }
        let (lifetime, now) = (self.config.pending_lifetime, self.config.clock.now());
        if pending.is_expired(lifetime, now) {
            return Err(Error::Expired);
        }
        let result = parse_callback(
            callback_url,
            pending.redirect_uri(),
            pending.response_type(),
            Some(pending.state()),
        );
        // A callback that is not this attempt's (wrong place, wrong or no state, garbage)
        // leaves the attempt open for its real callback; anything else completes it.
        let belongs_to_attempt = !matches!(
            result,
            Err(Error::RedirectMismatch { .. }
                | Error::StateMismatch
                | Error::MissingState
                | Error::InvalidCallback(_))
        );
        if belongs_to_attempt {
            completed.insert(pending.state(), pending.created_at(), lifetime, now);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::*;

    #[derive(Debug)]
    struct FixedClock(Mutex<SystemTime>);

    impl Clock for FixedClock {
        fn now(&self) -> SystemTime {
            *self.0.lock().unwrap()
        }
    }

    /// Completed sign-ins are forgotten once expired (completed.rs), and a replay of a
    /// forgotten one is still refused, by expiry.
    #[test]
    fn a_replay_is_refused_after_the_sign_in_is_forgotten() {
        let clock = Arc::new(FixedClock(Mutex::new(
            UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        )));
        let mut config = Config::new(
            ClientId::new("1").unwrap(),
            RedirectUri::parse("https://app.example.com/auth/").unwrap(),
        );
        config.clock = clock.clone();
        let auth = InstagramAuth::new(config).unwrap();
        let callback = |pending: &PendingAuthorization| {
            format!(
                "https://app.example.com/auth/?code=c&state={}#_",
                pending.state().secret()
            )
        };
        let complete = |auth: &InstagramAuth| {
            let pending = auth.start_authorization(&[]).unwrap();
            auth.handle_callback(&pending, &callback(&pending)).unwrap();
            pending
        };
        let first = complete(&auth);
        assert_eq!(
            auth.handle_callback(&first, &callback(&first)),
            Err(Error::AlreadyUsed)
        );

        *clock.0.lock().unwrap() += Duration::from_secs(3600);
        for _ in 0..200 {
            complete(&auth);
        }
        assert!(!auth.completed.lock().unwrap().contains(first.state()));
        assert_eq!(
            auth.handle_callback(&first, &callback(&first)),
            Err(Error::Expired)
        );
    }
}
