//! `POST /sandbox/fault`: turns a [`Fault`] on or off while the sandbox runs, so one test
//! can watch a client meet the fault and then recover (the refresh job pausing on a rate
//! limit, then resuming), optionally on some of the token and Graph endpoints only.
//!
//! JSON `{"fault": "<name>" | null, "endpoints": ["/refresh_access_token", …]}`: `fault`
//! takes the names `--fault` takes; `endpoints` (optional, default all four) are among
//! `/oauth/access_token`, `/access_token`, `/refresh_access_token` and `/me` (versioned or
//! not, the fault applies alike). Answers `{"fault", "endpoints"}`, what is now in force.
//! Only clients on the loopback may switch (HTTP 403 otherwise): the sandbox can listen on
//! another address (`--host`), where anyone could otherwise break it for everyone. And only
//! with `Content-Type: application/json` (HTTP 415 otherwise): a web page open in a browser on
//! the same machine is on the loopback too, but it can send that type only after a CORS
//! preflight, which the sandbox never grants.

use hyper::header::CONTENT_TYPE;
use hyper::{HeaderMap, Response, StatusCode};
use serde_json::{Value, json};

use crate::http::{Body, json as json_response};
use crate::{Fault, Shared};

/// The endpoints a fault can apply to, as the router names them (without a version).
pub const FAULT_ENDPOINTS: [&str; 4] = [
    "/oauth/access_token",
    "/access_token",
    "/refresh_access_token",
    "/me",
];

/// `POST /sandbox/fault` from a client at a loopback address (`from_loopback`) or not.
pub fn switch(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    from_loopback: bool,
) -> Response<Body> {
    if !from_loopback {
        return error(
            StatusCode::FORBIDDEN,
            "the fault switch answers clients on the loopback only",
        );
    }
    if !is_json(headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the fault switch takes Content-Type: application/json only",
        );
    }
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let fault = match &request["fault"] {
        Value::Null if request.get("fault").is_some() => None,
        Value::String(name) => match Fault::parse(name) {
            Ok(fault) => Some((fault, name.clone())),
            Err(message) => return error(StatusCode::BAD_REQUEST, &message),
        },
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "fault must be a fault's name or null",
            );
        }
    };
    let endpoints = match &request["endpoints"] {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let mut endpoints = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(path) if FAULT_ENDPOINTS.contains(&path) => {
                        endpoints.push(path.to_owned());
                    }
                    _ => {
                        return error(
                            StatusCode::BAD_REQUEST,
                            &format!("unknown endpoint {item} ({})", FAULT_ENDPOINTS.join(", ")),
                        );
                    }
                }
            }
            endpoints
        }
        _ => {
            return error(StatusCode::BAD_REQUEST, "endpoints must be a list of paths");
        }
    };
    let mut state = shared.lock();
    state.knobs.fault = fault.as_ref().map(|(fault, _)| *fault);
    state.knobs.fault_endpoints = endpoints.clone();
    let shown: Vec<&str> = if endpoints.is_empty() {
        FAULT_ENDPOINTS.to_vec()
    } else {
        endpoints.iter().map(String::as_str).collect()
    };
    json_response(
        StatusCode::OK,
        &json!({ "fault": fault.map(|(_, name)| name), "endpoints": shown }),
    )
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "error": message }))
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SandboxConfig;

    fn json_headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    #[test]
    fn only_the_loopback_may_switch() {
        let shared = Shared::new("http://127.0.0.1:1/".into(), SandboxConfig::default());
        let body = br#"{"fault":"rate-limit"}"#;
        let json = json_headers("application/json");
        assert_eq!(
            switch(&shared, &json, body, false).status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(shared.lock().knobs.fault, None);
        assert_eq!(switch(&shared, &json, body, true).status(), StatusCode::OK);
        assert_eq!(shared.lock().knobs.fault, Some(Fault::RateLimit));
    }

    /// What a web page can send without a CORS preflight: refused, nothing changes.
    #[test]
    fn only_json_may_switch() {
        let shared = Shared::new("http://127.0.0.1:1/".into(), SandboxConfig::default());
        let body = br#"{"fault":"rate-limit"}"#;
        for content_type in [
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            let answer = switch(&shared, &json_headers(content_type), body, true);
            assert_eq!(
                answer.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type}"
            );
        }
        let answer = switch(&shared, &HeaderMap::new(), body, true);
        assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(shared.lock().knobs.fault, None);
        let charset = json_headers("Application/JSON; charset=utf-8");
        assert_eq!(
            switch(&shared, &charset, body, true).status(),
            StatusCode::OK
        );
    }

    #[test]
    fn bad_requests_change_nothing() {
        let shared = Shared::new("http://127.0.0.1:1/".into(), SandboxConfig::default());
        for body in [
            &br#"{"fault":"lightning"}"#[..],
            br#"{"fault":"500","endpoints":["/oauth/authorize"]}"#,
            br#"{"fault":"500","endpoints":"/me"}"#,
            br#"{"fault":500}"#,
            br#"{"endpoints":["/me"]}"#,
            b"not json",
        ] {
            let answer = switch(&shared, &json_headers("application/json"), body, true);
            assert_eq!(
                answer.status(),
                StatusCode::BAD_REQUEST,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(shared.lock().knobs.fault, None);
        }
    }
}
