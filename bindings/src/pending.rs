//! A sign-in in flight, and the code grant it yields.

use std::time::SystemTime;

/// A started sign-in: open [`authorization_url`](Self::authorization_url) in the system
/// browser (ASWebAuthenticationSession / Custom Tabs) and keep
/// [`to_saved_string`](Self::to_saved_string) in app storage until the callback arrives.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct PendingAuthorization {
    pub(crate) inner: instagram_auth::PendingAuthorization,
}

#[uniffi::export]
impl PendingAuthorization {
    /// The consent page URL to open.
    pub fn authorization_url(&self) -> String {
        self.inner.authorization_url().as_str().to_owned()
    }

    /// The redirect URI Instagram will call back.
    pub fn redirect_uri(&self) -> String {
        self.inner.redirect_uri().as_str().to_owned()
    }

    /// The permissions requested.
    pub fn scopes(&self) -> Vec<String> {
        self.inner
            .scopes()
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect()
    }

    /// When the sign-in started.
    pub fn created_at(&self) -> SystemTime {
        self.inner.created_at()
    }

    /// Text to save before opening the browser; `InstagramAuth.restoreAuthorization`
    /// reads it back after the app was killed. It contains the state: keep it in app
    /// storage, not in logs.
    pub fn to_saved_string(&self) -> String {
        self.inner.to_saved_string()
    }
}

impl std::fmt::Display for PendingAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PendingAuthorization(redirect_uri={}, state=[redacted])",
            self.inner.redirect_uri()
        )
    }
}

/// What a successful callback grants: the one-time authorization code, bound to the
/// redirect URI it was issued for. Pass it to `exchangeCodeViaBackend`; it never shows the
/// code.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct CodeGrant {
    pub(crate) inner: instagram_auth::CodeGrant,
}

#[uniffi::export]
impl CodeGrant {
    /// The redirect URI the code was issued for (sent along with it).
    pub fn redirect_uri(&self) -> String {
        self.inner.redirect_uri().as_str().to_owned()
    }
}

impl std::fmt::Display for CodeGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeGrant(code=[redacted])")
    }
}
