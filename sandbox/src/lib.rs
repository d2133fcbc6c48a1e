//! A local Instagram for tests and development: the OAuth consent page, the token
//! endpoint and the Graph endpoints a sign-in uses, on 127.0.0.1, written from
//! Instagram's documents (see `shared/reference/`).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = instagram_sandbox::Sandbox::start(Default::default()).await?;
//! println!("Instagram stand-in at {}", sandbox.base_url());
//! sandbox.stop().await;
//! # Ok(()) }
//! ```
//!
//! It follows today's Instagram Login (`instagram-api-2026.md`): redirect URIs match a
//! registered one exactly, only `response_type=code`, today's scopes, `force_reauth=true`
//! asks for the login again, and the token reply is the documented wrapped shape. The
//! 2013 API's rules stay reachable for tests of old behaviour: [`RedirectRule::Legacy`],
//! [`Sandbox::set_allow_implicit`] and the older [`ReplyShape`]s.
//!
//! Deliberate differences from Instagram, for development:
//! - custom-scheme redirect URIs may be registered (Instagram accepts only http(s)), so a
//!   phone app can be called back directly; redirect URIs are compared as parsed URLs (a
//!   host's case and a written-out default port do not count);
//! - the query parameters `sandbox_decision=allow|deny` and `sandbox_user=<username>`
//!   answer the consent page, and [`Sandbox::set_auto_decision`] answers every page, as for
//!   a user who is signed in and consented before (a request with `force_reauth=true` or
//!   `force_authentication=1` still shows the page);
//! - the error pages' texts are written in Instagram's style, not copied from it;
//! - `/sandbox/parse/functions/instagramExchange` plays the app's backend (a Parse Cloud
//!   function holding the app secret), so the recommended backend exchange works locally;
//! - `/sandbox/signed_request` delivers Meta's signed Deauthorize and Data Deletion
//!   callbacks on request, and `/sandbox/clock` moves the sandbox's time;
//! - [`Fault`]s make the token and Graph endpoints fail on request (a `rate-limit` with
//!   Meta's usage headers among them), set at start or switched while running with
//!   `POST /sandbox/fault` (from the loopback only), on all four endpoints or some.

mod authorize;
mod browser;
mod config;
mod dev_backend;
mod fault_switch;
mod graph;
mod http;
mod meta;
mod options;
mod rate_limit;
mod redirect_rule;
mod server;
mod state;
mod token;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use authorize::{DECISION_PARAMETER, USER_PARAMETER};
pub use browser::{answer_consent, loopback_client};
pub use config::{
    App, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URIS, SECOND_CLIENT_ID,
    SECOND_CLIENT_SECRET, SECOND_REDIRECT_URI, SandboxConfig, User,
};
pub use dev_backend::{
    DEV_FUNCTION_NAME, DEV_PARSE_APPLICATION_ID, DEV_PARSE_PATH, DEV_PARSE_REST_API_KEY,
};
pub use meta::sign_request;
pub use options::{Decision, Fault, RedirectRule, ReplyShape};
pub use rate_limit::{RATE_LIMIT_ERROR_CODE, RATE_LIMIT_MINUTES_TO_REGAIN};
pub use redirect_rule::{exact_redirect_table, guide_redirect_table};

use state::Shared;

/// A running sandbox. Stops when [`stop`](Self::stop) is called or when dropped.
#[derive(Debug)]
pub struct Sandbox {
    shared: Arc<Shared>,
    server: server::Server,
}

impl Sandbox {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start(config: SandboxConfig) -> io::Result<Self> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on a given address (port 0 picks a free one).
    pub async fn start_on(config: SandboxConfig, address: SocketAddr) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let local = listener.local_addr()?;
        let shared = Arc::new(Shared::new(format!("http://{local}/"), config));
        let server = server::Server::spawn(listener, shared.clone());
        Ok(Self { shared, server })
    }

    /// `http://127.0.0.1:<port>/`: the base under which the endpoints live as on
    /// Instagram (`oauth/authorize`, `oauth/access_token`, `me`, ...).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// Makes the token and Graph endpoints fail (or stop failing with `None`), all of them
    /// (`POST /sandbox/fault` can pick some).
    pub fn set_fault(&self, fault: Option<Fault>) {
        let mut state = self.shared.lock();
        state.knobs.fault = fault;
        state.knobs.fault_endpoints.clear();
    }

    /// Chooses the token reply shape.
    pub fn set_reply_shape(&self, shape: ReplyShape) {
        self.shared.lock().knobs.reply_shape = shape;
    }

    /// Chooses how `/oauth/authorize` matches redirect URIs ([`RedirectRule::Exact`]
    /// unless set).
    pub fn set_redirect_rule(&self, rule: RedirectRule) {
        self.shared.lock().knobs.redirect_rule = rule;
    }

    /// Serves the retired implicit flow (`response_type=token`, the token in the
    /// redirect's fragment), which Instagram Login refuses; off unless set.
    pub fn set_allow_implicit(&self, allow: bool) {
        self.shared.lock().knobs.allow_implicit = allow;
    }

    /// Answers every consent page with `decision` (or shows the page again with `None`).
    pub fn set_auto_decision(&self, decision: Option<Decision>) {
        self.shared.lock().knobs.auto_decision = decision;
    }

    /// Moves the sandbox's clock forward, to expire codes and tokens.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.lock().knobs.clock_offset += by;
    }

    /// Issues an authorization code as if `username` had allowed `client_id` at
    /// `redirect_uri`, without the consent round trip: for benchmarks and load tests that
    /// need many codes. `None` if the app or user is unknown.
    pub fn issue_code(
        &self,
        client_id: &str,
        redirect_uri: &str,
        username: &str,
    ) -> Option<String> {
        let mut state = self.shared.lock();
        state.app(client_id)?;
        let user = state.user_index(username)?;
        let scopes = vec!["instagram_business_basic".to_owned()];
        Some(state.issue_code(client_id, redirect_uri, user, scopes))
    }

    /// Stops listening and closes open connections.
    pub async fn stop(self) {
        self.server.stop().await;
    }
}
