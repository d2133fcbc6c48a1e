//! The app's HttpClient as the library's transport, seen from Rust: what it is asked to
//! send, and how each kind of answer comes back to the app.

#![cfg(test)]

mod common;

use std::sync::{Arc, Mutex};

use instagram_auth_ffi::{
    HttpClient, HttpClientError, HttpRequest, HttpResponse, InstagramAuth, InstagramAuthError,
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
        url: "https://graph.instagram.com/me".into(),
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
        url.starts_with("https://graph.instagram.com/me?fields="),
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
    assert!(printed.contains("graph.instagram.com/me"), "{printed}");
    assert!(!printed.contains("IGAAsecret"), "{printed}");
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
