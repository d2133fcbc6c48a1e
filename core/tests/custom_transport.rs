//! An app's own transport: the library decides each request and checks each reply, the
//! transport only moves bytes. Here one wraps reqwest, as an app's would wrap OkHttp or
//! URLSession, and records what it was asked to send.

#![cfg(test)]

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use instagram_auth::{
    Error, Grant, HttpMethod, HttpRequest, HttpSettings, HttpTransport, InstagramAuth,
    ReqwestTransport, TransportFuture,
};

#[derive(Debug)]
struct Recording {
    inner: ReqwestTransport,
    sent: Mutex<Vec<(HttpMethod, String)>>,
}

impl HttpTransport for Recording {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.sent
            .lock()
            .unwrap()
            .push((request.method(), request.url().path().to_owned()));
        self.inner.send(request)
    }
}

#[tokio::test]
async fn a_whole_sign_in_through_an_app_transport_sends_each_request_once() {
    let env = env().await;
    let transport = Arc::new(Recording {
        inner: ReqwestTransport::new(&HttpSettings::default()).unwrap(),
        sent: Mutex::new(Vec::new()),
    });
    let auth = InstagramAuth::with_transport(config_for(&env.sandbox), transport.clone()).unwrap();
    let pending = auth.start_authorization(&[]).unwrap();
    let Grant::Code(grant) = auth
        .handle_callback(&pending, &consent(&pending, "allow").await)
        .unwrap()
    else {
        panic!("code flow")
    };
    let token = auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
    assert_eq!(token.user_id.as_str(), SANDBOX_USER_ID);
    let profile = auth.fetch_profile(&token.access_token).await.unwrap();
    assert_eq!(profile.id.as_str(), SANDBOX_USER_ID);
    // A spent code is refused by Instagram, not retried by the library.
    let again = auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await;
    assert!(matches!(again, Err(Error::Provider(_))), "{again:?}");

    let sent = transport.sent.lock().unwrap().clone();
    assert_eq!(
        sent,
        [
            (HttpMethod::Post, "/oauth/access_token".to_owned()),
            (HttpMethod::Get, "/v26.0/me".to_owned()),
            (HttpMethod::Post, "/oauth/access_token".to_owned()),
        ]
    );
}

/// The request an app's transport is handed: what it must send, and nothing secret in
/// its `Debug`.
#[tokio::test]
async fn requests_are_plain_data_built_without_the_network() {
    let env = env().await;
    let grant = code_grant(&env).await;
    let request = env.auth.client_secret_exchange_request(&grant, &secret());
    assert_eq!(request.method(), HttpMethod::Post);
    assert_eq!(
        request.url().as_str(),
        format!("{}oauth/access_token", env.sandbox.base_url())
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(request.body())
        .into_owned()
        .collect();
    let names: Vec<&str> = form.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "client_id",
            "client_secret",
            "grant_type",
            "redirect_uri",
            "code"
        ]
    );
    assert!(form.contains(&("code".into(), grant.code().secret().into())));
    let debug = format!("{request:?}");
    assert!(!debug.contains(grant.code().secret()), "{debug}");
    assert!(!debug.contains(secret().secret()), "{debug}");
    assert_eq!(request.max_response_bytes(), 1024 * 1024);
}

/// The reqwest transport hands back the reply's headers, for the library to read.
#[tokio::test]
async fn the_reqwest_transport_hands_back_the_reply_s_headers() {
    let env = env().await;
    let grant = code_grant(&env).await;
    let request = env.auth.client_secret_exchange_request(&grant, &secret());
    let transport = ReqwestTransport::new(&HttpSettings::default()).unwrap();
    let reply = transport.send(request).await.unwrap();
    assert_eq!(reply.status, 200);
    let content_type = reply.header("Content-Type").unwrap_or_default();
    assert!(content_type.starts_with("application/json"), "{reply:?}");
    assert_eq!(
        reply.header("content-length"),
        Some(reply.body.len().to_string())
    );
}
