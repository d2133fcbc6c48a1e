//! `exchangeCodeWith` and the sign-in options, called as Swift and Kotlin call them: an
//! app's `CodeExchanger` and each way it can answer.

#![cfg(test)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{config, offline_client};
use instagram_auth_ffi::{
    CodeExchanger, CodeExchangerError, CodeGrant, InstagramAuth, InstagramAuthConfig,
    InstagramAuthError, SignInOptions,
};

const CODE: &str = "AQBxSECRETcode";

/// Answers once with what it was given, and remembers what it was asked.
struct Canned {
    reply: Mutex<Option<Result<String, CodeExchangerError>>>,
    asked: Mutex<Vec<(String, String)>>,
}

#[async_trait::async_trait]
impl CodeExchanger for Canned {
    async fn exchange_code(
        &self,
        code: String,
        redirect_uri: String,
    ) -> Result<String, CodeExchangerError> {
        self.asked.lock().unwrap().push((code, redirect_uri));
        self.reply.lock().unwrap().take().expect("called once")
    }
}

/// Never answers, like a Cloud call on a network that swallows packets.
struct Hangs;

#[async_trait::async_trait]
impl CodeExchanger for Hangs {
    async fn exchange_code(&self, _: String, _: String) -> Result<String, CodeExchangerError> {
        std::future::pending().await
    }
}

fn auth_with(config: InstagramAuthConfig) -> InstagramAuth {
    InstagramAuth::new(config, offline_client()).unwrap()
}

/// A grant from a real callback of a sign-in `auth` started.
fn grant(auth: &InstagramAuth) -> Arc<CodeGrant> {
    let pending = auth.start_authorization(vec![], None).unwrap();
    let url = pending.authorization_url();
    let state = url.split("state=").nth(1).unwrap();
    let callback = format!("https://app.example.com/auth/?code={CODE}&state={state}#_");
    auth.handle_callback(pending, callback).unwrap()
}

fn exchange_with(
    auth: &InstagramAuth,
    exchanger: Arc<dyn CodeExchanger>,
) -> Result<Arc<instagram_auth_ffi::TokenResponse>, InstagramAuthError> {
    let grant = grant(auth);
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(auth.exchange_code_with(grant, exchanger))
}

fn answering(
    reply: Result<String, CodeExchangerError>,
) -> (
    Result<Arc<instagram_auth_ffi::TokenResponse>, InstagramAuthError>,
    Arc<Canned>,
) {
    let exchanger = Arc::new(Canned {
        reply: Mutex::new(Some(reply)),
        asked: Mutex::new(Vec::new()),
    });
    (
        exchange_with(&auth_with(config()), exchanger.clone()),
        exchanger,
    )
}

#[test]
fn the_exchanger_gets_the_grant_and_its_reply_becomes_the_token() {
    let plain = r#"{"access_token":"IGAA","user_id":17841405793187219}"#;
    let wrapped = r#"{"result":{"data":[{"access_token":"IGAA","user_id":"17841405793187219","permissions":"instagram_business_basic"}]}}"#;
    for reply in [plain, wrapped] {
        let (token, exchanger) = answering(Ok(reply.into()));
        let token = token.unwrap_or_else(|error| panic!("{reply}: {error}"));
        assert_eq!(token.user_id(), "17841405793187219", "id exact");
        assert_eq!(token.access_token(), "IGAA");
        assert_eq!(
            *exchanger.asked.lock().unwrap(),
            [(CODE.to_owned(), "https://app.example.com/auth/".to_owned())]
        );
    }
}

