//! A stand-in for the app's own backend, so apps and tests can use the recommended
//! backend exchange during development without deploying one.
//!
//! It speaks the Parse Cloud Code protocol, like this repository's `server/cloud/main.js`:
//! `POST /sandbox/parse/functions/instagramExchange` with `X-Parse-Application-Id` and
//! `X-Parse-REST-API-Key`, JSON `{"code","redirect_uri"}`, and a reply of
//! `{"result":{"access_token","user_id","permissions"}}`. When Instagram refuses (a spent
//! or unknown code, another redirect URI), the result is Instagram's error in Graph's shape,
//! `{"result":{"error":{"message","type","code"}}}`, as main.js passes it on, so the app
//! reads Instagram's refusal; the function's own failure (no code or redirect URI) is
//! Parse's `{"code":141,"error":"..."}`. The exchange uses the code's app and its secret,
//! as a real backend holds it.

use hyper::header::HeaderMap;
use hyper::{Response, StatusCode};
use serde_json::{Value, json};

use crate::http::{Body, json as json_response};
use crate::{Shared, token};

/// Path prefix to pass as the Parse "server URL" (after the sandbox's base URL).
pub const DEV_PARSE_PATH: &str = "sandbox/parse";
/// The Cloud function's name.
pub const DEV_FUNCTION_NAME: &str = "instagramExchange";
/// `X-Parse-Application-Id` the stand-in expects.
pub const DEV_PARSE_APPLICATION_ID: &str = "sandbox-parse-app-id";
/// `X-Parse-REST-API-Key` the stand-in expects.
pub const DEV_PARSE_REST_API_KEY: &str = "sandbox-parse-rest-key";

pub fn cloud_function(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Response<Body> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("x-parse-application-id") != Some(DEV_PARSE_APPLICATION_ID)
        || header("x-parse-rest-api-key") != Some(DEV_PARSE_REST_API_KEY)
    {
        return json_response(
            StatusCode::UNAUTHORIZED,
            &json!({ "error": "unauthorized" }),
        );
    }
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let (Some(code), Some(redirect_uri)) =
        (request["code"].as_str(), request["redirect_uri"].as_str())
    else {
        return parse_error("code and redirect_uri are required");
    };
    let app = {
        let state = shared.lock();
        state
            .codes
            .get(code)
            .and_then(|issued| state.app(&issued.client_id).cloned())
    };
    let Some(app) = app else {
        // What the token endpoint answers for a code it never issued or no longer has.
        return instagram_refused(&token::refusal(
            "Matching code was not found or was already used",
        ));
    };
    let form = [
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.as_str()),
        ("grant_type", "authorization_code"),
        ("redirect_uri", redirect_uri),
        ("code", code),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    match token::token_reply(shared, &form) {
        Ok(reply) => {
            let entry = reply["data"][0].clone();
            let result = if entry.is_object() { entry } else { reply };
            json_response(StatusCode::OK, &json!({ "result": result }))
        }
        Err(message) => instagram_refused(&token::refusal(message)),
    }
}

/// Instagram's refusal as main.js answers it: the token endpoint's
/// `{"error_type","code","error_message"}` as Graph's `{"message","type","code"}`, the
/// function's result (instagram-http.js's `instagramRefusal`).
fn instagram_refused(body: &Value) -> Response<Body> {
    let error = json!({
        "message": body["error_message"],
        "type": body["error_type"],
        "code": body["code"],
    });
    json_response(StatusCode::OK, &json!({ "result": { "error": error } }))
}

/// Parse's answer when a Cloud function throws.
fn parse_error(message: &str) -> Response<Body> {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({ "code": 141, "error": message }),
    )
}
