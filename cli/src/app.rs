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

/// What to check when an exchange did not get through: the option that says where it went.
pub fn unreachable_hint(app: &AppOptions) -> &'static str {
    match (&app.client_secret, &app.base_url) {
        (Some(_), None) => {
            "the code went to Instagram itself (api.instagram.com); for the local sandbox, add \
             --base-url with the base_url that `igauth sandbox` printed, e.g. http://127.0.0.1:8910/"
        }
        (Some(_), Some(_)) => "is the sandbox (or stand-in) at --base-url running?",
        (None, _) => "is your backend at --backend-url running, and is the URL right?",
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn app(secret: Option<&str>, base_url: Option<&str>) -> AppOptions {
        AppOptions {
            client_id: "990602627938098".into(),
            redirect_uri: "https://app.example.com/auth/".into(),
            client_secret: secret.map(str::to_owned),
            backend_url: None,
            backend_header: Vec::new(),
            base_url: base_url.map(str::to_owned),
        }
    }

    /// The first thing a newcomer tries, `exchange` with the sandbox's secret but without
    /// `--base-url`, goes to Instagram itself: the hint says so and names the option.
    #[test]
    fn the_hint_names_the_option_that_says_where_the_exchange_went() {
        let to_instagram = unreachable_hint(&app(Some("s"), None));
        assert!(to_instagram.contains("api.instagram.com"), "{to_instagram}");
        assert!(to_instagram.contains("--base-url"), "{to_instagram}");
        let to_sandbox = unreachable_hint(&app(Some("s"), Some("http://127.0.0.1:8910/")));
        assert!(to_sandbox.contains("--base-url"), "{to_sandbox}");
        assert!(unreachable_hint(&app(None, None)).contains("--backend-url"));
    }
}
