//! What the exchange yields, the user's profile, and Parse authData.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use instagram_auth::{AccessToken, AuthData, UserId};

use crate::InstagramAuthError;

/// A successful code exchange. `toString()` / `description` hide the token.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct TokenResult {
    pub(crate) inner: instagram_auth::TokenResponse,
    /// When the reply arrived: a stated lifetime counts from here.
    received_at: SystemTime,
}

impl TokenResult {
    /// A result that has just arrived.
    pub(crate) fn received(inner: instagram_auth::TokenResponse) -> Self {
        Self {
            inner,
            received_at: SystemTime::now(),
        }
    }
}

#[uniffi::export]
impl TokenResult {
    /// The Instagram user id (a string: ids exceed 2^53).
    pub fn user_id(&self) -> String {
        self.inner.user_id.as_str().to_owned()
    }

    /// The user access token.
    pub fn access_token(&self) -> String {
        self.inner.access_token.secret().to_owned()
    }

    /// The permissions granted, when Instagram listed them.
    pub fn permissions(&self) -> Vec<String> {
        self.inner.permissions.clone()
    }

    /// Token lifetime in seconds, when Instagram stated it (a 60-day token from a backend
    /// that asks for one; today's short-lived replies state none: they last one hour).
    pub fn expires_in_seconds(&self) -> Option<u64> {
        self.inner.expires_in.map(|d| d.as_secs())
    }

    /// When the token stops working, in seconds since the Unix epoch, when its lifetime
    /// is known. Store it with the token: a 60-day token can be refreshed (the
    /// `instagramRefresh` Cloud function) once it is a day old, and must be before this.
    pub fn expires_at_epoch_seconds(&self) -> Option<u64> {
        let expires = self.received_at.checked_add(self.inner.expires_in?)?;
        expires
            .duration_since(UNIX_EPOCH)
            .ok()
            .map(|since| since.as_secs())
    }

    /// The username, when the (legacy) reply carried it.
    pub fn username(&self) -> Option<String> {
        self.inner.user.as_ref().and_then(|u| u.username.clone())
    }

    /// authData for `PFUser.logInWithAuthType` / `ParseUser.logInWithInBackground`.
    pub fn auth_data(&self) -> Arc<ParseAuthData> {
        let data = AuthData::from_token_response(&self.inner, self.received_at);
        Arc::new(ParseAuthData { inner: data })
    }
}

impl std::fmt::Display for TokenResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TokenResult(user_id={}, access_token=[redacted])",
            self.inner.user_id
        )
    }
}

/// Parse authData for the `instagram` provider.
///
/// - iOS: `PFUser.logInWithAuthType(inBackground: data.provider(), authData: data.toMap())`
/// - Android: `ParseUser.logInWithInBackground(data.provider(), data.toMap())`
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct ParseAuthData {
    inner: AuthData,
}

#[uniffi::export]
impl ParseAuthData {
    /// authData for a user id and token obtained elsewhere (e.g. restored from storage).
    #[uniffi::constructor]
    pub fn new(user_id: String, access_token: String) -> Result<Self, InstagramAuthError> {
        Ok(Self {
            inner: AuthData::new(UserId::new(user_id)?, AccessToken::new(access_token)?),
        })
    }

    /// `"instagram"`, the provider name Parse registers.
    pub fn provider(&self) -> String {
        AuthData::PROVIDER.to_owned()
    }

    /// The provider's fields (`id`, `access_token`, maybe `expiration_date`).
    pub fn to_map(&self) -> HashMap<String, String> {
        self.inner.to_map().into_iter().collect()
    }

    /// The whole authData, `{"instagram":{...}}`, for Parse's REST API.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

impl std::fmt::Display for ParseAuthData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ParseAuthData(id={}, access_token=[redacted])",
            self.inner.id
        )
    }
}

/// The signed-in user's Instagram profile.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Profile {
    /// App-scoped user id; what Parse checks authData `id` against.
    pub id: String,
    /// Instagram professional account id.
    pub user_id: Option<String>,
    /// Handle.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// `BUSINESS` or `MEDIA_CREATOR`.
    pub account_type: Option<String>,
    /// Profile picture URL.
    pub profile_picture_url: Option<String>,
}

impl From<instagram_auth::Profile> for Profile {
    fn from(profile: instagram_auth::Profile) -> Self {
        Self {
            id: profile.id.as_str().to_owned(),
            user_id: profile.user_id,
            username: profile.username,
            name: profile.name,
            account_type: profile.account_type,
            profile_picture_url: profile.profile_picture_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(reply: &str) -> TokenResult {
        TokenResult::received(instagram_auth::parse_backend_reply(200, reply.as_bytes()).unwrap())
    }

    #[test]
    fn a_long_lived_result_tells_when_it_expires() {
        let before = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let token = result(
            r#"{"result":{"access_token":"IGAAL","user_id":"1","permissions":"","token_type":"bearer","expires_in":5183944}}"#,
        );
        let after = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(token.expires_in_seconds(), Some(5183944));
        let expires_at = token.expires_at_epoch_seconds().unwrap();
        assert!((before + 5183944..=after + 5183944).contains(&expires_at));
        // The authData's expiration_date is the same instant, not the time it was asked for.
        let map = token.auth_data().to_map();
        assert!(map.contains_key("expiration_date"), "{map:?}");
    }

    #[test]
    fn a_short_lived_result_states_no_expiry() {
        let token = result(r#"{"result":{"access_token":"IGAA","user_id":"1","permissions":""}}"#);
        assert_eq!(token.expires_in_seconds(), None);
        assert_eq!(token.expires_at_epoch_seconds(), None);
        assert!(!token.auth_data().to_map().contains_key("expiration_date"));
    }
}
