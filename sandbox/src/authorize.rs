//! `GET /oauth/authorize` (validate, then show the consent page or apply an automatic
//! decision) and `POST /oauth/authorize/consent` (the consent page's buttons).

use hyper::{Response, StatusCode};
use url::form_urlencoded;

use crate::http::{Body, escape, get, html, redirect};
use crate::state::{ConsentRequest, State, random_id};
use crate::{Decision, Shared};

/// Today's Instagram Login scopes; `instagram_business_basic` is required.
const SCOPES: [&str; 5] = [
    "instagram_business_basic",
    "instagram_business_manage_messages",
    "instagram_business_manage_comments",
    "instagram_business_content_publish",
    "instagram_business_manage_insights",
];

/// A query parameter only the sandbox knows: `allow` or `deny` skips the consent page.
pub const DECISION_PARAMETER: &str = "sandbox_decision";
/// A query parameter only the sandbox knows: the username that signs in.
pub const USER_PARAMETER: &str = "sandbox_user";

pub fn authorize(shared: &Shared, query: &[(String, String)]) -> Response<Body> {
    let mut state = shared.lock();
    let request = match validate(&state, query) {
        Ok(request) => request,
        Err(problem) => return error_page(&problem),
    };
    let user = match get(query, USER_PARAMETER) {
        Some(name) => match state.user_index(name) {
            Some(index) => index,
            None => return error_page(&format!("No sandbox user named {name}")),
        },
        None => 0,
    };
    // Asked to log in again, the user sees the page even when they would otherwise pass
    // through silently (`--auto`); the test's own click (`sandbox_decision`) still counts.
    let log_in_again = asks_to_log_in_again(query);
    let decision = match get(query, DECISION_PARAMETER).map(str::parse) {
        Some(Ok(decision)) => Some(decision),
        Some(Err(problem)) => return error_page(&format!("{DECISION_PARAMETER} {problem}")),
        None if log_in_again => None,
        None => state.knobs.auto_decision,
    };
    match decision {
        Some(decision) => decide(&mut state, request, decision, user),
        None => {
            let id = random_id("consent-", 24);
            let page = consent_page(&state, &request, &id, log_in_again);
            state.consents.insert(id, request);
            html(StatusCode::OK, page)
        }
    }
}

/// `force_reauth=true` (what Meta's dashboard uses today) or the older
/// `force_authentication=1`: Instagram asks for the login again, the way to switch accounts.
fn asks_to_log_in_again(query: &[(String, String)]) -> bool {
    get(query, "force_reauth") == Some("true") || get(query, "force_authentication") == Some("1")
}

pub fn consent(shared: &Shared, form: &[(String, String)]) -> Response<Body> {
    let mut state = shared.lock();
    let Some(request) = get(form, "consent").and_then(|id| state.consents.remove(id)) else {
        return error_page("This consent screen has expired. Start the sign-in again.");
    };
    let user = get(form, "user")
        .and_then(|name| state.user_index(name))
        .unwrap_or(0);
    let decision = if get(form, "decision") == Some("allow") {
        Decision::Allow
    } else {
        Decision::Deny
    };
    decide(&mut state, request, decision, user)
}

fn validate(state: &State, query: &[(String, String)]) -> Result<ConsentRequest, String> {
    let client_id = get(query, "client_id").unwrap_or_default();
    let app = state
        .app(client_id)
        .ok_or("Invalid Request: Request parameters are invalid: Invalid platform app")?;
    let redirect_uri = get(query, "redirect_uri").unwrap_or_default();
    let rule = state.knobs.redirect_rule;
    if !app
        .redirect_uris
        .iter()
        .any(|registered| rule.allows(registered, redirect_uri))
    {
        return Err(
            "Invalid Request: Request parameters are invalid: Invalid redirect_uri (it does not match the app's Valid OAuth Redirect URIs)".into(),
        );
    }
    let response_type = get(query, "response_type").unwrap_or_default();
    match response_type {
        "code" => {}
        "token" if state.knobs.allow_implicit => {}
        "token" => {
            return Err("Invalid Request: Request parameters are invalid: Unsupported response_type token (Instagram Login supports response_type=code only)".into());
        }
        other => return Err(format!("Invalid response_type: {other:?} (expected code)")),
    }
    let scopes: Vec<String> = get(query, "scope")
        .unwrap_or_default()
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(unknown) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return Err(format!("Invalid Scopes: {unknown}"));
    }
    if !scopes.iter().any(|s| s == SCOPES[0]) {
        return Err(format!("Invalid Scopes: {} is required", SCOPES[0]));
    }
    Ok(ConsentRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        response_type: response_type.to_owned(),
        scopes,
        state: get(query, "state").map(str::to_owned),
    })
}

