//! The app's own way to its backend (the Parse SDK's Cloud call) as the core's
//! `CodeExchanger`: the app carries the code there and the reply back; the library holds
//! the call to the request timeout and checks the reply.

use std::sync::Arc;

use instagram_auth::{CodeExchangeError, CodeExchangeFuture, CodeGrant};

/// Why a [`CodeExchanger`] has no reply. In Kotlin this is `CodeExchangerException`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CodeExchangerError {
    /// The backend could not be reached: no network, a timeout. The sign-in fails with
    /// `InstagramAuthError.Network`.
    #[error("the backend could not be reached: {detail}")]
    Unreachable {
        /// What failed, for people (the library removes the code from it).
        detail: String,
    },
    /// The backend answered with an error: for Parse, the `ParseException` / `NSError`
    /// code and message. The sign-in fails with `InstagramAuthError.BackendRejected`.
    #[error("the backend refused the exchange: {detail} (code {code})")]
    Refused {
        /// The backend's error code, e.g. Parse's 141 when the Cloud function threw.
        code: i32,
        /// The backend's message (the library removes the code from it).
        detail: String,
    },
}

/// Anything else the app's code throws is taken as "the backend could not be reached".
impl From<uniffi::UnexpectedUniFFICallbackError> for CodeExchangerError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        CodeExchangerError::Unreachable {
            detail: format!("the app's code exchanger failed: {}", error.reason),
        }
    }
}

impl From<CodeExchangerError> for CodeExchangeError {
    fn from(error: CodeExchangerError) -> Self {
        match error {
            CodeExchangerError::Unreachable { detail } => CodeExchangeError::Unreachable(detail),
            CodeExchangerError::Refused { code, detail } => CodeExchangeError::Refused {
                code,
                message: detail,
            },
        }
    }
}

/// Reaches your backend your own way, for `InstagramAuth.exchangeCodeWith`: typically the
/// Parse SDK's Cloud Code call (`ParseCloud.callFunctionInBackground`,
/// `PFCloud.callFunction(inBackground:withParameters:)`) to `instagramExchange` with the
/// parameters `{"code": code, "redirect_uri": redirectUri}`, so the SDK's keys and the
/// user's session are used and the app holds no key of its own.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait CodeExchanger: Send + Sync {
    /// Sends `code` and `redirect_uri` to the backend once (a code is single-use: never
    /// retry) and returns its reply as JSON text: the Cloud function's result (Instagram's
    /// token reply as the backend passes it on), as it is or wrapped as `{"result": ...}`.
    /// Throw `Unreachable` when the backend cannot be reached, `Refused` when it answers
    /// with an error.
    async fn exchange_code(
        &self,
        code: String,
        redirect_uri: String,
    ) -> Result<String, CodeExchangerError>;
}

/// The app's exchanger as the core's.
pub(crate) struct AppCodeExchanger(pub(crate) Arc<dyn CodeExchanger>);

impl instagram_auth::CodeExchanger for AppCodeExchanger {
    fn exchange_code<'a>(&'a self, grant: &'a CodeGrant) -> CodeExchangeFuture<'a> {
        let code = grant.code().secret().to_owned();
        let redirect_uri = grant.redirect_uri().as_str().to_owned();
        Box::pin(async move { Ok(self.0.exchange_code(code, redirect_uri).await?) })
    }
}
