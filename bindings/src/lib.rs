//! Swift and Kotlin bindings of `instagram-auth`, generated with UniFFI.
//!
//! Nothing here makes a decision: every exported item converts its arguments, forwards
//! to the core crate and converts the result. Secrets stay inside objects whose
//! `toString()` / `description` redact them; plain records carry no secret.

mod auth;
mod backend;
#[cfg(feature = "builtin-http")]
mod builtin_http;
mod code_exchanger;
mod config;
mod error;
mod options;
mod pending;
mod token;
mod transport;

pub use auth::InstagramAuth;
pub use backend::{BackendExchange, ParseApiKey};
#[cfg(feature = "builtin-http")]
pub use builtin_http::built_in_http_client;
pub use code_exchanger::{CodeExchanger, CodeExchangerError};
pub use config::InstagramAuthConfig;
pub use error::{InstagramAuthError, StrayCallbackReason};
pub use instagram_auth::Profile;
pub use options::SignInOptions;
pub use pending::{CodeGrant, ParseCodeAuthData, PendingAuthorization};
pub use token::{ParseAuthData, TokenResponse};
pub use transport::{HttpClient, HttpClientError, HttpHeader, HttpRequest, HttpResponse};

uniffi::setup_scaffolding!();
