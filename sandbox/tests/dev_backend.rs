//! The development backend (`/sandbox/parse/functions/instagramExchange`) answers as
//! server/cloud/main.js does: the token as the result, Instagram's refusal passed on as
//! the result `{"error":{...}}`, and Parse's 141 only for the function's own failure.

mod common;

use common::{REDIRECT, http};
use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEV_FUNCTION_NAME, DEV_PARSE_APPLICATION_ID, DEV_PARSE_PATH,
    DEV_PARSE_REST_API_KEY, Sandbox, SandboxConfig,
};
use serde_json::{Value, json};

async fn call(sandbox: &Sandbox, body: Value) -> (u16, Value) {
    let reply = http()
        .post(format!(
            "{}{DEV_PARSE_PATH}/functions/{DEV_FUNCTION_NAME}",
            sandbox.base_url()
        ))
        .header("X-Parse-Application-Id", DEV_PARSE_APPLICATION_ID)
        .header("X-Parse-REST-API-Key", DEV_PARSE_REST_API_KEY)
        .json(&body)
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}

fn refusal(message: &str) -> Value {
    json!({ "result": { "error": { "message": message, "type": "OAuthException", "code": 400 } } })
}

#[tokio::test]
async fn a_spent_code_is_instagrams_refusal_as_main_js_passes_it_on() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let code = sandbox
        .issue_code(DEFAULT_CLIENT_ID, REDIRECT, "sandbox.creator")
        .unwrap();
    let (status, first) = call(&sandbox, json!({"code": code, "redirect_uri": REDIRECT})).await;
    assert_eq!(status, 200, "{first}");
    assert!(first["result"]["access_token"].is_string(), "{first}");
    let (status, spent) = call(&sandbox, json!({"code": code, "redirect_uri": REDIRECT})).await;
    assert_eq!(
        (status, spent),
        (
            200,
            refusal("Matching code was not found or was already used")
        )
    );
    let (status, unknown) = call(
        &sandbox,
        json!({"code": "AQnever", "redirect_uri": REDIRECT}),
    )
    .await;
    assert_eq!(
        (status, unknown),
        (
            200,
            refusal("Matching code was not found or was already used")
        )
    );
}

#[tokio::test]
async fn another_redirect_uri_is_refused_by_instagram_and_no_code_by_the_function() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let code = sandbox
        .issue_code(DEFAULT_CLIENT_ID, REDIRECT, "sandbox.creator")
        .unwrap();
    let (status, other) = call(
        &sandbox,
        json!({"code": code, "redirect_uri": "http://localhost:8765/auth/"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(other["result"]["error"]["code"], 400, "{other}");
    assert!(
        other["result"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("redirect_uri"),
        "{other}"
    );
    let (status, missing) = call(&sandbox, json!({"code": code})).await;
    assert_eq!(
        (status, missing),
        (
            400,
            json!({"code": 141, "error": "code and redirect_uri are required"})
        )
    );
}
