//! Nothing the library says about a request repeats its secrets. No run of [`RUN`] or more
//! characters of a secret of the request reaches an error, in any spelling a message can
//! carry it in, whether the text came from the transport (a truncated body, a prefix of
//! the code, a secret split over two lines) or from the reply (an error message that
//! echoes the request).
//!
//! A secret is a value under a secret's name (the app secret, a code, a token, an API key,
//! a session) in the query, the headers or the body. Every run of [`RUN`] characters of
//! each of its spellings is withheld: as sent, percent-encoded (upper- and lower-case hex,
//! and as JavaScript's `encodeURIComponent` leaves it), form-encoded and JSON-escaped. A
//! spelling shorter than that, of a secret of at least four characters, is withheld whole.
//! The request's other values (an app id, a redirect URI), its URL, query and body are
//! withheld whole, as they are.
//!
//! Work happens only when there is an error to tell: a request that succeeds costs
//! nothing here.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::transport::HttpRequest;
use crate::{BackendRefusal, Error, ProviderError};

/// The shortest run of a secret that is withheld.
pub(crate) const RUN: usize = 8;

/// What stands where a run was withheld.
const REDACTED: &str = "[redacted]";

/// The whole text, when what is left would still carry a secret (only a secret that
/// itself contains [`REDACTED`] could do that).
const WITHHELD: &str = "[withheld: it repeated part of the request]";

/// Under these names, a value is a secret (compared in ASCII lower case, as part of the
/// name): `client_secret`, `code`, `access_token`, `X-Parse-REST-API-Key`,
/// `X-Parse-Session-Token`, `Authorization`.
const SECRET_NAMES: [&str; 7] = [
    "secret",
    "code",
    "token",
    "key",
    "session",
    "authorization",
    "password",
];

/// The longest text kept, in characters; the rest is cut (with `…`) before redacting, so
/// that a reply's 1 MiB error message costs no more than an ordinary one.
const LONGEST_TEXT: usize = 4096;

/// A secret shorter than this is not withheld: it would blank common words.
const SHORTEST_SECRET: usize = 4;

/// The characters JavaScript's `encodeURIComponent` escapes.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// What a message about one request must not repeat.
#[derive(Debug, Default)]
pub(crate) struct Redactor {
    /// Every spelling, of [`RUN`] characters or more, of every secret: a window of a
    /// message found in one of them is withheld. (Searched, not indexed: a set of
    /// windows cost the mobile library several KiB, and this runs only for an error.)
    spelled: Vec<String>,
    /// Text withheld wherever it appears whole.
    whole: Vec<String>,
}

