//! The entry point: configuration plus the sign-in steps that need no network.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::authorization_url::AuthorizationUrlPrefix;
use crate::callback::parse_callback;
use crate::completed::CompletedSignIns;
use crate::transport::{self, HttpRequest};
use crate::{
    AuthorizationRequest, ClientId, Clock, EndpointUrl, Endpoints, Error, Grant, HttpSettings,
    HttpTransport, PendingAuthorization, RedirectUri, Scope, SignInOptions, SystemClock,
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
    /// How long a pending sign-in waits for its callback. Default:
    /// [`DEFAULT_PENDING_LIFETIME`](Self::DEFAULT_PENDING_LIFETIME).
    pub pending_lifetime: Duration,
    /// Whether sign-ins may use the legacy implicit flow ([`ResponseType::Token`]), which
    /// hands the token itself to whoever opens the redirect link. Off by default: a
    /// sign-in, or a restored one, asking for it is refused.
    ///
    /// [`ResponseType::Token`]: crate::ResponseType::Token
    pub allow_implicit_flow: bool,
    /// Timeouts and reply size limit.
    pub http: HttpSettings,
    /// The time source for expiry.
    pub clock: Arc<dyn Clock>,
}

impl Config {
    /// One hour, the life of an authorization code.
    pub const DEFAULT_PENDING_LIFETIME: Duration = Duration::from_secs(60 * 60);

    /// A configuration for today's Instagram Login API with default limits.
    pub fn new(client_id: ClientId, redirect_uri: RedirectUri) -> Self {
        Self {
            client_id,
            redirect_uri,
            endpoints: Endpoints::default(),
            graph_api_version: None,
            pending_lifetime: Self::DEFAULT_PENDING_LIFETIME,
            allow_implicit_flow: false,
            http: HttpSettings::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// A configuration from the values an app or a command line holds as text: the app
    /// id, the registered redirect URI and, for the sandbox or another stand-in, the base
    /// URL every Instagram endpoint moves under (`None`: Instagram itself).
    pub fn from_strings(
        client_id: &str,
        redirect_uri: &str,
        base_url: Option<&str>,
    ) -> Result<Self, Error> {
        let mut config = Self::new(ClientId::new(client_id)?, RedirectUri::parse(redirect_uri)?);
        if let Some(base) = base_url {
            config.endpoints = Endpoints::under_base(&EndpointUrl::parse(base)?);
        }
        Ok(config)
    }
}

/// Signs users in with Instagram. Create one per app configuration and reuse it: it
/// holds the HTTP transport (and with it the connection pool) and remembers which
/// sign-ins are complete.
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
    transport: Arc<dyn HttpTransport>,
    /// Sign-ins that had their callback, so a replay is refused.
    completed: Mutex<CompletedSignIns>,
}

impl InstagramAuth {
    /// Validates the configuration and sends requests with reqwest
    /// ([`ReqwestTransport`](crate::ReqwestTransport)), made from `config.http`.
    #[cfg(feature = "reqwest")]
    pub fn new(config: Config) -> Result<Self, Error> {
        let transport = crate::ReqwestTransport::new(&config.http)?.shared();
        Self::with_transport(config, transport)
    }

