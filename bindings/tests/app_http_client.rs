//! The app's HttpClient as the library's transport, seen from Rust: what it is asked to
//! send, and how each kind of answer comes back to the app.

#![cfg(test)]

mod common;

use std::sync::{Arc, Mutex};

use instagram_auth_ffi::{
    HttpClient, HttpClientError, HttpHeader, HttpRequest, HttpResponse, InstagramAuth,
    InstagramAuthError,
};

struct Canned {
    reply: Mutex<Option<Result<HttpResponse, HttpClientError>>>,
    asked: Mutex<Vec<Arc<HttpRequest>>>,
}

#[async_trait::async_trait]
impl HttpClient for Canned {
    async fn send(&self, request: Arc<HttpRequest>) -> Result<HttpResponse, HttpClientError> {
        self.asked.lock().unwrap().push(request);
        self.reply
            .lock()
            .unwrap()
            .take()
            .expect("one send per call")
    }
}

fn auth_answering(reply: Result<HttpResponse, HttpClientError>) -> (InstagramAuth, Arc<Canned>) {
    let client = Arc::new(Canned {
        reply: Mutex::new(Some(reply)),
        asked: Mutex::new(Vec::new()),
    });
    (
        InstagramAuth::new(common::config(), client.clone()).unwrap(),
        client,
    )
}

/// A reply from the page the profile request asked for.
fn reply(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status,
        body,
        url: "https://graph.instagram.com/v26.0/me".into(),
        headers: Vec::new(),
    }
}

fn profile(auth: &InstagramAuth) -> Result<String, InstagramAuthError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime
        .block_on(auth.fetch_profile("IGAAsecret-token".into()))
        .map(|profile| profile.id.as_str().to_owned())
}

#[test]
fn the_client_is_handed_the_request_the_library_decided() {
    let body = br#"{"id":"17841405793187219","username":"a"}"#.to_vec();
    let (auth, client) = auth_answering(Ok(reply(200, body)));
    assert_eq!(profile(&auth).unwrap(), "17841405793187219");
    let asked = client.asked.lock().unwrap();
    let request = &asked[0];
    assert_eq!(request.method(), "GET");
    let url = request.url();
    assert!(
        url.starts_with("https://graph.instagram.com/v26.0/me?fields="),
        "{url}"
    );
    assert!(request.url().contains("access_token=IGAAsecret-token"));
    assert!(request.body().is_empty());
    // A config without durations gets the core's defaults.
    let defaults = instagram_auth::HttpSettings::default();
    assert_eq!(
        (request.connect_timeout_ms(), request.timeout_ms()),
        (
            defaults.connect_timeout.as_millis() as u64,
            defaults.timeout.as_millis() as u64
        )
    );
    assert_eq!(
        request.max_response_bytes(),
        defaults.max_response_bytes as u64
    );
    // Printed, as an app's client might log it: the page, never the token.
    let printed = request.to_string();
    assert!(
        printed.contains("graph.instagram.com/v26.0/me"),
        "{printed}"
    );
    assert!(!printed.contains("IGAAsecret"), "{printed}");
}

