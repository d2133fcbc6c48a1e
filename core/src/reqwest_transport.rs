//! The transport for Rust servers, the CLI and the tests: reqwest with rustls (ring and
//! Mozilla's roots compiled in), no redirects followed, timeouts, replies read up to the
//! limit. Errors never carry a URL (Graph URLs hold tokens).

use std::error::Error as _;
use std::sync::Arc;

use crate::transport::{HttpMethod, HttpRequest, HttpResponse, TransportError, TransportFuture};
use crate::{Error, HttpSettings, HttpTransport};

/// An [`HttpTransport`] over one reqwest client and its connection pool. Needs a Tokio
/// runtime. [`InstagramAuth::new`](crate::InstagramAuth::new) makes one from the
/// configuration's [`HttpSettings`].
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A client with the connect timeout and proxy choice of `settings` (each request
    /// brings its own overall timeout and size limit).
    pub fn new(settings: &HttpSettings) -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder();
        if !settings.proxy_from_environment {
            builder = builder.no_proxy();
        }
        let client = builder
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(settings.connect_timeout)
            // The token endpoint is POSTed a one-time code; following a redirect could
            // hand it to another host. No Instagram endpoint needs redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::HttpClientSetup {
                source: Arc::new(e),
            })?;
        Ok(Self { client })
    }

    /// This transport as the shared handle the library keeps.
    pub fn shared(self) -> Arc<dyn HttpTransport> {
        Arc::new(self)
    }

    /// No `Accept` or `User-Agent` header: every endpoint answers JSON regardless, and
    /// each header cost the server time in the exchange benchmark (BENCHMARKS.md).
    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method() {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .client
            .request(method, request.url().clone())
            .timeout(request.timeout());
        for (name, value) in request.headers() {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !request.body().is_empty() {
            builder = builder.body(request.body().to_vec());
        }
        let limit = request.max_response_bytes();
        let mut response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let url = Some(response.url().clone());
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        // Reading stops once past the limit: the library refuses such a body.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                break;
            }
        }
        Ok(HttpResponse {
            status,
            body,
            url,
            headers,
        })
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

/// rustls with the ring provider and Mozilla's roots compiled in: no platform verifier,
/// hence no JNI setup on Android, and a smaller library than aws-lc.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::HttpClientSetup {
            source: Arc::new(e),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn transport_error(error: reqwest::Error) -> TransportError {
    if error.is_timeout() {
        return TransportError::Timeout;
    }
    TransportError::Network(describe(&error.without_url()))
}

/// The error and its causes on one line ("error sending request: ... : connection refused").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
