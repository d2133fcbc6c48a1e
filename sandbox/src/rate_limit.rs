//! The `rate-limit` fault: Graph's throttling error with Meta's usage headers.
//!
//! Meta documents two headers on Graph replies: `X-App-Usage`, the app's use as
//! percentages (`{"call_count","total_cputime","total_time"}`), and
//! `X-Business-Use-Case-Usage`, keyed by the business object's id (for Instagram, the
//! professional account), each entry a list of `{"type","call_count","total_cputime",
//! "total_time","estimated_time_to_regain_access"}`, the last in minutes. Throttled
//! calls fail with code 4 ("Application request limit reached").

use hyper::header::HeaderValue;
use hyper::{Response, StatusCode};
use serde_json::json;

use crate::http::{Body, get, json as json_response};
use crate::state::{State, random_id};

/// How long the throttled app must wait, as `estimated_time_to_regain_access` says it.
pub const RATE_LIMIT_MINUTES_TO_REGAIN: u64 = 17;
/// Graph's error code for an app over its rate limit.
pub const RATE_LIMIT_ERROR_CODE: i64 = 4;

/// HTTP 400, Graph's error of code 4, and both usage headers at their limit.
pub fn rate_limited(state: &State, query: &[(String, String)]) -> Response<Body> {
    let body = json!({ "error": {
        "message": "(#4) Application request limit reached",
        "type": "OAuthException",
        "is_transient": true,
        "code": RATE_LIMIT_ERROR_CODE,
        "fbtrace_id": random_id("A", 23),
    }});
    let app_usage = json!({ "call_count": 100, "total_cputime": 34, "total_time": 41 });
    let business_usage = json!({ throttled_account(state, query): [{
        "type": "instagram",
        "call_count": 100,
        "total_cputime": 34,
        "total_time": 41,
        "estimated_time_to_regain_access": RATE_LIMIT_MINUTES_TO_REGAIN,
    }]});
    let mut response = json_response(StatusCode::BAD_REQUEST, &body);
    for (name, value) in [
        ("x-app-usage", app_usage),
        ("x-business-use-case-usage", business_usage),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// The professional account the call was for: the one of the access token in the query,
/// or else the first user's (a code exchange names no account until it succeeds).
fn throttled_account(state: &State, query: &[(String, String)]) -> String {
    let user = get(query, "access_token")
        .and_then(|token| state.tokens.get(token))
        .map_or(0, |issued| issued.user);
    state
        .config
        .users
        .get(user)
        .map(|user| user.ig_user_id.clone())
        .unwrap_or_default()
}
