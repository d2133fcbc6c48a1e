//! Shared by the integration tests: a sandbox-backed client and a browser stand-in.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use instagram_auth::{
    ClientId, ClientSecret, Clock, CodeGrant, Config, EndpointUrl, Endpoints, Grant, InstagramAuth,
    PendingAuthorization, RedirectUri,
};
use instagram_sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox, SandboxConfig};

pub const REDIRECT: &str = "https://app.example.com/auth/";
pub const SANDBOX_USER_ID: &str = "17841405793187219";

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    pub fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(SystemTime::now())))
    }
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

pub struct Env {
    pub sandbox: Sandbox,
    pub auth: InstagramAuth,
    pub clock: Arc<ManualClock>,
}

pub async fn env() -> Env {
    env_with(|_| {}).await
}

pub async fn env_with(adjust: impl FnOnce(&mut Config)) -> Env {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let clock = ManualClock::new();
    let mut config = config_for(&sandbox);
    config.clock = clock.clone();
    adjust(&mut config);
    let auth = InstagramAuth::new(config).unwrap();
    Env {
        sandbox,
        auth,
        clock,
    }
}

pub fn config_for(sandbox: &Sandbox) -> Config {
    let mut config = Config::new(
        ClientId::new(DEFAULT_CLIENT_ID).unwrap(),
        RedirectUri::parse(REDIRECT).unwrap(),
    );
    config.endpoints = Endpoints::under_base(&EndpointUrl::parse(sandbox.base_url()).unwrap());
    config
}

pub fn secret() -> ClientSecret {
    ClientSecret::new(DEFAULT_CLIENT_SECRET)
}

/// Plays the browser: opens the consent URL with an automatic decision and returns
/// where the sandbox redirects to.
pub async fn consent(pending: &PendingAuthorization, decision: &str) -> String {
    let mut url = pending.authorization_url().clone();
    url.query_pairs_mut()
        .append_pair("sandbox_decision", decision);
    let browser = reqwest::Client::builder()
        .tls_backend_preconfigured(plain_tls())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser.get(url).send().await.unwrap();
    assert_eq!(
        response.status(),
        302,
        "the sandbox refused the authorization request"
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// A TLS configuration for test clients that only speak plain HTTP to loopback: reqwest
/// wants one, and installing a process-wide default would hide a core that forgot its own.
pub fn plain_tls() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// Starts a sign-in, consents, checks the callback: a code ready to exchange.
pub async fn code_grant(env: &Env) -> CodeGrant {
    let pending = env.auth.start_authorization(&[]).unwrap();
    let callback = consent(&pending, "allow").await;
    match env.auth.handle_callback(&pending, &callback).unwrap() {
        Grant::Code(grant) => grant,
        other => panic!("{other:?}"),
    }
}

/// Asserts that no secret of the flow shows in an error's text.
pub fn assert_redacted(error: &instagram_auth::Error, secrets: &[&str]) {
    let text = format!("{error} {error:?}");
    for secret in secrets {
        assert!(
            !secret.is_empty() && !text.contains(secret),
            "{text} reveals a secret"
        );
    }
}