    /// Validates the configuration; requests go through `transport` (the platform's
    /// HTTP stack on a phone). The library still decides every request and checks every
    /// reply: redirects refused, bodies capped at `config.http.max_response_bytes`.
    pub fn with_transport(
        config: Config,
        transport: Arc<dyn HttpTransport>,
    ) -> Result<Self, Error> {
        if config.http.timeout.is_zero() || config.http.connect_timeout.is_zero() {
            // Zero would end every request at once (or, to some HTTP stacks, never).
            return Err(Error::InvalidConfig("a timeout of zero".into()));
        }
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
        let authorization_url_prefix = AuthorizationUrlPrefix::new(
            &config.endpoints.authorize,
            &config.client_id,
            &config.redirect_uri,
        );
        Ok(Self {
            config,
            authorization_url_prefix,
            transport,
            completed: Mutex::new(CompletedSignIns::default()),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends a request this client built, once, through its transport, and reads the reply
    /// with `read` (one of the public reply readers) once it passed the rules every reply
    /// is held to.
    pub(crate) async fn call<T>(
        &self,
        request: HttpRequest,
        read: fn(u16, &[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        transport::call(&self.transport, request, read).await
    }

    /// A sign-in with options (scopes, flow, flags); call
    /// [`start`](AuthorizationRequest::start) on it.
    pub fn authorization_request(&self) -> AuthorizationRequest<'_> {
        AuthorizationRequest::new(&self.config, &self.authorization_url_prefix)
    }

    /// Starts a code-flow sign-in for `scopes` (`instagram_business_basic` when empty)
    /// with a fresh state.
    pub fn start_authorization(&self, scopes: &[Scope]) -> Result<PendingAuthorization, Error> {
        self.start_authorization_with(scopes, SignInOptions::default())
    }

    /// Like [`start_authorization`](Self::start_authorization), with consent-page options,
    /// e.g. [`SignInOptions::force_reauth`] to let the user switch accounts. The options
    /// are part of the saved sign-in: a restored one opens the same URL.
    pub fn start_authorization_with(
        &self,
        scopes: &[Scope],
        options: SignInOptions,
    ) -> Result<PendingAuthorization, Error> {
        self.authorization_request()
            .scopes(scopes.iter().cloned())
            .options(options)
            .start()
    }

    /// Reads back a pending sign-in saved with
    /// [`PendingAuthorization::to_saved_string`], e.g. after the app was killed while
    /// the browser was open.
    ///
    /// Only a sign-in this configuration could have started is accepted: the same app id
    /// and redirect URI, a flow it allows, a state shaped like a generated one, and a start
    /// no more than five minutes in the future. The consent URL is rebuilt from the
    /// configuration. Anything else is [`Error::InvalidSavedAuthorization`].
    pub fn restore_authorization(&self, saved: &str) -> Result<PendingAuthorization, Error> {
        PendingAuthorization::restore(saved, &self.config, &self.authorization_url_prefix)
    }

    /// Checks the URL Instagram redirected to and returns what it grants.
    ///
    /// Refuses, each with its own [`Error`]: an expired sign-in, one that already had its
    /// callback, a URL that is not at the redirect URI, a missing or different state, a
    /// missing, empty or repeated code; reports the user's denial as
    /// [`Error::AccessDenied`].
    ///
    /// A callback that is not this sign-in's ([`Error::is_stray_callback`]) leaves it open
    /// for the real one. Any other outcome, a grant or not, completes it, and a further
    /// callback is [`Error::AlreadyUsed`].
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
        if !result.as_ref().is_err_and(Error::is_stray_callback) {
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

    fn auth() -> InstagramAuth {
        InstagramAuth::new(Config::new(
            ClientId::new("1").unwrap(),
            RedirectUri::parse("https://app.example.com/auth/").unwrap(),
        ))
        .unwrap()
    }

    /// Whether a failed callback ends the sign-in is one fact, `is_stray_callback`: a
    /// stray one leaves it open for the real callback, any other ends it.
    #[test]
    fn only_stray_callbacks_leave_the_sign_in_open() {
        let auth = auth();
        let at = |query: &str| format!("https://app.example.com/auth/?{query}");
        let stray = |state: &str| {
            [
                at("error=access_denied&error_description=Call+0800+now"),
                at("code=c"),
                at(&format!("code=c&state={state}x")),
                at(&format!("code=a&code=b&state={state}")),
                format!("https://evil.example/auth/?code=c&state={state}"),
                "not a url".to_owned(),
            ]
        };
        let pending = auth.start_authorization(&[]).unwrap();
        let state = pending.state().secret().to_owned();
        for callback in stray(&state) {
            let error = auth.handle_callback(&pending, &callback).unwrap_err();
            assert!(error.is_stray_callback(), "{callback}: {error:?}");
        }
        let real = at(&format!("code=c&state={state}"));
        assert!(auth.handle_callback(&pending, &real).is_ok());

        for ending in [
            "state={state}",
            "code=&state={state}",
            "error=x&state={state}",
        ] {
            let pending = auth.start_authorization(&[]).unwrap();
            let state = pending.state().secret();
            let callback = at(&ending.replace("{state}", state));
            let error = auth.handle_callback(&pending, &callback).unwrap_err();
            assert!(!error.is_stray_callback(), "{callback}: {error:?}");
            let real = at(&format!("code=c&state={state}"));
            assert!(matches!(
                auth.handle_callback(&pending, &real),
                Err(Error::AlreadyUsed)
            ));
        }
    }

    #[test]
    fn debug_shows_no_state_of_a_completed_sign_in() {
        let auth = auth();
        let pending = auth.start_authorization(&[]).unwrap();
        let state = pending.state().secret();
        let callback = format!("https://app.example.com/auth/?code=c&state={state}#_");
        auth.handle_callback(&pending, &callback).unwrap();
        let text = format!("{auth:?} {auth:#?}");
        assert!(!text.contains(state), "{text}");
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
        assert!(matches!(
            auth.handle_callback(&first, &callback(&first)),
            Err(Error::AlreadyUsed)
        ));

        *clock.0.lock().unwrap() += Duration::from_secs(3600);
        for _ in 0..200 {
            complete(&auth);
        }
        assert!(!auth.completed.lock().unwrap().contains(first.state()));
        assert!(matches!(
            auth.handle_callback(&first, &callback(&first)),
            Err(Error::Expired)
        ));
    }
}
