//! Who exists in the sandbox: apps (with their secrets and registered redirect URIs)
//! and users. The defaults just work; a JSON file can replace them.

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
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct User {
    /// The app-scoped user id: `user_id` of the token reply and `id` of `/me`.
    pub id: String,
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
            apps: vec![App {
                client_id: DEFAULT_CLIENT_ID.into(),
                client_secret: DEFAULT_CLIENT_SECRET.into(),
                redirect_uris: DEFAULT_REDIRECT_URIS.map(String::from).to_vec(),
            }],
            users: vec![
                User {
                    // Odd and above 2^53: a client that reads it through a double gets it wrong.
                    id: "17841405793187219".into(),
                    ig_user_id: "17841400008460057".into(),
                    username: "sandbox.creator".into(),
                    name: "Sandbox Creator".into(),
                    account_type: "MEDIA_CREATOR".into(),
                },
                User {
                    id: "17841405822304915".into(),
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
