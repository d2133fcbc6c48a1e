//! The JSON every reply reader shares: an object or the error body it stands for, and
//! the fields read the same way in every reply (text, secrets, user ids).

use serde_json::{Map, Value};

use crate::{Error, ProviderError, UserId};

/// The body as a JSON object, or the error it stands for. An error body is recognised
/// whatever the status; any other body is accepted only with a 2xx status.
pub(crate) fn successful_object(status: u16, body: &[u8]) -> Result<Map<String, Value>, Error> {
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            return Err(Error::invalid_reply(
                status,
                "the body is JSON but not an object",
            ));
        }
        Err(_) if body.iter().all(u8::is_ascii_whitespace) => {
            return Err(Error::invalid_reply(status, "the body is empty"));
        }
        Err(_) => return Err(Error::invalid_reply(status, "the body is not JSON")),
    };
    if let Some(error) = provider_error(status, &object) {
        return Err(Error::Provider(error));
    }
    if !(200..300).contains(&status) {
        return Err(Error::invalid_reply(
            status,
            "the server reported a failure without details",
        ));
    }
    Ok(object)
}

/// Recognises the error bodies seen from Instagram and Parse:
/// - Instagram OAuth: `{"error_type","code","error_message"}`
/// - Graph API: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`
/// - OAuth 2.0: `{"error":"invalid_grant","error_description":"..."}`
/// - Parse Server: `{"code":141,"error":"..."}`
pub(crate) fn provider_error(status: u16, reply: &Map<String, Value>) -> Option<ProviderError> {
    let base = ProviderError {
        http_status: Some(status),
        ..ProviderError::default()
    };
    if reply.contains_key("error_type") || reply.contains_key("error_message") {
        return Some(ProviderError {
            error_type: optional_text(reply, "error_type"),
            code: number(reply.get("code")),
            message: optional_text(reply, "error_message"),
            ..base
        });
    }
    match reply.get("error")? {
        Value::Object(graph) => Some(ProviderError {
            error_type: optional_text(graph, "type"),
            code: number(graph.get("code")),
            subcode: number(graph.get("error_subcode")),
            message: optional_text(graph, "message"),
            trace_id: optional_text(graph, "fbtrace_id"),
            ..base
        }),
        Value::String(error) if number(reply.get("code")).is_some() => Some(ProviderError {
            code: number(reply.get("code")),
            message: Some(error.clone()),
            ..base
        }),
        Value::String(error) => Some(ProviderError {
            error_type: Some(error.clone()),
            message: optional_text(reply, "error_description"),
            ..base
        }),
        _ => None,
    }
}

/// A user id given as a JSON string or integer. Integers are read exactly (serde_json
/// keeps them as u64, never f64); anything else is refused.
pub(crate) fn id_text(status: u16, value: &Value) -> Result<UserId, Error> {
    let text = match value {
        Value::String(text) if !text.is_empty() => text.clone(),
        Value::Number(number) if number.is_u64() => number.to_string(),
        _ => {
            return Err(Error::invalid_reply(
                status,
                "its user id is not a non-empty string or whole number",
            ));
        }
    };
    UserId::new(text).map_err(|_| Error::invalid_reply(status, "its user id is not digits"))
}

pub(crate) fn required_text(
    status: u16,
    object: &Map<String, Value>,
    name: &str,
) -> Result<String, Error> {
    match object.get(name) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
        Some(Value::String(_)) => Err(Error::invalid_reply(status, format!("its {name} is empty"))),
        Some(_) => Err(Error::invalid_reply(
            status,
            format!("its {name} is not text"),
        )),
        None => Err(Error::invalid_reply(
            status,
            format!("it carries no {name}"),
        )),
    }
}

/// A required text field that is a secret: the secret's type refuses an empty one.
pub(crate) fn required_secret<T>(
    status: u16,
    object: &Map<String, Value>,
    name: &str,
    new: fn(String) -> Result<T, Error>,
) -> Result<T, Error> {
    match object.get(name) {
        Some(Value::String(text)) => new(text.clone())
            .map_err(|_| Error::invalid_reply(status, format!("its {name} is empty"))),
        _ => required_text(status, object, name).and_then(new),
    }
}

pub(crate) fn optional_text(object: &Map<String, Value>, name: &str) -> Option<String> {
    object.get(name).and_then(Value::as_str).map(str::to_owned)
}

fn number(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