impl Redactor {
    /// For `secrets`, and `others`: values that are not secret but are withheld whole, in
    /// the same spellings (an app id, a redirect URI).
    pub(crate) fn new<'a>(
        secrets: impl IntoIterator<Item = &'a str>,
        others: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut redactor = Self::default();
        for secret in secrets {
            if secret.chars().count() < SHORTEST_SECRET {
                continue;
            }
            // A spelling of RUN characters or more (a short secret percent-encoded, too)
            // goes by its windows, which cover it whole; a shorter one goes whole.
            for spelling in spellings(secret) {
                if spelling.chars().count() >= RUN {
                    redactor.spelled.push(spelling);
                } else {
                    redactor.whole.push(spelling);
                }
            }
        }
        redactor
            .whole
            .extend(others.into_iter().flat_map(spellings));
        redactor.whole.retain(|text| !text.is_empty());
        redactor.whole.sort();
        redactor.whole.dedup();
        redactor
    }

    /// For a request the library made: its secrets by name, and its other values (those
    /// of [`RUN`] characters or more), URL, query and body whole.
    pub(crate) fn for_request(request: &HttpRequest) -> Self {
        let named = named_values(request);
        let body = String::from_utf8_lossy(request.body());
        let (secrets, others): (Vec<_>, Vec<_>) =
            named.iter().partition(|(name, _)| is_secret_name(name));
        let others = others
            .into_iter()
            .map(|(_, value)| value.as_str())
            .filter(|value| value.chars().count() >= RUN);
        let mut redactor = Self::new(secrets.into_iter().map(|(_, value)| value.as_str()), others);
        let whole = [request.url().as_str(), &body]
            .into_iter()
            .chain(request.url().query())
            .filter(|text| !text.is_empty());
        redactor.whole.extend(whole.map(str::to_owned));
        redactor
    }

    /// `message`, cut to [`LONGEST_TEXT`] characters, with every run of a secret and every
    /// whole value replaced.
    pub(crate) fn redact(&self, message: &str) -> String {
        let cut;
        let message = match message.char_indices().nth(LONGEST_TEXT) {
            Some((at, _)) => {
                cut = format!("{}…", message.get(..at).unwrap_or_default());
                cut.as_str()
            }
            None => message,
        };
        let mut hidden = vec![false; message.len()];
        let mut any = false;
        for (from, to) in self.matches(message) {
            if let Some(bytes) = hidden.get_mut(from..to) {
                bytes.fill(true);
                any = true;
            }
        }
        if !any {
            return message.to_owned();
        }
        let mut redacted = String::with_capacity(message.len());
        let mut in_run = false;
        for (at, c) in message.char_indices() {
            if hidden.get(at).copied().unwrap_or(false) {
                if !in_run {
                    redacted.push_str(REDACTED);
                }
                in_run = true;
            } else {
                redacted.push(c);
                in_run = false;
            }
        }
        if self.matches(&redacted).next().is_some() {
            return WITHHELD.to_owned();
        }
        redacted
    }

    /// The byte ranges of `text` that are a window of a secret or a whole value.
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let bounds = char_bounds(text);
        let windows = (0..bounds.len().saturating_sub(RUN))
            .filter_map(move |start| Some((*bounds.get(start)?, *bounds.get(start + RUN)?)))
            .filter(move |&(from, to)| {
                text.get(from..to).is_some_and(|window| {
                    self.spelled
                        .iter()
                        .any(|spelling| spelling.contains(window))
                })
            });
        let whole = self.whole.iter().flat_map(move |value| {
            text.match_indices(value.as_str())
                .map(|(at, found)| (at, at + found.len()))
        });
        windows.chain(whole)
    }

    /// `error` with the text of each of its fields redacted. Every variant and every
    /// field is named, so that one added later has to be considered here.
    pub(crate) fn redact_error(&self, error: Error) -> Error {
        let text = |value: String| self.redact(&value);
        let optional = |value: Option<String>| value.map(|value| self.redact(&value));
        let provider = |provider: Box<ProviderError>| {
            let ProviderError {
                http_status,
                error_type,
                code,
                subcode,
                message,
                trace_id,
                user_title,
                user_message,
            } = *provider;
            Box::new(ProviderError {
                http_status,
                error_type: optional(error_type),
                code,
                subcode,
                message: optional(message),
                trace_id: optional(trace_id),
                user_title: optional(user_title),
                user_message: optional(user_message),
            })
        };
        match error {
            Error::Provider(error) => Error::Provider(provider(error)),
            Error::ReauthenticationRequired(error) => {
                Error::ReauthenticationRequired(provider(error))
            }
            Error::RateLimited {
                provider: error,
                mut usage,
            } => {
                // The usage headers' text (an account id, a use case) is a reply's text too.
                for case in &mut usage.business_use_cases {
                    case.business_id = self.redact(&case.business_id);
                    case.use_case = optional(case.use_case.take());
                }
                Error::RateLimited {
                    provider: provider(error),
                    usage,
                }
            }
            Error::PermissionMissing(error) => Error::PermissionMissing(provider(error)),
            Error::InvalidReply { status, problem } => Error::InvalidReply {
                status,
                problem: text(problem),
            },
            Error::BackendRejected(refusal) => {
                let BackendRefusal {
                    endpoint,
                    http_status,
                    code,
                    message,
                    hint,
                } = *refusal;
                Error::BackendRejected(Box::new(BackendRefusal {
                    endpoint,
                    http_status,
                    code,
                    message: optional(message),
                    hint,
                }))
            }
            Error::Network(message) => Error::Network(text(message)),
            Error::InvalidConfig(message) => Error::InvalidConfig(text(message)),
            Error::InvalidSavedAuthorization(message) => {
                Error::InvalidSavedAuthorization(text(message))
            }
            Error::AccessDenied {
                reason,
                description,
            } => Error::AccessDenied {
                reason: optional(reason),
                description: optional(description),
            },
            // No text of their own, or text from the library and the app's configuration
            // (a callback problem names a parameter; a redirect URI is the app's; a URL or
            // random-source error describes what failed).
            error @ (Error::RedirectMismatch { .. }
            | Error::StateMismatch
            | Error::MissingState
            | Error::MissingCode
            | Error::InvalidCallback(_)
            | Error::Expired
            | Error::AlreadyUsed
            | Error::Timeout
            | Error::EmptyValue { .. }
            | Error::InvalidUrl { .. }
            | Error::RandomUnavailable { .. }
            | Error::HttpClientSetup { .. }
            | Error::UnsupportedGrant) => error,
        }
    }
}

