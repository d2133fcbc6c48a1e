//! Shared by the sandbox's test binaries: a client that never leaves loopback, the
//! consent URL, the token exchange every sign-in ends with, and Graph calls.
#![allow(dead_code)] // each test binary uses its own part

use serde_json::Value;

use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SECOND_CLIENT_ID, SECOND_CLIENT_SECRET,
    SECOND_REDIRECT_URI, Sandbox,
};

/// The redirect URI the sandbox's first app registers.
pub const REDIRECT: &str = "https://app.example.com/auth/";

/// An app registered with the sandbox: id, secret and redirect URI.
pub type App<'a> = (&'a str, &'a str, &'a str);
pub const FIRST_APP: App = (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, REDIRECT);
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

/// The sandbox's `/oauth/authorize` with these query parameters.
pub fn authorize_url(sandbox: &Sandbox, params: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(sandbox.base_url())
        .unwrap()
        .join("oauth/authorize")
        .unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.into()
}

/// The token reply's entry (today's wrapped shape) for `username` signing in to `app`.
pub async fn sign_in_as(sandbox: &Sandbox, app: App<'_>, username: &str) -> Value {
    let (client_id, _, redirect) = app;
    let code = sandbox.issue_code(client_id, redirect, username).unwrap();
    let reply: Value = exchange(sandbox, app, redirect, &code)
        .await
        .json()
        .await
        .unwrap();
    reply["data"][0].clone()
}

/// A Graph GET: `(status, JSON body)`.
pub async fn graph(sandbox: &Sandbox, path_and_query: &str) -> (u16, Value) {
    let reply = http()
        .get(format!("{}{path_and_query}", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}
