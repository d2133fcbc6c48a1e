//! Logging in to Parse Server through its REST API, for apps that use no Parse SDK.

use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use crate::http::Http;
use crate::reply::{optional_text, required_text, successful_object};
use crate::{AuthData, EndpointUrl, Error, HttpSettings, ParseSessionToken};

/// A Parse Server (Back4App: `https://parseapi.back4app.com`; self-hosted: its mount
/// path, e.g. `https://example.com/parse`), reached over its REST API.
#[derive(Clone)]
pub struct ParseServer {
    url: EndpointUrl,
    application_id: String,
    rest_api_key: Option<String>,
    http: Http,
}

impl ParseServer {
    /// A server and the app's keys (the REST API key is optional on self-hosted servers),
    /// with the default network limits.
    pub fn new(
        url: EndpointUrl,
        application_id: impl Into<String>,
        rest_api_key: Option<String>,
    ) -> Result<Self, Error> {
        Ok(Self {
            url,
            application_id: application_id.into(),
            rest_api_key,
            http: Http::new(&HttpSettings::default())?,
        })
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// `POST <server>/users` with `{"authData": {"instagram": ...}}`: signs the Instagram
    /// user up or in. Parse verifies the token with Instagram; a wrong id or token comes
    /// back as [`Error::Provider`] with Parse's code 101.
    pub async fn log_in(&self, auth_data: &AuthData) -> Result<ParseSession, Error> {
        let body = json!({ "authData": { AuthData::PROVIDER: auth_data.to_map() } });
        let mut request = self
            .http
            .client()
            .post(self.url.with_path(&["users"]))
            .header(CONTENT_TYPE, "application/json")
            .header("X-Parse-Application-Id", &self.application_id)
            .body(body.to_string());
        if let Some(key) = &self.rest_api_key {
            request = request.header("X-Parse-REST-API-Key", key);
        }
        let reply = self.http.send(request).await?;
        let user = successful_object(reply.status, &reply.body)?;
        Ok(ParseSession {
            object_id: required_text(reply.status, &user, "objectId")?,
            session_token: ParseSessionToken::new(
                optional_text(&user, "sessionToken").ok_or_else(|| {
                    Error::invalid_reply(reply.status, "it carries no sessionToken")
                })?,
            ),
            created: reply.status == 201,
        })
    }
}
