//! Reading the redirect Instagram sends the user back with.

use url::Url;

use crate::error::CallbackProblem;
use crate::form::Params;
use crate::{
    AccessToken, AuthorizationCode, CsrfState, Error, ProviderError, RedirectUri, ResponseType,
};

/// What a successful callback hands over.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
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
    let callback = callback.trim();
    match Parts::literal(callback, redirect_uri) {
        Some(parts) => parts.grant(redirect_uri, response_type, expected_state),
        None => parse_as_url(callback, redirect_uri, response_type, expected_state),
    }
}

/// The general path: a full URL parse, then the location compared part by part (so
/// `HTTPS://App.example:443/auth/` is at `https://app.example/auth/`).
fn parse_as_url(
    callback: &str,
    redirect_uri: &RedirectUri,
    response_type: ResponseType,
    expected_state: Option<&CsrfState>,
) -> Result<Grant, Error> {
    let url = Url::parse(callback).map_err(|_| {
        Error::InvalidCallback(if is_quoted(callback) {
            CallbackProblem::Quoted
        } else {
            CallbackProblem::NotAUrl
        })
    })?;
    if !redirect_uri.is_location_of(&url) {
        return Err(Error::RedirectMismatch {
            expected: redirect_uri.location().to_owned(),
            differences: redirect_uri.location_differences(&url),
        });
    }
    let parts = Parts {
        query: url.query(),
        fragment: url.fragment(),
    };
    parts.grant(redirect_uri, response_type, expected_state)
}

/// Whether text that is not a URL is one in quotes, as a shell command or a chat message
/// holds it (`'https://…'`, `"https://…"`, typographic quotes). No URL starts with one.
fn is_quoted(text: &str) -> bool {
    const QUOTES: [char; 7] = [
        '\'', '"', '`', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}',
    ];
    text.starts_with(QUOTES)
}

/// A callback's query and fragment, still percent-encoded.
struct Parts<'a> {
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

impl<'a> Parts<'a> {
    /// The fast path, for what browsers hand back: the redirect URI's location in normal
    /// form, then only printable ASCII, from a `?` or `#` on. A URL parse of such text
    /// keeps the location and could only percent-encode `"`, `'`, `<`, `>` or a backtick
    /// in the query or fragment, which form decoding turns back into the same characters;
    /// so the parse is skipped. Anything else (spaces, control or non-ASCII characters,
    /// another spelling of the host) returns `None` and takes the general path.
    fn literal(callback: &'a str, redirect_uri: &RedirectUri) -> Option<Self> {
        let rest = callback.strip_prefix(redirect_uri.location())?;
        if !rest.bytes().all(|b| b.is_ascii_graphic()) {
            return None;
        }
        let (before_fragment, fragment) = match rest.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (rest, None),
        };
        let query = match before_fragment.strip_prefix('?') {
            Some(query) => Some(query),
            None if before_fragment.is_empty() => None,
            // More path: another location, or this one spelled differently.
            None => return None,
        };
        Some(Self { query, fragment })
    }

    fn grant(
        self,
        redirect_uri: &RedirectUri,
        response_type: ResponseType,
        expected_state: Option<&CsrfState>,
    ) -> Result<Grant, Error> {
        let query = Params::read(self.query)?;
        // The implicit flow answers in the fragment (RFC 6749 §4.2.2); Instagram's own
        // errors arrive in the query in both flows, so the fragment is consulted first and
        // the query second. In the code flow the fragment is never part of the answer.
        let fragment = match (response_type, self.fragment) {
            (ResponseType::Token, Some(fragment)) if fragment != INSTAGRAM_FRAGMENT => {
                Params::read(Some(fragment))?
            }
            _ => Params::default(),
        };
        let get = |name: &str| fragment.get(name).or_else(|| query.get(name));

        // Nothing of the callback is believed before its state is this sign-in's: any web page
        // can open an app's redirect link, and an `error=access_denied` without the state
        // would otherwise end the sign-in and put the page's own text before the user.
        if let Some(expected) = expected_state {
            match get("state") {
                None => return Err(Error::MissingState),
                Some("") => return Err(empty("state")),
                Some(received) if !expected.matches(received) => return Err(Error::StateMismatch),
                Some(_) => {}
            }
        }
        if let Some(error) = get("error") {
            return Err(provider_refusal(
                error,
                get("error_reason"),
                get("error_description"),
            ));
        }
        match response_type {
            ResponseType::Code => {
                let code = required("code", query.get("code"), AuthorizationCode::new)?;
                Ok(Grant::Code(CodeGrant::new(code, redirect_uri.clone())))
            }
            ResponseType::Token => {
                let token = required(
                    "access_token",
                    fragment.get("access_token"),
                    AccessToken::new,
                )?;
                Ok(Grant::Token(token))
            }
        }
    }
}

