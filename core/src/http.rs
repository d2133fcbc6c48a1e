//! The one HTTP client every request goes through: TLS, timeouts, no redirects, capped
//! replies, and errors that never carry a URL (Graph URLs hold tokens).

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use crate::Error;

/// Network limits. The defaults suit a phone on a poor connection.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpSettings {
    /// Time allowed to open the connection (TCP and TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, reply body included. Default 30 s.
    pub timeout: Duration,
    /// Largest reply body read; a larger one is an [`Error::InvalidReply`]. Default 1 MiB.
    pub max_response_bytes: usize,
    /// Whether to send requests through the proxy named by `HTTPS_PROXY`, `HTTP_PROXY`,
    /// `ALL_PROXY` (minus `NO_PROXY`). Off by default: the requests carry the app secret,
    /// codes and tokens, and a variable set for other programs would otherwise receive
    /// them, in clear for plain-http loopback endpoints. Turn it on only for a proxy you
    /// run, and note that loopback endpoints then go through it too unless `NO_PROXY`
    /// names them.
    pub proxy_from_environment: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 1024 * 1024,
            proxy_from_environment: false,
        }
    }
}

/// A status and a body read whole (within the size limit).
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

#[derive(Clone, Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    max_response_bytes: usize,
}

impl Http {
    pub(crate) fn new(settings: &HttpSettings) -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder();
        if !settings.proxy_from_environment {
            builder = builder.no_proxy();
        }
        let client = builder
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            // The token endpoint is POSTed a one-time code; following a redirect could
            // hand it to another host. No Instagram endpoint needs redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::InvalidConfig(format!("cannot create the HTTP client: {}", describe(&e)))
            })?;
        Ok(Self {
            client,
            max_response_bytes: settings.max_response_bytes,
        })
    }

    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends once (never retried: a code must not be spent twice) and reads the reply.
    /// No `Accept` or `User-Agent` header: every endpoint answers JSON regardless, and
    /// each header cost the server time in the exchange benchmark (BENCHMARKS.md).
    pub(crate) async fn send(&self, request: reqwest::RequestBuilder) -> Result<Reply, Error> {
        let mut response = request.send().await.map_err(network_error)?;
        let status = response.status().as_u16();
        let too_large = || {
            Error::invalid_reply(
                status,
                format!("the body is larger than {} bytes", self.max_response_bytes),
            )
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.max_response_bytes as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network_error)? {
            if body.len() + chunk.len() > self.max_response_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply { status, body })
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
        .map_err(|e| Error::InvalidConfig(format!("TLS setup failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn network_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout;
    }
    Error::Network(describe(&error.without_url()))
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
