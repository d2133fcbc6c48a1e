//! The app's own HTTP stack as the library's transport: the library decides each request
//! and checks each reply; the platform only moves bytes, with the system's trust store,
//! proxy and network policy (Mozilla's viaduct does the same).

use std::fmt;
use std::sync::Arc;

use instagram_auth::{TransportError, TransportFuture};

/// One request exactly as the library decided it. Send it as it is: never follow a
/// redirect (return the 3xx reply), give up after `timeoutMs()`, and stop reading a body
/// after `maxResponseBytes() + 1` bytes (the library refuses a longer one anyway).
///
/// It carries secrets (a code, a token, API keys): `toString()` / `description` show only
/// the method and the page, so logging the request leaks nothing; never log what the
/// accessors return.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct HttpRequest {
    pub(crate) inner: instagram_auth::HttpRequest,
}

#[uniffi::export]
impl HttpRequest {
    /// `GET` or `POST`.
    pub fn method(&self) -> String {
        self.inner.method().as_str().to_owned()
    }

    /// The whole URL, query included: `https`, or plain `http` to a loopback address only.
    pub fn url(&self) -> String {
        self.inner.url().as_str().to_owned()
    }

    /// Headers to send, in order.
    pub fn headers(&self) -> Vec<HttpHeader> {
        self.inner
            .headers()
            .iter()
            .map(|(name, value)| HttpHeader {
                name: name.clone(),
                value: value.clone(),
            })
            .collect()
    }

    /// The body; empty for a `GET`.
    pub fn body(&self) -> Vec<u8> {
        self.inner.body().to_vec()
    }

    /// Time allowed to connect, in milliseconds.
    pub fn connect_timeout_ms(&self) -> u64 {
        millis(self.inner.connect_timeout())
    }

    /// Time allowed for the whole exchange, reply body included, in milliseconds.
    pub fn timeout_ms(&self) -> u64 {
        millis(self.inner.timeout())
    }

    /// The largest reply body the library accepts.
    pub fn max_response_bytes(&self) -> u64 {
        u64::try_from(self.inner.max_response_bytes()).unwrap_or(u64::MAX)
    }
}

/// The core's redacted form: method, page without its query, header names, body size.
impl fmt::Display for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

/// A duration as the bindings give it: whole milliseconds.
pub(crate) fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// One header of a request or a reply.
#[derive(uniffi::Record)]
pub struct HttpHeader {
    /// e.g. `Content-Type`, as sent or received.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// The reply as received, whatever its status.
#[derive(uniffi::Record)]
pub struct HttpResponse {
    /// The HTTP status, e.g. 200, or 302 for a redirect that was not followed.
    pub status: u16,
    /// The body (at most `max_response_bytes + 1` bytes of it).
    pub body: Vec<u8>,
    /// The URL the reply came from (`HttpURLConnection.url`, `URLResponse.url`): the
    /// request's own, since redirects are not followed. The library refuses a reply from
    /// another page.
    pub url: String,
    /// The reply's headers, names as received (a header sent several times as several
    /// entries, or as one with its values joined by commas). The library reads Instagram's
    /// rate-limit usage from them.
    #[uniffi(default = [])]
    pub headers: Vec<HttpHeader>,
}

/// Why an [`HttpClient`] could not deliver a reply.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HttpClientError {
    /// The connection or the whole exchange took longer than the request allows.
    #[error("the request timed out")]
    Timeout,
    /// Anything else: no network, a refused connection, a TLS failure. The library removes
    /// anything of the request from `detail` before it reaches an error.
    #[error("network error: {detail}")]
    Network {
        /// What failed, for people.
        detail: String,
    },
}

impl From<HttpClientError> for TransportError {
    fn from(error: HttpClientError) -> Self {
        match error {
            HttpClientError::Timeout => TransportError::Timeout,
            HttpClientError::Network { detail } => TransportError::Network(detail),
        }
    }
}

impl From<TransportError> for HttpClientError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Timeout => HttpClientError::Timeout,
            TransportError::Network(detail) => HttpClientError::Network { detail },
            other => HttpClientError::Network {
                detail: other.to_string(),
            },
        }
    }
}

/// A mistake in the app's HttpClient (it threw something else) is a network failure, not
/// a crash.
impl From<uniffi::UnexpectedUniFFICallbackError> for HttpClientError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpClientError::Network {
            detail: format!("the app's HTTP client failed: {}", error.reason),
        }
    }
}

/// Sends the library's requests through the app's HTTP stack. The bindings ship one for
/// each platform (Kotlin: `HttpUrlConnectionClient`; Swift: `URLSessionHttpClient`); an
/// app can pass its own, e.g. an OkHttp client with its interceptors or a `URLSession`
/// with certificate pinning.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HttpClient: Send + Sync {
    /// Sends `request` once and returns the reply, whatever its status. Must not follow
    /// redirects.
    async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, HttpClientError>;
}

/// The app's client as the core's transport.
pub(crate) struct AppTransport(pub(crate) Arc<dyn HttpClient>);

impl fmt::Debug for AppTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppTransport")
    }
}

impl instagram_auth::HttpTransport for AppTransport {
    fn send(&self, request: instagram_auth::HttpRequest) -> TransportFuture<'_> {
        let request = Arc::new(HttpRequest { inner: request });
        Box::pin(async move {
            let reply = self.0.send(request).await?;
            let url = url::Url::parse(&reply.url).map_err(|_| {
                TransportError::Network("the HTTP client named no valid URL for its reply".into())
            })?;
            Ok(instagram_auth::HttpResponse {
                status: reply.status,
                body: reply.body,
                url: Some(url),
                headers: reply
                    .headers
                    .into_iter()
                    .map(|header| (header.name, header.value))
                    .collect(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use instagram_auth::HttpTransport;

    use super::*;

    struct AnswersWithHeaders;

    #[async_trait::async_trait]
    impl HttpClient for AnswersWithHeaders {
        async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, HttpClientError> {
            let header = |name: &str, value: &str| HttpHeader {
                name: name.into(),
                value: value.into(),
            };
            Ok(HttpResponse {
                status: 400,
                body: Vec::new(),
                url: request.url(),
                headers: vec![
                    header("X-App-Usage", r#"{"call_count":100}"#),
                    header("x-business-use-case-usage", "{}"),
                ],
            })
        }
    }

    /// The app's client hands the headers over as records; the core gets them as received.
    #[test]
    fn the_app_client_s_headers_reach_the_core() {
        let transport = Arc::new(AppTransport(Arc::new(AnswersWithHeaders)));
        let config = instagram_auth::Config::from_strings("1", "https://app.example/cb", None);
        let auth =
            instagram_auth::InstagramAuth::with_transport(config.unwrap(), transport.clone())
                .unwrap();
        let grant = instagram_auth::CodeGrant::new(
            instagram_auth::AuthorizationCode::new("c").unwrap(),
            auth.config().redirect_uri.clone(),
        );
        let secret = instagram_auth::ClientSecret::new("s").unwrap();
        let request = auth.client_secret_exchange_request(&grant, &secret);
        let reply = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(transport.send(request))
            .unwrap();
        assert_eq!(
            reply.header("x-app-usage").as_deref(),
            Some(r#"{"call_count":100}"#)
        );
        assert_eq!(
            reply.headers,
            [
                ("X-App-Usage".to_owned(), r#"{"call_count":100}"#.to_owned()),
                ("x-business-use-case-usage".to_owned(), "{}".to_owned()),
            ]
        );
    }
}
