//! Shared by the bindings' test binaries.

use instagram_auth_ffi::InstagramAuthConfig;

/// The sandbox's test app on real Instagram's hosts, with the defaults an app gets.
pub fn config() -> InstagramAuthConfig {
    InstagramAuthConfig {
        client_id: "990602627938098".into(),
        redirect_uri: "https://app.example.com/auth/".into(),
        base_url: None,
        graph_api_version: None,
        connect_timeout_ms: 10_000,
        request_timeout_ms: 30_000,
        pending_lifetime_seconds: 3600,
    }
}
