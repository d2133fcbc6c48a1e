//! Building the URL that sends the user to Instagram's consent page.

use crate::authorization_url::AuthorizationUrlPrefix;
use crate::{AuthorizationUrl, Config, CsrfState, Error, PendingAuthorization, Scope};

/// How Instagram hands the result back to the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseType {
    /// Server-side flow: an authorization code in the query, exchanged for a token by a
    /// POST that needs the app secret. Use this.
    #[default]
    Code,
    /// Legacy implicit flow: the access token itself in the URL fragment. Less safe (the
    /// token passes through the browser and its history) and not offered by today's
    /// Instagram Login API; kept for old integrations.
    Token,
}

impl ResponseType {
    /// The `response_type` value sent to Instagram.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Code => "code",
            ResponseType::Token => "token",
        }
    }

    /// Reads a `response_type` value.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "code" => Ok(ResponseType::Code),
            "token" => Ok(ResponseType::Token),
            other => Err(Error::InvalidConfig(format!(
                "response type {other:?} is neither \"code\" nor \"token\""
            ))),
        }
    }
}

/// How Instagram's consent page treats one sign-in. The default is Instagram's own
/// behaviour: a user already signed in to Instagram who already consented is sent back at
/// once.
///
/// ```
/// use instagram_auth::SignInOptions;
///
/// // "Use another account": ask for the login again.
/// let mut options = SignInOptions::default();
/// options.force_reauth = true;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SignInOptions {
    /// `force_reauth=true`: Instagram asks for the login again even for a signed-in user who
    /// already consented. What Meta's dashboard uses to switch accounts (Instagram has no
    /// endpoint that revokes a token, so signing out of the app alone does not).
    pub force_reauth: bool,
    /// `force_authentication=1` asks for the password even if the user is signed in;
    /// `=0` is sent when `Some(false)`, nothing when `None`.
    pub force_authentication: Option<bool>,
    /// `enable_fb_login=0` hides "Log in with Facebook" on the consent page; `=1` is sent
    /// when `Some(true)`, nothing when `None`.
    pub enable_fb_login: Option<bool>,
}

/// A sign-in about to start. Obtained from
/// [`InstagramAuth::authorization_request`](crate::InstagramAuth::authorization_request);
/// [`start`](Self::start) turns it into a [`PendingAuthorization`] holding the URL to open.
#[derive(Debug)]
#[must_use = "call start() to get the authorization URL"]
pub struct AuthorizationRequest<'a> {
    config: &'a Config,
    url_prefix: &'a AuthorizationUrlPrefix,
    scopes: Vec<Scope>,
    state: Option<CsrfState>,
    response_type: ResponseType,
    options: SignInOptions,
}

impl<'a> AuthorizationRequest<'a> {
    pub(crate) fn new(config: &'a Config, url_prefix: &'a AuthorizationUrlPrefix) -> Self {
        Self {
            config,
            url_prefix,
            scopes: Vec::new(),
            state: None,
            response_type: ResponseType::Code,
            options: SignInOptions::default(),
        }
    }

    /// Requests one more permission. Repeats are dropped; order is kept. With no scope at
    /// all, `instagram_business_basic` is requested.
    pub fn scope(mut self, scope: Scope) -> Self {
        if !self.scopes.contains(&scope) {
            self.scopes.push(scope);
        }
        self
    }

    /// Requests several permissions (see [`scope`](Self::scope)).
    pub fn scopes(self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        scopes.into_iter().fold(self, Self::scope)
    }

    /// Replaces the generated state with a caller-chosen one. Only for callers that keep
    /// their own CSRF protection (e.g. a server tying the state to a session); the
    /// generated state is unguessable, a chosen one may not be. A sign-in saved with
    /// [`PendingAuthorization::to_saved_string`] is restored only if its state has the
    /// shape of a generated one (32 to 512 URL-safe characters).
    pub fn state(mut self, state: CsrfState) -> Self {
        self.state = Some(state);
        self
    }

