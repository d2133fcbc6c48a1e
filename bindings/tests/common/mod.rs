//! Shared by the bindings' test binaries.

use instagram_auth_ffi::InstagramAuthConfig;

/// The sandbox's test app on real Instagram's hosts, with the defaults an app gets.
pub fn config() -> InstagramAuthConfig {
    InstagramAuthConfig {
        client_id: "990602627938098".into(),
        redirect_uri: "https://app.example.com/auth/".into(),
        base_url: None,
        graph_api_version: None,
        connect_timeout_ms: None,
        request_timeout_ms: None,
        pending_lifetime_ms: None,
    }
}

/// For tests that never reach the network: any request is a failure of the test.
#[allow(dead_code)] // app_http_client.rs brings clients of its own
pub fn offline_client() -> std::sync::Arc<dyn instagram_auth_ffi::HttpClient> {
    struct Offline;
    #[async_trait::async_trait]
    impl instagram_auth_ffi::HttpClient for Offline {
        async fn send(
            &self,
            request: std::sync::Arc<instagram_auth_ffi::HttpRequest>,
        ) -> Result<instagram_auth_ffi::HttpResponse, instagram_auth_ffi::HttpClientError> {
            panic!("unexpected request: {request}")
        }
    }
    std::sync::Arc::new(Offline)
}
