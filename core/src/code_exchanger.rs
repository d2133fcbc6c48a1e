//! The code exchange through the app's own way to its backend (the Parse SDK's Cloud call,
//! with the SDK's keys and the user's session), so that the app needs no backend key of
//! its own. The app's code only carries the code there and the reply back; the library
//! holds the call to the request timeout and reads and checks the reply exactly as it
//! reads an HTTP backend's ([`parse_backend_reply`]).

use std::future::Future;
use std::pin::Pin;

use crate::reply::parse_backend_reply;
use crate::transport::{redact_sent_json, too_large};
use crate::{CodeGrant, Error, InstagramAuth, TokenResponse, deadline};

/// The future a [`CodeExchanger`] returns: the backend's reply as JSON text.
pub type CodeExchangeFuture<'a> =
    Pin<Box<dyn Future<Output = Result<String, CodeExchangeError>> + Send + 'a>>;

/// Sends a grant's code to the app's backend, which exchanges it with the app secret, and
/// hands back the backend's reply. Implement it to reach the backend through something
/// the library does not know, such as the Parse SDK's Cloud Code call
/// (`ParseCloud.callFunctionInBackground`, `PFCloud.callFunction`), for
/// [`InstagramAuth::exchange_code_with`].
pub trait CodeExchanger: Send + Sync {
    /// Sends the grant's [`code`](CodeGrant::code) and
    /// [`redirect_uri`](CodeGrant::redirect_uri) once (a code is single-use: never retry)
    /// and returns the backend's reply as JSON text: Instagram's token reply as the backend
    /// passes it on, optionally wrapped as `{"result": ...}` (what a Parse Cloud function
    /// returns over REST). For a Parse Cloud function, the parameters are
    /// `{"code": ..., "redirect_uri": ...}`.
    fn exchange_code<'a>(&'a self, grant: &'a CodeGrant) -> CodeExchangeFuture<'a>;
}

/// Why a [`CodeExchanger`] has no reply to hand back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeExchangeError {
    /// The backend could not be reached: no network, a timeout, a broken connection.
    /// Becomes [`Error::Network`].
    #[error("the backend could not be reached: {0}")]
    Unreachable(String),
    /// The backend answered with an error of its own (for Parse, the `ParseException` /
    /// `NSError` code and message). Becomes [`Error::BackendRejected`].
    #[error("the backend refused the exchange: {message} (code {code})")]
    Refused {
        /// The backend's error code.
        code: i32,
        /// The backend's message.
        message: String,
    },
}