    /// Chooses the flow; [`ResponseType::Code`] unless told otherwise. The implicit flow
    /// needs [`Config::allow_implicit_flow`]: [`start`](Self::start) refuses it otherwise.
    pub fn response_type(mut self, response_type: ResponseType) -> Self {
        self.response_type = response_type;
        self
    }

    /// Replaces every consent-page option at once (see [`SignInOptions`]).
    pub fn options(mut self, options: SignInOptions) -> Self {
        self.options = options;
        self
    }

    /// `force_reauth=true` makes Instagram ask for the login again, even for a user who
    /// already consented: the way to switch accounts ([`SignInOptions::force_reauth`]).
    pub fn force_reauth(mut self, force: bool) -> Self {
        self.options.force_reauth = force;
        self
    }

    /// `force_authentication=1` makes Instagram ask for the password even if the user is
    /// signed in.
    pub fn force_authentication(mut self, force: bool) -> Self {
        self.options.force_authentication = Some(force);
        self
    }

    /// `enable_fb_login=0` hides "Log in with Facebook" on the consent page.
    pub fn enable_fb_login(mut self, enable: bool) -> Self {
        self.options.enable_fb_login = Some(enable);
        self
    }

    /// Generates the state (unless one was given) and builds the authorization URL.
    pub fn start(self) -> Result<PendingAuthorization, Error> {
        let config = self.config;
        if self.response_type == ResponseType::Token && !config.allow_implicit_flow {
            return Err(Error::InvalidConfig(
                "the implicit (token) flow is off; set Config::allow_implicit_flow to use it"
                    .into(),
            ));
        }
        let state = match self.state {
            // Never empty: CsrfState::new refuses that.
            Some(state) => state,
            None => CsrfState::generate()?,
        };
        let scopes = if self.scopes.is_empty() {
            vec![Scope::instagram_business_basic()]
        } else {
            self.scopes
        };
        let request = SignInRequest {
            state,
            response_type: self.response_type,
            scopes,
            options: self.options,
        };
        Ok(PendingAuthorization::new(
            request.authorization_url(self.url_prefix),
            config,
            request,
            config.clock.now(),
        ))
    }
}

/// What one sign-in asks for beyond the app's configuration: everything its consent URL
/// is built from. A restored sign-in rebuilds its URL from this and the configuration,
/// so a saved string cannot point the browser anywhere else.
#[derive(Clone, Debug)]
pub(crate) struct SignInRequest {
    pub(crate) state: CsrfState,
    pub(crate) response_type: ResponseType,
    /// Deduplicated, in request order, never empty.
    pub(crate) scopes: Vec<Scope>,
    pub(crate) options: SignInOptions,
}

impl SignInRequest {
    pub(crate) fn authorization_url(&self, prefix: &AuthorizationUrlPrefix) -> AuthorizationUrl {
        let flag = |on: bool| if on { "1" } else { "0" };
        prefix.build(|query| {
            query
                .append_pair("response_type", self.response_type.as_str())
                .append_pair("scope", &join_scopes(&self.scopes))
                .append_pair("state", self.state.secret());
            if self.options.force_reauth {
                query.append_pair("force_reauth", "true");
            }
            if let Some(force) = self.options.force_authentication {
                query.append_pair("force_authentication", flag(force));
            }
            if let Some(enable) = self.options.enable_fb_login {
                query.append_pair("enable_fb_login", flag(enable));
            }
        })
    }
}

