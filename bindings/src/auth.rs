//! The object apps hold: one per Instagram app configuration.

use std::sync::Arc;

use instagram_auth::{ClientSecret, Grant, Scope};

use crate::code_exchanger::AppCodeExchanger;
use crate::transport::AppTransport;
use crate::{
    BackendExchange, CodeExchanger, CodeGrant, HttpClient, InstagramAuthConfig, InstagramAuthError,
    PendingAuthorization, Profile, SignInOptions, TokenResponse,
};

/// Signs users in with Instagram. Create one at app start and keep it.
///
/// 1. `startAuthorization(scopes, options)`; save `toSavedString()`; open `authorizationUrl()`.
/// 2. On the redirect: `handleCallback(pending, url)` → `CodeGrant`.
/// 3. `exchangeCodeWith(grant, exchanger)` (your `CodeExchanger`, e.g. the Parse SDK's
///    Cloud call) or `exchangeCodeViaBackend(grant, backend)` → `TokenResponse`;
///    `token.authData()` → Parse.
#[derive(Debug, uniffi::Object)]
pub struct InstagramAuth {
    inner: instagram_auth::InstagramAuth,
}

// No async runtime: the library's futures only wait for the app's HttpClient, so the
// platform's executor (Kotlin coroutines, Swift concurrency) drives them.
#[uniffi::export]
impl InstagramAuth {
    /// Validates the configuration; every request goes through `http_client`, the app's
    /// own HTTP stack. `InstagramAuth(config)` passes the one the bindings ship
    /// (`HttpUrlConnectionClient` on Android, `URLSessionHttpClient` on iOS); pass your own
    /// for OkHttp's interceptors or a pinned `URLSession`. The library still decides each
    /// request and checks each reply.
    #[uniffi::constructor]
    pub fn new(
        config: InstagramAuthConfig,
        http_client: Arc<dyn HttpClient>,
    ) -> Result<Self, InstagramAuthError> {
        let transport = Arc::new(AppTransport(http_client));
        Ok(Self {
            inner: instagram_auth::InstagramAuth::with_transport(config.try_into()?, transport)?,
        })
    }

    /// Starts a sign-in for `scopes` (`instagram_business_basic` when empty) with a
    /// fresh unguessable state; `options` (null: the defaults) change how Instagram's
    /// consent page treats it, e.g. `forceReauth` to let the user switch accounts.
    #[uniffi::method(default(options = None))]
    pub fn start_authorization(
        &self,
        scopes: Vec<String>,
        options: Option<SignInOptions>,
    ) -> Result<Arc<PendingAuthorization>, InstagramAuthError> {
        let scopes = scopes
            .into_iter()
            .map(Scope::new)
            .collect::<Result<Vec<_>, _>>()?;
        let options = options.unwrap_or_default().into();
        let inner = self.inner.start_authorization_with(&scopes, options)?;
        Ok(Arc::new(PendingAuthorization { inner }))
    }

    /// Restores a sign-in saved with `PendingAuthorization.toSavedString()`.
    pub fn restore_authorization(
        &self,
        saved: String,
    ) -> Result<Arc<PendingAuthorization>, InstagramAuthError> {
        let inner = self.inner.restore_authorization(&saved)?;
        Ok(Arc::new(PendingAuthorization { inner }))
    }

    /// Checks the URL the browser was redirected to (location, state, expiry, single use)
    /// and returns the code grant. Throws `AccessDenied` when the user cancelled.
    pub fn handle_callback(
        &self,
        pending: Arc<PendingAuthorization>,
        callback_url: String,
    ) -> Result<Arc<CodeGrant>, InstagramAuthError> {
        match self.inner.handle_callback(&pending.inner, &callback_url)? {
            Grant::Code(inner) => Ok(Arc::new(CodeGrant { inner })),
            // Apps cannot turn on the implicit flow.
            _ => Err(instagram_auth::Error::UnsupportedGrant.into()),
        }
    }

    /// Exchanges the code through your backend, which holds the app secret. Sent once:
    /// a code is single-use.
    pub async fn exchange_code_via_backend(
        &self,
        grant: Arc<CodeGrant>,
        backend: Arc<BackendExchange>,
    ) -> Result<Arc<TokenResponse>, InstagramAuthError> {
        let inner = self
            .inner
            .exchange_code_via_backend(&grant.inner, &backend.inner)
            .await?;
        Ok(Arc::new(TokenResponse::received(inner, self.now())))
    }

    /// Exchanges the code through `exchanger`, your own way to your backend (the Parse
    /// SDK's Cloud call, with its keys and the user's session). Its reply is read and
    /// checked as `exchangeCodeViaBackend` reads its HTTP reply, and the call is held to
    /// the request timeout. Called once: a code is single-use.
    ///
    /// Errors: `Unreachable` → `Network`; `Refused` → `BackendRejected`; anything else the
    /// exchanger throws → `Network`; a reply that is not a token reply → `InvalidReply`;
    /// Instagram's refusal inside the reply → `ProviderRejected`; no answer in time →
    /// `Timeout`.
    pub async fn exchange_code_with(
        &self,
        grant: Arc<CodeGrant>,
        exchanger: Arc<dyn CodeExchanger>,
    ) -> Result<Arc<TokenResponse>, InstagramAuthError> {
        let inner = self
            .inner
            .exchange_code_with(&grant.inner, &AppCodeExchanger(exchanger))
            .await?;
        Ok(Arc::new(TokenResponse::received(inner, self.now())))
    }

    /// Exchanges the code with Instagram directly, sending the app secret. **Servers and
    /// the sandbox only**: an app that ships the secret can be impersonated by anyone who
    /// unpacks it. Apps call `exchangeCodeViaBackend`.
    pub async fn exchange_code_with_client_secret(
        &self,
        grant: Arc<CodeGrant>,
        client_secret: String,
    ) -> Result<Arc<TokenResponse>, InstagramAuthError> {
        let inner = self
            .inner
            .exchange_code_with_client_secret(&grant.inner, &ClientSecret::new(client_secret)?)
            .await?;
        Ok(Arc::new(TokenResponse::received(inner, self.now())))
    }

    /// Fetches the user's profile with an access token.
    pub async fn fetch_profile(&self, access_token: String) -> Result<Profile, InstagramAuthError> {
        let token = instagram_auth::AccessToken::new(access_token)?;
        Ok(self.inner.fetch_profile(&token).await?)
    }
}

impl InstagramAuth {
    /// Now, by the configuration's clock: when a reply arrived, for its expiry.
    fn now(&self) -> std::time::SystemTime {
        self.inner.config().clock.now()
    }
}
