//! Shared by the integration tests: a sandbox-backed client and a browser stand-in.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use instagram_auth::{
    ClientSecret, Clock, CodeGrant, Config, Grant, InstagramAuth, PendingAuthorization,
};
use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Decision, Sandbox, SandboxConfig, answer_consent,
};

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
    Config::from_strings(DEFAULT_CLIENT_ID, REDIRECT, Some(sandbox.base_url())).unwrap()
}

pub fn secret() -> ClientSecret {
    ClientSecret::new(DEFAULT_CLIENT_SECRET).unwrap()
}

/// Plays the browser: answers the consent page (`"allow"` or `"deny"`) and returns where
/// the sandbox redirects.
pub async fn consent(pending: &PendingAuthorization, decision: &str) -> String {
    let decision = if decision == "allow" {
        Decision::Allow
    } else {
        Decision::Deny
    };
    answer_consent(pending.authorization_url().as_str(), decision)
        .await
        .unwrap()
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
