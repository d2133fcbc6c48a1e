//! Where the app sends its code to be exchanged.

use std::collections::HashMap;

use instagram_auth::EndpointUrl;

use crate::InstagramAuthError;

/// Your backend's code-exchange endpoint, which holds the Instagram app secret.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct BackendExchange {
    pub(crate) inner: instagram_auth::BackendExchange,
}

#[uniffi::export]
impl BackendExchange {
    /// Any endpoint that takes `{"code","redirect_uri"}` as JSON and answers with
    /// Instagram's token reply (optionally wrapped in `{"result": ...}`).
    #[uniffi::constructor]
    pub fn new(url: String, headers: HashMap<String, String>) -> Result<Self, InstagramAuthError> {
        let mut inner = instagram_auth::BackendExchange::new(EndpointUrl::parse(&url)?);
        let mut headers: Vec<_> = headers.into_iter().collect();
        headers.sort();
        for (name, value) in headers {
            inner = inner.with_header(&name, &value)?;
        }
        Ok(Self { inner })
    }

    /// A Parse Cloud Code function, e.g. server `https://parseapi.back4app.com` and the
    /// function from this repository's `server/cloud/main.js`, called with the application
    /// id and `key` under its own header. An app with the Parse SDK needs none of this:
    /// `exchangeCodeWith` and a `CodeExchanger` use the SDK's own keys.
    #[uniffi::constructor]
    pub fn parse_cloud_function(
        server_url: String,
        function_name: String,
        application_id: String,
        key: Option<ParseApiKey>,
    ) -> Result<Self, InstagramAuthError> {
        let inner = instagram_auth::BackendExchange::parse_cloud_function(
            &EndpointUrl::parse(&server_url)?,
            &function_name,
            &application_id,
            key.map(instagram_auth::ParseApiKey::from).as_ref(),
        )?;
        Ok(Self { inner })
    }
}

/// The key a Parse Server is called with, by its real name: Parse Server reads each kind
/// only under its own header, and answers 403 to a Client Key sent as a REST API key.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ParseApiKey {
    /// The REST API key, sent as `X-Parse-REST-API-Key` (for servers and the sandbox;
    /// Parse's docs tell apps not to ship it).
    RestApiKey {
        /// The key.
        value: String,
    },
    /// The Client Key (Back4App: "Client key"), sent as `X-Parse-Client-Key`, as the
    /// Parse SDKs send it.
    ClientKey {
        /// The key.
        value: String,
    },
}

impl From<ParseApiKey> for instagram_auth::ParseApiKey {
    fn from(key: ParseApiKey) -> Self {
        match key {
            ParseApiKey::RestApiKey { value } => Self::RestApiKey(value),
            ParseApiKey::ClientKey { value } => Self::ClientKey(value),
        }
    }
}

impl std::fmt::Display for BackendExchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BackendExchange({})", self.inner.url().as_str())
    }
}
