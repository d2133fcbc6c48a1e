//! `POST /sandbox/fault`: a fault switched on and off while the sandbox runs, on some
//! endpoints only, over plain HTTP.

mod common;

use std::time::Duration;

use common::{FIRST_APP, graph, http, sign_in_as};
use instagram_sandbox::{DEFAULT_CLIENT_SECRET, RATE_LIMIT_ERROR_CODE, Sandbox, SandboxConfig};
use serde_json::{Value, json};

async fn switch(sandbox: &Sandbox, body: Value) -> (u16, Value) {
    let reply = http()
        .post(format!("{}sandbox/fault", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}

async fn get(sandbox: &Sandbox, path: &str, token: &str) -> (u16, Value) {
    graph(
        sandbox,
        &format!("{path}?grant_type=ig_refresh_token&access_token={token}"),
    )
    .await
}

#[tokio::test]
async fn a_rate_limit_on_the_refresh_endpoint_only_then_off_again() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let short = sign_in_as(&sandbox, FIRST_APP, "sandbox.creator").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A 60-day token, a day old: what Instagram renews.
    let (status, long) = graph(
        &sandbox,
        &format!("access_token?grant_type=ig_exchange_token&client_secret={DEFAULT_CLIENT_SECRET}&access_token={short}"),
    )
    .await;
    assert_eq!(status, 200, "{long}");
    let token = long["access_token"].as_str().unwrap().to_owned();
    sandbox.advance_clock(Duration::from_secs(25 * 3600));

    let (status, answer) = switch(
        &sandbox,
        json!({"fault": "rate-limit", "endpoints": ["/refresh_access_token"]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"fault": "rate-limit", "endpoints": ["/refresh_access_token"]})
    );
    // /me still answers; the refresh, versioned or not, is throttled.
    let (status, me) = get(&sandbox, "me", &token).await;
    assert_eq!((status, me["id"].is_string()), (200, true), "{me}");
    for path in ["refresh_access_token", "v26.0/refresh_access_token"] {
        let (status, refused) = get(&sandbox, path, &token).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(refused["error"]["code"], RATE_LIMIT_ERROR_CODE, "{path}");
    }

    let (status, answer) = switch(&sandbox, json!({"fault": null})).await;
    assert_eq!(status, 200);
    assert_eq!(answer["fault"], Value::Null);
    let (status, renewed) = get(&sandbox, "refresh_access_token", &token).await;
    assert_eq!(status, 200, "{renewed}");
    assert!(renewed["access_token"].is_string());
}

#[tokio::test]
async fn without_endpoints_the_fault_applies_to_all_four() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (status, answer) = switch(&sandbox, json!({"fault": "500"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["endpoints"],
        json!([
            "/oauth/access_token",
            "/access_token",
            "/refresh_access_token",
            "/me"
        ])
    );
    let (status, _) = get(&sandbox, "me", "IGAAanything").await;
    assert_eq!(status, 500);
}

#[tokio::test]
async fn unknown_faults_and_endpoints_are_refused() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (status, answer) = switch(&sandbox, json!({"fault": "lightning"})).await;
    assert_eq!(status, 400);
    assert!(answer["error"].as_str().unwrap().contains("rate-limit"));
    let (status, answer) = switch(
        &sandbox,
        json!({"fault": "500", "endpoints": ["/oauth/authorize"]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("/refresh_access_token")
    );
    // Nothing was switched on: the consent page's exchange still works.
    sign_in_as(&sandbox, FIRST_APP, "sandbox.creator").await;
}
