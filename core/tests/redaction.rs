//! No run of 8 or more characters of a secret of a request reaches the error it ends in
//! (issue 21), through every call the library makes: whether the transport's error text
//! quotes part of the request (a truncated body, a prefix of the code, a value split over
//! two lines), or the reply's error text echoes it (Instagram's `error_message`, Graph's
//! `error.message`, a Parse error, in plain or `\u`-escaped JSON).

#![cfg(test)]

use std::sync::Arc;

use instagram_auth::{
    AccessToken, AuthorizationCode, BackendExchange, ClientId, ClientSecret, CodeGrant, Config,
    EndpointUrl, Error, HttpRequest, HttpResponse, HttpSettings, HttpTransport, InstagramAuth,
    ParseApiKey, ParseAuthData, ParseServer, RedirectUri, TransportError, TransportFuture, UserId,
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;

const APP_SECRET: &str = "app-secret-0123456789abcdef";
const CODE: &str = "AQBx9fQ-code-7Hk2mZpL+/=#frag";
const TOKEN: &str = "IGAAtoken-5f3c9e1d2b7a8c6e";
const REST_KEY: &str = "rest-key-8a7b6c5d4e3f2a1b";
const SESSION: &str = "r:session-1f2e3d4c5b6a7980";
const SECRETS: [&str; 5] = [APP_SECRET, CODE, TOKEN, REST_KEY, SESSION];
const REDIRECT: &str = "https://app.example.com/auth/";

/// Every run of 8 characters of `secret`, as sent and as a message may quote it
/// (form-encoded, percent-encoded in either case of hex, JSON-escaped).
fn runs_of(secret: &str) -> Vec<String> {
    let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let spellings = [
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        percent.to_lowercase(),
        percent,
        serde_json::to_string(secret)
            .unwrap()
            .trim_matches('"')
            .to_owned(),
    ];
    let mut runs = Vec::new();
    for spelling in spellings {
        let chars: Vec<char> = spelling.chars().collect();
        runs.extend(chars.windows(8).map(|run| run.iter().collect::<String>()));
    }
    runs
}

fn assert_no_secret(error: &Error, what: &str) {
    let text = format!("{error} | {error:?}");
    for secret in SECRETS {
        for run in runs_of(secret) {
            assert!(
                !text.contains(&run),
                "{what}: {run:?} of a secret in {text}"
            );
        }
    }
}

/// Text a hostile transport makes from the request it was given.
type FromRequest = fn(&HttpRequest) -> String;

/// How the transport fails: with text made from the request, or with a reply whose error
/// text echoes it.
#[derive(Debug, Clone)]
enum Hostile {
    /// `TransportError::Network` with this text made from the request.
    Network(FromRequest),
    /// An HTTP 400 with this body made from the request.
    Reply(FromRequest),
}

#[derive(Debug)]
struct HostileTransport(Hostile);

impl HttpTransport for HostileTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let outcome = match &self.0 {
            Hostile::Network(text) => Err(TransportError::Network(text(&request))),
            Hostile::Reply(body) => Ok(HttpResponse {
                status: 400,
                body: body(&request).into_bytes(),
                url: None,
                headers: Vec::new(),
            }),
        };
        Box::pin(async move { outcome })
    }
}

/// All of the request a message could quote: URL, headers and body.
fn everything(request: &HttpRequest) -> String {
    let headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    format!(
        "{} {} {}",
        request.url(),
        headers.join(", "),
        String::from_utf8_lossy(request.body())
    )
}

