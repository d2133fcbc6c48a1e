//! Error bodies: whose they are (Instagram's or the app's backend's), and what an
//! Instagram refusal asks the app to do (sign in again, slow down, ask for a permission).

use serde_json::{Map, Value};

use crate::json::optional_text;
use crate::{BackendRefusal, Error, ProviderError, RateLimitUsage};

/// Who answered a request, which decides how an error body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answerer {
    /// Instagram's token endpoint or the Graph API.
    Instagram,
    /// The app's backend (a Parse Cloud function or any server of the app's): Instagram's
    /// errors it passes on are Instagram's, anything else that is not a success is its own
    /// refusal.
    Backend,
    /// Parse Server's REST API: its coded errors (101: the authData did not verify) are its
    /// verdict on the sign-in; anything else that is not a success is its refusal.
    ParseServer,
}

/// Graph's codes for an access token that no longer works: 190, whatever the subcode
/// (458 app removed, 459 checkpoint, 460 password changed, 463 expired, 464 unconfirmed,
/// 467 invalid).
const REAUTHENTICATION_REQUIRED: i64 = 190;
/// Graph's throttling codes: 4 (app), 17 (user), 32 (page), 613 (custom), and 80002,
/// Instagram's Business Use Case limit.
const RATE_LIMITED: [i64; 5] = [4, 17, 32, 613, 80002];
/// Graph's permission codes: 10, and 200 to 299.
const PERMISSION_MISSING: [std::ops::RangeInclusive<i64>; 2] = [10..=10, 200..=299];

/// What Parse Server answers a request without its keys: HTTP 403 (401 on some hosts)
/// and `{"error":"unauthorized"}`.
const PARSE_UNAUTHORIZED: &str = "unauthorized";

/// The likely fix for a Parse server's 401/403.
pub(crate) const PARSE_KEYS_HINT: &str = "A Parse server answers 401/403 when a request \
    lacks its keys: send X-Parse-Application-Id with the app's Application ID, and the REST \
    API Key as X-Parse-REST-API-Key (or the Client Key as X-Parse-Client-Key: each key goes \
    with its own header)";

/// An error body, and whether Instagram wrote it.
enum ErrorBody {
    /// Instagram's: `{"error_type","code","error_message"}` from the token endpoint, or
    /// Graph's `{"error":{"message","type","code","error_subcode",...}}`.
    Instagram(ProviderError),
    /// Anyone else's: Parse Server's `{"code":141,"error":"..."}`, OAuth 2.0's
    /// `{"error":"invalid_grant","error_description":"..."}` (and Parse's
    /// `{"error":"unauthorized"}`).
    Other(ProviderError),
}

/// The error a reply stands for, whatever its status: an error body, read as `from` reads
/// it. `None` when the body is not an error body.
pub(crate) fn refusal(status: u16, reply: &Map<String, Value>, from: Answerer) -> Option<Error> {
    Some(match (error_body(status, reply)?, from) {
        (ErrorBody::Instagram(provider), _) => classify(provider),
        (ErrorBody::Other(provider), Answerer::Instagram) => Error::Provider(Box::new(provider)),
        (ErrorBody::Other(provider), Answerer::ParseServer) if provider.code.is_some() => {
            Error::Provider(Box::new(provider))
        }
        (ErrorBody::Other(provider), Answerer::Backend | Answerer::ParseServer) => backend_refusal(
            status,
            provider.code,
            provider.message.or(provider.error_type),
        ),
    })
}

/// A backend's refusal that carries no error body Instagram or the backend could have
/// written: a status that is not a success with an empty, non-JSON or detail-less body.
pub(crate) fn backend_refusal(status: u16, code: Option<i64>, message: Option<String>) -> Error {
    let parse_unauthorized = matches!(status, 401 | 403)
        && code.is_none()
        && message.as_deref() == Some(PARSE_UNAUTHORIZED);
    Error::BackendRejected(Box::new(BackendRefusal {
        http_status: Some(status),
        code,
        message,
        hint: parse_unauthorized.then(|| PARSE_KEYS_HINT.to_owned()),
        ..BackendRefusal::default()
    }))
}

