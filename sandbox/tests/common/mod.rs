//! Shared by the sandbox's test binaries: a client that never leaves loopback, and the
//! token exchange every sign-in ends with.

use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SECOND_CLIENT_ID, SECOND_CLIENT_SECRET,
    SECOND_REDIRECT_URI, Sandbox,
};

/// The redirect URI the sandbox's first app registers.
pub const REDIRECT: &str = "https://app.example.com/auth/";

/// An app registered with the sandbox: id, secret and redirect URI.
pub type App<'a> = (&'a str, &'a str, &'a str);
pub const FIRST_APP: App = (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, REDIRECT);
#[allow(dead_code)] // after_sign_in.rs only
pub const SECOND_APP: App = (SECOND_CLIENT_ID, SECOND_CLIENT_SECRET, SECOND_REDIRECT_URI);

pub fn http() -> reqwest::Client {
    instagram_sandbox::loopback_client()
}

/// Exchanges `code` at the token endpoint with `app`'s credentials and `redirect`.
pub async fn exchange(
    sandbox: &Sandbox,
    app: App<'_>,
    redirect: &str,
    code: &str,
) -> reqwest::Response {
    let (client_id, secret, _) = app;
    http()
        .post(format!("{}oauth/access_token", sandbox.base_url()))
        .form(&[
            ("client_id", client_id),
            ("client_secret", secret),
            ("grant_type", "authorization_code"),
            ("redirect_uri", redirect),
            ("code", code),
        ])
        .send()
        .await
        .unwrap()
}
