//! What the exchange yields, the user's profile, and Parse authData.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use instagram_auth::{AccessToken, Profile, UserId};

use crate::InstagramAuthError;

/// A successful code exchange. `toString()` / `description` hide the token.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Display)]
pub struct TokenResponse {
    pub(crate) inner: instagram_auth::TokenResponse,
    /// When the reply arrived: a stated lifetime counts from here.
    received_at: SystemTime,
}

impl TokenResponse {
    /// A response that arrived at `received_at` (by the configuration's clock).
    pub(crate) fn received(inner: instagram_auth::TokenResponse, received_at: SystemTime) -> Self {
        Self { inner, received_at }
    }
}

#[uniffi::export]
impl TokenResponse {
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

    /// Token lifetime in milliseconds, when Instagram stated it (a 60-day token from a
    /// backend that asks for one; today's short-lived replies state none: they last one
    /// hour).
    pub fn expires_in_ms(&self) -> Option<u64> {
        self.inner.expires_in.map(crate::transport::millis)
    }

    /// When the token stops working (Kotlin `Instant`, Swift `Date`, like
    /// `PendingAuthorization.createdAt()`), when its lifetime is known. Store it with the
    /// token: a 60-day token can be refreshed (the `instagramRefresh` Cloud function) once
    /// it is a day old, and must be before this.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.inner.expires_at(self.received_at)
    }

    /// The username, when the (legacy) reply carried it.
    pub fn username(&self) -> Option<String> {
        self.inner.user.as_ref().and_then(|u| u.username.clone())
    }

    /// authData for `PFUser.logInWithAuthType` / `ParseUser.logInWithInBackground`.
    pub fn auth_data(&self) -> Arc<ParseAuthData> {
        let inner =
            instagram_auth::ParseAuthData::from_token_response(&self.inner, self.received_at);
        Arc::new(ParseAuthData { inner })
    }
}

impl std::fmt::Display for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TokenResponse(user_id={}, access_token=[redacted])",
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
    inner: instagram_auth::ParseAuthData,
}

#[uniffi::export]
impl ParseAuthData {
    /// authData for a user id and token obtained elsewhere (e.g. restored from storage).
    #[uniffi::constructor]
    pub fn new(user_id: String, access_token: String) -> Result<Self, InstagramAuthError> {
        Ok(Self {
            inner: instagram_auth::ParseAuthData::new(
                UserId::new(user_id)?,
                AccessToken::new(access_token)?,
            ),
        })
    }

    /// This authData with the professional account's id (`profile.userId`, sent as
    /// `user_id`), so Meta's callbacks can find the user by the id webhooks use. The
    /// profile must be this user's (`profile.id` is this authData's id): another user's is
    /// a `Configuration` error.
    pub fn with_profile(&self, profile: Profile) -> Result<Arc<Self>, InstagramAuthError> {
        Ok(Arc::new(Self {
            inner: self.inner.clone().with_profile(&profile)?,
        }))
    }

    /// `"instagram"`, the provider name Parse registers.
    pub fn provider(&self) -> String {
        instagram_auth::ParseAuthData::PROVIDER.to_owned()
    }

    /// The provider's fields (`id`, `access_token`, maybe `expiration_date` and `user_id`).
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
        write!(f, "ParseAuthData(id={}", self.inner.id)?;
        if let Some(user_id) = &self.inner.professional_account_id {
            write!(f, ", user_id={user_id}")?;
        }
        f.write_str(", access_token=[redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn result(reply: &str) -> TokenResponse {
        let inner = instagram_auth::parse_backend_reply(200, reply.as_bytes()).unwrap();
        TokenResponse::received(inner, SystemTime::now())
    }

    #[test]
    fn a_long_lived_result_tells_when_it_expires() {
        let lifetime = Duration::from_secs(5183944);
        let before = SystemTime::now();
        let token = result(
            r#"{"result":{"access_token":"IGAAL","user_id":"1","permissions":"","token_type":"bearer","expires_in":5183944}}"#,
        );
        let after = SystemTime::now();
        assert_eq!(token.expires_in_ms(), Some(5_183_944_000));
        let expires_at = token.expires_at().unwrap();
        assert!((before + lifetime..=after + lifetime).contains(&expires_at));
        // The authData's expiration_date is the same instant, not the time it was asked for.
        let map = token.auth_data().to_map();
        assert!(map.contains_key("expiration_date"), "{map:?}");
    }

    #[test]
    fn a_short_lived_result_states_no_expiry() {
        let token = result(r#"{"result":{"access_token":"IGAA","user_id":"1","permissions":""}}"#);
        assert_eq!(token.expires_in_ms(), None);
        assert_eq!(token.expires_at(), None);
        assert!(!token.auth_data().to_map().contains_key("expiration_date"));
    }
}
