//! Who exists in the sandbox: apps (with their secrets and registered redirect URIs)
//! and users. The defaults just work; a JSON file can replace them.

use std::collections::BTreeMap;

use serde::Deserialize;

/// An Instagram app registered in Meta's App Dashboard.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct App {
    /// The app id (`client_id`).
    pub client_id: String,
    /// The app secret.
    pub client_secret: String,
    /// The "Valid OAuth Redirect URIs" of the dashboard.
    pub redirect_uris: Vec<String>,
}

/// An Instagram professional account that can sign in.
///
/// Meta gives each app its own id for the same person ("app-scoped"): a token issued to
/// one app therefore names someone else than the id another app stored.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct User {
    /// The user id in the first app of the seed: `user_id` of the token reply and `id`
    /// of `/me` for that app.
    pub id: String,
    /// The user's ids in other apps, by app id. Apps without an entry get an id derived
    /// from the app and the account, so it differs per app and stays the same per run.
    #[serde(default)]
    pub app_ids: BTreeMap<String, String>,
    /// The Instagram professional account id: `user_id` of `/me`.
    pub ig_user_id: String,
    /// The handle.
    pub username: String,
    /// The display name.
    pub name: String,
    /// `BUSINESS` or `MEDIA_CREATOR`.
    pub account_type: String,
}

/// The whole seed.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Registered apps.
    pub apps: Vec<App>,
    /// Users; the first one signs in unless the consent names another.
    pub users: Vec<User>,
}

/// The default app's id.
pub const DEFAULT_CLIENT_ID: &str = "990602627938098";
/// The default app's secret.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-app-secret-eb8c7";
/// A second app (another company's), for tests of app-scoped ids: the same person has
/// another id there, and its tokens must not sign anyone into the first app.
pub const SECOND_CLIENT_ID: &str = "1398027451263047";
/// The second app's secret.
pub const SECOND_CLIENT_SECRET: &str = "sandbox-second-app-secret-3d1f0";
/// The second app's redirect URI.
pub const SECOND_REDIRECT_URI: &str = "https://second.example.com/auth/";

/// The default app's redirect URIs: an https page (what Instagram requires), a loopback
/// page for desktop tools, and a custom scheme for the demo apps. Instagram itself refuses
/// custom schemes; the sandbox allows them so a phone app can be called back directly in
/// development.
pub const DEFAULT_REDIRECT_URIS: [&str; 3] = [
    "https://app.example.com/auth/",
    "http://localhost:8765/auth/",
    "igauthdemo://auth/callback",
];

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            apps: vec![
                App {
                    client_id: DEFAULT_CLIENT_ID.into(),
                    client_secret: DEFAULT_CLIENT_SECRET.into(),
                    redirect_uris: DEFAULT_REDIRECT_URIS.map(String::from).to_vec(),
                },
                App {
                    client_id: SECOND_CLIENT_ID.into(),
                    client_secret: SECOND_CLIENT_SECRET.into(),
                    redirect_uris: vec![SECOND_REDIRECT_URI.into()],
                },
            ],
            users: vec![
                User {
                    // Odd and above 2^53: a client that reads it through a double gets it wrong.
                    id: "17841405793187219".into(),
                    app_ids: BTreeMap::new(),
                    ig_user_id: "17841400008460057".into(),
                    username: "sandbox.creator".into(),
                    name: "Sandbox Creator".into(),
                    account_type: "MEDIA_CREATOR".into(),
                },
                User {
                    id: "17841405822304915".into(),
                    app_ids: BTreeMap::new(),
                    ig_user_id: "17841400455970028".into(),
                    username: "sandbox.business".into(),
                    name: "Sandbox Business".into(),
                    account_type: "BUSINESS".into(),
                },
            ],
        }
    }
}

impl SandboxConfig {
    /// Reads a seed from JSON of the same shape as this struct.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let config: Self = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if config.users.is_empty() {
            return Err("the sandbox needs at least one user".into());
        }
        Ok(config)
    }
}

impl SandboxConfig {
    /// `user`'s id in the app `client_id`: [`User::id`] in the first app, an entry of
    /// [`User::app_ids`], or else a 17-digit id derived from the app and the account.
    pub fn app_scoped_id(&self, user: &User, client_id: &str) -> String {
        if let Some(id) = user.app_ids.get(client_id) {
            return id.clone();
        }
        if self
            .apps
            .first()
            .is_none_or(|app| app.client_id == client_id)
        {
            return user.id.clone();
        }
        // FNV-1a: stable across runs and platforms, unlike std's randomly keyed hasher.
        let hash = format!("{client_id}/{}", user.ig_user_id)
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            });
        format!("1784{:013}", hash % 10_000_000_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_app_scoped() {
        let mut config = SandboxConfig::default();
        let creator = config.users[0].clone();
        assert_eq!(
            config.app_scoped_id(&creator, DEFAULT_CLIENT_ID),
            "17841405793187219"
        );
        let second = config.app_scoped_id(&creator, SECOND_CLIENT_ID);
        let third = config.app_scoped_id(&creator, "555");
        assert!(second.len() == 17 && second.bytes().all(|b| b.is_ascii_digit()));
        assert!(second != creator.id && third != second && third != creator.id);
        assert_eq!(second, config.app_scoped_id(&creator, SECOND_CLIENT_ID));
        let business = config.users[1].clone();
        assert_ne!(config.app_scoped_id(&business, SECOND_CLIENT_ID), second);

        config.users[0]
            .app_ids
            .insert(SECOND_CLIENT_ID.into(), "42".into());
        let creator = config.users[0].clone();
        assert_eq!(config.app_scoped_id(&creator, SECOND_CLIENT_ID), "42");
    }
}
