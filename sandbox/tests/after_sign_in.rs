//! What happens after sign-in, over plain HTTP: app-scoped ids, Meta's signed callbacks,
//! the long-lived token rules, and the redirect URI rule for userinfo.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{App, FIRST_APP, REDIRECT, SECOND_APP, exchange, graph, http, sign_in_as};
use hmac::{Hmac, Mac};
use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SECOND_CLIENT_ID, SECOND_REDIRECT_URI, Sandbox,
};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The token reply's entry for the sandbox's user signing in to `app`.
async fn sign_in(sandbox: &Sandbox, app: App<'_>) -> Value {
    sign_in_as(sandbox, app, "sandbox.creator").await
}

/// Asks Meta's stand-in to send a signed callback (`body`: callback, client_id, user, url).
async fn deliver(sandbox: &Sandbox, body: &Value) -> reqwest::Response {
    http()
        .post(format!("{}sandbox/signed_request", sandbox.base_url()))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// `/me` with the access token of a token reply's entry.
async fn me(sandbox: &Sandbox, token: &Value) -> (u16, Value) {
    let token = token["access_token"].as_str().unwrap();
    graph(sandbox, &format!("me?access_token={token}")).await
}

#[tokio::test]
async fn the_same_person_has_another_id_in_another_app() {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let first = sign_in(&sandbox, FIRST_APP).await;
    let second = sign_in(&sandbox, SECOND_APP).await;
    assert_eq!(first["user_id"], "17841405793187219", "the demo's id stays");
    let second_id = second["user_id"].as_str().unwrap();
    assert_ne!(second_id, "17841405793187219");
    assert_eq!(second_id.len(), 17);
    let (_, me) = graph(
        &sandbox,
        &format!(
            "me?fields=id,user_id&access_token={}",
            second["access_token"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(me["id"], second_id, "/me answers the id of the token's app");
    assert_eq!(me["user_id"], "17841400008460057", "one Instagram account");
    // Stable: the next sign-in to the second app gets the same id.
    let again = sign_in(&sandbox, SECOND_APP).await;
    assert_eq!(again["user_id"], second_id);
    // A code of one app cannot be exchanged with the other's credentials.
    let code = sandbox
        .issue_code(SECOND_CLIENT_ID, SECOND_REDIRECT_URI, "sandbox.creator")
        .unwrap();
    let reply = exchange(&sandbox, FIRST_APP, SECOND_REDIRECT_URI, &code).await;
    assert_eq!(reply.status(), 400);
}

#[tokio::test]
async fn a_redirect_uri_with_userinfo_is_refused() {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    for redirect in [REDIRECT, "https://evil@app.example.com/auth/"] {
        let url = format!(
            "{}oauth/authorize?client_id={DEFAULT_CLIENT_ID}&response_type=code&scope=instagram_business_basic&sandbox_decision=allow&redirect_uri={}",
            sandbox.base_url(),
            url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
        );
        let status = http().get(url).send().await.unwrap().status();
        let expected = if redirect == REDIRECT { 302 } else { 400 };
        assert_eq!(status, expected, "{redirect}");
    }
}

/// Accepts one HTTP request on a free port and answers `reply`; yields the request.
async fn one_request(reply: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/instagram/data-deletion",
        listener.local_addr().unwrap()
    );
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let read = stream.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..read]);
            let text = String::from_utf8_lossy(&request);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        stream.write_all(answer.as_bytes()).await.unwrap();
        String::from_utf8(request).unwrap()
    });
    (url, task)
}