/// Each value of the request, and each cut in two over a line break.
fn values_split(request: &HttpRequest) -> String {
    let mut values: Vec<String> = request
        .url()
        .query_pairs()
        .map(|(_, value)| value.into_owned())
        .collect();
    values.extend(request.headers().iter().map(|(_, value)| value.clone()));
    values.extend(url::form_urlencoded::parse(request.body()).map(|(_, value)| value.into_owned()));
    for secret in SECRETS {
        if String::from_utf8_lossy(request.body()).contains(secret) {
            values.push(secret.to_owned());
        }
    }
    values
        .iter()
        .map(|value| {
            let middle = value.len() / 2;
            format!("{value} | {}\n{}", &value[..middle], &value[middle..])
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

const NETWORK_FAILURES: [(&str, FromRequest); 4] = [
    ("the whole request", everything),
    ("a truncated body", |request| {
        let body = String::from_utf8_lossy(request.body()).into_owned();
        let cut = body
            .char_indices()
            .nth(body.chars().count() * 2 / 3)
            .map_or(0, |(at, _)| at);
        format!("write failed after {cut} bytes: {}…", &body[..cut])
    }),
    ("values split over lines", values_split),
    ("prefixes of values", |request| {
        values_split(request)
            .split(" ; ")
            .map(|value| value.chars().take(12).collect::<String>())
            .collect::<Vec<_>>()
            .join(", ")
    }),
];

/// Each error shape a reader recognises, its text echoing the whole request, plain or
/// with every character `\u`-escaped.
const ECHOING_REPLIES: [(&str, FromRequest); 6] = [
    ("Instagram OAuth error", |request| {
        let echo = serde_json::to_string(&everything(request)).unwrap();
        format!(r#"{{"error_type":{echo},"code":400,"error_message":{echo}}}"#)
    }),
    ("Graph error", |request| {
        let echo = serde_json::to_string(&everything(request)).unwrap();
        format!(
            r#"{{"error":{{"message":{echo},"type":{echo},"code":100,"error_subcode":33,"error_user_title":{echo},"error_user_msg":{echo},"fbtrace_id":{echo}}}}}"#
        )
    }),
    ("Graph error, escaped", |request| {
        let echo = escaped(&everything(request));
        format!(r#"{{"error":{{"message":"{echo}","type":"OAuthException","code":190}}}}"#)
    }),
    ("OAuth 2.0 error", |request| {
        let echo = serde_json::to_string(&everything(request)).unwrap();
        format!(r#"{{"error":{echo},"error_description":{echo}}}"#)
    }),
    ("Parse error", |request| {
        let echo = serde_json::to_string(&values_split(request)).unwrap();
        format!(r#"{{"code":141,"error":{echo}}}"#)
    }),
    ("a success body that quotes the request", |request| {
        format!(
            r#"{{"note":{}}}"#,
            serde_json::to_string(&everything(request)).unwrap()
        )
    }),
];

/// `text` with every character a JSON `\u` escape.
fn escaped(text: &str) -> String {
    text.encode_utf16()
        .map(|unit| format!("\\u{unit:04x}"))
        .collect()
}

/// Runs every call the library makes through `hostile`, and returns each one's error.
async fn every_call(hostile: Hostile) -> Vec<(&'static str, Error)> {
    let transport: Arc<dyn HttpTransport> = Arc::new(HostileTransport(hostile));
    let config = Config::new(
        ClientId::new("990602627938098").unwrap(),
        RedirectUri::parse(REDIRECT).unwrap(),
    );
    let auth = InstagramAuth::with_transport(config, transport.clone()).unwrap();
    let grant = CodeGrant::new(
        AuthorizationCode::new(CODE).unwrap(),
        RedirectUri::parse(REDIRECT).unwrap(),
    );
    let secret = ClientSecret::new(APP_SECRET).unwrap();
    let token = AccessToken::new(TOKEN).unwrap();
    let backend = BackendExchange::parse_cloud_function(
        &EndpointUrl::parse("https://parseapi.back4app.com").unwrap(),
        "instagramExchange",
        "parse-app-id-4711",
        Some(&ParseApiKey::RestApiKey(REST_KEY.to_owned())),
    )
    .unwrap()
    .with_header("X-Parse-Session-Token", SESSION)
    .unwrap();
    let parse = ParseServer::with_transport(
        EndpointUrl::parse("https://parseapi.back4app.com").unwrap(),
        "parse-app-id-4711",
        Some(REST_KEY.to_owned()),
        HttpSettings::default(),
        transport,
    );
    let auth_data = ParseAuthData::new(
        UserId::new("17841405793187219").unwrap(),
        AccessToken::new(TOKEN).unwrap(),
    );
    vec![
        (
            "code exchange with the app secret",
            auth.exchange_code_with_client_secret(&grant, &secret)
                .await
                .map(drop),
        ),
        (
            "code exchange via the backend",
            auth.exchange_code_via_backend(&grant, &backend)
                .await
                .map(drop),
        ),
        ("profile", auth.fetch_profile(&token).await.map(drop)),
        (
            "long-lived token",
            auth.exchange_for_long_lived_token(&token, &secret)
                .await
                .map(drop),
        ),
        (
            "refresh",
            auth.refresh_long_lived_token(&token).await.map(drop),
        ),
        ("Parse login", parse.log_in(&auth_data).await.map(drop)),
    ]
    .into_iter()
    .map(|(call, outcome)| (call, outcome.expect_err(call)))
    .collect()
}

#[tokio::test]
async fn transport_errors_keep_no_run_of_a_secret() {
    for (failure, text) in NETWORK_FAILURES {
        for (call, error) in every_call(Hostile::Network(text)).await {
            assert!(matches!(error, Error::Network(_)), "{call}: {error:?}");
            assert_no_secret(&error, &format!("{call}, {failure}"));
        }
    }
}

#[tokio::test]
async fn reply_error_text_keeps_no_run_of_a_secret() {
    for (shape, body) in ECHOING_REPLIES {
        for (call, error) in every_call(Hostile::Reply(body)).await {
            assert_no_secret(&error, &format!("{call}, {shape}"));
        }
    }
}

/// What is not a secret stays readable.
#[tokio::test]
async fn the_rest_of_the_message_stays() {
    let echo: FromRequest =
        |_| r#"{"error":{"message":"Invalid OAuth access token","code":100}}"#.to_owned();
    for (call, error) in every_call(Hostile::Reply(echo)).await {
        let Some(provider) = error.provider_error() else {
            panic!("{call}: {error:?}")
        };
        assert_eq!(
            provider.message.as_deref(),
            Some("Invalid OAuth access token"),
            "{call}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A transport's text made of arbitrary slices of the request, joined by arbitrary
    /// text: whatever is left of a secret is shorter than 8 characters.
    #[test]
    fn slices_of_the_request_keep_no_run_of_a_secret(
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 8..60usize, "[ \n:=&…]{0,3}"), 1..8),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        thread_local! {
            static CUTS: std::cell::RefCell<Vec<(prop::sample::Index, usize, String)>> = Default::default();
        }
        CUTS.with(|slot| *slot.borrow_mut() = cuts);
        let sliced: FromRequest = |request| {
            let whole: Vec<char> = everything(request).chars().collect();
            CUTS.with(|slot| {
                slot.borrow()
                    .iter()
                    .map(|(start, length, joint)| {
                        let from = start.index(whole.len());
                        let to = (from + length).min(whole.len());
                        whole[from..to].iter().collect::<String>() + joint
                    })
                    .collect()
            })
        };
        for (call, error) in runtime.block_on(every_call(Hostile::Network(sliced))) {
            let text = format!("{error} | {error:?}");
            for secret in SECRETS {
                for run in runs_of(secret) {
                    prop_assert!(!text.contains(&run), "{}: {:?} in {}", call, run, text);
                }
            }
        }
    }
}