/// Issue 25: Graph's refusals arrive as the case an app acts on, with Meta's text for the
/// user when it sent some.
#[test]
fn graph_refusals_become_what_the_app_does() {
    let graph_error = |code: u32, extra: &str| {
        let body = format!(
            r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}{extra},"fbtrace_id":"T"}}}}"#
        );
        profile(&auth_answering(Ok(reply(400, body.into_bytes()))).0).unwrap_err()
    };
    let expired = graph_error(
        190,
        r#","error_subcode":460,"error_user_title":"Password changed","error_user_msg":"Sign in again to continue.""#,
    );
    assert!(
        matches!(&expired, InstagramAuthError::ReauthenticationRequired { subcode: Some(460), user_title: Some(t), user_message: Some(m), .. }
            if t == "Password changed" && m == "Sign in again to continue."),
        "{expired:?}"
    );
    for code in [4, 17, 32, 613, 80002] {
        let throttled = graph_error(code, "");
        assert!(
            matches!(&throttled, InstagramAuthError::RateLimited { code: Some(c), .. } if *c == i64::from(code)),
            "{throttled:?}"
        );
    }
    for code in [10, 200, 299] {
        let forbidden = graph_error(code, "");
        assert!(
            matches!(&forbidden, InstagramAuthError::PermissionMissing { code: Some(c), .. } if *c == i64::from(code)),
            "{forbidden:?}"
        );
    }
    // With Meta's usage headers, as the app's client received them: when access comes back.
    let mut throttled = reply(
        400,
        br#"{"error":{"message":"Application request limit reached","code":4}}"#.to_vec(),
    );
    throttled.headers = vec![
        HttpHeader {
            name: "x-app-usage".into(),
            value: r#"{"call_count":100,"total_cputime":12,"total_time":30}"#.into(),
        },
        HttpHeader {
            name: "X-Business-Use-Case-Usage".into(),
            value: r#"{"17841400008460057":[{"type":"instagram","call_count":96,"estimated_time_to_regain_access":12}]}"#.into(),
        },
    ];
    let limited = profile(&auth_answering(Ok(throttled)).0).unwrap_err();
    assert!(
        matches!(&limited, InstagramAuthError::RateLimited { code: Some(4), retry_after_ms: Some(720_000), usage_percent: Some(100), detail, .. }
            if detail.starts_with("Instagram's rate limit was reached; retry in about 12 minutes")),
        "{limited:?}"
    );

    let other = graph_error(100, r#","error_user_msg":"Try again later.""#);
    assert!(
        matches!(&other, InstagramAuthError::ProviderRejected { code: Some(100), user_title: None, user_message: Some(m), .. } if m == "Try again later."),
        "{other:?}"
    );
}

#[test]
fn each_kind_of_answer_becomes_the_error_an_app_acts_on() {
    let redirect = Ok(reply(302, Vec::new()));
    let (auth, _) = auth_answering(redirect);
    assert!(matches!(
        profile(&auth),
        Err(InstagramAuthError::InvalidReply {
            http_status: 302,
            ..
        })
    ));

    let oversized = Ok(reply(200, vec![b' '; 1024 * 1024 + 1]));
    let (auth, _) = auth_answering(oversized);
    assert!(matches!(
        profile(&auth),
        Err(InstagramAuthError::InvalidReply { http_status: 200, ref detail }) if detail.contains("larger")
    ));

    let garbage = Ok(reply(200, b"<html>captive portal</html>".to_vec()));
    let (auth, _) = auth_answering(garbage);
    assert!(matches!(
        profile(&auth),
        Err(InstagramAuthError::InvalidReply { .. })
    ));

    // A client that followed a redirect, or cannot say where its reply came from.
    let answering_from = |url: &str| {
        auth_answering(Ok(HttpResponse {
            url: url.into(),
            ..reply(200, br#"{"id":"1"}"#.to_vec())
        }))
        .0
    };
    assert!(matches!(
        profile(&answering_from("https://captive.example/login")),
        Err(InstagramAuthError::InvalidReply { http_status: 200, ref detail }) if detail.contains("followed a redirect")
    ));
    assert!(matches!(
        profile(&answering_from("not a url")),
        Err(InstagramAuthError::Network { .. })
    ));

    let (auth, _) = auth_answering(Err(HttpClientError::Timeout));
    assert!(matches!(profile(&auth), Err(InstagramAuthError::Timeout)));

    let leaky = Err(HttpClientError::Network {
        detail: "GET https://graph.instagram.com/me?access_token=IGAAsecret-token failed".into(),
    });
    let (auth, _) = auth_answering(leaky);
    match profile(&auth) {
        Err(InstagramAuthError::Network { detail }) => {
            assert!(!detail.contains("IGAAsecret"), "{detail}");
            assert!(detail.contains("failed"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}
