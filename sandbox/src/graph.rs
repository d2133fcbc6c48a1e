//! The Graph endpoints: long-lived token exchange, refresh, and `/me`.

use hyper::{Response, StatusCode};
use serde_json::{Map, Value, json};

use crate::Shared;
use crate::http::{Body, get};
use crate::state::{
    IssuedToken, LONG_TOKEN_LIFETIME, REFRESH_MIN_AGE, State, TokenProblem, random_id,
};

/// `GET /access_token?grant_type=ig_exchange_token&client_secret=..&access_token=..`
pub fn exchange_long_lived(shared: &Shared, query: &[(String, String)]) -> Response<Body> {
    let mut state = shared.lock();
    if get(query, "grant_type") != Some("ig_exchange_token") {
        return graph_error(
            400,
            "Unsupported grant_type: expected ig_exchange_token",
            100,
            None,
        );
    }
    let issued = match valid_token(&state, query) {
        Ok(issued) => issued.clone(),
        Err(problem) => return token_error(problem),
    };
    if issued.long_lived {
        return graph_error(
            400,
            "The access token is already long-lived; use ig_refresh_token",
            100,
            None,
        );
    }
    let secret_ok = state
        .app(&issued.client_id)
        .is_some_and(|app| Some(app.client_secret.as_str()) == get(query, "client_secret"));
    if !secret_ok {
        return graph_error(400, "Error validating client secret.", 1, None);
    }
    issue_long_lived(&mut state, issued)
}

/// `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=..`
pub fn refresh(shared: &Shared, query: &[(String, String)]) -> Response<Body> {
    let mut state = shared.lock();
    if get(query, "grant_type") != Some("ig_refresh_token") {
        return graph_error(
            400,
            "Unsupported grant_type: expected ig_refresh_token",
            100,
            None,
        );
    }
    let issued = match valid_token(&state, query) {
        Ok(issued) => issued.clone(),
        Err(problem) => return token_error(problem),
    };
    if !issued.long_lived {
        return graph_error(
            400,
            "Only long-lived access tokens can be refreshed",
            100,
            None,
        );
    }
    if issued.issued_at + REFRESH_MIN_AGE > state.now() {
        return graph_error(
            400,
            "The access token must be at least 24 hours old to be refreshed",
            100,
            None,
        );
    }
    issue_long_lived(&mut state, issued)
}

/// `GET /me` or `GET /<version>/me` with `fields` and `access_token`.
pub fn me(shared: &Shared, query: &[(String, String)]) -> Response<Body> {
    let state = shared.lock();
    let issued = match valid_token(&state, query) {
        Ok(issued) => issued,
        Err(problem) => return token_error(problem),
    };
    let id = state.user_id(issued.user, &issued.client_id);
    let user = &state.config.users[issued.user];
    let mut profile = Map::new();
    for field in get(query, "fields")
        .unwrap_or("id")
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        let value = match field {
            "id" => json!(id),
            "user_id" => json!(user.ig_user_id),
            "username" => json!(user.username),
            "name" => json!(user.name),
            "account_type" => json!(user.account_type),
            "profile_picture_url" => json!(format!("{}sandbox/avatar.png", shared.base_url)),
            other => {
                return graph_error(
                    400,
                    &format!(
                        "(#100) Tried accessing nonexisting field ({other}) on node type (User)"
                    ),
                    100,
                    None,
                );
            }
        };
        profile.insert(field.to_owned(), value);
    }
    profile.entry("id").or_insert_with(|| json!(id));
    crate::http::json(StatusCode::OK, &Value::Object(profile))
}

fn valid_token<'a>(
    state: &'a State,
    query: &[(String, String)],
) -> Result<&'a IssuedToken, TokenProblem> {
    match get(query, "access_token") {
        Some(token) if !token.is_empty() => state.token(token),
        _ => Err(TokenProblem::Missing),
    }
}

/// Graph's answers for a token it cannot use.
fn token_error(problem: TokenProblem) -> Response<Body> {
    match problem {
        TokenProblem::Missing => graph_error(
            400,
            "An active access token must be used to query information about the current user.",
            2500,
            None,
        ),
        TokenProblem::Unknown => graph_error(
            400,
            "Invalid OAuth access token - Cannot parse access token",
            190,
            None,
        ),
        TokenProblem::Expired => graph_error(
            400,
            "Error validating access token: Session has expired.",
            190,
            Some(463),
        ),
    }
}

fn issue_long_lived(state: &mut State, issued: IssuedToken) -> Response<Body> {
    let token = state.issue_token(&issued.client_id, issued.user, true);
    let body = json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": LONG_TOKEN_LIFETIME.as_secs(),
    });
    crate::http::json(StatusCode::OK, &body)
}

/// Graph's error body: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
pub fn graph_error(status: u16, message: &str, code: i64, subcode: Option<i64>) -> Response<Body> {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": random_id("A", 23),
    });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    crate::http::json(status, &json!({ "error": error }))
}
