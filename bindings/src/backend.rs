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
    /// function from this repository's `server/cloud/main.js`.
    #[uniffi::constructor]
    pub fn parse_cloud_function(
        server_url: String,
        function_name: String,
        application_id: String,
        rest_api_key: Option<String>,
    ) -> Result<Self, InstagramAuthError> {
        let inner = instagram_auth::BackendExchange::parse_cloud_function(
            &EndpointUrl::parse(&server_url)?,
            &function_name,
            &application_id,
            rest_api_key.as_deref(),
        )?;
        Ok(Self { inner })
    }
}

impl std::fmt::Display for BackendExchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BackendExchange({})", self.inner.url().as_str())
    }
}