/// The byte offset of each character of `text`, and its length.
fn char_bounds(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect()
}

/// `secret` as sent, and as the encodings a message may quote it in.
fn spellings(secret: &str) -> Vec<String> {
    let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let json = serde_json::Value::String(secret.to_owned()).to_string();
    let mut spellings = vec![
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        percent_lower_hex(&percent),
        percent,
        utf8_percent_encode(secret, URI_COMPONENT).to_string(),
        json.strip_prefix('"')
            .and_then(|inner| inner.strip_suffix('"'))
            .unwrap_or(&json)
            .to_owned(),
    ];
    spellings.sort();
    spellings.dedup();
    spellings
}

/// `%2F` as `%2f`: the hex digits after each `%` in lower case.
fn percent_lower_hex(encoded: &str) -> String {
    let mut lower = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if hex_left > 0 {
            lower.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            lower.push(c);
            if c == '%' {
                hex_left = 2;
            }
        }
    }
    lower
}

/// Whether a value under `name` is a secret.
fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_NAMES.iter().any(|word| name.contains(word))
}

/// Every value of the request with the name it is under: query parameters, headers, and
/// the body's form fields or JSON strings (each under the key it sits under).
fn named_values(request: &HttpRequest) -> Vec<(String, String)> {
    let mut named: Vec<(String, String)> = request
        .url()
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    named.extend(request.headers().iter().cloned());
    match serde_json::from_slice::<serde_json::Value>(request.body()) {
        Ok(json) => json_strings("", &json, &mut named),
        Err(_) => named.extend(url::form_urlencoded::parse(request.body()).into_owned()),
    }
    named
}

