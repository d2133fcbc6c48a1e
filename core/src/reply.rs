//! Reading what Instagram's token and Graph endpoints (and an app's backend) answer.
//!
//! Instagram has used several reply shapes over the years; all of them become one
//! [`TokenResponse`]. User ids are kept as text: they exceed 2^53 and would change if
//! read through a double.

use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::json::{id_text, optional_text, required_secret, successful_object};
use crate::refusal::{Answerer, refusal};
use crate::{AccessToken, Error, UserId};

/// A successful code exchange, whatever shape the server used.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The user access token (short-lived: one hour).
    pub access_token: AccessToken,
    /// The Instagram user id, the `id` of Parse authData.
    pub user_id: UserId,
    /// Permissions the user granted, when the reply lists them.
    pub permissions: Vec<String>,
    /// `token_type`, when given (usually `bearer`).
    pub token_type: Option<String>,
    /// Token lifetime, when the reply states it.
    pub expires_in: Option<Duration>,
    /// Profile fields the legacy reply shape carried in its `user` object.
    pub user: Option<LegacyUser>,
}

impl TokenResponse {
    /// When the token stops working, for a reply received at `received_at`, when the reply
    /// stated a lifetime. A lifetime no date can hold (a reply is outside data:
    /// `expires_in` can be any number), or one past the year 9999, is unknown.
    pub fn expires_at(&self, received_at: SystemTime) -> Option<SystemTime> {
        received_at
            .checked_add(self.expires_in?)
            .filter(|date| *date <= crate::auth_data::last_parse_date())
    }
}

/// The `user` object of the original Instagram API's token reply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LegacyUser {
    /// Instagram handle.
    pub username: Option<String>,
    /// Display name.
    pub full_name: Option<String>,
    /// Profile picture URL.
    pub profile_picture: Option<String>,
}

/// Parses a token endpoint reply given its HTTP status and body. Understands today's
/// `{"data":[{access_token,user_id,permissions}]}`, Basic Display's flat
/// `{access_token,user_id:<number>}` and the original `{access_token,user:{id,...}}`,
/// and turns every known error body into its [`Error`]: Instagram's refusals by what
/// they ask the app to do ([`Error::ReauthenticationRequired`], [`Error::RateLimited`],
/// [`Error::PermissionMissing`], or else [`Error::Provider`]).
pub fn parse_token_reply(status: u16, body: &[u8]) -> Result<TokenResponse, Error> {
    let reply = successful_object(status, body, Answerer::Instagram)?;
    token_from_object(status, &reply, Answerer::Instagram)
}

/// Like [`parse_token_reply`] for an app backend's answer: also accepts the token response
/// wrapped as `{"result": {...}}`, as a Parse Cloud function returns it. Instagram's error
/// passed on by the backend, as it is or as the result, is Instagram's; any other answer
/// that is not a success (e.g. Parse's `{"code":141,"error":...}`, or its 403 without
/// keys) is the backend's own refusal, [`Error::BackendRejected`].
pub fn parse_backend_reply(status: u16, body: &[u8]) -> Result<TokenResponse, Error> {
    let reply = successful_object(status, body, Answerer::Backend)?;
    match reply.get("result") {
        Some(Value::Object(result)) => token_from_object(status, result, Answerer::Backend),
        Some(_) => Err(Error::invalid_reply(status, "its result is not an object")),
        None => token_from_object(status, &reply, Answerer::Backend),
    }
}

fn token_from_object(
    status: u16,
    reply: &Map<String, Value>,
    from: Answerer,
) -> Result<TokenResponse, Error> {
    if let Some(error) = refusal(status, reply, from) {
        return Err(error);
    }
    let entry = match reply.get("data") {
        Some(Value::Array(items)) => match items.first() {
            Some(Value::Object(first)) => first,
            Some(_) => {
                return Err(Error::invalid_reply(
                    status,
                    "its data entry is not an object",
                ));
            }
            None => return Err(Error::invalid_reply(status, "its data list is empty")),
        },
        Some(_) => return Err(Error::invalid_reply(status, "its data is not a list")),
        None => reply,
    };
    let access_token = required_secret(status, entry, "access_token", AccessToken::new)?;
    let legacy_user = match entry.get("user") {
        Some(Value::Object(user)) => Some(user),
        Some(_) => return Err(Error::invalid_reply(status, "its user is not an object")),
        None => None,
    };
    let user_id = match (entry.get("user_id"), legacy_user.and_then(|u| u.get("id"))) {
        (Some(id), _) | (None, Some(id)) => id_text(status, id)?,
        (None, None) => return Err(Error::invalid_reply(status, "it carries no user id")),
    };
    Ok(TokenResponse {
        access_token,
        user_id,
        permissions: permissions(entry.get("permissions")),
        token_type: optional_text(entry, "token_type"),
        expires_in: entry
            .get("expires_in")
            .and_then(Value::as_u64)
            .map(Duration::from_secs),
        user: legacy_user.map(|user| LegacyUser {
            username: optional_text(user, "username"),
            full_name: optional_text(user, "full_name"),
            profile_picture: optional_text(user, "profile_picture"),
        }),
    })
}