/// Instagram's `#_` is normally split off as the fragment, but a redirect that went
/// through a bounce page may arrive with it percent-encoded into the code itself.
fn strip_instagram_suffix(code: &str) -> &str {
    code.strip_suffix("#_").unwrap_or(code)
}

/// The code or token of a callback whose state matched, without Instagram's `#_`: absent
/// and empty (which the secret's type refuses) are the same answer, one that ends the
/// sign-in without a grant. Whitespace, which Instagram's codes and tokens never hold,
/// means the link was damaged on the way (a pasted URL that took a space or a line
/// break): it cannot be read, and the sign-in waits for an intact one.
fn required<T>(
    name: &str,
    value: Option<&str>,
    new: fn(String) -> Result<T, Error>,
) -> Result<T, Error> {
    let value = strip_instagram_suffix(value.unwrap_or_default());
    if value.chars().any(char::is_whitespace) {
        return Err(Error::InvalidCallback(CallbackProblem::Whitespace(
            name.to_owned(),
        )));
    }
    new(value.to_owned()).map_err(|_| Error::MissingCode)
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
    Error::Provider(Box::new(ProviderError {
        error_type: Some(error.to_owned()).filter(|e| !e.is_empty()),
        message: owned(description).or_else(|| owned(reason)),
        ..ProviderError::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LocationDifference;
    use crate::form::KNOWN;

    const REDIRECT: &str = "https://socialsizzle.herokuapp.com/auth/";

    fn parse(callback: &str, flow: ResponseType, state: Option<&str>) -> Result<Grant, Error> {
        let state = state.map(|state| CsrfState::new(state).unwrap());
        parse_callback(
            callback,
            &RedirectUri::parse(REDIRECT).unwrap(),
            flow,
            state.as_ref(),
        )
    }

    /// What a result says, secrets included: neither grants nor errors compare with `==`.
    /// fuzz/fuzz_targets/callback.rs has its own copy (it cannot reach this module).
    fn outcome(result: &Result<Grant, Error>) -> String {
        match result {
            Ok(Grant::Code(grant)) => format!(
                "code {} for {}",
                grant.code().secret(),
                grant.redirect_uri().as_str()
            ),
            Ok(Grant::Token(token)) => format!("token {}", token.secret()),
            Err(error) => format!("{error:?}"),
        }
    }

    /// Callbacks as browsers return them take the fast path; anything that a URL parse
    /// would change takes the general one.
    #[test]
    fn literal_callbacks_skip_the_url_parse() {
        let redirect = RedirectUri::parse(REDIRECT).unwrap();
        let literal = |callback: &str| Parts::literal(callback, &redirect).is_some();
        assert!(literal(&format!("{REDIRECT}?code=AQBx-h_B%2B&state=s1#_")));
        assert!(literal(&format!("{REDIRECT}#access_token=t&state=s1")));
        assert!(literal(REDIRECT));
        for general in [
            format!("{REDIRECT}?code=a b&state=s1"),
            format!("{REDIRECT}?code=\u{e9}&state=s1"),
            format!("{REDIRECT}?code=a\tb&state=s1"),
            format!("{REDIRECT}x?code=c"),
            format!("{REDIRECT}/?code=c"),
            "https://SocialSizzle.herokuapp.com/auth/?code=c".into(),
            "https://socialsizzle.herokuapp.com:443/auth/?code=c".into(),
            "https://socialsizzle.herokuapp.com/auth?code=c".into(),
        ] {
            assert!(!literal(&general), "{general}");
        }
    }

    /// Pieces of callback text: parameter syntax, escapes, and every character class a
    /// URL parse treats specially (removed, encoded, or a delimiter).
    #[rustfmt::skip]
    const CALLBACK_PIECES: &[&str] = &[
        "s1", "c", "access_denied", "_", "#_", "%20", "%23_", "%", "%2", "+", "=", "&", "?",
        "#", "\"", "'", "<", ">", "`", "\\", " ", "\t", "\n", "\u{e9}", "/", "..",
    ];

    fn callback_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(CALLBACK_PIECES), 0..4)
            .prop_map(|pieces| pieces.concat())
    }

    /// `name=value` pairs joined by `&`, with the names this library reads and another.
    fn callback_pairs() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let mut names = KNOWN.to_vec();
        names.push("x");
        let name = proptest::sample::select(names);
        proptest::collection::vec((name, callback_text()), 0..4).prop_map(|pairs| {
            let pairs: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
            pairs.join("&")
        })
    }

    proptest::proptest! {
        /// The fast path answers exactly as a full URL parse would, for any spelling of
        /// the location followed by any query and fragment.
        #[test]
        fn fast_path_agrees_with_the_url_parse(
            redirect in proptest::sample::select(vec![
                REDIRECT,
                "https://a.example/cb?type=mobile",
                "myapp://oauth/callback",
                "myapp:cb",
                "http://127.0.0.1:8080/x/y",
            ]),
            spelling in 0..4usize,
            path in proptest::option::weighted(0.2, callback_text()),
            query in callback_pairs(),
            with_state in proptest::bool::ANY,
            fragment in proptest::option::of(callback_pairs()),
        ) {
            let redirect = RedirectUri::parse(redirect).unwrap();
            let location = redirect.location();
            let mut callback = match spelling {
                0 | 1 => location.to_owned(),
                2 => location.to_uppercase(),
                _ => format!(" {location}"),
            };
            callback.push_str(path.as_deref().unwrap_or_default());
            callback.push('?');
            callback.push_str(&query);
            if with_state {
                callback.push_str("&state=s1");
            }
            if let Some(fragment) = fragment {
                callback.push('#');
                callback.push_str(&fragment);
            }
            for flow in [ResponseType::Code, ResponseType::Token] {
                for state in [None, Some(CsrfState::new("s1").unwrap())] {
                    proptest::prop_assert_eq!(
                        outcome(&parse_callback(&callback, &redirect, flow, state.as_ref())),
                        outcome(&parse_as_url(callback.trim(), &redirect, flow, state.as_ref())),
                        "{}", callback
                    );
                }
            }
        }
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
        let with_state = format!("{callback}&state=s1");
        let with_state = with_state.replace("#_&state=s1", "&state=s1#_");
        for (callback, state) in [(&with_state, Some("s1")), (&callback, None)] {
            assert_eq!(
                outcome(&parse(callback, ResponseType::Code, state)),
                outcome(&Err(Error::AccessDenied {
                    reason: Some("user_denied".into()),
                    description: Some("The user denied your request!".into()),
                }))
            );
        }
        // A denial must belong to this attempt like any answer: without its state it is a
        // stray link that any page could open, and its text is not shown.
        let foreign = format!("{REDIRECT}?error=access_denied&state=other");
        assert!(matches!(
            parse(&foreign, ResponseType::Code, Some("s1")),
            Err(Error::StateMismatch)
        ));
        let stateless = parse(&callback, ResponseType::Code, Some("s1")).unwrap_err();
        assert!(matches!(stateless, Error::MissingState));
        assert!(stateless.is_stray_callback());
        assert!(!stateless.to_string().contains("denied your request"));
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
        let denied = format!("{REDIRECT}?error=access_denied&error_reason=user_denied&state=s1");
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
        assert!(matches!(
            parse(&format!("{REDIRECT}?state=x"), ResponseType::Code, None),
            Err(Error::MissingCode)
        ));
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
        assert!(
            matches!(&err, Error::RedirectMismatch { expected, .. } if expected == REDIRECT),
            "{err:?}"
        );
        assert!(!err.to_string().contains("SECRETCODE"));
    }

    /// A callback that lost its `?` carries the code and state in its path: the error says
    /// how the address differs without repeating any of it.
    #[test]
    fn a_redirect_mismatch_says_how_the_address_differs_without_repeating_it() {
        for (callback, says) in [
            (
                "https://socialsizzle.herokuapp.com/auth?code=SECRETCODE&state=s1#_",
                "the path lacks the trailing slash",
            ),
            (
                "https://socialsizzle.herokuapp.com/auth/code=SECRETCODE&state=s1",
                "the path goes on past the redirect URI's (was the '?' before the parameters lost?)",
            ),
            (
                "http://socialsizzle.herokuapp.com/auth/?code=SECRETCODE&state=s1",
                "the scheme differs",
            ),
            (
                "https://SECRETCODE.example:8443/auth/?state=s1",
                "the host differs, the port differs",
            ),
        ] {
            let error = parse(callback, ResponseType::Code, Some("s1")).unwrap_err();
            let message = error.to_string();
            assert_eq!(
                message,
                format!(
                    "the sign-in response did not arrive at the redirect URI {REDIRECT}: {says}"
                )
            );
            assert!(
                !format!("{message} {error:?}").contains("SECRETCODE"),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_quoted_callback_is_named_as_such() {
        let error = parse(
            &format!("'{REDIRECT}?code=SECRETCODE&state=s1#_'"),
            ResponseType::Code,
            Some("s1"),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the sign-in response is malformed: the URL is in quotes; give it without them"
        );
        assert!(error.is_stray_callback());
    }

    /// Malformed callbacks, each with the error it must produce. None may panic.
    #[test]
    fn malformed_callbacks_map_to_specific_errors() {
        use CallbackProblem::*;
        use Error::*;
        let dup = |p: &str| InvalidCallback(DuplicateParameter(p.into()));
        let empty = |p: &str| InvalidCallback(EmptyParameter(p.into()));
        let mismatch = |differences: &[LocationDifference]| RedirectMismatch {
            expected: REDIRECT.into(),
            differences: differences.to_vec(),
        };
        let whitespace = |p: &str| InvalidCallback(Whitespace(p.into()));
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
                mismatch(&[LocationDifference::Scheme]),
            ),
            (
                "https://socialsizzle.herokuapp.com/auth?code=c&state=s1".into(),
                code,
                mismatch(&[LocationDifference::TrailingSlashMissing]),
            ),
            (
                "https://socialsizzle.herokuapp.com/auth/x?code=c&state=s1".into(),
                code,
                mismatch(&[LocationDifference::PathContinues]),
            ),
            (
                "https://socialsizzle.herokuapp.com:8443/auth/?code=c&state=s1".into(),
                code,
                mismatch(&[LocationDifference::Port]),
            ),
            (
                "https://socialsizzle.herokuapp.com.evil/auth/?code=c&state=s1".into(),
                code,
                mismatch(&[LocationDifference::Host]),
            ),
            (
                "myapp://auth/?code=c&state=s1".into(),
                code,
                mismatch(&[
                    LocationDifference::Scheme,
                    LocationDifference::Host,
                    LocationDifference::Path,
                ]),
            ),
            (
                "'https://socialsizzle.herokuapp.com/auth/?code=c&state=s1#_'".into(),
                code,
                InvalidCallback(Quoted),
            ),
            (
                "\u{201c}https://socialsizzle.herokuapp.com/auth/?code=c&state=s1\u{201d}".into(),
                code,
                InvalidCallback(Quoted),
            ),
            (
                format!("{REDIRECT}?code=AQabc-DEF_123 &state=s1"),
                code,
                whitespace("code"),
            ),
            (
                format!("{REDIRECT}?code=AQabc%0A-DEF_123&state=s1#_"),
                code,
                whitespace("code"),
            ),
            (
                format!("{REDIRECT}?code=AQ+abc&state=s1"),
                code,
                whitespace("code"),
            ),
            (
                format!("{REDIRECT}#access_token=IGAA%20x&state=s1"),
                token,
                whitespace("access_token"),
            ),
            // The state is checked first: a damaged code with another state is stray.
            (
                format!("{REDIRECT}?code=AQ abc&state=s2"),
                code,
                StateMismatch,
            ),
            (format!("{REDIRECT}?state=s1"), code, MissingCode),
            (format!("{REDIRECT}?state=s1#_"), code, MissingCode),
            (format!("{REDIRECT}?state=s1#code=c"), code, MissingCode),
            (format!("{REDIRECT}?CODE=c&state=s1"), code, MissingCode),
            (format!("{REDIRECT}?code=&state=s1"), code, MissingCode),
            (format!("{REDIRECT}?code&state=s1"), code, MissingCode),
            (format!("{REDIRECT}?code=%23_&state=s1"), code, MissingCode),
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
                MissingState,
            ),
            (
                format!("{REDIRECT}?error=server_error&error_description=Call+us"),
                code,
                MissingState,
            ),
            (
                format!("{REDIRECT}?error=access_denied&state=s2"),
                code,
                StateMismatch,
            ),
            (
                format!("{REDIRECT}?error=access_denied&state=s1"),
                code,
                AccessDenied {
                    reason: None,
                    description: None,
                },
            ),
            (
                format!("{REDIRECT}?error=access_denied&error_reason=&error_description=&state=s1"),
                code,
                AccessDenied {
                    reason: None,
                    description: None,
                },
            ),
            (
                format!("{REDIRECT}?error=&state=s1"),
                code,
                Provider(Box::default()),
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
                MissingCode,
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
                outcome(&parse(&callback, flow, Some("s1"))),
                outcome(&Err(expected)),
                "{callback}"
            );
        }
    }
}
