//! What the CLI prints and how it exits.

use std::process::ExitCode;

use instagram_auth::Error;
use serde_json::{Value, json};

/// Prints a result and exits 0.
pub fn success(value: &Value) -> ExitCode {
    println!("{value}");
    ExitCode::SUCCESS
}

/// Prints `{"error":{...}}` and exits 1 — or, for an invalid input (which can only come
/// from the arguments), a usage message with exit 2.
pub fn failure(error: &Error) -> ExitCode {
    failure_with_hint(error, None)
}

/// [`failure`], with a `"hint"` when the request did not get through (a network error or
/// a timeout) and the command knows the likely cause, e.g. which option points elsewhere.
#[allow(
    clippy::indexing_slicing,
    reason = "serde_json indexes an object it just built"
)]
pub fn failure_with_hint(error: &Error, hint: Option<&str>) -> ExitCode {
    if let Error::InvalidConfig(message) = error {
        return usage(message);
    }
    if error.is_invalid_input() {
        return usage(&error.to_string());
    }
    let mut body = error_json(error);
    if let Some(hint) = hint.filter(|_| matches!(error, Error::Network(_) | Error::Timeout)) {
        body["error"]["hint"] = json!(hint);
    }
    println!("{body}");
    ExitCode::from(1)
}

/// Prints `{"error":{"kind","message"}}` for a failure the library has no error for (the
/// sandbox cannot listen, ...), and exits 1.
pub fn failure_of_kind(kind: &str, message: &str) -> ExitCode {
    println!(
        "{}",
        json!({ "error": { "kind": kind, "message": message } })
    );
    ExitCode::from(1)
}

/// Exits 2 like clap does for bad arguments.
pub fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Something outside the sign-in went wrong (no runtime, no terminal, no port): printed
/// as every other failure is, `{"error":{"kind":"io","message":...}}`, exit 1.
pub fn fatal(message: &str) -> ExitCode {
    println!(
        "{}",
        json!({ "error": { "kind": "io", "message": message } })
    );
    ExitCode::from(1)
}

#[allow(
    clippy::indexing_slicing,
    reason = "serde_json indexes an object it just built"
)]
pub fn error_json(error: &Error) -> Value {
    let mut body = json!({ "kind": error.kind(), "message": error.to_string() });
    match error {
        Error::AccessDenied {
            reason,
            description,
        } => {
            body["reason"] = json!(reason);
            body["description"] = json!(description);
        }
        Error::BackendRejected(refusal) => {
            body["code"] = json!(refusal.code);
            body["status"] = json!(refusal.http_status);
            body["description"] = json!(refusal.message);
            if let Some(endpoint) = &refusal.endpoint {
                body["endpoint"] = json!(endpoint);
            }
            if let Some(hint) = &refusal.hint {
                body["hint"] = json!(hint);
            }
        }
        Error::InvalidReply { status, .. } => body["status"] = json!(status),
        _ => {}
    }
    if let Some(provider) = error.provider_error() {
        body["code"] = json!(provider.code);
        body["type"] = json!(provider.error_type);
        body["status"] = json!(provider.http_status);
        body["description"] = json!(provider.message);
        if let Some(subcode) = provider.subcode {
            body["subcode"] = json!(subcode);
        }
        if let Some(title) = &provider.user_title {
            body["user_title"] = json!(title);
        }
        if let Some(message) = &provider.user_message {
            body["user_message"] = json!(message);
        }
    }
    if let Error::RateLimited { usage, .. } = error {
        if let Some(wait) = usage.retry_after() {
            body["retry_after_seconds"] = json!(wait.as_secs());
        }
        if let Some(percent) = usage.highest_share() {
            body["usage_percent"] = json!(percent);
        }
    }
    json!({ "error": body })
}

/// Shows enough of a secret to recognise it in a walkthrough, never the whole.
pub fn preview(secret: &str) -> String {
    let shown: String = secret.chars().take(6).collect();
    format!("{shown}… ({} characters)", secret.chars().count())
}

/// A token response as JSON (the token is printed: that is what the command is for).
#[allow(
    clippy::indexing_slicing,
    reason = "serde_json indexes an object it just built"
)]
pub fn token_json(token: &instagram_auth::TokenResponse) -> Value {
    let mut value = json!({
        "user_id": token.user_id.as_str(),
        "access_token": token.access_token.secret(),
        "permissions": token.permissions,
    });
    if let Some(token_type) = &token.token_type {
        value["token_type"] = json!(token_type);
    }
    if let Some(expires_in) = token.expires_in {
        value["expires_in"] = json!(expires_in.as_secs());
    }
    if let Some(user) = &token.user {
        value["user"] = json!({
            "username": user.username,
            "full_name": user.full_name,
            "profile_picture": user.profile_picture,
        });
    }
    value
}