/// What an Instagram refusal asks the app to do, from its code.
pub(crate) fn classify(provider: ProviderError) -> Error {
    let provider = Box::new(provider);
    match provider.code {
        Some(REAUTHENTICATION_REQUIRED) => Error::ReauthenticationRequired(provider),
        Some(code) if RATE_LIMITED.contains(&code) => Error::RateLimited {
            provider,
            usage: RateLimitUsage::default(),
        },
        Some(code) if PERMISSION_MISSING.iter().any(|codes| codes.contains(&code)) => {
            Error::PermissionMissing(provider)
        }
        _ => Error::Provider(provider),
    }
}

/// Recognises the error bodies seen from Instagram and Parse:
/// - Instagram OAuth: `{"error_type","code","error_message"}`
/// - Graph API: `{"error":{"message","type","code","error_subcode","error_user_title",
///   "error_user_msg","fbtrace_id"}}`
/// - OAuth 2.0: `{"error":"invalid_grant","error_description":"..."}`
/// - Parse Server: `{"code":141,"error":"..."}`
fn error_body(status: u16, reply: &Map<String, Value>) -> Option<ErrorBody> {
    let base = ProviderError {
        http_status: Some(status),
        ..ProviderError::default()
    };
    if reply.contains_key("error_type") || reply.contains_key("error_message") {
        return Some(ErrorBody::Instagram(ProviderError {
            error_type: optional_text(reply, "error_type"),
            code: number(reply.get("code")),
            message: optional_text(reply, "error_message"),
            ..base
        }));
    }
    match reply.get("error")? {
        Value::Object(graph) => Some(ErrorBody::Instagram(ProviderError {
            error_type: optional_text(graph, "type"),
            code: number(graph.get("code")),
            subcode: number(graph.get("error_subcode")),
            message: optional_text(graph, "message"),
            trace_id: optional_text(graph, "fbtrace_id"),
            user_title: non_empty_text(graph, "error_user_title"),
            user_message: non_empty_text(graph, "error_user_msg"),
            ..base
        })),
        Value::String(error) if number(reply.get("code")).is_some() => {
            Some(ErrorBody::Other(ProviderError {
                code: number(reply.get("code")),
                message: Some(error.clone()),
                ..base
            }))
        }
        Value::String(error) => Some(ErrorBody::Other(ProviderError {
            error_type: Some(error.clone()),
            message: optional_text(reply, "error_description"),
            ..base
        })),
        _ => None,
    }
}

/// Text for the user is kept only when there is some.
fn non_empty_text(object: &Map<String, Value>, name: &str) -> Option<String> {
    optional_text(object, name).filter(|text| !text.trim().is_empty())
}

