//! The app's configuration, as one record.

use std::time::Duration;

use instagram_auth::{ClientId, Config, EndpointUrl, Endpoints, RedirectUri};

use crate::InstagramAuthError;

/// How to reach Instagram for this app. Holds no secret: an app never ships the
/// Instagram app secret (exchange codes through your backend instead).
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
    /// Graph API version for profile requests, e.g. `v23.0`; unversioned when null.
    #[uniffi(default = None)]
    pub graph_api_version: Option<String>,
    /// Time allowed to connect, in milliseconds.
    #[uniffi(default = 10000)]
    pub connect_timeout_ms: u64,
    /// Time allowed for a whole request, in milliseconds.
    #[uniffi(default = 30000)]
    pub request_timeout_ms: u64,
    /// How long a started sign-in waits for its callback, in seconds.
    #[uniffi(default = 3600)]
    pub pending_lifetime_seconds: u64,
}

impl TryFrom<InstagramAuthConfig> for Config {
    type Error = InstagramAuthError;

    fn try_from(app: InstagramAuthConfig) -> Result<Self, InstagramAuthError> {
        let mut config = Config::new(
            ClientId::new(app.client_id)?,
            RedirectUri::parse(&app.redirect_uri)?,
        );
        if let Some(base) = &app.base_url {
            config.endpoints = Endpoints::under_base(&EndpointUrl::parse(base)?);
        }
        config.graph_api_version = app.graph_api_version;
        config.http.connect_timeout = Duration::from_millis(app.connect_timeout_ms);
        config.http.timeout = Duration::from_millis(app.request_timeout_ms);
        config.pending_lifetime = Duration::from_secs(app.pending_lifetime_seconds);
        Ok(config)
    }
}
