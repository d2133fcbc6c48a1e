//! Logging in to Parse Server through its REST API, for apps that use no Parse SDK.

use std::sync::Arc;

use serde_json::json;

use crate::json::{required_secret, required_text, successful_object};
use crate::refusal::Answerer;
use crate::transport::{self, HttpRequest};
use crate::{EndpointUrl, Error, HttpSettings, HttpTransport, ParseAuthData, ParseSessionToken};

/// A Parse Server (Back4App: `https://parseapi.back4app.com`; self-hosted: its mount
/// path, e.g. `https://example.com/parse`), reached over its REST API.
#[derive(Clone)]
pub struct ParseServer {
    url: EndpointUrl,
    application_id: String,
    rest_api_key: Option<String>,
    settings: HttpSettings,
    transport: Arc<dyn HttpTransport>,
}

impl ParseServer {
    /// A server and the app's keys (the REST API key is optional on self-hosted servers),
    /// with the default network limits, over reqwest.
    #[cfg(feature = "reqwest")]
    pub fn new(
        url: EndpointUrl,
        application_id: impl Into<String>,
        rest_api_key: Option<String>,
    ) -> Result<Self, Error> {
        let settings = HttpSettings::default();
        let transport = crate::ReqwestTransport::new(&settings)?.shared();
        Ok(Self::with_transport(
            url,
            application_id,
            rest_api_key,
            settings,
            transport,
        ))
    }

    /// Like [`new`](Self::new), sending through `transport` with `settings`' limits.
    pub fn with_transport(
        url: EndpointUrl,
        application_id: impl Into<String>,
        rest_api_key: Option<String>,
        settings: HttpSettings,
        transport: Arc<dyn HttpTransport>,
    ) -> Self {
        Self {
            url,
            application_id: application_id.into(),
            rest_api_key,
            settings,
            transport,
        }
    }
}

/// Shows the URL only: the keys stay out of logs.
impl std::fmt::Debug for ParseServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParseServer")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

/// A Parse user logged in with Instagram.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ParseSession {
    /// The `_User` objectId.
    pub object_id: String,
    /// The session token for further Parse requests.
    pub session_token: ParseSessionToken,
    /// Whether Parse created the user (HTTP 201) rather than finding it (200).
    pub created: bool,
}

impl ParseServer {
    /// The request of [`log_in`](Self::log_in): `POST <server>/users` with the app's keys
    /// and `{"authData": {"instagram": ...}}`. Read its reply with [`parse_log_in_reply`].
    pub fn log_in_request(&self, auth_data: &ParseAuthData) -> HttpRequest {
        let body = json!({ "authData": { ParseAuthData::PROVIDER: auth_data.to_map() } });
        let request = HttpRequest::post_json(self.url.with_path(&["users"]), &body, &self.settings)
            .header("X-Parse-Application-Id", &self.application_id);
        match &self.rest_api_key {
            Some(key) => request.header("X-Parse-REST-API-Key", key),
            None => request,
        }
    }

    /// Signs the Instagram user up or in. Parse verifies the token with Instagram; a wrong
    /// id or token comes back as [`Error::Provider`] with Parse's code 101. A refusal of
    /// the request itself (e.g. 403 for missing keys) is [`Error::BackendRejected`], with
    /// the server's endpoint and the keys it needs.
    pub async fn log_in(&self, auth_data: &ParseAuthData) -> Result<ParseSession, Error> {
        let request = self.log_in_request(auth_data);
        let endpoint = request.url().clone();
        transport::call(&self.transport, request, parse_log_in_reply)
            .await
            .map_err(|error| error.with_backend_endpoint(&endpoint, true))
    }
}

/// Reads Parse's answer to a login: the user's `objectId` and `sessionToken`, and whether
/// it was created (HTTP 201) or found (200); or the Parse error it stands for.
pub fn parse_log_in_reply(status: u16, body: &[u8]) -> Result<ParseSession, Error> {
    let user = successful_object(status, body, Answerer::ParseServer)?;
    Ok(ParseSession {
        object_id: required_text(status, &user, "objectId")?,
        session_token: required_secret(status, &user, "sessionToken", ParseSessionToken::new)?,
        created: status == 201,
    })
}
