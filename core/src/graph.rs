//! After the exchange: long-lived tokens and the user's profile, from the Graph API.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use crate::reply::{id_text, optional_text, required_text, successful_object};
use crate::{AccessToken, ClientSecret, Error, InstagramAuth, UserId};

/// A long-lived token (60 days) from an exchange or a refresh.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LongLivedToken {
    /// The token.
    pub access_token: AccessToken,
    /// Usually `bearer`.
    pub token_type: Option<String>,
    /// Remaining lifetime.
    pub expires_in: Duration,
}

/// The signed-in user's profile (`GET /me`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The app-scoped user id; Parse Server checks authData `id` against it.
    pub id: UserId,
    /// The Instagram professional account id, when returned.
    pub user_id: Option<String>,
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
    /// Trades a short-lived token for a long-lived one (`ig_exchange_token`). Needs the app
    /// secret: server-side use only.
    pub async fn exchange_for_long_lived_token(
        &self,
        short_lived: &AccessToken,
        client_secret: &ClientSecret,
    ) -> Result<LongLivedToken, Error> {
        self.long_lived_token(
            "access_token",
            &[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", client_secret.secret()),
                ("access_token", short_lived.secret()),
            ],
        )
        .await
    }

    /// Renews a long-lived token that is at least 24 hours old and not expired
    /// (`ig_refresh_token`).
    pub async fn refresh_long_lived_token(
        &self,
        long_lived: &AccessToken,
    ) -> Result<LongLivedToken, Error> {
        self.long_lived_token(
            "refresh_access_token",
            &[
                ("grant_type", "ig_refresh_token"),
                ("access_token", long_lived.secret()),
            ],
        )
        .await
    }

    /// Fetches the user's profile: `id`, `user_id`, `username`, `name`, `account_type`,
    /// `profile_picture_url`.
    pub async fn fetch_profile(&self, token: &AccessToken) -> Result<Profile, Error> {
        let mut path = Vec::new();
        if let Some(version) = &self.config().graph_api_version {
            path.push(version.as_str());
        }
        path.push("me");
        let url = self.graph_url(
            &path,
            &[("fields", PROFILE_FIELDS), ("access_token", token.secret())],
        );
        let reply = self.http.send(self.http.client().get(url)).await?;
        let me = successful_object(reply.status, &reply.body)?;
        Ok(Profile {
            id: id_text(reply.status, me.get("id").unwrap_or(&Value::Null))?,
            user_id: me
                .get("user_id")
                .and_then(|id| id_text(reply.status, id).ok())
                .map(|id| id.as_str().to_owned()),
            username: optional_text(&me, "username"),
            name: optional_text(&me, "name"),
            account_type: optional_text(&me, "account_type"),
            profile_picture_url: optional_text(&me, "profile_picture_url"),
        })
    }

    async fn long_lived_token(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<LongLivedToken, Error> {
        let url = self.graph_url(&[path], query);
        let reply = self.http.send(self.http.client().get(url)).await?;
        let object = successful_object(reply.status, &reply.body)?;
        let expires_in = object
            .get("expires_in")
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::invalid_reply(reply.status, "it carries no expires_in"))?;
        Ok(LongLivedToken {
            access_token: AccessToken::new(required_text(reply.status, &object, "access_token")?),
            token_type: optional_text(&object, "token_type"),
            expires_in: Duration::from_secs(expires_in),
        })
    }

    fn graph_url(&self, path: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.config().endpoints.graph.with_path(path);
        url.query_pairs_mut().extend_pairs(query);
        url
    }
}