#[test]
fn each_answer_of_the_exchanger_becomes_the_case_an_app_acts_on() {
    let (reply, _) = answering(Err(CodeExchangerError::Unreachable {
        detail: format!("no route to host while sending {CODE}"),
    }));
    match reply {
        Err(InstagramAuthError::Network { detail }) => {
            assert!(detail.contains("no route to host"), "{detail}");
            assert!(!detail.contains(CODE), "{detail}");
        }
        other => panic!("{other:?}"),
    }

    let (reply, _) = answering(Err(CodeExchangerError::Refused {
        code: 141,
        detail: format!("Instagram refused code {CODE}"),
    }));
    match reply {
        Err(InstagramAuthError::BackendRejected {
            code: Some(141),
            detail,
            ..
        }) => {
            assert!(detail.contains("Instagram refused code"), "{detail}");
            assert!(!detail.contains(CODE), "{detail}");
        }
        other => panic!("{other:?}"),
    }

    let (reply, _) = answering(Ok(r#"{"result":{"sessionToken":"r:1"}}"#.into()));
    assert!(
        matches!(
            reply,
            Err(InstagramAuthError::InvalidReply {
                http_status: 200,
                ..
            })
        ),
        "{reply:?}"
    );

    let instagram_refused = r#"{"result":{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}}"#;
    let (reply, _) = answering(Ok(instagram_refused.into()));
    assert!(
        matches!(
            reply,
            Err(InstagramAuthError::ProviderRejected {
                code: Some(400),
                ..
            })
        ),
        "{reply:?}"
    );
}

/// What Kotlin and Swift do with any other exception the app's code throws.
#[test]
fn an_unexpected_failure_of_the_app_s_code_is_unreachable() {
    let unexpected = uniffi::UnexpectedUniFFICallbackError::new("IllegalStateException: boom");
    match CodeExchangerError::from(unexpected) {
        CodeExchangerError::Unreachable { detail } => {
            assert!(detail.contains("IllegalStateException: boom"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hung_exchanger_ends_at_the_request_timeout() {
    let auth = auth_with(InstagramAuthConfig {
        request_timeout_ms: Some(300),
        ..config()
    });
    let started = Instant::now();
    let reply = exchange_with(&auth, Arc::new(Hangs));
    let took = started.elapsed();
    assert!(
        matches!(reply, Err(InstagramAuthError::Timeout)),
        "{reply:?}"
    );
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn sign_in_options_reach_the_url_and_survive_a_restore() {
    let auth = auth_with(config());
    let options_of = |url: &str| -> Vec<String> {
        url.split('&')
            .skip(5) // client_id, redirect_uri, response_type, scope, state
            .map(str::to_owned)
            .collect()
    };
    let default = auth.start_authorization(vec![], None).unwrap();
    assert_eq!(
        options_of(&default.authorization_url()),
        Vec::<String>::new()
    );
    let same_as_default = auth
        .start_authorization(vec![], Some(SignInOptions::default()))
        .unwrap();
    assert_eq!(
        options_of(&same_as_default.authorization_url()),
        Vec::<String>::new()
    );

    let options = SignInOptions {
        force_reauth: true,
        force_authentication: Some(false),
        enable_fb_login: Some(true),
    };
    let pending = auth.start_authorization(vec![], Some(options)).unwrap();
    assert_eq!(
        options_of(&pending.authorization_url()),
        [
            "force_reauth=true",
            "force_authentication=0",
            "enable_fb_login=1"
        ]
    );
    let restored = auth
        .restore_authorization(pending.to_saved_string())
        .unwrap();
    assert_eq!(restored.authorization_url(), pending.authorization_url());
}

/// The code flow: the grant of a real callback becomes the authData a Parse Server that
/// exchanges codes reads, with the code of the callback (without Instagram's `#_`) and the
/// redirect URI as registered; its text form never shows the code.
#[test]
fn a_grant_becomes_the_code_flow_s_auth_data() {
    let data = grant(&auth_with(config())).parse_auth_data();
    assert_eq!(data.provider(), "instagram");
    assert_eq!(
        data.to_map(),
        std::collections::HashMap::from([
            ("code".to_owned(), CODE.to_owned()),
            (
                "redirect_uri".to_owned(),
                "https://app.example.com/auth/".to_owned()
            ),
        ])
    );
    assert_eq!(
        data.to_json(),
        format!(
            r#"{{"instagram":{{"code":"{CODE}","redirect_uri":"https://app.example.com/auth/"}}}}"#
        )
    );
    assert!(!data.to_string().contains(CODE), "{data}");
}
