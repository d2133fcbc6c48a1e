//! The exported surface, called as Swift and Kotlin call it: each core error becomes the
//! case an app acts on, and hostile input comes back as an error, never a panic.

#![cfg(test)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::{config, offline_client};
use instagram_auth::{CallbackProblem, Error, ProviderError};
use instagram_auth_ffi::{
    BackendExchange, InstagramAuth, InstagramAuthConfig, InstagramAuthError, ParseAuthData,
    PendingAuthorization, StrayCallbackReason,
};

#[test]
fn every_core_error_maps_to_the_case_an_app_acts_on() {
    use InstagramAuthError as Ffi;
    let mut provider = ProviderError::default();
    provider.http_status = Some(400);
    provider.error_type = Some("OAuthException".into());
    provider.code = Some(400);
    provider.message = Some("Matching code was not found or was already used".into());
    type Expectation = fn(&Ffi) -> bool;
    let cases: Vec<(Error, Expectation)> = vec![
        (
            Error::AccessDenied {
                reason: Some("user_denied".into()),
                description: Some("The user denied your request".into()),
            },
            |e| matches!(e, Ffi::AccessDenied { error_reason: Some(r), error_description: Some(d) } if r == "user_denied" && d == "The user denied your request"),
        ),
        (Error::StateMismatch, |e| {
            matches!(
                e,
                Ffi::StrayCallback {
                    reason: StrayCallbackReason::StateMismatch,
                    ..
                }
            )
        }),
        (Error::MissingState, |e| {
            matches!(
                e,
                Ffi::StrayCallback {
                    reason: StrayCallbackReason::MissingState,
                    ..
                }
            )
        }),
        (Error::MissingCode, |e| matches!(e, Ffi::MissingCode { .. })),
        (
            Error::RedirectMismatch {
                expected: "a".into(),
            },
            |e| {
                matches!(
                    e,
                    Ffi::StrayCallback {
                        reason: StrayCallbackReason::WrongRedirectUri,
                        ..
                    }
                )
            },
        ),
        (Error::InvalidCallback(CallbackProblem::NotAUrl), |e| {
            matches!(
                e,
                Ffi::StrayCallback {
                    reason: StrayCallbackReason::Malformed,
                    ..
                }
            )
        }),
        (Error::Expired, |e| matches!(e, Ffi::Expired)),
        (Error::AlreadyUsed, |e| matches!(e, Ffi::AlreadyUsed)),
        (Error::InvalidSavedAuthorization("x".into()), |e| {
            matches!(e, Ffi::InvalidSavedAuthorization { .. })
        }),
        (
            Error::Provider(provider),
            |e| matches!(e, Ffi::ProviderRejected { http_status: Some(400), code: Some(400), error_type: Some(t), detail } if t == "OAuthException" && detail.contains("already used")),
        ),
        (
            Error::BackendRejected {
                code: 141,
                message: "the function threw".into(),
            },
            |e| matches!(e, Ffi::BackendRejected { code: 141, detail } if detail == "the function threw"),
        ),
        (
            Error::Network("connection refused".into()),
            |e| matches!(e, Ffi::Network { detail } if detail == "connection refused"),
        ),
        (Error::Timeout, |e| matches!(e, Ffi::Timeout)),
        (
            Error::InvalidReply {
                status: 502,
                problem: "the body is not JSON".into(),
            },
            |e| {
                matches!(
                    e,
                    Ffi::InvalidReply {
                        http_status: 502,
                        ..
                    }
                )
            },
        ),
        (Error::InvalidConfig("bad".into()), |e| {
            matches!(e, Ffi::Configuration { .. })
        }),
        (
            Error::EmptyValue {
                what: "access token",
            },
            |e| matches!(e, Ffi::Configuration { detail } if detail.contains("access token is empty")),
        ),
        (
            Error::InvalidUrl {
                what: "redirect URI",
                source: url::ParseError::RelativeUrlWithoutBase,
            },
            |e| matches!(e, Ffi::Configuration { detail } if detail.contains("relative URL")),
        ),
        (
            Error::RandomUnavailable {
                source: Arc::new(std::io::Error::other("no entropy")),
            },
            |e| matches!(e, Ffi::Configuration { detail } if detail.contains("no entropy")),
        ),
        (
            Error::HttpClientSetup {
                source: Arc::new(std::io::Error::other("no TLS")),
            },
            |e| matches!(e, Ffi::Configuration { detail } if detail.contains("no TLS")),
        ),
        (Error::UnsupportedGrant, |e| {
            matches!(e, Ffi::Configuration { .. })
        }),
    ];
    for (core, expected) in cases {
        let text = core.to_string();
        let stray = core.is_stray_callback();
        let ffi = InstagramAuthError::from(core);
        assert!(expected(&ffi), "{text} became {ffi:?}");
        assert!(!ffi.to_string().is_empty());
        // The one rule the apps switch on: StrayCallback exactly when core keeps the
        // sign-in open.
        assert_eq!(
            matches!(ffi, Ffi::StrayCallback { .. }),
            stray,
            "{text} became {ffi:?}"
        );
    }
}

