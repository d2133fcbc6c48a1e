//! What the sandbox remembers between requests: consent screens shown, codes and tokens
//! issued, the simulated clock, and the test knobs.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use crate::{Decision, Fault, RedirectRule, ReplyShape, SandboxConfig};

/// Authorization codes are valid for one hour (Basic Display guide).
pub const CODE_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// Short-lived user tokens: one hour.
pub const SHORT_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// Long-lived user tokens: 60 days.
pub const LONG_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 24 * 60 * 60);
/// A long-lived token can be refreshed once it is 24 hours old.
pub const REFRESH_MIN_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// An /oauth/authorize request that passed validation and waits for the user's answer.
#[derive(Clone, Debug)]
pub struct ConsentRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub response_type: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
}

#[derive(Clone, Debug)]
pub struct IssuedCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub user: usize,
    pub scopes: Vec<String>,
    pub issued_at: SystemTime,
    pub used: bool,
}

#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub client_id: String,
    pub user: usize,
    pub issued_at: SystemTime,
    pub lifetime: Duration,
    pub long_lived: bool,
}

#[derive(Debug, Default)]
pub struct Knobs {
    pub fault: Option<Fault>,
    /// The endpoints the fault applies to (`POST /sandbox/fault`); empty: all of them.
    pub fault_endpoints: Vec<String>,
    pub reply_shape: ReplyShape,
    pub redirect_rule: RedirectRule,
    pub allow_implicit: bool,
    pub auto_decision: Option<Decision>,
    pub clock_offset: Duration,
}

#[derive(Debug)]
pub struct State {
    pub config: SandboxConfig,
    pub knobs: Knobs,
    pub consents: HashMap<String, ConsentRequest>,
    pub codes: HashMap<String, IssuedCode>,
    pub tokens: HashMap<String, IssuedToken>,
}

/// The state behind one lock; every request holds it only briefly and never across an await.
#[derive(Debug)]
pub struct Shared {
    pub base_url: String,
    state: Mutex<State>,
}

impl Shared {
    pub fn new(base_url: String, config: SandboxConfig) -> Self {
        Self {
            base_url,
            state: Mutex::new(State {
                config,
                knobs: Knobs::default(),
                consents: HashMap::new(),
                codes: HashMap::new(),
                tokens: HashMap::new(),
            }),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// The sandbox's time: the wall clock plus however far tests have moved it.
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + self.knobs.clock_offset
    }

    pub fn app(&self, client_id: &str) -> Option<&crate::App> {
        self.config
            .apps
            .iter()
            .find(|app| app.client_id == client_id)
    }

    /// The id of user number `user` in the app `client_id` (ids are app-scoped).
    pub fn user_id(&self, user: usize, client_id: &str) -> String {
        self.config
            .users
            .get(user)
            .map(|found| self.config.app_scoped_id(found, client_id))
            .unwrap_or_default()
    }

    /// The index of the user with this handle.
    pub fn user_index(&self, username: &str) -> Option<usize> {
        self.config
            .users
            .iter()
            .position(|user| user.username == username)
    }

    /// A new authorization code for `user`, bound to the app and the redirect URI it was
    /// requested with; it lives [`CODE_LIFETIME`] and works once.
    pub fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        user: usize,
        scopes: Vec<String>,
    ) -> String {
        let code = random_id("AQ", 64);
        let issued = IssuedCode {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            user,
            scopes,
            issued_at: self.now(),
            used: false,
        };
        self.codes.insert(code.clone(), issued);
        code
    }

    /// A new user access token: one hour, or 60 days when long-lived.
    pub fn issue_token(&mut self, client_id: &str, user: usize, long_lived: bool) -> String {
        let (token, lifetime) = if long_lived {
            (random_id("IGAAL", 96), LONG_TOKEN_LIFETIME)
        } else {
            (random_id("IGAA", 64), SHORT_TOKEN_LIFETIME)
        };
        let issued = IssuedToken {
            client_id: client_id.to_owned(),
            user,
            issued_at: self.now(),
            lifetime,
            long_lived,
        };
        self.tokens.insert(token.clone(), issued);
        token
    }

    /// A valid (known, unexpired) token, or the Graph error message for it.
    pub fn token(&self, token: &str) -> Result<&IssuedToken, TokenProblem> {
        let issued = self.tokens.get(token).ok_or(TokenProblem::Unknown)?;
        if issued.issued_at + issued.lifetime <= self.now() {
            return Err(TokenProblem::Expired);
        }
        Ok(issued)
    }
}

pub enum TokenProblem {
    Missing,
    Unknown,
    Expired,
}

/// `prefix` followed by `len` random URL-safe characters.
pub fn random_id(prefix: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the sandbox needs the system random generator");
    let random: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 64)] as char)
        .collect();
    format!("{prefix}{random}")
}