/// `permissions` is a comma-separated string today; a list is read as well.
fn permissions(value: Option<&Value>) -> Vec<String> {
    let names: Vec<&str> = match value {
        Some(Value::String(text)) => text.split(',').collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> TokenResponse {
        parse_token_reply(200, body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    #[test]
    fn todays_wrapped_reply() {
        let reply = ok(
            r#"{"data":[{"access_token":"IGAA1","user_id":"1020304050607080","permissions":"instagram_business_basic,instagram_business_manage_messages"}]}"#,
        );
        assert_eq!(reply.access_token.secret(), "IGAA1");
        assert_eq!(reply.user_id.as_str(), "1020304050607080");
        assert_eq!(
            reply.permissions,
            [
                "instagram_business_basic",
                "instagram_business_manage_messages"
            ]
        );
        assert_eq!(reply.user, None);
    }

    #[test]
    fn basic_display_numeric_id_above_2_pow_53_is_exact() {
        let reply = ok(r#"{"access_token":"IGQVJ","user_id":17841405793187218}"#);
        assert_eq!(reply.user_id.as_str(), "17841405793187218");
        // The documented id is even and happens to survive a double; an odd one does not
        // (through f64, ...219 becomes ...220).
        let odd = ok(r#"{"access_token":"IGQVJ","user_id":17841405793187219}"#);
        assert_eq!(odd.user_id.as_str(), "17841405793187219");
        let max = ok(r#"{"access_token":"t","user_id":18446744073709551615}"#);
        assert_eq!(max.user_id.as_str(), "18446744073709551615");
    }

    #[test]
    fn legacy_user_object() {
        let reply = ok(
            r#"{"access_token":"fb2e77d.47a0479900504cb3ab4a1f626d174d2d","user":{"id":"1574083","username":"snoopdogg","full_name":"Snoop Dogg","profile_picture":"https://x/y.jpg"}}"#,
        );
        assert_eq!(reply.user_id.as_str(), "1574083");
        let user = reply.user.unwrap();
        assert_eq!(user.username.as_deref(), Some("snoopdogg"));
        assert_eq!(user.full_name.as_deref(), Some("Snoop Dogg"));
        assert_eq!(user.profile_picture.as_deref(), Some("https://x/y.jpg"));
    }

    #[test]
    fn instagram_oauth_error_body() {
        let body = r#"{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}"#;
        let Err(Error::Provider(error)) = parse_token_reply(400, body.as_bytes()) else {
            panic!()
        };
        assert_eq!(error.http_status, Some(400));
        assert_eq!(error.error_type.as_deref(), Some("OAuthException"));
        assert_eq!(error.code, Some(400));
        assert_eq!(
            error.message.as_deref(),
            Some("Matching code was not found or was already used")
        );
    }

    #[test]
    fn graph_error_body() {
        let body = r#"{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}"#;
        let Err(Error::ReauthenticationRequired(error)) = parse_token_reply(400, body.as_bytes())
        else {
            panic!()
        };
        assert_eq!(error.error_type.as_deref(), Some("OAuthException"));
        assert_eq!(error.code, Some(190));
        assert_eq!(error.subcode, Some(463));
        assert_eq!(error.trace_id.as_deref(), Some("AbC"));
        assert!(
            error
                .message
                .unwrap()
                .starts_with("Invalid OAuth access token")
        );
    }

    #[test]
    fn oauth_and_parse_error_bodies() {
        let Err(Error::Provider(oauth)) = parse_token_reply(
            400,
            br#"{"error":"invalid_grant","error_description":"bad code"}"#,
        ) else {
            panic!()
        };
        assert_eq!(
            (oauth.error_type.as_deref(), oauth.message.as_deref()),
            (Some("invalid_grant"), Some("bad code"))
        );
        // From a backend, Parse's error is the backend's own refusal.
        let Err(Error::BackendRejected(parse)) = parse_backend_reply(
            400,
            br#"{"code":141,"error":"the server is not configured for Instagram"}"#,
        ) else {
            panic!()
        };
        assert_eq!(
            (parse.http_status, parse.code, parse.message.as_deref()),
            (
                Some(400),
                Some(141),
                Some("the server is not configured for Instagram")
            )
        );
    }

    /// Issue 22: a backend's answer that is neither a success nor Instagram's error is the
    /// backend's refusal, whatever its body; Instagram's error passed on by the backend
    /// (as it is, or as the Cloud function's result) stays Instagram's.
    #[test]
    fn a_backend_s_refusal_is_the_backend_s_and_instagram_s_error_stays_instagram_s() {
        for (status, body) in [
            (403, r#"{"error":"unauthorized"}"#),
            (401, ""),
            (502, "<html>Bad gateway</html>"),
            (500, "{}"),
            (
                404,
                r#"{"code":141,"error":"Invalid function: \"instagramExchange\""}"#,
            ),
            (400, "[]"),
        ] {
            let Err(Error::BackendRejected(refusal)) = parse_backend_reply(status, body.as_bytes())
            else {
                panic!("{status} {body}")
            };
            assert_eq!(refusal.http_status, Some(status), "{body}");
            assert_eq!(
                refusal.endpoint, None,
                "a reply read alone names no endpoint"
            );
        }
        let spent = r#"{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}"#;
        let expired = r#"{"error":{"message":"Session has expired","type":"OAuthException","code":190,"error_subcode":463,"error_user_msg":"Please sign in again."}}"#;
        for (status, body, kind) in [
            (400, spent.to_owned(), "provider_error"),
            (200, format!(r#"{{"result":{spent}}}"#), "provider_error"),
            (400, expired.to_owned(), "reauthentication_required"),
            (
                200,
                format!(r#"{{"result":{expired}}}"#),
                "reauthentication_required",
            ),
        ] {
            let error = parse_backend_reply(status, body.as_bytes()).unwrap_err();
            assert_eq!(error.kind(), kind, "{body}");
        }
        // Read as Instagram's own reply, the same detail-less failures stay unexpected.
        assert!(matches!(
            parse_token_reply(502, b"<html>Bad gateway</html>"),
            Err(Error::InvalidReply { status: 502, .. })
        ));
    }

    #[test]
    fn backend_reply_may_be_wrapped_in_result() {
        let reply =
            parse_backend_reply(200, br#"{"result":{"access_token":"t","user_id":"7"}}"#).unwrap();
        assert_eq!(
            (reply.access_token.secret(), reply.user_id.as_str()),
            ("t", "7")
        );
        let wrapped_today = br#"{"result":{"data":[{"access_token":"t","user_id":"8"}]}}"#;
        assert_eq!(
            parse_backend_reply(200, wrapped_today)
                .unwrap()
                .user_id
                .as_str(),
            "8"
        );
        assert!(
            parse_token_reply(200, br#"{"result":{"access_token":"t","user_id":"7"}}"#).is_err()
        );
    }

    #[test]
    fn optional_fields() {
        let reply = ok(
            r#"{"access_token":"t","user_id":"1","token_type":"bearer","expires_in":5183944,"permissions":["a"," b ",""]}"#,
        );
        assert_eq!(reply.token_type.as_deref(), Some("bearer"));
        assert_eq!(reply.expires_in, Some(Duration::from_secs(5183944)));
        assert_eq!(reply.permissions, ["a", "b"]);
    }

    /// Malformed replies, each with the error it must produce. None may panic.
    #[test]
    fn malformed_replies_map_to_specific_errors() {
        let invalid = |status: u16, problem: &'static str| (status, problem);
        let cases: Vec<(u16, &str, (u16, &str))> = vec![
            (200, "", invalid(200, "the body is empty")),
            (200, "  \n", invalid(200, "the body is empty")),
            (502, "", invalid(502, "the body is empty")),
            (
                200,
                "<html><body>Sorry</body></html>",
                invalid(200, "the body is not JSON"),
            ),
            (
                500,
                "Internal Server Error",
                invalid(500, "the body is not JSON"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":"1""#,
                invalid(200, "the body is not JSON"),
            ),
            (200, "\u{0}\u{ff}", invalid(200, "the body is not JSON")),
            (
                200,
                "null",
                invalid(200, "the body is JSON but not an object"),
            ),
            (
                200,
                "[]",
                invalid(200, "the body is JSON but not an object"),
            ),
            (
                200,
                r#""access_token""#,
                invalid(200, "the body is JSON but not an object"),
            ),
            (
                200,
                "42",
                invalid(200, "the body is JSON but not an object"),
            ),
            (200, "{}", invalid(200, "it carries no access_token")),
            (
                200,
                r#"{"data":[]}"#,
                invalid(200, "its data list is empty"),
            ),
            (
                200,
                r#"{"data":{}}"#,
                invalid(200, "its data is not a list"),
            ),
            (
                200,
                r#"{"data":null}"#,
                invalid(200, "its data is not a list"),
            ),
            (
                200,
                r#"{"data":["x"]}"#,
                invalid(200, "its data entry is not an object"),
            ),
            (
                200,
                r#"{"data":[{}]}"#,
                invalid(200, "it carries no access_token"),
            ),
            (
                200,
                r#"{"data":[{"user_id":"1"}]}"#,
                invalid(200, "it carries no access_token"),
            ),
            (
                200,
                r#"{"data":[{"access_token":"t"}]}"#,
                invalid(200, "it carries no user id"),
            ),
            (
                200,
                r#"{"user_id":"1"}"#,
                invalid(200, "it carries no access_token"),
            ),
            (
                200,
                r#"{"access_token":"","user_id":"1"}"#,
                invalid(200, "its access_token is empty"),
            ),
            (
                200,
                r#"{"access_token":null,"user_id":"1"}"#,
                invalid(200, "its access_token is not text"),
            ),
            (
                200,
                r#"{"access_token":12,"user_id":"1"}"#,
                invalid(200, "its access_token is not text"),
            ),
            (
                200,
                r#"{"access_token":"t"}"#,
                invalid(200, "it carries no user id"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":""}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":"snoop"}"#,
                invalid(200, "its user id is not digits"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":" 17841405793187218"}"#,
                invalid(200, "its user id is not digits"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":null}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":-5}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":1.5}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":1e20}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":99999999999999999999}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user_id":[1]}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                200,
                r#"{"access_token":"t","user":"snoop"}"#,
                invalid(200, "its user is not an object"),
            ),
            (
                200,
                r#"{"access_token":"t","user":{}}"#,
                invalid(200, "it carries no user id"),
            ),
            (
                200,
                r#"{"access_token":"t","user":{"id":{}}}"#,
                invalid(200, "its user id is not a non-empty string or whole number"),
            ),
            (
                500,
                r#"{"access_token":"t","user_id":"1"}"#,
                invalid(500, "the server reported a failure without details"),
            ),
            (
                404,
                "{}",
                invalid(404, "the server reported a failure without details"),
            ),
            (
                302,
                "{}",
                invalid(302, "the server reported a failure without details"),
            ),
        ];
        assert!(cases.len() >= 35);
        for (status, body, expected) in cases {
            match parse_token_reply(status, body.as_bytes()) {
                Err(Error::InvalidReply { status, problem }) => {
                    assert_eq!((status, problem.as_str()), expected, "{body}")
                }
                other => panic!("{status} {body}: {other:?}"),
            }
        }
        let errors: Vec<(u16, &str)> = vec![
            (400, r#"{"error_type":"OAuthException"}"#),
            (400, r#"{"error_message":"x"}"#),
            (
                200,
                r#"{"error_type":"OAuthException","code":400,"error_message":"x","access_token":"t"}"#,
            ),
            (400, r#"{"error":{}}"#),
            (400, r#"{"error":"invalid_request"}"#),
            (
                500,
                r#"{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1}}"#,
            ),
            (
                429,
                r#"{"error":{"message":"Application request limit reached","code":4}}"#,
            ),
        ];
        for (status, body) in errors {
            let error = parse_token_reply(status, body.as_bytes()).unwrap_err();
            let provider = error
                .provider_error()
                .unwrap_or_else(|| panic!("{body}: {error:?}"));
            assert_eq!(provider.http_status, Some(status), "{body}");
        }
    }
}