#[tokio::test]
async fn a_signed_callback_is_delivered_as_meta_describes_it() {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let token = sign_in(&sandbox, FIRST_APP).await;
    let other_app_token = sign_in(&sandbox, SECOND_APP).await;
    let (url, received) =
        one_request(r#"{"url":"https://app.example.com/status","confirmation_code":"abc"}"#).await;
    let body = json!({"callback": "data_deletion", "client_id": DEFAULT_CLIENT_ID, "user": "sandbox.creator", "url": url});
    let answer: Value = deliver(&sandbox, &body).await.json().await.unwrap();
    assert_eq!(answer["status"], 200);
    assert_eq!(answer["body"]["confirmation_code"], "abc");

    let request = received.await.unwrap();
    assert!(
        request.starts_with("POST /instagram/data-deletion HTTP/1.1"),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("content-type: application/x-www-form-urlencoded")
    );
    let body = request.split_once("\r\n\r\n").unwrap().1;
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(form.len(), 1);
    assert_eq!(form[0].0, "signed_request");
    let signed = &form[0].1;
    assert_eq!(signed, answer["signed_request"].as_str().unwrap());

    // Meta's description: base64url without padding, HMAC-SHA256 of the payload text.
    let (signature, payload) = signed.split_once('.').unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(DEFAULT_CLIENT_SECRET.as_bytes()).unwrap();
    mac.update(payload.as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap())
        .unwrap();
    let payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(payload["algorithm"], "HMAC-SHA256");
    assert_eq!(payload["user_id"], "17841405793187219");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        payload["issued_at"].as_u64().unwrap().abs_diff(now) < 60,
        "{payload}"
    );

    // The user removed the app: its tokens for this app stop working, the other app's do not.
    let (status, error) = me(&sandbox, &token).await;
    assert_eq!((status, &error["error"]["code"]), (400, &json!(190)));
    let (status, _) = me(&sandbox, &other_app_token).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn bad_delivery_requests_are_refused() {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    for body in [
        json!({"callback": "logout", "client_id": DEFAULT_CLIENT_ID, "user": "sandbox.creator", "url": "http://127.0.0.1:9/"}),
        json!({"callback": "deauthorize", "client_id": "1", "user": "sandbox.creator", "url": "http://127.0.0.1:9/"}),
        json!({"callback": "deauthorize", "client_id": DEFAULT_CLIENT_ID, "user": "nobody", "url": "http://127.0.0.1:9/"}),
        json!({"callback": "deauthorize", "client_id": DEFAULT_CLIENT_ID, "user": "sandbox.creator", "url": "http://127.0.0.1:9/"}),
    ] {
        assert_eq!(deliver(&sandbox, &body).await.status(), 400, "{body}");
    }
}

#[tokio::test]
async fn long_lived_tokens_refresh_after_a_day_and_expire_after_sixty() {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let short = sign_in(&sandbox, FIRST_APP).await;
    let (status, long) = graph(
        &sandbox,
        &format!(
            "access_token?grant_type=ig_exchange_token&client_secret={DEFAULT_CLIENT_SECRET}&access_token={}",
            short["access_token"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(status, 200, "{long}");
    assert_eq!(long["expires_in"], 60 * 24 * 3600);
    let refresh = format!(
        "refresh_access_token?grant_type=ig_refresh_token&access_token={}",
        long["access_token"].as_str().unwrap()
    );
    let advance = |seconds: u64| {
        http()
            .post(format!("{}sandbox/clock", sandbox.base_url()))
            .json(&json!({ "advance_seconds": seconds }))
            .send()
    };
    let (status, young) = graph(&sandbox, &refresh).await;
    assert_eq!(status, 400, "{young}");
    assert!(
        young["error"]["message"]
            .as_str()
            .unwrap()
            .contains("24 hours")
    );

    assert_eq!(advance(25 * 3600).await.unwrap().status(), 200);
    let (status, refreshed) = graph(&sandbox, &refresh).await;
    assert_eq!(status, 200, "{refreshed}");

    assert_eq!(advance(61 * 24 * 3600).await.unwrap().status(), 200);
    let old = format!(
        "refresh_access_token?grant_type=ig_refresh_token&access_token={}",
        refreshed["access_token"].as_str().unwrap()
    );
    let (status, expired) = graph(&sandbox, &old).await;
    assert_eq!(
        (status, &expired["error"]["code"]),
        (400, &json!(190)),
        "{expired}"
    );
}