fn number(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_error(code: i64, subcode: Option<i64>) -> Map<String, Value> {
        let mut error = serde_json::json!({"message": "m", "type": "OAuthException", "code": code});
        if let Some(subcode) = subcode {
            error["error_subcode"] = subcode.into();
        }
        let Value::Object(reply) = serde_json::json!({ "error": error }) else {
            unreachable!()
        };
        reply
    }

    fn kind_of(code: i64, subcode: Option<i64>, from: Answerer) -> &'static str {
        refusal(400, &graph_error(code, subcode), from)
            .unwrap()
            .kind()
    }

    /// The rule of issue 25, code by code, from Instagram and passed on by a backend.
    #[test]
    fn graph_codes_map_to_what_the_app_does() {
        for from in [
            Answerer::Instagram,
            Answerer::Backend,
            Answerer::ParseServer,
        ] {
            for subcode in [
                None,
                Some(458),
                Some(459),
                Some(460),
                Some(463),
                Some(464),
                Some(467),
                Some(1),
            ] {
                assert_eq!(kind_of(190, subcode, from), "reauthentication_required");
            }
            for code in [4, 17, 32, 613, 80002] {
                assert_eq!(kind_of(code, None, from), "rate_limited", "{code}");
            }
            for code in [10, 200, 201, 230, 299] {
                assert_eq!(kind_of(code, None, from), "permission_missing", "{code}");
            }
            for code in [
                1, 2, 3, 5, 9, 11, 100, 189, 191, 199, 300, 368, 400, 612, 614, 80001, 80003, 2500,
            ] {
                assert_eq!(kind_of(code, None, from), "provider_error", "{code}");
            }
        }
    }

    #[test]
    fn the_code_may_arrive_as_text_and_instagram_s_oauth_shape_is_classified_too() {
        let Value::Object(text) = serde_json::json!({"error": {"code": "190", "message": "m"}})
        else {
            unreachable!()
        };
        assert_eq!(
            refusal(400, &text, Answerer::Instagram).unwrap().kind(),
            "reauthentication_required"
        );
        let Value::Object(oauth) = serde_json::json!({"error_type": "OAuthException", "code": 4, "error_message": "slow down"})
        else {
            unreachable!()
        };
        assert_eq!(
            refusal(400, &oauth, Answerer::Instagram).unwrap().kind(),
            "rate_limited"
        );
    }

    /// Parse's codes overlap Graph's (206 "permission denied", 209 invalid session): a
    /// Parse error is never read as an Instagram one.
    #[test]
    fn parse_codes_are_not_graph_codes() {
        for code in [101, 141, 190, 206, 209, 4] {
            let Value::Object(parse) = serde_json::json!({"code": code, "error": "e"}) else {
                unreachable!()
            };
            assert_eq!(
                refusal(400, &parse, Answerer::Instagram).unwrap().kind(),
                "provider_error"
            );
            assert_eq!(
                refusal(400, &parse, Answerer::ParseServer).unwrap().kind(),
                "provider_error"
            );
            assert_eq!(
                refusal(400, &parse, Answerer::Backend).unwrap().kind(),
                "backend_rejected"
            );
        }
    }

    #[test]
    fn the_user_s_title_and_message_are_kept_when_there_is_text() {
        let Value::Object(reply) = serde_json::json!({"error": {
            "message": "Invalid OAuth access token", "type": "OAuthException", "code": 190,
            "error_subcode": 460, "error_user_title": "Password changed",
            "error_user_msg": "Sign in again.", "fbtrace_id": "AbC"}})
        else {
            unreachable!()
        };
        let Some(Error::ReauthenticationRequired(provider)) =
            refusal(400, &reply, Answerer::Instagram)
        else {
            panic!()
        };
        assert_eq!(provider.user_title.as_deref(), Some("Password changed"));
        assert_eq!(provider.user_message.as_deref(), Some("Sign in again."));
        assert_eq!(provider.subcode, Some(460));
        let Value::Object(blank) =
            serde_json::json!({"error": {"code": 1, "error_user_title": " ", "error_user_msg": 5}})
        else {
            unreachable!()
        };
        let Some(Error::Provider(provider)) = refusal(400, &blank, Answerer::Instagram) else {
            panic!()
        };
        assert_eq!((provider.user_title, provider.user_message), (None, None));
    }

    #[test]
    fn a_backend_s_own_refusal_is_the_backend_s_with_the_parse_hint_for_its_401_and_403() {
        let Value::Object(unauthorized) = serde_json::json!({"error": "unauthorized"}) else {
            unreachable!()
        };
        for status in [401, 403] {
            for from in [Answerer::Backend, Answerer::ParseServer] {
                let Some(Error::BackendRejected(refusal)) = refusal(status, &unauthorized, from)
                else {
                    panic!()
                };
                assert_eq!(refusal.http_status, Some(status));
                assert_eq!(refusal.message.as_deref(), Some("unauthorized"));
                assert!(refusal.hint.unwrap().contains("X-Parse-Application-Id"));
            }
        }
        // Another status, or a coded error, is no missing key.
        let Some(Error::BackendRejected(other)) = refusal(500, &unauthorized, Answerer::Backend)
        else {
            panic!()
        };
        assert_eq!(other.hint, None);
        // From Instagram's endpoints the same body stays Instagram's.
        assert_eq!(
            refusal(403, &unauthorized, Answerer::Instagram)
                .unwrap()
                .kind(),
            "provider_error"
        );
    }
}
