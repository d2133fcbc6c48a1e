//! `POST /oauth/access_token`: the code exchange, with Instagram's OAuthException errors.

use hyper::{Response, StatusCode};
use serde_json::{Value, json};

use crate::http::{Body, get};
use crate::state::CODE_LIFETIME;
use crate::{ReplyShape, Shared};

pub fn exchange(shared: &Shared, form: &[(String, String)]) -> Response<Body> {
    match token_reply(shared, form) {
        Ok(reply) => crate::http::json(StatusCode::OK, &reply),
        Err(message) => crate::http::json(StatusCode::BAD_REQUEST, &refusal(message)),
    }
}

/// The token endpoint's error body (HTTP 400): `{"error_type","code","error_message"}`.
pub fn refusal(message: &str) -> Value {
    json!({ "error_type": "OAuthException", "code": 400, "error_message": message })
}

/// The token reply for a form, or Instagram's error message.
pub fn token_reply(shared: &Shared, form: &[(String, String)]) -> Result<Value, &'static str> {
    let mut state = shared.lock();
    let now = state.now();
    let field = |name| get(form, name).unwrap_or_default();
    let app = state
        .app(field("client_id"))
        .ok_or("Invalid platform app")?;
    if app.client_secret != field("client_secret") {
        return Err("Error validating client secret.");
    }
    if field("grant_type") != "authorization_code" {
        return Err("Invalid grant_type: only authorization_code is supported");
    }
    let unknown = "Matching code was not found or was already used";
    let code = state.codes.get_mut(field("code")).ok_or(unknown)?;
    if code.used || code.client_id != field("client_id") {
        return Err(unknown);
    }
    if code.issued_at + CODE_LIFETIME <= now {
        return Err("This authorization code has expired.");
    }
    if code.redirect_uri != field("redirect_uri") {
        return Err(
            "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        );
    }
    code.used = true;
    let (user, scopes) = (code.user, code.scopes.clone());
    let token = state.issue_token(field("client_id"), user, false);
    let id = state.user_id(user, field("client_id"));
    let user = &state.config.users[user];
    let reply = match state.knobs.reply_shape {
        ReplyShape::Wrapped => json!({
            "data": [{ "access_token": token, "user_id": id, "permissions": scopes.join(",") }]
        }),
        ReplyShape::Flat => {
            json!({ "access_token": token, "user_id": json_number(&id), "permissions": scopes })
        }
        ReplyShape::BasicDisplay => json!({ "access_token": token, "user_id": json_number(&id) }),
        ReplyShape::Legacy => json!({
            "access_token": token,
            "user": {
                "id": id,
                "username": user.username,
                "full_name": user.name,
                "profile_picture": format!("{}sandbox/avatar.png", shared.base_url),
            }
        }),
    };
    Ok(reply)
}

/// An id as a JSON number, as Basic Display sent it: serde_json writes a `u64` exactly,
/// also above 2^53, where a reader that goes through a double gets another id. Ids that
/// are not numeric (a seed may have them) stay text.
fn json_number(id: &str) -> Value {
    id.parse::<u64>().map_or_else(|_| json!(id), |n| json!(n))
}
