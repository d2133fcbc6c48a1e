//! The reqwest client inside the library, built only with the `builtin-http` feature so
//! that scripts/bench.sh can time the platform clients against it in one run. Apps never
//! get it: it is the 2.5 MiB of TLS and HTTP the platform clients replace.

use std::sync::Arc;

use instagram_auth::{HttpSettings, HttpTransport, ReqwestTransport};

use crate::{
    HttpClient, HttpClientError, HttpHeader, HttpRequest, HttpResponse, InstagramAuthError,
};

/// reqwest with rustls on a Tokio runtime of its own (benchmarks only).
struct BuiltInHttpClient {
    transport: ReqwestTransport,
    /// Always `Some` until dropped.
    runtime: Option<tokio::runtime::Runtime>,
}

/// The reqwest client compiled into benchmark builds, with core's default settings.
#[uniffi::export]
pub fn built_in_http_client() -> Result<Arc<dyn HttpClient>, InstagramAuthError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|error| InstagramAuthError::Configuration {
            detail: format!("cannot start the HTTP runtime: {error}"),
        })?;
    let transport = ReqwestTransport::new(&HttpSettings::default())?;
    Ok(Arc::new(BuiltInHttpClient {
        transport,
        runtime: Some(runtime),
    }))
}

// Dropping a Tokio runtime inside an async context panics (and release builds abort on
// a panic): the last reference may go from a future, so the runtime ends in the background.
impl Drop for BuiltInHttpClient {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[async_trait::async_trait]
impl HttpClient for BuiltInHttpClient {
    async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, HttpClientError> {
        let transport = self.transport.clone();
        let request = request.inner.clone();
        let asked = request.url().to_string();
        let runtime = self.runtime.as_ref().ok_or(HttpClientError::Network {
            detail: "the HTTP runtime has stopped".into(),
        })?;
        let reply = runtime
            .spawn(async move { transport.send(request).await })
            .await
            .map_err(|error| HttpClientError::Network {
                detail: error.to_string(),
            })??;
        Ok(HttpResponse {
            status: reply.status,
            body: reply.body,
            url: reply.url.map_or(asked, String::from),
            headers: reply
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
        })
    }
}