/// Every string in a JSON value, with the key it sits under.
fn json_strings(key: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(text) => out.push((key.to_owned(), text.clone())),
        serde_json::Value::Array(items) => {
            items.iter().for_each(|item| json_strings(key, item, out));
        }
        serde_json::Value::Object(fields) => {
            fields
                .iter()
                .for_each(|(name, item)| json_strings(name, item, out));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::{EndpointUrl, HttpSettings, RateLimitUsage};

    fn token_url() -> EndpointUrl {
        EndpointUrl::parse("https://api.instagram.com/oauth/access_token").unwrap()
    }

    /// Every run of [`RUN`] characters of `secret`, as sent and in the spellings a message
    /// may quote it in, written here without the module's code.
    fn runs_of(secret: &str) -> Vec<String> {
        let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
        let spellings = [
            secret.to_owned(),
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            percent.to_lowercase(),
            percent,
            serde_json::to_string(secret).unwrap(),
        ];
        let mut runs = Vec::new();
        for spelling in spellings {
            let chars: Vec<char> = spelling.chars().collect();
            for window in chars.windows(RUN) {
                runs.push(window.iter().collect::<String>());
            }
        }
        runs.retain(|run| !run.starts_with('"') && !run.ends_with('"'));
        runs
    }

    fn assert_no_run(text: &str, secrets: &[&str]) {
        for secret in secrets {
            for run in runs_of(secret) {
                assert!(!text.contains(&run), "{run:?} of a secret is in {text:?}");
            }
        }
    }

    /// Found by review: a secret inside a JSON body, a form value in its encoded form, and
    /// a short app secret all reached the message.
    #[test]
    fn secrets_are_redacted_in_every_form_a_message_can_repeat() {
        let settings = HttpSettings::default();
        let json = HttpRequest::post_json(
            token_url().as_url().clone(),
            &serde_json::json!({"code": "AQcodeSECRET4567", "redirect_uri": "https://a.example/cb"}),
            &settings,
        );
        let form = HttpRequest::post_form(
            &token_url(),
            &[
                ("client_secret", "s3cr3t/with+slash=="),
                ("code", "AQsecond-code-99"),
            ],
            &settings,
        );
        let short =
            HttpRequest::post_form(&token_url(), &[("client_secret", "hunter2")], &settings);
        let cases = [
            (
                json,
                r#"write failed after 120 bytes: {"code":"AQcodeSECRET4567","redirect_"#,
                "AQcodeSECRET",
            ),
            (
                form.clone(),
                "...client_secret=s3cr3t%2Fwith%2Bslash%3D%3D&co",
                "s3cr3t",
            ),
            (form, "percent: s3cr3t%2fwith%2bslash%3d%3d", "s3cr3t"),
            (short, "auth failed for secret hunter2", "hunter2"),
        ];
        for (request, message, secret) in cases {
            let redacted = Redactor::for_request(&request).redact(message);
            assert!(!redacted.contains(secret), "{redacted}");
        }
        // Words of a message that happen to be short values are left alone.
        let grant = HttpRequest::post_form(
            &token_url(),
            &[("grant_type", "authorization_code")],
            &settings,
        );
        let text = Redactor::for_request(&grant).redact("connection refused");
        assert_eq!(text, "connection refused");
    }

    /// Found by review (issue 21): only exact copies were removed, so a truncated body, a
    /// prefix of the code or a secret split over two lines passed part of a secret.
    #[test]
    fn partial_secrets_are_redacted() {
        let secret = "app-secret-0123456789abcdef";
        let code = "AQBx9fQ-code-7Hk2mZpL";
        let request = HttpRequest::post_form(
            &token_url(),
            &[
                ("client_secret", secret),
                ("code", code),
                ("grant_type", "authorization_code"),
            ],
            &HttpSettings::default(),
        );
        let redactor = Redactor::for_request(&request);
        for message in [
            "body was client_secret=app-secret-0123456789abc…",
            "code AQBx9fQ-code (truncated)",
            "secret: app-secret-012345\n6789abcdef",
            "secret: app-secret-012345\r\n    6789abcdef",
            "sent code=AQBx9fQ-code-7Hk2mZpL&grant_type=authorization_code",
            "TLS error; 0123456789abcdef was the tail",
        ] {
            let redacted = redactor.redact(message);
            assert_no_run(&redacted, &[secret, code]);
            assert!(redacted.contains("[redacted]"), "{redacted}");
        }
        // Seven characters of a secret are not a run; the rest of the message stays.
        assert_eq!(
            redactor.redact("code AQBx9fQ was refused"),
            "code AQBx9fQ was refused"
        );
        assert_eq!(
            redactor.redact("secret: app-secret-0123456789abcdef, then more"),
            "secret: [redacted], then more"
        );
    }

    #[test]
    fn every_text_field_of_an_error_is_redacted() {
        let secret = "app-secret-0123456789abcdef";
        let redactor = Redactor::new([secret], []);
        let echo = format!("you sent client_secret={secret}");
        let provider = |code| {
            Box::new(ProviderError {
                http_status: Some(400),
                error_type: Some(echo.clone()),
                code: Some(code),
                subcode: None,
                message: Some(echo.clone()),
                trace_id: Some(echo.clone()),
                user_title: Some(echo.clone()),
                user_message: Some(echo.clone()),
            })
        };
        let errors = [
            Error::Provider(provider(100)),
            Error::ReauthenticationRequired(provider(190)),
            Error::RateLimited {
                provider: provider(4),
                usage: RateLimitUsage::from_headers([(
                    "X-Business-Use-Case-Usage",
                    format!(r#"{{"{echo}":[{{"type":"{echo}","call_count":1}}]}}"#).as_str(),
                )]),
            },
            Error::PermissionMissing(provider(10)),
            Error::BackendRejected(Box::new(BackendRefusal {
                code: Some(141),
                message: Some(echo.clone()),
                ..BackendRefusal::default()
            })),
            Error::invalid_reply(200, echo.clone()),
            Error::Network(echo.clone()),
            Error::InvalidConfig(echo.clone()),
            Error::InvalidSavedAuthorization(echo.clone()),
            Error::AccessDenied {
                reason: Some(echo.clone()),
                description: Some(echo.clone()),
            },
        ];
        for error in errors {
            let redacted = redactor.redact_error(error);
            let text = format!("{redacted} {redacted:?}");
            assert_no_run(&text, &[secret]);
        }
    }

    #[test]
    fn a_secret_that_could_rebuild_itself_around_the_marker_withholds_the_message() {
        // A made-up secret around the marker: redacting one run would leave another.
        let secret = "dacted]x[redacted]x[re";
        let redactor = Redactor::new([secret], []);
        let redacted = redactor.redact(&format!("a {secret} b"));
        assert_no_run(&redacted, &[secret]);
    }

    /// A hostile reply's 1 MiB error message is cut before it is searched.
    #[test]
    fn a_huge_message_is_cut_and_redacted_quickly() {
        let secret = "app-secret-0123456789abcdef";
        let redactor = Redactor::new([secret], []);
        let huge = format!("{secret} {}", "x".repeat(1024 * 1024));
        let started = std::time::Instant::now();
        let redacted = redactor.redact(&huge);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(redacted.starts_with("[redacted] xxx") && redacted.ends_with("x…"));
        assert_eq!(
            redacted.chars().count(),
            LONGEST_TEXT - secret.len() + 10 + 1
        );
    }

    #[test]
    fn short_secrets_go_whole_and_tiny_ones_stay() {
        let redactor = Redactor::new(["hunter2", "abc"], ["990602627938098"]);
        assert_eq!(
            redactor.redact("hunter2 abc 990602627938098"),
            "[redacted] abc [redacted]"
        );
    }

    /// A message made of pieces: noise, and runs of a secret in some spelling, whole,
    /// truncated, or split over lines.
    fn message_of(secrets: Vec<String>) -> impl Strategy<Value = (Vec<String>, String)> {
        let piece = (
            0..secrets.len(),
            0..6usize,
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            "[ a-z:=&\\n…]{0,12}",
        );
        prop::collection::vec(piece, 1..6).prop_map(move |pieces| {
            let mut message = String::new();
            for (which, form, start, length, noise) in pieces {
                let secret = &secrets[which];
                let spelling: Vec<char> = match form {
                    0 => url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
                    1 => utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
                    2 => serde_json::to_string(secret).unwrap(),
                    _ => secret.clone(),
                }
                .chars()
                .collect();
                let from = start.index(spelling.len());
                let to = (from + 1 + length.index(spelling.len())).min(spelling.len());
                let run: String = spelling[from..to].iter().collect();
                if form == 5 && run.chars().count() > 2 {
                    let middle = run.char_indices().nth(run.chars().count() / 2).unwrap().0;
                    message.push_str(&run[..middle]);
                    message.push('\n');
                    message.push_str(&run[middle..]);
                } else {
                    message.push_str(&run);
                }
                message.push_str(&noise);
            }
            (secrets.clone(), message)
        })
    }

    proptest! {
        #[test]
        fn no_run_of_a_secret_survives(
            (secrets, message) in prop::collection::vec("[A-Za-z0-9/+=_.~-]{4,40}|\\PC{4,24}", 1..4)
                .prop_flat_map(message_of)
        ) {
            let redactor = Redactor::new(secrets.iter().map(String::as_str), []);
            let redacted = redactor.redact(&message);
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            for secret in &secrets {
                for run in runs_of(secret) {
                    prop_assert!(!redacted.contains(&run), "{:?} of {:?} in {:?}", run, secret, redacted);
                }
            }
        }

        #[test]
        fn text_without_a_run_of_a_secret_is_unchanged(
            secret in "[A-Za-z0-9]{8,40}",
            message in "[ a-z0-9.:]{0,80}",
        ) {
            let redactor = Redactor::new([secret.as_str()], []);
            prop_assume!(runs_of(&secret).iter().all(|run| !message.contains(run.as_str())));
            prop_assert_eq!(redactor.redact(&message), message);
        }
    }
}