impl InstagramAuth {
    /// Exchanges the code through `exchanger`, the app's own way to its backend, which
    /// holds the app secret. The reply is read as
    /// [`exchange_code_via_backend`](Self::exchange_code_via_backend) reads its HTTP reply
    /// (ids exact, Instagram's errors as [`Error::Provider`]), and held to the same rules:
    /// a call that outlasts the request timeout (`config.http.timeout`) is
    /// [`Error::Timeout`], a reply larger than `config.http.max_response_bytes` is
    /// [`Error::InvalidReply`], and no error repeats the code.
    ///
    /// Called once: a code is single-use, so a failed exchange is never retried.
    pub async fn exchange_code_with(
        &self,
        grant: &CodeGrant,
        exchanger: &(impl CodeExchanger + ?Sized),
    ) -> Result<TokenResponse, Error> {
        let settings = &self.config().http;
        let reply = deadline::within(settings.timeout, exchanger.exchange_code(grant))
            .await
            .ok_or(Error::Timeout)?;
        // What the exchanger was handed, as the JSON a backend receives: its error text
        // must not repeat any of it.
        let sent = || {
            serde_json::json!({
                "code": grant.code().secret(),
                "redirect_uri": grant.redirect_uri().as_str(),
            })
        };
        match reply {
            Ok(text) if text.len() > settings.max_response_bytes => {
                Err(too_large(200, settings.max_response_bytes))
            }
            Ok(text) => parse_backend_reply(200, text.as_bytes()),
            Err(CodeExchangeError::Unreachable(message)) => {
                Err(Error::Network(redact_sent_json(message, &sent())))
            }
            Err(CodeExchangeError::Refused { code, message }) => Err(Error::BackendRejected {
                code,
                message: redact_sent_json(message, &sent()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::deadline::block_on;
    use crate::{AuthorizationCode, ClientId, Config, RedirectUri};

    const CODE: &str = "AQBxSECRETcode";
    const REDIRECT: &str = "https://app.example.com/auth/";

    /// Answers what it was given, once, and remembers what it was asked.
    struct Canned {
        reply: Mutex<Option<Result<String, CodeExchangeError>>>,
        asked: Mutex<Vec<(String, String)>>,
    }

    impl Canned {
        fn new(reply: Result<String, CodeExchangeError>) -> Self {
            Self {
                reply: Mutex::new(Some(reply)),
                asked: Mutex::new(Vec::new()),
            }
        }
    }

    impl CodeExchanger for Canned {
        fn exchange_code<'a>(&'a self, grant: &'a CodeGrant) -> CodeExchangeFuture<'a> {
            self.asked.lock().unwrap().push((
                grant.code().secret().to_owned(),
                grant.redirect_uri().as_str().to_owned(),
            ));
            let reply = self.reply.lock().unwrap().take().expect("called once");
            Box::pin(async move { reply })
        }
    }

    struct Hangs;

    impl CodeExchanger for Hangs {
        fn exchange_code<'a>(&'a self, _: &'a CodeGrant) -> CodeExchangeFuture<'a> {
            Box::pin(std::future::pending())
        }
    }

    fn auth(edit: impl FnOnce(&mut Config)) -> InstagramAuth {
        let mut config = Config::new(
            ClientId::new("990602627938098").unwrap(),
            RedirectUri::parse(REDIRECT).unwrap(),
        );
        edit(&mut config);
        InstagramAuth::new(config).unwrap()
    }

    fn grant() -> CodeGrant {
        CodeGrant::new(
            AuthorizationCode::new(CODE).unwrap(),
            RedirectUri::parse(REDIRECT).unwrap(),
        )
    }

    fn exchange(
        auth: &InstagramAuth,
        exchanger: &dyn CodeExchanger,
    ) -> Result<TokenResponse, Error> {
        block_on(auth.exchange_code_with(&grant(), exchanger))
    }

    fn answering(reply: Result<String, CodeExchangeError>) -> Result<TokenResponse, Error> {
        exchange(&auth(|_| {}), &Canned::new(reply))
    }

    #[test]
    fn the_exchanger_gets_the_code_and_redirect_uri_once_and_its_reply_is_read() {
        let exchanger = Canned::new(Ok(
            r#"{"access_token":"IGAA","user_id":17841405793187219}"#.into()
        ));
        let token = exchange(&auth(|_| {}), &exchanger).unwrap();
        assert_eq!(token.user_id.as_str(), "17841405793187219", "id exact");
        assert_eq!(token.access_token.secret(), "IGAA");
        assert_eq!(
            *exchanger.asked.lock().unwrap(),
            [(CODE.to_owned(), REDIRECT.to_owned())]
        );
    }

    #[test]
    fn a_reply_wrapped_as_a_parse_result_is_read_too() {
        let token = answering(Ok(
            r#"{"result":{"data":[{"access_token":"IGAB","user_id":"42","permissions":"instagram_business_basic"}]}}"#.into(),
        ))
        .unwrap();
        assert_eq!(token.user_id.as_str(), "42");
        assert_eq!(token.permissions, ["instagram_business_basic"]);
    }

    #[test]
    fn instagram_s_error_inside_the_reply_is_the_provider_s() {
        let reply = answering(Ok(r#"{"result":{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}}"#.into()));
        match reply {
            Err(Error::Provider(error)) => {
                assert_eq!(error.code, Some(400));
                assert_eq!(error.error_type.as_deref(), Some("OAuthException"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reply_that_is_not_a_token_reply_is_invalid() {
        for reply in [
            "",
            "<html>captive portal</html>",
            "null",
            "[]",
            r#"{"result":"ok"}"#,
            r#"{"result":{"user_id":"1"}}"#,
            r#"{"access_token":"IGAA"}"#,
        ] {
            assert!(
                matches!(
                    answering(Ok(reply.into())),
                    Err(Error::InvalidReply { status: 200, .. })
                ),
                "{reply}"
            );
        }
    }

    #[test]
    fn a_reply_larger_than_an_http_body_may_be_is_refused() {
        let limit = 64;
        let token = r#"{"access_token":"IGAA","user_id":"1"}"#;
        let at_limit = format!("{token:<limit$}");
        assert_eq!(at_limit.len(), limit);
        let auth = auth(|config| config.http.max_response_bytes = limit);
        assert!(exchange(&auth, &Canned::new(Ok(at_limit.clone()))).is_ok());
        let over = at_limit + " ";
        match exchange(&auth, &Canned::new(Ok(over))) {
            Err(Error::InvalidReply { problem, .. }) => assert!(problem.contains("larger")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unreachable_backend_is_a_network_error_without_the_code() {
        let reply = answering(Err(CodeExchangeError::Unreachable(format!(
            "i/o timeout posting {{\"code\":\"{CODE}\"}}"
        ))));
        match reply {
            Err(Error::Network(message)) => {
                assert!(!message.contains("SECRET"), "{message}");
                assert!(message.contains("i/o timeout"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refusal_is_the_backend_s_with_its_code_and_without_the_secret() {
        let reply = answering(Err(CodeExchangeError::Refused {
            code: 141,
            message: format!("Invalid code {CODE} for {REDIRECT}"),
        }));
        match reply {
            Err(error @ Error::BackendRejected { code: 141, .. }) => {
                let text = error.to_string();
                assert!(!text.contains("SECRET"), "{text}");
                assert!(text.contains("Invalid code"), "{text}");
                assert_eq!(error.kind(), "backend_rejected");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_hung_exchanger_ends_at_the_request_timeout() {
        let auth = auth(|config| config.http.timeout = Duration::from_millis(300));
        let started = Instant::now();
        let reply = exchange(&auth, &Hangs);
        let took = started.elapsed();
        assert!(matches!(reply, Err(Error::Timeout)), "{reply:?}");
        assert!(took >= Duration::from_millis(300), "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
}
