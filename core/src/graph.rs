//! After the exchange: long-lived tokens and the user's profile, from the Graph API.

use std::time::Duration;

use serde_json::Value;

use crate::json::{exact_id, id_text, optional_text, required_secret, successful_object};
use crate::refusal::Answerer;
use crate::transport::HttpRequest;
use crate::{AccessToken, ClientSecret, Error, InstagramAuth, ProfessionalAccountId, UserId};

/// A long-lived token (60 days) from an exchange or a refresh.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LongLivedToken {
    /// The token.
    pub access_token: AccessToken,
    /// Usually `bearer`.
    pub token_type: Option<String>,
    /// Remaining lifetime.
    pub expires_in: Duration,
}

/// The signed-in user's profile (`GET /me`). It names the user twice: `id` is app-scoped
/// (what the token reply's `user_id` and Parse's authData `id` hold), `user_id` is the
/// professional account's own id (what Meta's webhooks name).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[non_exhaustive]
pub struct Profile {
    /// `/me`'s `id`: the app-scoped user id; Parse Server checks authData `id` against it.
    pub id: UserId,
    /// `/me`'s `user_id`: the professional account's id, which Meta's webhooks and the
    /// Graph API's business endpoints use. Absent when Instagram did not send it.
    pub user_id: Option<ProfessionalAccountId>,
    /// Instagram handle.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// `BUSINESS`, `MEDIA_CREATOR` or `PERSONAL`.
    pub account_type: Option<String>,
    /// Profile picture URL.
    pub profile_picture_url: Option<String>,
}

const PROFILE_FIELDS: &str = "id,user_id,username,name,account_type,profile_picture_url";

impl InstagramAuth {
    /// The request of [`exchange_for_long_lived_token`](Self::exchange_for_long_lived_token):
    /// `GET graph/access_token?grant_type=ig_exchange_token&client_secret=..&access_token=..`.
    /// Read its reply with [`parse_long_lived_token_reply`].
    pub fn long_lived_token_request(
        &self,
        short_lived: &AccessToken,
        client_secret: &ClientSecret,
    ) -> HttpRequest {
        self.graph_request(
            &["access_token"],
            &[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", client_secret.secret()),
                ("access_token", short_lived.secret()),
            ],
        )
    }

    /// Trades a short-lived token for a long-lived one (`ig_exchange_token`). Needs the app
    /// secret: server-side use only.
    pub async fn exchange_for_long_lived_token(
        &self,
        short_lived: &AccessToken,
        client_secret: &ClientSecret,
    ) -> Result<LongLivedToken, Error> {
        self.call(
            self.long_lived_token_request(short_lived, client_secret),
            parse_long_lived_token_reply,
        )
        .await
    }

    /// The request of [`refresh_long_lived_token`](Self::refresh_long_lived_token):
    /// `GET graph/refresh_access_token?grant_type=ig_refresh_token&access_token=..`.
    /// Read its reply with [`parse_long_lived_token_reply`].
    pub fn refresh_token_request(&self, long_lived: &AccessToken) -> HttpRequest {
        self.graph_request(
            &["refresh_access_token"],
            &[
                ("grant_type", "ig_refresh_token"),
                ("access_token", long_lived.secret()),
            ],
        )
    }

    /// Renews a long-lived token that is at least 24 hours old and not expired
    /// (`ig_refresh_token`).
    pub async fn refresh_long_lived_token(
        &self,
        long_lived: &AccessToken,
    ) -> Result<LongLivedToken, Error> {
        self.call(
            self.refresh_token_request(long_lived),
            parse_long_lived_token_reply,
        )
        .await
    }

    /// The request of [`fetch_profile`](Self::fetch_profile):
    /// `GET graph/<version>/me?fields=..&access_token=..`, with the configured
    /// [`graph_api_version`](crate::Config::graph_api_version). Read its reply with
    /// [`parse_profile_reply`].
    pub fn profile_request(&self, token: &AccessToken) -> HttpRequest {
        self.graph_request(
            &[self.config().graph_api_version.as_str(), "me"],
            &[("fields", PROFILE_FIELDS), ("access_token", token.secret())],
        )
    }

    /// Fetches the user's profile: `id`, `user_id`, `username`, `name`, `account_type`,
    /// `profile_picture_url`.
    pub async fn fetch_profile(&self, token: &AccessToken) -> Result<Profile, Error> {
        self.call(self.profile_request(token), parse_profile_reply)
            .await
    }

    fn graph_request(&self, path: &[&str], query: &[(&str, &str)]) -> HttpRequest {
        let config = self.config();
        HttpRequest::get(config.endpoints.graph.with_path(path), query, &config.http)
    }
}

/// Reads a long-lived token or refresh reply, `{"access_token","token_type","expires_in"}`,
/// or the Graph error it stands for.
pub fn parse_long_lived_token_reply(status: u16, body: &[u8]) -> Result<LongLivedToken, Error> {
    let object = successful_object(status, body, Answerer::Instagram)?;
    let expires_in = object
        .get("expires_in")
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::invalid_reply(status, "it carries no expires_in"))?;
    Ok(LongLivedToken {
        access_token: required_secret(status, &object, "access_token", AccessToken::new)?,
        token_type: optional_text(&object, "token_type"),
        expires_in: Duration::from_secs(expires_in),
    })
}

/// Reads a `GET /me` reply, or the Graph error it stands for. The `id` is required; both
/// ids are kept exact, whether strings or numbers, and a `user_id` that is not an id is
/// refused rather than dropped.
pub fn parse_profile_reply(status: u16, body: &[u8]) -> Result<Profile, Error> {
    let me = successful_object(status, body, Answerer::Instagram)?;
    Ok(Profile {
        id: id_text(status, me.get("id").unwrap_or(&Value::Null))?,
        user_id: me
            .get("user_id")
            .map(|id| {
                let text = exact_id(status, id, "user_id")?;
                ProfessionalAccountId::new(text)
                    .map_err(|_| Error::invalid_reply(status, "its user_id is not digits"))
            })
            .transpose()?,
        username: optional_text(&me, "username"),
        name: optional_text(&me, "name"),
        account_type: optional_text(&me, "account_type"),
        profile_picture_url: optional_text(&me, "profile_picture_url"),
    })
}
