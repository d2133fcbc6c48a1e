//! Reading the redirect Instagram sends the user back with.

use std::borrow::Cow;

use url::{Url, form_urlencoded};

use crate::error::CallbackProblem;
use crate::{
    AccessToken, AuthorizationCode, CsrfState, Error, ProviderError, RedirectUri, ResponseType,
};

/// What a successful callback hands over.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Grant {
    /// Code flow: exchange the code for a token.
    Code(CodeGrant),
    /// Legacy implicit flow: the token itself. It comes without a user id; fetch the
    /// profile to learn it.
    Token(AccessToken),
}

/// An authorization code together with the redirect URI it was issued for, which the
/// token endpoint requires verbatim. Keeping them together means the URI is never retyped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeGrant {
    code: AuthorizationCode,
    redirect_uri: RedirectUri,
}

impl CodeGrant {
    /// Pairs a code with the redirect URI used to obtain it, e.g. on a server that
    /// receives both from an app.
    pub fn new(code: AuthorizationCode, redirect_uri: RedirectUri) -> Self {
        Self { code, redirect_uri }
    }

    /// The one-time code.
    pub fn code(&self) -> &AuthorizationCode {
        &self.code
    }

    /// The redirect URI the code was issued for.
    pub fn redirect_uri(&self) -> &RedirectUri {
        &self.redirect_uri
    }
}

/// Instagram appends this fragment to every redirect; it is not part of the code.
const INSTAGRAM_FRAGMENT: &str = "_";

/// Checks a callback URL against explicit expectations and extracts the grant.
///
/// This is the stateless core of
/// [`InstagramAuth::handle_callback`](crate::InstagramAuth::handle_callback), which apps
/// should call instead: it also enforces expiry and single use. `expected_state: None`
/// skips the anti-forgery check and is meant only for diagnostic tools.
pub fn parse_callback(
    callback: &str,
    redirect_uri: &RedirectUri,
    response_type: ResponseType,
    expected_state: Option<&CsrfState>,
) -> Result<Grant, Error> {
    let url = Url::parse(callback.trim())
        .map_err(|_| Error::InvalidCallback(CallbackProblem::NotAUrl))?;
    if !redirect_uri.is_location_of(&url) {
        return Err(Error::RedirectMismatch {
            expected: redirect_uri.location(),
        });
    }
    let query = Params::read(url.query())?;
    // The implicit flow answers in the fragment (RFC 6749 §4.2.2); Instagram's own
    // errors arrive in the query in both flows, so the fragment is consulted first and
    // the query second. In the code flow the fragment is never part of the answer.
    let fragment = match (response_type, url.fragment()) {
        (ResponseType::Token, Some(fragment)) if fragment != INSTAGRAM_FRAGMENT => {
            Params::read(Some(fragment))?
        }
        _ => Params::default(),
    };
    let get = |name: &str| fragment.get(name).or_else(|| query.get(name));

    let state = get("state");
    if let (Some(expected), Some(received)) = (expected_state, state) {
        if received.is_empty() {
            return Err(empty("state"));
        }
        if !expected.matches(received) {
            return Err(Error::StateMismatch);
        }
    }
    // A denial is reported even without a state: it cannot grant anything, and Instagram's
    // documented cancel redirect does not echo the state.
    if let Some(error) = get("error") {
        return Err(provider_refusal(
            error,
            get("error_reason"),
            get("error_description"),
        ));
    }
    if expected_state.is_some() && state.is_none() {
        return Err(Error::MissingState);
    }
    match response_type {
        ResponseType::Code => {
            let code = required(query.get("code"), "code")?;
            Ok(Grant::Code(CodeGrant::new(
                AuthorizationCode::new(strip_instagram_suffix(code)),
                redirect_uri.clone(),
            )))
        }
        ResponseType::Token => {
            let token = required(fragment.get("access_token"), "access_token")?;
            Ok(Grant::Token(AccessToken::new(token)))
        }
    }
}

/// Instagram's `#_` is normally split off as the fragment, but a redirect that went
/// through a bounce page may arrive with it percent-encoded into the code itself.
fn strip_instagram_suffix(code: &str) -> &str {
    code.strip_suffix("#_").unwrap_or(code)
}

fn required<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, Error> {
    match value {
        None => Err(Error::MissingCode),
        Some("") => Err(empty(name)),
        Some(value) if strip_instagram_suffix(value).is_empty() => Err(empty(name)),
        Some(value) => Ok(value),
    }
}

