//! The mobile path: the app sends the code to its backend, which holds the secret.
//! The backend here is a Rust server built on this crate's own `exchange_code_with_client_secret`, speaking
//! the Parse Cloud Code protocol (`POST /functions/<name>`, `{"result": ...}` replies,
//! `{"code":141,"error":...}` failures).

#![cfg(test)]

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::*;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, StatusCode, body::Incoming, service::service_fn};
use hyper_util::rt::TokioIo;
use instagram_auth::{
    AuthorizationCode, BackendExchange, CodeGrant, EndpointUrl, Error, InstagramAuth, ParseApiKey,
    RedirectUri,
};
use serde_json::{Value, json};

const APP_ID: &str = "parse-app-id";
const REST_KEY: &str = "parse-rest-key";

struct Backend {
    url: String,
    hits: Arc<Mutex<Vec<String>>>,
}

/// Serves `/parse/functions/instagramExchange` (and `/parse/functions/moved`, which
/// answers 307 to the real one, to prove redirects are not followed).
async fn start_backend(auth: Arc<InstagramAuth>) -> Backend {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = format!("http://{}/parse", listener.local_addr().unwrap());
    let hits = Arc::new(Mutex::new(Vec::new()));
    let (hits_for_server, base) = (hits.clone(), url.clone());
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let (auth, hits, base) = (auth.clone(), hits_for_server.clone(), base.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let (auth, hits, base) = (auth.clone(), hits.clone(), base.clone());
                    async move {
                        Ok::<_, Infallible>(cloud_function(&auth, &hits, &base, request).await)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Backend { url, hits }
}

async fn cloud_function(
    auth: &InstagramAuth,
    hits: &Mutex<Vec<String>>,
    base: &str,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let path = request.uri().path().to_owned();
    hits.lock().unwrap().push(path.clone());
    let reply = |status: StatusCode, body: Value| {
        let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
        *response.status_mut() = status;
        response
    };
    if path == "/parse/functions/moved" {
        let mut response = reply(StatusCode::TEMPORARY_REDIRECT, json!({}));
        response.headers_mut().insert(
            "location",
            format!("{base}/functions/instagramExchange")
                .parse()
                .unwrap(),
        );
        return response;
    }
    let headers = request.headers();
    if headers.get("x-parse-application-id").map(|v| v.as_bytes()) != Some(APP_ID.as_bytes())
        || headers.get("x-parse-rest-api-key").map(|v| v.as_bytes()) != Some(REST_KEY.as_bytes())
    {
        return reply(StatusCode::UNAUTHORIZED, json!({"error": "unauthorized"}));
    }
    let body: Value =
        serde_json::from_slice(&request.into_body().collect().await.unwrap().to_bytes())
            .unwrap_or(Value::Null);
    let (Some(code), Some(redirect_uri)) = (body["code"].as_str(), body["redirect_uri"].as_str())
    else {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"code": 141, "error": "code and redirect_uri are required"}),
        );
    };
    let grant = CodeGrant::new(
        AuthorizationCode::new(code).unwrap(),
        RedirectUri::parse(redirect_uri).unwrap(),
    );
    match auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
    {
        Ok(token) => reply(
            StatusCode::OK,
            json!({"result": {"access_token": token.access_token.secret(), "user_id": token.user_id.as_str()}}),
        ),
        Err(error) => reply(
            StatusCode::BAD_REQUEST,
            json!({"code": 141, "error": error.to_string()}),
        ),
    }
}

fn cloud_function_at(backend: &Backend, name: &str, rest_key: &str) -> BackendExchange {
    let server = EndpointUrl::parse(&backend.url).unwrap();
    let key = ParseApiKey::RestApiKey(rest_key.into());
    BackendExchange::parse_cloud_function(&server, name, APP_ID, Some(&key)).unwrap()
}

#[tokio::test]
async fn exchange_through_a_parse_cloud_function() {
    let env = env().await;
    let server_side = Arc::new(InstagramAuth::new(config_for(&env.sandbox)).unwrap());
    let backend = start_backend(server_side).await;
    let grant = code_grant(&env).await;

    let exchange = cloud_function_at(&backend, "instagramExchange", REST_KEY);
    let token = env
        .auth
        .exchange_code_via_backend(&grant, &exchange)
        .await
        .unwrap();
    assert_eq!(token.user_id.as_str(), SANDBOX_USER_ID);
    env.auth.fetch_profile(&token.access_token).await.unwrap();

    // The code is spent: the backend's refusal arrives as a provider error with Parse's code.
    let again = env.auth.exchange_code_via_backend(&grant, &exchange).await;
    let Err(Error::Provider(error)) = &again else {
        panic!("{again:?}")
    };
    assert_eq!(error.code, Some(141));
    assert!(
        error.message.as_deref().unwrap().contains("already used"),
        "{error:?}"
    );
    assert_redacted(
        again.as_ref().unwrap_err(),
        &[grant.code().secret(), REST_KEY],
    );
}

#[tokio::test]
async fn the_backend_sees_the_configured_headers() {
    let env = env().await;
    let backend = start_backend(Arc::new(
        InstagramAuth::new(config_for(&env.sandbox)).unwrap(),
    ))
    .await;
    let grant = code_grant(&env).await;
    let wrong_key = cloud_function_at(&backend, "instagramExchange", "wrong");
    let result = env.auth.exchange_code_via_backend(&grant, &wrong_key).await;
    assert!(
        matches!(result, Err(Error::Provider(ref e)) if e.http_status == Some(401)),
        "{result:?}"
    );
}

#[tokio::test]
async fn redirects_are_never_followed() {
    let env = env().await;
    let backend = start_backend(Arc::new(
        InstagramAuth::new(config_for(&env.sandbox)).unwrap(),
    ))
    .await;
    let grant = code_grant(&env).await;
    let moved = cloud_function_at(&backend, "moved", REST_KEY);
    let result = env.auth.exchange_code_via_backend(&grant, &moved).await;
    assert!(
        matches!(result, Err(Error::InvalidReply { status: 307, .. })),
        "{result:?}"
    );
    assert_eq!(
        *backend.hits.lock().unwrap(),
        ["/parse/functions/moved"],
        "the code went nowhere else"
    );
    // Not followed, so the code is still good.
    let exchange = cloud_function_at(&backend, "instagramExchange", REST_KEY);
    env.auth
        .exchange_code_via_backend(&grant, &exchange)
        .await
        .unwrap();
}
