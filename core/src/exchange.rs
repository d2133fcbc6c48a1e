//! Turning an authorization code into a token: directly (needs the app secret, so on a
//! server) or through the app's own backend (the way for mobile apps).

use std::fmt;

use crate::reply::{parse_backend_reply, parse_token_reply};
use crate::transport::HttpRequest;
use crate::{ClientSecret, CodeGrant, EndpointUrl, Error, InstagramAuth, TokenResponse};

/// An endpoint of the app's own backend that exchanges codes with the app secret it keeps.
/// It receives `{"code": "...", "redirect_uri": "..."}` as JSON and answers with a token
/// reply, either as Instagram sent it or wrapped as `{"result": {...}}`.
#[derive(Clone)]
pub struct BackendExchange {
    url: EndpointUrl,
    headers: Vec<(String, String)>,
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
    /// with `server_url` `https://parseapi.back4app.com`, sent with the application id and
    /// `key` under the header its kind takes. The key is optional because self-hosted
    /// servers may not require one.
    pub fn parse_cloud_function(
        server_url: &EndpointUrl,
        function_name: &str,
        application_id: &str,
        key: Option<&ParseApiKey>,
    ) -> Result<Self, Error> {
        if function_name.is_empty() || function_name.contains('/') {
            return Err(Error::InvalidConfig(format!(
                "{function_name:?} is not a Cloud Code function name"
            )));
        }
        let url = EndpointUrl::from_url(server_url.with_path(&["functions", function_name]))?;
        let backend = Self::new(url).with_header("X-Parse-Application-Id", application_id)?;
        match key {
            Some(key) => backend.with_header(key.header_name(), key.value()),
            None => Ok(backend),
        }
    }

    /// Adds a header sent with every exchange (an API key, a session token...). The name
    /// must be an HTTP token, the value visible ASCII, spaces and tabs: no line break can
    /// smuggle another header into a request, whatever transport sends it.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        if !is_header_name(name) {
            return Err(Error::InvalidConfig(format!(
                "{name:?} is not an HTTP header name"
            )));
        }
        if !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            return Err(Error::InvalidConfig(format!(
                "the value of header {name} is not valid"
            )));
        }
        self.headers.push((name.to_owned(), value.to_owned()));
        Ok(self)
    }

    /// The endpoint called.
    pub fn url(&self) -> &EndpointUrl {
        &self.url
    }
}

/// The key a Parse Server is called with besides the application id. Each kind has its
/// own header, and Parse Server checks a key only under its own header: a Client Key sent
/// as a REST API key is refused (HTTP 403, "unauthorized").
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseApiKey {
    /// The REST API key, sent as `X-Parse-REST-API-Key`. It belongs on servers; Parse's
    /// docs tell apps not to ship it.
    RestApiKey(String),
    /// The Client Key, sent as `X-Parse-Client-Key`: the key Parse's Android and iOS SDKs
    /// send (`Parse.Configuration.Builder.clientKey`, `ParseClientConfiguration.clientKey`).
    ClientKey(String),
}

impl ParseApiKey {
    /// The header Parse Server reads this kind of key from.
    pub fn header_name(&self) -> &'static str {
        match self {
            ParseApiKey::RestApiKey(_) => "X-Parse-REST-API-Key",
            ParseApiKey::ClientKey(_) => "X-Parse-Client-Key",
        }
    }

    /// The key itself.
    pub fn value(&self) -> &str {
        match self {
            ParseApiKey::RestApiKey(value) | ParseApiKey::ClientKey(value) => value,
        }
    }
}

/// Shows the kind, never the key.
impl fmt::Debug for ParseApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            ParseApiKey::RestApiKey(_) => "RestApiKey",
            ParseApiKey::ClientKey(_) => "ClientKey",
        };
        write!(f, "{kind}([redacted])")
    }
}