fn empty(name: &str) -> Error {
    Error::InvalidCallback(CallbackProblem::EmptyParameter(name.to_owned()))
}

fn provider_refusal(error: &str, reason: Option<&str>, description: Option<&str>) -> Error {
    let owned = |v: Option<&str>| v.filter(|v| !v.is_empty()).map(str::to_owned);
    if error == "access_denied" {
        return Error::AccessDenied {
            reason: owned(reason),
            description: owned(description),
        };
    }
    Error::Provider(ProviderError {
        error_type: Some(error.to_owned()).filter(|e| !e.is_empty()),
        message: owned(description).or_else(|| owned(reason)),
        ..ProviderError::default()
    })
}

/// The callback parameters this library reads, each at most once. Others are ignored:
/// a redirect URI may carry its own query parameters. Values borrow from the URL unless
/// they had escapes to decode.
#[derive(Default)]
struct Params<'a>(Vec<(&'static str, Cow<'a, str>)>);

const KNOWN: [&str; 6] = [
    "code",
    "state",
    "error",
    "error_reason",
    "error_description",
    "access_token",
];

impl<'a> Params<'a> {
    fn read(encoded: Option<&'a str>) -> Result<Self, Error> {
        let mut params = Params::default();
        for (name, value) in form_urlencoded::parse(encoded.unwrap_or("").as_bytes()) {
            let Some(known) = KNOWN.iter().find(|k| **k == name) else {
                continue;
            };
            if params.get(known).is_some() {
                return Err(Error::InvalidCallback(CallbackProblem::DuplicateParameter(
                    (*known).to_owned(),
                )));
            }
            params.0.push((known, value));
        }
        Ok(params)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "https://socialsizzle.herokuapp.com/auth/";

    fn parse(callback: &str, flow: ResponseType, state: Option<&str>) -> Result<Grant, Error> {
        let state = state.map(CsrfState::new);
        parse_callback(
            callback,
            &RedirectUri::parse(REDIRECT).unwrap(),
            flow,
            state.as_ref(),
        )
    }

    fn code_of(callback: &str) -> String {
        match parse(callback, ResponseType::Code, Some("s1")) {
            Ok(Grant::Code(grant)) => grant.code().secret().to_owned(),
            other => panic!("{callback}: {other:?}"),
        }
    }

    #[test]
    fn instagram_fragment_is_not_part_of_the_code() {
        assert_eq!(
            code_of(&format!("{REDIRECT}?code=AQBx-hBsH3&state=s1#_")),
            "AQBx-hBsH3"
        );
        assert_eq!(
            code_of(&format!("{REDIRECT}?state=s1&code=AQBx-hBsH3#_")),
            "AQBx-hBsH3"
        );
        assert_eq!(
            code_of(&format!("{REDIRECT}?code=AQBx-hBsH3&state=s1")),
            "AQBx-hBsH3"
        );
        assert_eq!(
            code_of(&format!("{REDIRECT}?code=AQBx-hBsH3&state=s1#other")),
            "AQBx-hBsH3"
        );
        assert_eq!(
            code_of(&format!("{REDIRECT}?code=AQBx%23_&state=s1")),
            "AQBx"
        );
        assert_eq!(
            code_of(&format!("{REDIRECT}?code=A%2BB%3D&state=s1#_")),
            "A+B="
        );
    }

    #[test]
    fn the_code_grant_keeps_the_redirect_uri() {
        match parse(
            &format!("{REDIRECT}?code=c&state=s1#_"),
            ResponseType::Code,
            Some("s1"),
        ) {
            Ok(Grant::Code(grant)) => assert_eq!(grant.redirect_uri().as_str(), REDIRECT),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn denial_triple_is_decoded_into_access_denied() {
        let callback = format!(
            "{REDIRECT}?error=access_denied&error_reason=user_denied\
             &error_description=The+user+denied+your+request%21#_"
        );
        for state in [None, Some("s1")] {
            assert_eq!(
                parse(&callback, ResponseType::Code, state),
                Err(Error::AccessDenied {
                    reason: Some("user_denied".into()),
                    description: Some("The user denied your request!".into()),
                })
            );
        }
        // With the state echoed, a denial must still belong to this attempt.
        let foreign = format!("{REDIRECT}?error=access_denied&state=other");
        assert_eq!(
            parse(&foreign, ResponseType::Code, Some("s1")),
            Err(Error::StateMismatch)
        );
    }

    #[test]
    fn other_errors_are_provider_errors() {
        let callback =
            format!("{REDIRECT}?error=server_error&error_description=Try+later&state=s1");
        match parse(&callback, ResponseType::Code, Some("s1")) {
            Err(Error::Provider(e)) => {
                assert_eq!(e.error_type.as_deref(), Some("server_error"));
                assert_eq!(e.message.as_deref(), Some("Try later"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn implicit_flow_reads_the_token_from_the_fragment() {
        let callback = format!("{REDIRECT}#access_token=IGQVJ.x-y&state=s1");
        match parse(&callback, ResponseType::Token, Some("s1")) {
            Ok(Grant::Token(token)) => assert_eq!(token.secret(), "IGQVJ.x-y"),
            other => panic!("{other:?}"),
        }
        // State in the query also counts (it is the redirect's own query).
        let callback = format!("{REDIRECT}?state=s1#access_token=tok");
        assert!(matches!(
            parse(&callback, ResponseType::Token, Some("s1")),
            Ok(Grant::Token(_))
        ));
        // The fragment is the implicit flow's answer: its state wins over the query's.
        let callback = format!("{REDIRECT}?state=zz#access_token=tok&state=s1");
        assert!(matches!(
            parse(&callback, ResponseType::Token, Some("s1")),
            Ok(Grant::Token(_))
        ));
        // Errors in the implicit flow come in the query, as in the code flow.
        let denied = format!("{REDIRECT}?error=access_denied&error_reason=user_denied");
        assert!(matches!(
            parse(&denied, ResponseType::Token, Some("s1")),
            Err(Error::AccessDenied { .. })
        ));
    }

    #[test]
    fn diagnostic_mode_skips_only_the_state_check() {
        let callback = format!("{REDIRECT}?code=abc#_");
        assert!(matches!(
            parse(&callback, ResponseType::Code, None),
            Ok(Grant::Code(_))
        ));
        assert_eq!(
            parse(&format!("{REDIRECT}?state=x"), ResponseType::Code, None),
            Err(Error::MissingCode)
        );
    }

    #[test]
    fn redirect_location_must_match_but_extra_query_is_fine() {
        let ok = "https://socialsizzle.herokuapp.com/auth/?type=mobile&code=c&state=s1#_";
        assert!(parse(ok, ResponseType::Code, Some("s1")).is_ok());
        let err = parse(
            "https://evil.example/auth/?code=SECRETCODE&state=s1",
            ResponseType::Code,
            Some("s1"),
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::RedirectMismatch {
                expected: REDIRECT.into()
            }
        );
        assert!(!err.to_string().contains("SECRETCODE"));
    }

    /// Malformed callbacks, each with the error it must produce. None may panic.
    #[test]
    fn malformed_callbacks_map_to_specific_errors() {
        use CallbackProblem::*;
        use Error::*;
        let dup = |p: &str| InvalidCallback(DuplicateParameter(p.into()));
        let empty = |p: &str| InvalidCallback(EmptyParameter(p.into()));
        let mismatch = || RedirectMismatch {
            expected: REDIRECT.into(),
        };
        let code = ResponseType::Code;
        let token = ResponseType::Token;
        let cases: Vec<(String, ResponseType, Error)> = vec![
            (String::new(), code, InvalidCallback(NotAUrl)),
            ("   ".into(), code, InvalidCallback(NotAUrl)),
            ("not a url".into(), code, InvalidCallback(NotAUrl)),
            (
                "/auth/?code=c&state=s1".into(),
                code,
                InvalidCallback(NotAUrl),
            ),
            ("?code=c&state=s1".into(), code, InvalidCallback(NotAUrl)),
            ("https://".into(), code, InvalidCallback(NotAUrl)),
            ("https://[::1/auth/".into(), code, InvalidCallback(NotAUrl)),
            (
                "http://socialsizzle.herokuapp.com/auth/?code=c&state=s1".into(),
                code,
                mismatch(),
            ),
            (
                "https://socialsizzle.herokuapp.com/auth?code=c&state=s1".into(),
                code,
                mismatch(),
            ),
            (
                "https://socialsizzle.herokuapp.com/auth/x?code=c&state=s1".into(),
                code,
                mismatch(),
            ),
            (
                "https://socialsizzle.herokuapp.com:8443/auth/?code=c&state=s1".into(),
                code,
                mismatch(),
            ),
            (
                "https://socialsizzle.herokuapp.com.evil/auth/?code=c&state=s1".into(),
                code,
                mismatch(),
            ),
            ("myapp://auth/?code=c&state=s1".into(), code, mismatch()),
            (format!("{REDIRECT}?state=s1"), code, MissingCode),
            (format!("{REDIRECT}?state=s1#_"), code, MissingCode),
            (format!("{REDIRECT}?state=s1#code=c"), code, MissingCode),
            (format!("{REDIRECT}?CODE=c&state=s1"), code, MissingCode),
            (format!("{REDIRECT}?code=&state=s1"), code, empty("code")),
            (format!("{REDIRECT}?code&state=s1"), code, empty("code")),
            (
                format!("{REDIRECT}?code=%23_&state=s1"),
                code,
                empty("code"),
            ),
            (
                format!("{REDIRECT}?code=a&code=b&state=s1"),
                code,
                dup("code"),
            ),
            (
                format!("{REDIRECT}?code=a&code=a&state=s1"),
                code,
                dup("code"),
            ),
            (format!("{REDIRECT}?code=c"), code, MissingState),
            (format!("{REDIRECT}?code=c#_"), code, MissingState),
            (format!("{REDIRECT}?code=c&State=s1"), code, MissingState),
            (format!("{REDIRECT}?code=c&state="), code, empty("state")),
            (format!("{REDIRECT}?code=c&state"), code, empty("state")),
            (format!("{REDIRECT}?code=c&state=s2"), code, StateMismatch),
            (format!("{REDIRECT}?code=c&state=S1"), code, StateMismatch),
            (
                format!("{REDIRECT}?code=c&state=s1%20"),
                code,
                StateMismatch,
            ),
            (format!("{REDIRECT}?code=c&state=s1x"), code, StateMismatch),
            (
                format!("{REDIRECT}?code=c&state=s1&state=s1"),
                code,
                dup("state"),
            ),
            (
                format!("{REDIRECT}?code=c&state=s1&state=s2"),
                code,
                dup("state"),
            ),
            (
                format!("{REDIRECT}?error=access_denied&error=other"),
                code,
                dup("error"),
            ),
            (
                format!("{REDIRECT}?error=access_denied&error_reason=a&error_reason=b"),
                code,
                dup("error_reason"),
            ),
            (
                format!("{REDIRECT}?error=access_denied&error_description=a&error_description=b"),
                code,
                dup("error_description"),
            ),
            (
                format!("{REDIRECT}?error=access_denied"),
                code,
                AccessDenied {
                    reason: None,
                    description: None,
                },
            ),
            (
                format!("{REDIRECT}?error=access_denied&error_reason=&error_description="),
                code,
                AccessDenied {
                    reason: None,
                    description: None,
                },
            ),
            (
                format!("{REDIRECT}?error=&state=s1"),
                code,
                Provider(ProviderError::default()),
            ),
            (
                format!("{REDIRECT}?code=c&error=access_denied&state=s1"),
                code,
                AccessDenied {
                    reason: None,
                    description: None,
                },
            ),
            (format!("{REDIRECT}?state=s1"), token, MissingCode),
            (format!("{REDIRECT}?state=s1#_"), token, MissingCode),
            (format!("{REDIRECT}?code=c&state=s1"), token, MissingCode),
            (
                format!("{REDIRECT}#access_token=&state=s1"),
                token,
                empty("access_token"),
            ),
            (
                format!("{REDIRECT}#access_token=a&access_token=b&state=s1"),
                token,
                dup("access_token"),
            ),
            (format!("{REDIRECT}#access_token=a"), token, MissingState),
            (
                format!("{REDIRECT}#access_token=a&state=zz"),
                token,
                StateMismatch,
            ),
            (
                format!("{REDIRECT}?access_token=a&state=s1"),
                token,
                MissingCode,
            ),
        ];
        assert!(cases.len() >= 40, "{} cases", cases.len());
        for (callback, flow, expected) in cases {
            assert_eq!(
                parse(&callback, flow, Some("s1")),
                Err(expected),
                "{callback}"
            );
        }
    }
}
