//! The JSON every reply reader shares: an object or the error body it stands for, and
//! the fields read the same way in every reply (text, secrets, user ids).

use serde_json::{Map, Value};

use crate::refusal::{Answerer, backend_refusal, refusal};
use crate::{Error, UserId};

/// The body as a JSON object, or the error it stands for, read as `from` reads it. An
/// error body is recognised whatever the status; any other body is accepted only with a
/// 2xx status. A backend's answer that is neither a success nor an error body is the
/// backend's refusal; Instagram's is an unexpected reply.
pub(crate) fn successful_object(
    status: u16,
    body: &[u8],
    from: Answerer,
) -> Result<Map<String, Value>, Error> {
    let failed = !(200..300).contains(&status);
    let unreadable = |problem: &str| match from {
        Answerer::Backend | Answerer::ParseServer if failed => backend_refusal(status, None, None),
        _ => Error::invalid_reply(status, problem),
    };
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(unreadable("the body is JSON but not an object")),
        Err(_) if body.iter().all(u8::is_ascii_whitespace) => {
            return Err(unreadable("the body is empty"));
        }
        Err(_) => return Err(unreadable("the body is not JSON")),
    };
    if let Some(error) = refusal(status, &object, from) {
        return Err(error);
    }
    if failed {
        return Err(unreadable("the server reported a failure without details"));
    }
    Ok(object)
}

/// A user id given as a JSON string or integer. Integers are read exactly (serde_json
/// keeps them as u64, never f64); anything else is refused.
pub(crate) fn id_text(status: u16, value: &Value) -> Result<UserId, Error> {
    let text = exact_id(status, value, "user id")?;
    UserId::new(text).map_err(|_| Error::invalid_reply(status, "its user id is not digits"))
}

/// An id's exact text: a non-empty JSON string, or an integer read without a double.
pub(crate) fn exact_id(status: u16, value: &Value, what: &str) -> Result<String, Error> {
    match value {
        Value::String(text) if !text.is_empty() => Ok(text.clone()),
        Value::Number(number) if number.is_u64() => Ok(number.to_string()),
        _ => Err(Error::invalid_reply(
            status,
            format!("its {what} is not a non-empty string or whole number"),
        )),
    }
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