/// Sends the user back: `?code=..&state=..#_`, `#access_token=..&state=..`, or the
/// documented denial triple. Instagram's documents show the triple for a request that
/// sent no state; OAuth 2.0 (RFC 6749 §4.1.2.1) requires an error redirect to echo the
/// state when the request had one, as Meta's login dialogs do, so the sandbox appends it.
fn decide(
    state: &mut State,
    request: ConsentRequest,
    decision: Decision,
    user: usize,
) -> Response<Body> {
    let mut params = form_urlencoded::Serializer::new(String::new());
    let location = match (decision, request.response_type.as_str()) {
        (Decision::Deny, _) => {
            params
                .append_pair("error", "access_denied")
                .append_pair("error_reason", "user_denied")
                .append_pair("error_description", "The user denied your request");
            if let Some(s) = &request.state {
                params.append_pair("state", s);
            }
            format!(
                "{}{}{}",
                request.redirect_uri,
                query_separator(&request.redirect_uri),
                params.finish()
            )
        }
        (Decision::Allow, "token") => {
            let token = state.issue_token(&request.client_id, user, false);
            params.append_pair("access_token", &token);
            if let Some(s) = &request.state {
                params.append_pair("state", s);
            }
            format!("{}#{}", request.redirect_uri, params.finish())
        }
        (Decision::Allow, _) => {
            let code = state.issue_code(
                &request.client_id,
                &request.redirect_uri,
                user,
                request.scopes.clone(),
            );
            params.append_pair("code", &code);
            if let Some(s) = &request.state {
                params.append_pair("state", s);
            }
            format!(
                "{}{}{}#_",
                request.redirect_uri,
                query_separator(&request.redirect_uri),
                params.finish()
            )
        }
    };
    redirect(&location)
}

fn query_separator(uri: &str) -> char {
    if uri.contains('?') { '&' } else { '?' }
}

fn consent_page(state: &State, request: &ConsentRequest, id: &str, log_in_again: bool) -> String {
    let scopes: String = request
        .scopes
        .iter()
        .map(|s| format!("<li>{}</li>", escape(s)))
        .collect();
    let users: String = state
        .config
        .users
        .iter()
        .map(|u| format!("<option value=\"{0}\">@{0}</option>", escape(&u.username)))
        .collect();
    let log_in = if log_in_again {
        "<p id=\"log-in-again\"><b>Log in again:</b> the app asked Instagram to confirm who is signing in.</p>"
    } else {
        ""
    };
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Instagram sandbox: allow access?</title></head><body style=\"font-family:sans-serif;max-width:28em;margin:2em auto\">\
         <h1>Instagram (sandbox)</h1>{log_in}<p>App <b>{app}</b> would like to access:</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"/oauth/authorize/consent\">\
         <input type=\"hidden\" name=\"consent\" value=\"{id}\">\
         <label>Sign in as <select name=\"user\">{users}</select></label><p>\
         <button name=\"decision\" value=\"allow\">Allow</button> \
         <button name=\"decision\" value=\"deny\">Cancel</button></p></form>\
         <p><small>This is a local sandbox, not Instagram.</small></p></body></html>",
        app = escape(&request.client_id),
    )
}

fn error_page(problem: &str) -> Response<Body> {
    html(
        StatusCode::BAD_REQUEST,
        format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Error</title></head><body>\
             <h1>Sorry, this page isn't available.</h1><p id=\"error\">{}</p></body></html>",
            escape(problem)
        ),
    )
}
