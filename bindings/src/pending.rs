//! A sign-in in flight, and the code grant it yields.

use std::collections::HashMap;
use std::sync::Arc;
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
/// redirect URI it was issued for. Pass it to `exchangeCodeViaBackend` or `exchangeCodeWith`,
/// or, for a Parse Server that exchanges the code itself, log in with `parseAuthData()`. It
/// shows the code nowhere else.
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

    /// The code flow's authData, `{"instagram":{"code","redirect_uri"}}`: for a Parse Server
    /// that exchanges the code itself (docs/parse.md, "the code flow"), instead of an exchange
    /// here. The code is single-use: log in or link with it once.
    pub fn parse_auth_data(&self) -> Arc<ParseCodeAuthData> {
        Arc::new(ParseCodeAuthData {
            inner: self.inner.clone().into(),
        })
    }
}

impl std::fmt::Display for CodeGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeGrant(code=[redacted])")
    }
}

/// Parse authData for the code flow, `{"instagram":{"code","redirect_uri"}}`, from
/// `CodeGrant.parseAuthData()`. Parse Server exchanges the code with the app secret it holds
/// and stores `{id, access_token}`; stock Parse Server 9.10 refuses it (docs/parse.md).
///
/// - iOS: `PFUser.logInWithAuthType(inBackground: data.provider(), authData: data.toMap())`
/// - Android: `ParseUser.logInWithInBackground(data.provider(), data.toMap())`
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct ParseCodeAuthData {
    inner: instagram_auth::ParseCodeAuthData,
}

#[uniffi::export]
impl ParseCodeAuthData {
    /// `"instagram"`, the provider name Parse registers.
    pub fn provider(&self) -> String {
        instagram_auth::ParseAuthData::PROVIDER.to_owned()
    }

    /// The provider's fields, `code` and `redirect_uri`.
    pub fn to_map(&self) -> HashMap<String, String> {
        self.inner.to_map().into_iter().collect()
    }

    /// The whole authData, `{"instagram":{...}}`, for Parse's REST API.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

impl std::fmt::Display for ParseCodeAuthData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParseCodeAuthData(code=[redacted])")
    }
}