fn join_scopes(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(Scope::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientId, EndpointUrl, Endpoints, InstagramAuth, RedirectUri};
    use url::Url;

    fn auth() -> InstagramAuth {
        InstagramAuth::new(Config::new(
            ClientId::new("990602627938098").unwrap(),
            RedirectUri::parse("https://socialsizzle.herokuapp.com/auth/").unwrap(),
        ))
        .unwrap()
    }

    fn query(url: &AuthorizationUrl) -> Vec<(String, String)> {
        Url::parse(url.as_str())
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn url_carries_every_parameter_in_order() {
        let pending = auth()
            .authorization_request()
            .scope(Scope::new("instagram_business_basic").unwrap())
            .scope(Scope::new("instagram_business_content_publish").unwrap())
            .state(CsrfState::new("xyz").unwrap())
            .start()
            .unwrap();
        let url = pending.authorization_url();
        assert_eq!(
            url.as_str(),
            "https://www.instagram.com/oauth/authorize?client_id=990602627938098\
             &redirect_uri=https%3A%2F%2Fsocialsizzle.herokuapp.com%2Fauth%2F\
             &response_type=code\
             &scope=instagram_business_basic%2Cinstagram_business_content_publish&state=xyz"
        );
    }

    #[test]
    fn scopes_are_deduplicated_in_order_and_default_to_basic() {
        let scope = |s: &str| Scope::new(s).unwrap();
        let pending = auth()
            .authorization_request()
            .scopes([scope("b"), scope("a"), scope("b"), scope("c"), scope("a")])
            .start()
            .unwrap();
        let scopes: Vec<_> = pending.scopes().iter().map(Scope::as_str).collect();
        assert_eq!(scopes, ["b", "a", "c"]);
        assert!(query(pending.authorization_url()).contains(&("scope".into(), "b,a,c".into())));

        let default = auth().authorization_request().start().unwrap();
        assert!(
            query(default.authorization_url())
                .contains(&("scope".into(), "instagram_business_basic".into()))
        );
    }

    #[test]
    fn generated_state_is_in_the_url_and_differs_per_attempt() {
        let auth = auth();
        let a = auth.authorization_request().start().unwrap();
        let b = auth.authorization_request().start().unwrap();
        let state_of = |p: &PendingAuthorization| {
            query(p.authorization_url())
                .into_iter()
                .find(|(k, _)| k == "state")
                .unwrap()
                .1
        };
        assert_eq!(state_of(&a), a.state().secret());
        assert_ne!(state_of(&a), state_of(&b));
        assert!(state_of(&a).len() >= 32);
    }

    #[test]
    fn special_characters_are_percent_encoded_and_round_trip() {
        let auth = InstagramAuth::new(Config::new(
            ClientId::new("id with space&x=1").unwrap(),
            RedirectUri::parse("https://app.example/cb?next=/a b&x=ü").unwrap(),
        ))
        .unwrap();
        let pending = auth
            .authorization_request()
            .state(CsrfState::new("s+/=&?#").unwrap())
            .start()
            .unwrap();
        let url = pending.authorization_url();
        assert!(!url.as_str().contains(' '));
        assert!(
            !url.as_str().contains('#'),
            "a # in a value must not start a fragment"
        );
        let q = query(url);
        assert_eq!(q[0], ("client_id".into(), "id with space&x=1".into()));
        assert_eq!(q[1].1, auth.config().redirect_uri.as_str());
        assert_eq!(q[4], ("state".into(), "s+/=&?#".into()));
    }

    #[test]
    fn optional_flags_and_implicit_flow() {
        let mut config = auth().config().clone();
        config.allow_implicit_flow = true;
        let pending = InstagramAuth::new(config)
            .unwrap()
            .authorization_request()
            .response_type(ResponseType::Token)
            .force_authentication(true)
            .enable_fb_login(false)
            .start()
            .unwrap();
        let q = query(pending.authorization_url());
        assert!(q.contains(&("response_type".into(), "token".into())));
        assert!(q.contains(&("force_authentication".into(), "1".into())));
        assert!(q.contains(&("enable_fb_login".into(), "0".into())));
        assert_eq!(pending.response_type(), ResponseType::Token);
    }

    /// Each option adds its own parameter, with Instagram's spelling of its value, and
    /// nothing at all when it is not set.
    #[test]
    fn each_option_adds_its_parameter_only_when_set() {
        let option_pairs = |options: SignInOptions| -> Vec<(String, String)> {
            let pending = auth()
                .authorization_request()
                .options(options)
                .start()
                .unwrap();
            query(pending.authorization_url())
                .into_iter()
                .skip(5) // client_id, redirect_uri, response_type, scope, state
                .collect()
        };
        let pair = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        let set = |edit: fn(&mut SignInOptions)| {
            let mut options = SignInOptions::default();
            edit(&mut options);
            options
        };
        let cases = [
            (SignInOptions::default(), vec![]),
            (
                set(|o| o.force_reauth = true),
                vec![pair("force_reauth", "true")],
            ),
            (
                set(|o| o.force_authentication = Some(true)),
                vec![pair("force_authentication", "1")],
            ),
            (
                set(|o| o.force_authentication = Some(false)),
                vec![pair("force_authentication", "0")],
            ),
            (
                set(|o| o.enable_fb_login = Some(true)),
                vec![pair("enable_fb_login", "1")],
            ),
            (
                set(|o| o.enable_fb_login = Some(false)),
                vec![pair("enable_fb_login", "0")],
            ),
            (
                set(|o| {
                    o.force_reauth = true;
                    o.force_authentication = Some(false);
                    o.enable_fb_login = Some(true);
                }),
                vec![
                    pair("force_reauth", "true"),
                    pair("force_authentication", "0"),
                    pair("enable_fb_login", "1"),
                ],
            ),
        ];
        for (options, expected) in cases {
            assert_eq!(option_pairs(options), expected, "{options:?}");
        }
    }

    #[test]
    fn builder_flags_and_start_authorization_with_set_the_same_options() {
        let auth = auth();
        let options = SignInOptions {
            force_reauth: true,
            enable_fb_login: Some(false),
            ..SignInOptions::default()
        };
        let scopes = [Scope::instagram_business_basic()];
        let shortcut = auth.start_authorization_with(&scopes, options).unwrap();
        let built = auth
            .authorization_request()
            .scopes(scopes.clone())
            .force_reauth(true)
            .enable_fb_login(false)
            .start()
            .unwrap();
        assert_eq!(shortcut.options(), options);
        assert_eq!(built.options(), options);
        assert!(
            shortcut
                .authorization_url()
                .as_str()
                .ends_with("&force_reauth=true&enable_fb_login=0")
        );
        let plain = auth.start_authorization(&scopes).unwrap();
        assert_eq!(plain.options(), SignInOptions::default());
        assert!(!plain.authorization_url().as_str().contains("force_reauth"));
    }

    #[test]
    fn legacy_and_custom_consent_pages() {
        let mut config = auth().config().clone();
        config.endpoints = Endpoints::instagram_legacy();
        let legacy = InstagramAuth::new(config.clone()).unwrap();
        let url = legacy
            .authorization_request()
            .start()
            .unwrap()
            .authorization_url()
            .clone();
        assert!(
            url.as_str()
                .starts_with("https://api.instagram.com/oauth/authorize?client_id=")
        );

        config.endpoints =
            Endpoints::under_base(&EndpointUrl::parse("http://127.0.0.1:9/").unwrap());
        let local = InstagramAuth::new(config).unwrap();
        let url = local
            .authorization_request()
            .start()
            .unwrap()
            .authorization_url()
            .clone();
        assert!(
            url.as_str()
                .starts_with("http://127.0.0.1:9/oauth/authorize?client_id=")
        );
    }

    #[test]
    fn implicit_flow_needs_the_configuration_to_allow_it() {
        let result = auth()
            .authorization_request()
            .response_type(ResponseType::Token)
            .start();
        assert!(matches!(result, Err(Error::InvalidConfig(_))), "{result:?}");
    }

    #[test]
    fn response_type_parsing() {
        assert_eq!(ResponseType::parse("code").unwrap(), ResponseType::Code);
        assert_eq!(ResponseType::parse("token").unwrap(), ResponseType::Token);
        assert!(ResponseType::parse("id_token").is_err());
    }
}
