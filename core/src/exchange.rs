//! Turning an authorization code into a token: directly (needs the app secret, so on a
//! server) or through the app's own backend (the way for mobile apps).

use std::fmt;

use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use crate::reply::{parse_backend_reply, parse_token_reply};
use crate::{ClientSecret, CodeGrant, EndpointUrl, Error, InstagramAuth, TokenResponse};

/// An endpoint of the app's own backend that exchanges codes with the app secret it keeps.
/// It receives `{"code": "...", "redirect_uri": "..."}` as JSON and answers with a token
/// reply, either as Instagram sent it or wrapped as `{"result": {...}}`.
#[derive(Clone)]
pub struct BackendExchange {
    url: EndpointUrl,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl BackendExchange {
    /// A backend endpoint at `url`, with no extra headers.
    pub fn new(url: EndpointUrl) -> Self {
        Self {
            url,
            headers: Vec::new(),
        }
    }

    /// A Parse Cloud Code function (`POST <server>/functions/<name>`), e.g. on Back4App
    /// with `server_url` `https://parseapi.back4app.com`. The REST API key is optional
    /// because self-hosted servers may not require one.
    pub fn parse_cloud_function(
        server_url: &EndpointUrl,
        function_name: &str,
        application_id: &str,
        rest_api_key: Option<&str>,
    ) -> Result<Self, Error> {
        if function_name.is_empty() || function_name.contains('/') {
            return Err(Error::InvalidConfig(format!(
                "{function_name:?} is not a Cloud Code function name"
            )));
        }
        let url = EndpointUrl::from_url(server_url.with_path(&["functions", function_name]))?;
        let backend = Self::new(url).with_header("X-Parse-Application-Id", application_id)?;
        match rest_api_key {
            Some(key) => backend.with_header("X-Parse-REST-API-Key", key),
            None => Ok(backend),
        }
    }

    /// Adds a header sent with every exchange (an API key, a session token...).
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::InvalidConfig(format!("{name:?} is not an HTTP header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidConfig(format!("the value of header {name} is not valid"))
        })?;
        value.set_sensitive(true);
        self.headers.push((name, value));
        Ok(self)
    }

    /// The endpoint called.
    pub fn url(&self) -> &EndpointUrl {
        &self.url
    }
}

/// Shows header names only: values are often keys.
impl fmt::Debug for BackendExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("BackendExchange")
            .field("url", &self.url.as_str())
            .field("headers", &names)
            .finish()
    }
}

impl InstagramAuth {
    /// Exchanges a code with Instagram's token endpoint: a form POST of `client_id`,
    /// `client_secret`, `grant_type=authorization_code`, the grant's `redirect_uri` and
    /// `code`. Needs the app secret, so it belongs on a server; apps use
    /// [`exchange_code_via_backend`](Self::exchange_code_via_backend).
    ///
    /// Sent once: a code is single-use, so a failed exchange is never retried.
    pub async fn exchange_code(
        &self,
        grant: &CodeGrant,
        client_secret: &ClientSecret,
    ) -> Result<TokenResponse, Error> {
        let form = [
            ("client_id", self.config().client_id.as_str()),
            ("client_secret", client_secret.secret()),
            ("grant_type", "authorization_code"),
            ("redirect_uri", grant.redirect_uri().as_str()),
            ("code", grant.code().secret()),
        ];
        let request = self
            .http
            .client()
            .post(self.config().endpoints.token.as_url().clone())
            .form(&form);
        let reply = self.http.send(request).await?;
        parse_token_reply(reply.status, &reply.body)
    }

    /// Exchanges a code through the app's backend, which holds the app secret. Sent once,
    /// like [`exchange_code`](Self::exchange_code).
    pub async fn exchange_code_via_backend(
        &self,
        grant: &CodeGrant,
        backend: &BackendExchange,
    ) -> Result<TokenResponse, Error> {
        let body = serde_json::json!({
            "code": grant.code().secret(),
            "redirect_uri": grant.redirect_uri().as_str(),
        });
        let mut request = self
            .http
            .client()
            .post(backend.url.as_url().clone())
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string());
        for (name, value) in &backend.headers {
            request = request.header(name, value);
        }
        let reply = self.http.send(request).await?;
        parse_backend_reply(reply.status, &reply.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_cloud_function_url_and_headers() {
        let server = EndpointUrl::parse("https://parseapi.back4app.com").unwrap();
        let backend = BackendExchange::parse_cloud_function(
            &server,
            "instagramExchange",
            "APPID",
            Some("RESTKEY"),
        )
        .unwrap();
        assert_eq!(
            backend.url().as_str(),
            "https://parseapi.back4app.com/functions/instagramExchange"
        );
        let text = format!("{backend:?}");
        assert!(text.contains("x-parse-application-id") && text.contains("x-parse-rest-api-key"));
        assert!(
            !text.contains("RESTKEY") && !text.contains("APPID"),
            "{text}"
        );

        let local = EndpointUrl::parse("http://127.0.0.1:1337/parse").unwrap();
        let backend = BackendExchange::parse_cloud_function(&local, "f", "a", None).unwrap();
        assert_eq!(
            backend.url().as_str(),
            "http://127.0.0.1:1337/parse/functions/f"
        );
    }

    #[test]
    fn bad_function_names_and_headers_are_configuration_errors() {
        let server = EndpointUrl::parse("https://parseapi.back4app.com").unwrap();
        for name in ["", "a/b"] {
            assert!(BackendExchange::parse_cloud_function(&server, name, "a", None).is_err());
        }
        let backend = BackendExchange::new(server);
        assert!(backend.clone().with_header("bad header", "v").is_err());
        assert!(backend.with_header("X-Key", "line\nbreak").is_err());
    }
}