#[test]
fn hostile_input_is_an_error_not_a_panic() {
    let auth = InstagramAuth::new(config(), offline_client()).unwrap();
    for scopes in [
        vec!["".to_owned()],
        vec!["a,b".into()],
        vec!["\u{0}".into()],
    ] {
        assert!(matches!(
            auth.start_authorization(scopes, None),
            Err(InstagramAuthError::Configuration { .. })
        ));
    }
    let pending = auth.start_authorization(vec![], None).unwrap();
    for callback in [
        "",
        "\u{0}",
        "https://",
        "💥",
        &"a".repeat(100_000),
        "https://app.example.com/auth/?code=%ZZ&state=%",
    ] {
        assert!(
            auth.handle_callback(pending.clone(), callback.to_owned())
                .is_err(),
            "{callback:.40}"
        );
    }
    for saved in ["", "null", "{\"version\":1}", &"[".repeat(10_000)] {
        assert!(matches!(
            auth.restore_authorization(saved.to_owned()),
            Err(InstagramAuthError::InvalidSavedAuthorization { .. })
        ));
    }
    let bad_configs = [
        InstagramAuthConfig {
            client_id: "".into(),
            ..config()
        },
        InstagramAuthConfig {
            redirect_uri: "not a url".into(),
            ..config()
        },
        InstagramAuthConfig {
            base_url: Some("http://10.0.2.2:8910/".into()),
            ..config()
        },
        InstagramAuthConfig {
            graph_api_version: Some("v1/../x".into()),
            ..config()
        },
        // Found by review: zero would time every request out at once.
        InstagramAuthConfig {
            request_timeout_ms: Some(0),
            ..config()
        },
        InstagramAuthConfig {
            connect_timeout_ms: Some(0),
            ..config()
        },
    ];
    for bad in bad_configs {
        assert!(matches!(
            InstagramAuth::new(bad, offline_client()),
            Err(InstagramAuthError::Configuration { .. })
        ));
    }
    assert!(BackendExchange::new("ftp://x".into(), HashMap::new()).is_err());
    assert!(
        BackendExchange::parse_cloud_function(
            "https://p.example".into(),
            "a/b".into(),
            "id".into(),
            None
        )
        .is_err()
    );
    assert!(ParseAuthData::new("1".into(), "".into()).is_err());
}

/// Durations an app passes are outside values: the largest must not overflow a clock.
/// The state a sign-in sent, read from its consent URL as a browser would carry it.
fn state_of(pending: &PendingAuthorization) -> String {
    let url = pending.authorization_url();
    url.split("state=").nth(1).unwrap().to_owned()
}

#[test]
fn the_largest_durations_work() {
    let auth = InstagramAuth::new(
        InstagramAuthConfig {
            connect_timeout_ms: Some(u64::MAX),
            request_timeout_ms: Some(u64::MAX),
            pending_lifetime_ms: Some(u64::MAX),
            ..config()
        },
        offline_client(),
    )
    .unwrap();
    let pending = auth.start_authorization(vec![], None).unwrap();
    let state = state_of(&pending);
    let callback = format!("https://app.example.com/auth/?code=c&state={state}#_");
    assert!(auth.handle_callback(pending, callback).is_ok());
}

#[test]
fn objects_print_without_secrets() {
    let auth = InstagramAuth::new(config(), offline_client()).unwrap();
    let pending = auth.start_authorization(vec![], None).unwrap();
    let state = state_of(&pending);
    let data = ParseAuthData::new("17841405793187219".into(), "IGQVJsecret".into()).unwrap();
    let backend = BackendExchange::new(
        "https://b.example/x".into(),
        HashMap::from([("X-Key".into(), "k3y".into())]),
    )
    .unwrap();
    let printed = format!("{pending} {pending:?} {data} {data:?} {backend} {backend:?}");
    for secret in [state.as_str(), "IGQVJsecret", "k3y"] {
        assert!(!printed.contains(secret), "{printed}");
    }
}
