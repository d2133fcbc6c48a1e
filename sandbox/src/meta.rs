//! Meta's side of "after sign-in": when a user removes the app (Deauthorize callback) or
//! asks for their data to be deleted (Data Deletion Request callback), Meta POSTs the
//! form field `signed_request` to the URL the app set in the App Dashboard.
//!
//! As Meta describes it: `<signature>.<payload>`, both base64url without padding; the
//! signature is HMAC-SHA256 of the payload text keyed with the app secret; the payload is
//! JSON with `algorithm` ("HMAC-SHA256"), `issued_at` (Unix seconds) and `user_id` (the
//! app-scoped id). Written from that description, independently of the client library.
//!
//! The sandbox has no dashboard, so a test asks it to deliver one:
//! `POST /sandbox/signed_request` with JSON `{"callback": "deauthorize" | "data_deletion",
//! "client_id", "user": "<username>", "url": "<http URL>"}`. It revokes the user's tokens
//! for that app (the user removed it), POSTs the form, and answers
//! `{"signed_request", "status", "body"}` with the app's reply, so a test can check the
//! reply and deliver the same request again.

use std::time::UNIX_EPOCH;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use hyper::{Response, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::Shared;
use crate::http::{Body, json as json_response};

/// Signs a request for `user_id` as Meta does, with the app secret.
pub fn sign_request(app_secret: &str, user_id: &str, issued_at: u64) -> String {
    let payload = json!({
        "algorithm": "HMAC-SHA256",
        "issued_at": issued_at,
        "user_id": user_id,
    });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(payload.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signature}.{payload}")
}

/// `POST /sandbox/signed_request`.
pub async fn deliver(shared: &Shared, body: &[u8]) -> Response<Body> {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |name: &str| request[name].as_str().unwrap_or_default().to_owned();
    let (callback, client_id, username, url) = (
        text("callback"),
        text("client_id"),
        text("user"),
        text("url"),
    );
    if callback != "deauthorize" && callback != "data_deletion" {
        return bad_request("callback must be deauthorize or data_deletion");
    }
    let signed_request = {
        let mut state = shared.lock();
        let Some(secret) = state.app(&client_id).map(|app| app.client_secret.clone()) else {
            return bad_request("unknown client_id");
        };
        let Some(user) = state.user_index(&username) else {
            return bad_request("unknown user");
        };
        // The user removed the app: its tokens stop working before Meta calls back.
        state
            .tokens
            .retain(|_, token| !(token.user == user && token.client_id == client_id));
        let issued_at = state
            .now()
            .duration_since(UNIX_EPOCH)
            .map(|age| age.as_secs())
            .unwrap_or_default();
        sign_request(&secret, &state.user_id(user, &client_id), issued_at)
    };
    let sent = crate::loopback_client()
        .post(&url)
        .form(&[("signed_request", &signed_request)])
        .send()
        .await;
    let reply = match sent {
        Ok(reply) => reply,
        Err(_) => return bad_request("the callback URL did not answer"),
    };
    let status = reply.status().as_u16();
    let text = reply.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    json_response(
        StatusCode::OK,
        &json!({ "signed_request": signed_request, "status": status, "body": body }),
    )
}

/// `POST /sandbox/clock` with `{"advance_seconds": N}`: moves the sandbox's clock, so a
/// test over HTTP can age tokens (refresh after 24 hours, expiry after 60 days).
pub fn advance_clock(shared: &Shared, body: &[u8]) -> Response<Body> {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let Some(seconds) = request["advance_seconds"].as_u64() else {
        return bad_request("advance_seconds must be a whole number");
    };
    shared.lock().knobs.clock_offset += std::time::Duration::from_secs(seconds);
    json_response(StatusCode::OK, &json!({ "advanced_seconds": seconds }))
}

fn bad_request(message: &str) -> Response<Body> {
    json_response(StatusCode::BAD_REQUEST, &json!({ "error": message }))
}