/// RFC 9110 §5.6.2: one or more `tchar`.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
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
    /// The request [`exchange_code_with_client_secret`](Self::exchange_code_with_client_secret) sends: a form POST to the token
    /// endpoint of `client_id`, `client_secret`, `grant_type=authorization_code`, the
    /// grant's `redirect_uri` and `code`. Read its reply with [`parse_token_reply`].
    pub fn client_secret_exchange_request(
        &self,
        grant: &CodeGrant,
        client_secret: &ClientSecret,
    ) -> HttpRequest {
        let config = self.config();
        HttpRequest::post_form(
            &config.endpoints.token,
            &[
                ("client_id", config.client_id.as_str()),
                ("client_secret", client_secret.secret()),
                ("grant_type", "authorization_code"),
                ("redirect_uri", grant.redirect_uri().as_str()),
                ("code", grant.code().secret()),
            ],
            &config.http,
        )
    }

    /// Exchanges a code with Instagram's token endpoint
    /// ([`client_secret_exchange_request`](Self::client_secret_exchange_request)). Needs the app secret, so
    /// it belongs on a server; apps use
    /// [`exchange_code_via_backend`](Self::exchange_code_via_backend).
    ///
    /// Sent once: a code is single-use, so a failed exchange is never retried.
    pub async fn exchange_code_with_client_secret(
        &self,
        grant: &CodeGrant,
        client_secret: &ClientSecret,
    ) -> Result<TokenResponse, Error> {
        self.call(
            self.client_secret_exchange_request(grant, client_secret),
            parse_token_reply,
        )
        .await
    }

    /// The request [`exchange_code_via_backend`](Self::exchange_code_via_backend) sends:
    /// a JSON POST of `{"code", "redirect_uri"}` with the backend's headers. Read its
    /// reply with [`parse_backend_reply`].
    pub fn backend_exchange_request(
        &self,
        grant: &CodeGrant,
        backend: &BackendExchange,
    ) -> HttpRequest {
        let body = serde_json::json!({
            "code": grant.code().secret(),
            "redirect_uri": grant.redirect_uri().as_str(),
        });
        backend.headers.iter().fold(
            HttpRequest::post_json(backend.url.as_url().clone(), &body, &self.config().http),
            |request, (name, value)| request.header(name, value),
        )
    }

    /// Exchanges a code through the app's backend, which holds the app secret. Sent once,
    /// like [`exchange_code_with_client_secret`](Self::exchange_code_with_client_secret).
    pub async fn exchange_code_via_backend(
        &self,
        grant: &CodeGrant,
        backend: &BackendExchange,
    ) -> Result<TokenResponse, Error> {
        self.call(
            self.backend_exchange_request(grant, backend),
            parse_backend_reply,
        )
        .await
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
            Some(&ParseApiKey::RestApiKey("RESTKEY".into())),
        )
        .unwrap();
        assert_eq!(
            backend.url().as_str(),
            "https://parseapi.back4app.com/functions/instagramExchange"
        );
        let text = format!("{backend:?}");
        assert!(text.contains("X-Parse-Application-Id") && text.contains("X-Parse-REST-API-Key"));
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

    /// Each kind of key goes under the one header Parse Server reads it from.
    #[test]
    fn each_parse_key_is_sent_under_its_own_header() {
        let server = EndpointUrl::parse("https://parseapi.back4app.com").unwrap();
        let cases = [
            (
                Some(ParseApiKey::RestApiKey("rest-key".into())),
                Some(("X-Parse-REST-API-Key", "rest-key")),
            ),
            (
                Some(ParseApiKey::ClientKey("client-key".into())),
                Some(("X-Parse-Client-Key", "client-key")),
            ),
            (None, None),
        ];
        for (key, expected) in cases {
            let backend =
                BackendExchange::parse_cloud_function(&server, "f", "APPID", key.as_ref()).unwrap();
            let mut headers = vec![("X-Parse-Application-Id", "APPID")];
            headers.extend(expected);
            let sent: Vec<(&str, &str)> = backend
                .headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str()))
                .collect();
            assert_eq!(sent, headers, "{key:?}");
        }
        let debug = format!("{:?}", ParseApiKey::ClientKey("client-key".into()));
        assert_eq!(debug, "ClientKey([redacted])");
    }

    #[test]
    fn bad_function_names_and_headers_are_configuration_errors() {
        let server = EndpointUrl::parse("https://parseapi.back4app.com").unwrap();
        for name in ["", "a/b"] {
            assert!(BackendExchange::parse_cloud_function(&server, name, "a", None).is_err());
        }
        let backend = BackendExchange::new(server);
        for (name, value) in [
            ("bad header", "v"),
            ("", "v"),
            ("X-Key:", "v"),
            ("X-Key", "line\nbreak"),
            ("X-Key", "cr\rlf"),
            ("X-Key", "nul\0"),
            ("X-Key", "caf\u{e9}"),
        ] {
            assert!(
                backend.clone().with_header(name, value).is_err(),
                "{name:?}: {value:?}"
            );
        }
        assert!(
            backend
                .with_header("X-Parse-Session-Token", "r:abc def\t~")
                .is_ok()
        );
    }
}
