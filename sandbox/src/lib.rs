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
//! Deliberate differences from Instagram, for development: custom-scheme redirect URIs
//! may be registered; the query parameters `sandbox_decision=allow|deny` and
//! `sandbox_user=<username>` answer the consent page automatically; and
//! `/sandbox/parse/functions/instagramExchange` plays the app's backend (a Parse Cloud
//! function holding the app secret), so the recommended backend exchange works locally.
//! `/sandbox/signed_request` delivers Meta's signed Deauthorize and Data Deletion
//! callbacks on request, and `/sandbox/clock` moves the sandbox's time.

mod authorize;
mod browser;
mod config;
mod dev_backend;
mod graph;
mod http;
mod meta;
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
pub use redirect_rule::{guide_redirect_table, redirect_allowed};

use state::Shared;

/// The user's answer on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// "Allow": redirect with a code (or token).
    Allow,
    /// "Cancel": redirect with `error=access_denied`.
    Deny,
}

/// Which token reply shape `/oauth/access_token` uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplyShape {
    /// Today's `{"data":[{"access_token","user_id":"..","permissions":".."}]}`.
    #[default]
    Wrapped,
    /// Basic Display's `{"access_token","user_id":<number>}`.
    BasicDisplay,
    /// The original API's `{"access_token","user":{"id","username","full_name","profile_picture"}}`.
    Legacy,
}

/// A failure the token and Graph endpoints simulate, until cleared. The consent page is
/// never affected, so a test can get a code and then watch the exchange fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally, but only after this long.
    Delay(Duration),
    /// HTTP 500 with Graph's transient error body.
    ServerError,
    /// HTTP 200 with an HTML page, like a captive portal.
    HtmlPage,
    /// Announce a JSON body, send half of it, close the connection.
    TruncatedBody,
    /// Stream a 2 MiB body without Content-Length.
    OversizedBody,
    /// Close the connection without answering.
    DropConnection,
    /// HTTP 302 to another page, as a captive portal answers: a client that followed it
    /// would send the request (a code, a token) there.
    Redirect,
}

impl Fault {
    /// Parses `delay:<ms>`, `500`, `html`, `truncated`, `oversized`, `drop` or `redirect`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "500" | "server-error" => Ok(Fault::ServerError),
            "html" => Ok(Fault::HtmlPage),
            "truncated" => Ok(Fault::TruncatedBody),
            "oversized" => Ok(Fault::OversizedBody),
            "drop" => Ok(Fault::DropConnection),
            "redirect" => Ok(Fault::Redirect),
            _ => text
                .strip_prefix("delay:")
                .and_then(|ms| ms.parse().ok())
                .map(|ms| Fault::Delay(Duration::from_millis(ms)))
                .ok_or_else(|| {
                    format!(
                        "unknown fault {text:?} (delay:<ms>, 500, html, truncated, oversized, drop, redirect)"
                    )
                }),
        }
    }
}

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

    /// Makes the token and Graph endpoints fail (or stop failing with `None`).
    pub fn set_fault(&self, fault: Option<Fault>) {
        self.shared.lock().knobs.fault = fault;
    }

    /// Chooses the token reply shape.
    pub fn set_reply_shape(&self, shape: ReplyShape) {
        self.shared.lock().knobs.reply_shape = shape;
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
