//! The app's configuration, as one record.

use std::time::Duration;

use instagram_auth::{Config, GraphApiVersion};

use crate::InstagramAuthError;

/// How to reach Instagram for this app. Holds no secret: an app never ships the
/// Instagram app secret (exchange codes through your backend instead).
///
/// Durations are in milliseconds (`…Ms`); null means the library's default.
#[derive(Clone, Debug, uniffi::Record)]
pub struct InstagramAuthConfig {
    /// The Instagram app id from Meta's App Dashboard.
    pub client_id: String,
    /// The redirect URI registered for the app (a Universal Link / App Link on mobile).
    pub redirect_uri: String,
    /// Base URL of an Instagram stand-in, such as the local sandbox during development
    /// (`http://127.0.0.1:8910/`; on Android first `adb reverse tcp:8910 tcp:8910`, since
    /// plain http is allowed only to loopback). Null means real Instagram.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// The Graph API version profile requests name, e.g. `v26.0`; null: the version the
    /// library is pinned to (the newest Meta documents).
    #[uniffi(default = None)]
    pub graph_api_version: Option<String>,
    /// Time allowed to connect; null: the library's default (10 seconds).
    #[uniffi(default = None)]
    pub connect_timeout_ms: Option<u64>,
    /// Time allowed for a whole request; null: the library's default (30 seconds).
    #[uniffi(default = None)]
    pub request_timeout_ms: Option<u64>,
    /// How long a started sign-in waits for its callback; null: the library's default (one
    /// hour, the life of Instagram's authorization codes).
    #[uniffi(default = None)]
    pub pending_lifetime_ms: Option<u64>,
}

impl TryFrom<InstagramAuthConfig> for Config {
    type Error = InstagramAuthError;

    fn try_from(app: InstagramAuthConfig) -> Result<Self, InstagramAuthError> {
        let mut config =
            Config::from_strings(&app.client_id, &app.redirect_uri, app.base_url.as_deref())?;
        if let Some(version) = app.graph_api_version {
            config.graph_api_version = GraphApiVersion::parse(&version)?;
        }
        if let Some(ms) = app.connect_timeout_ms {
            config.http.connect_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = app.request_timeout_ms {
            config.http.timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = app.pending_lifetime_ms {
            config.pending_lifetime = Duration::from_millis(ms);
        }
        Ok(config)
    }
}
