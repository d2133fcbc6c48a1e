//! The sandbox's endpoints driven with plain HTTP, checked against Instagram's documents.

mod common;

use common::{FIRST_APP, REDIRECT, authorize_url, exchange, http};
use instagram_sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox, SandboxConfig};
use serde_json::Value;

fn valid_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("client_id", DEFAULT_CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        (
            "scope",
            "instagram_business_basic,instagram_business_manage_comments",
        ),
        ("state", "st"),
    ]
}

#[tokio::test]
async fn invalid_authorization_requests_get_an_error_page_and_no_redirect() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let with = |name: &'static str, value: &'static str| {
        let mut params = valid_params();
        params.retain(|(k, _)| *k != name);
        params.push((name, value));
        params
    };
    let cases = [
        (with("client_id", "1"), "Invalid platform app"),
        (
            with("redirect_uri", "https://app.example.com/auth"),
            "Invalid redirect_uri",
        ),
        (
            with("redirect_uri", "https://evil.example/auth/"),
            "Invalid redirect_uri",
        ),
        (
            with("redirect_uri", "https://app.example.com/auth/#x"),
            "Invalid redirect_uri",
        ),
        (
            with("redirect_uri", "https://app.example.com/auth/?type=mobile"),
            "Invalid redirect_uri",
        ),
        (with("response_type", "id_token"), "Invalid response_type"),
        (
            with("response_type", "token"),
            "Invalid Request: Request parameters are invalid: Unsupported response_type token",
        ),
        (
            with("scope", "user_profile"),
            "Invalid Scopes: user_profile",
        ),
        (
            with("scope", "instagram_business_manage_messages"),
            "instagram_business_basic is required",
        ),
        (with("sandbox_decision", "maybe"), "must be allow or deny"),
        (with("sandbox_user", "nobody"), "No sandbox user"),
    ];
    for (params, message) in cases {
        let response = http()
            .get(authorize_url(&sandbox, &params))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{params:?}");
        assert!(response.headers().get("location").is_none());
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{params:?}: {page}");
    }
}

#[tokio::test]
async fn consent_page_buttons_redirect_like_instagram() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let page = http()
        .get(authorize_url(&sandbox, &valid_params()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("instagram_business_manage_comments"));
    let consent = page
        .split("name=\"consent\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    let consent_url = format!("{}oauth/authorize/consent", sandbox.base_url());
    let deny = http()
        .post(&consent_url)
        .form(&[("consent", consent.as_str()), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        deny.headers()["location"],
        "https://app.example.com/auth/?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=st"
    );
    // One answer per consent screen.
    let again = http()
        .post(&consent_url)
        .form(&[("consent", consent.as_str()), ("decision", "allow")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400);

    let mut params = valid_params();
    params.push(("sandbox_decision", "allow"));
    params.push(("sandbox_user", "sandbox.business"));
    let allow = http()
        .get(authorize_url(&sandbox, &params))
        .send()
        .await
        .unwrap();
    let location = allow.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://app.example.com/auth/?code=AQ"),
        "{location}"
    );
    assert!(location.ends_with("&state=st#_"), "{location}");

    // The code belongs to the chosen user.
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let token: Value = exchange(&sandbox, FIRST_APP, REDIRECT, code)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(token["data"][0]["user_id"], "17841405822304915");
    assert_eq!(
        token["data"][0]["permissions"],
        "instagram_business_basic,instagram_business_manage_comments"
    );
}

#[tokio::test]
async fn token_endpoint_checks_the_grant_type_and_unknown_paths_are_graph_errors() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let reply: Value = http()
        .post(format!("{}oauth/access_token", sandbox.base_url()))
        .form(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
            ("grant_type", "password"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["error_type"], "OAuthException");
    assert!(
        reply["error_message"]
            .as_str()
            .unwrap()
            .contains("grant_type")
    );

    let missing = http()
        .get(format!("{}nope", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], 2500);
}

#[tokio::test]
async fn a_seed_file_replaces_the_defaults() {
    let seed = r#"{"apps":[{"client_id":"1","client_secret":"s","redirect_uris":["https://x.example/cb"]}],
                   "users":[{"id":"5","ig_user_id":"6","username":"u","name":"U","account_type":"BUSINESS"}]}"#;
    let config = SandboxConfig::from_json(seed).unwrap();
    assert_eq!(config.apps[0].redirect_uris, ["https://x.example/cb"]);
    assert!(SandboxConfig::from_json(r#"{"apps":[],"users":[]}"#).is_err());
    assert!(SandboxConfig::from_json("{").is_err());
}
