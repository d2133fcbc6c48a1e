//! The app a `login` or `exchange` command describes: its client and how it exchanges codes.

use instagram_auth::{
    BackendExchange, ClientSecret, CodeGrant, Config, EndpointUrl, Error, InstagramAuth,
    TokenResponse,
};

use crate::args::AppOptions;

/// How codes are exchanged: with the app secret, or by the app's backend.
pub enum Exchanger {
    Direct(ClientSecret),
    Backend(BackendExchange),
}

impl Exchanger {
    pub async fn exchange(
        &self,
        auth: &InstagramAuth,
        grant: &CodeGrant,
    ) -> Result<TokenResponse, Error> {
        match self {
            Exchanger::Direct(secret) => auth.exchange_code_with_client_secret(grant, secret).await,
            Exchanger::Backend(backend) => auth.exchange_code_via_backend(grant, backend).await,
        }
    }
}

pub const NO_EXCHANGE: &str =
    "give --client-secret (server use) or --backend-url (your backend exchanges the code)";

/// The client and the exchanger an `AppOptions` describes (`None`: neither given).
pub fn configure(app: &AppOptions) -> Result<(InstagramAuth, Option<Exchanger>), Error> {
    let config = Config::from_strings(&app.client_id, &app.redirect_uri, app.base_url.as_deref())?;
    let exchanger = match (&app.client_secret, &app.backend_url) {
        (Some(secret), _) => Some(Exchanger::Direct(ClientSecret::new(secret.as_str())?)),
        (None, Some(url)) => {
            let mut backend = BackendExchange::new(EndpointUrl::parse(url)?);
            for header in &app.backend_header {
                let (name, value) = header.split_once(':').ok_or_else(|| {
                    Error::InvalidConfig(format!("{header:?} is not 'Name: value'"))
                })?;
                backend = backend.with_header(name.trim(), value.trim())?;
            }
            Some(Exchanger::Backend(backend))
        }
        (None, None) => None,
    };
    Ok((InstagramAuth::new(config)?, exchanger))
}
