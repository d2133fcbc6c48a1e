//! Sign in with Instagram, for apps that log users into Parse / Back4App.
//!
//! The whole OAuth 2.0 round trip with Instagram's Login API:
//!
//! 1. [`InstagramAuth::start_authorization`] builds the consent URL with a fresh
//!    unguessable state (or [`InstagramAuth::start_authorization_with`], with
//!    [`SignInOptions`]) and returns a [`PendingAuthorization`] that can be saved and
//!    restored across an app restart;
//! 2. [`InstagramAuth::handle_callback`] checks the redirect (location, state, expiry,
//!    single use) and returns the grant (the code, bound to its redirect URI), or the
//!    user's denial as [`Error::AccessDenied`];
//! 3. [`InstagramAuth::exchange_code_via_backend`] or [`InstagramAuth::exchange_code_with`]
//!    (apps, through their backend over HTTP or their own [`CodeExchanger`]) or
//!    [`InstagramAuth::exchange_code_with_client_secret`] (servers, with the app secret) gets the token,
//!    whatever reply shape Instagram uses;
//! 4. [`ParseAuthData`] is what `PFUser.logInWithAuthType("instagram", ...)` /
//!    `ParseUser.logInWithInBackground("instagram", ...)` take; [`ParseCodeAuthData`] hands
//!    Parse the grant itself instead, for a Parse Server that exchanges the code.
//!
//! Secrets ([`ClientSecret`], [`AuthorizationCode`], [`AccessToken`], [`CsrfState`]) print
//! as `[redacted]`, and no [`Error`] message contains one.
//!
//! Servers also get, with the `signed-request` feature, `SignedRequestVerifier` for
//! Meta's Deauthorize and Data Deletion callbacks.

mod auth_data;
mod authorization_url;
mod authorize;
mod callback;
mod client;
mod clock;
mod code_auth_data;
mod code_exchanger;
mod completed;
mod deadline;
mod endpoint;
mod error;
mod exchange;
mod form;
mod graph;
mod graph_version;
mod ids;
mod json;
mod parse_rest;
mod pending;
mod rate_limit;
mod redact;
mod redirect_uri;
mod refusal;
mod reply;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
mod secret;
#[cfg(feature = "signed-request")]
mod signed_request;
mod transport;

pub use auth_data::ParseAuthData;
pub use authorization_url::AuthorizationUrl;
pub use authorize::{AuthorizationRequest, ResponseType, SignInOptions};
pub use callback::{CodeGrant, Grant, parse_callback};
pub use client::{Config, InstagramAuth};
pub use clock::{Clock, SystemClock};
pub use code_auth_data::ParseCodeAuthData;
pub use code_exchanger::{CodeExchangeError, CodeExchangeFuture, CodeExchanger};
pub use endpoint::{EndpointUrl, Endpoints};
pub use error::{BackendRefusal, CallbackProblem, Error, ProviderError};
pub use exchange::{BackendExchange, ParseApiKey};
pub use graph::{LongLivedToken, Profile, parse_long_lived_token_reply, parse_profile_reply};
pub use graph_version::GraphApiVersion;
pub use ids::{ClientId, ProfessionalAccountId, Scope, UserId};
pub use parse_rest::{ParseServer, ParseSession, parse_log_in_reply};
pub use pending::PendingAuthorization;
pub use rate_limit::{BusinessUseCaseUsage, RateLimitUsage, UsageShare};
pub use redirect_uri::{LocationDifference, RedirectUri};
pub use reply::{LegacyUser, TokenResponse, parse_backend_reply, parse_token_reply};
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
pub use secret::{AccessToken, AuthorizationCode, ClientSecret, CsrfState, ParseSessionToken};
#[cfg(feature = "signed-request")]
pub use signed_request::{
    SIGNED_REQUEST_ALGORITHM, SIGNED_REQUEST_MAX_DEPTH, SIGNED_REQUEST_MAX_ISSUED_AT,
    SignedRequest, SignedRequestError, SignedRequestPart, SignedRequestVerifier,
    sign_signed_request_payload,
};
pub use transport::{
    HttpMethod, HttpRequest, HttpResponse, HttpSettings, HttpTransport, TransportError,
    TransportFuture,
};

// The bindings export a few of these types as they are (feature `uniffi`).
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
