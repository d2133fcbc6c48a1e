//! Commands that talk to Instagram (or a stand-in) for real: `login`, `exchange`, `parse-login`.

use std::process::ExitCode;

use instagram_auth::{
    AccessToken, AuthorizationCode, BackendExchange, ClientSecret, CodeGrant, Config, EndpointUrl,
    Error, Grant, InstagramAuth, ParseAuthData, ParseServer, TokenResponse, UserId,
};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::args::{AppOptions, ExchangeArgs, LoginArgs, ParseLoginArgs};
use crate::offline::parse_scopes;
use crate::output::{failure, fatal, success, token_json, usage};

/// How codes are exchanged: with the app secret, or by the app's backend.
enum Exchanger {
    Direct(ClientSecret),
    Backend(BackendExchange),
}

impl Exchanger {
    async fn exchange(
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

const NO_EXCHANGE: &str =
    "give --client-secret (server use) or --backend-url (your backend exchanges the code)";

/// The client and the exchanger an `AppOptions` describes (`None`: neither given).
fn configure(app: &AppOptions) -> Result<(InstagramAuth, Option<Exchanger>), Error> {
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

pub async fn login(args: LoginArgs) -> ExitCode {
    let (auth, exchanger, scopes) =
        match configure(&args.app).and_then(|(a, e)| Ok((a, e, parse_scopes(&args.scope)?))) {
            Ok(parts) => parts,
            Err(error) => return failure(&error),
        };
    let Some(exchanger) = exchanger else {
        return usage(NO_EXCHANGE);
    };
    let pending = match auth.start_authorization(&scopes) {
        Ok(pending) => pending,
        Err(error) => return failure(&error),
    };
    eprintln!(
        "Open this URL in a browser and sign in:\n\n  {}\n",
        pending.authorization_url()
    );
    eprintln!("Then paste the full URL you were redirected to and press Enter:");
    let mut line = String::new();
    if let Err(e) = BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
    {
        return fatal(&format!("cannot read the pasted URL: {e}"));
    }
    let signed_in = async {
        match auth.handle_callback(&pending, line.trim())? {
            Grant::Code(grant) => {
                let token = exchanger.exchange(&auth, &grant).await?;
                let received_at = auth.config().clock.now();
                Ok(ParseAuthData::from_token_response(&token, received_at))
            }
            Grant::Token(token) => Ok(ParseAuthData::new(
                auth.fetch_profile(&token).await?.id,
                token,
            )),
            _ => Err(Error::UnsupportedGrant),
        }
    };
    match signed_in.await {
        Ok(data) => {
            println!("{}", data.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => failure(&error),
    }
}

pub async fn exchange(args: ExchangeArgs) -> ExitCode {
    let (auth, exchanger) = match configure(&args.app) {
        Ok(parts) => parts,
        Err(error) => return failure(&error),
    };
    let Some(exchanger) = exchanger else {
        return usage(NO_EXCHANGE);
    };
    let grant = match AuthorizationCode::new(args.code) {
        Ok(code) => CodeGrant::new(code, auth.config().redirect_uri.clone()),
        Err(error) => return failure(&error),
    };
    match exchanger.exchange(&auth, &grant).await {
        Ok(token) => success(&token_json(&token)),
        Err(error) => failure(&error),
    }
}

pub async fn parse_login(args: ParseLoginArgs) -> ExitCode {
    let logged_in = async {
        let server = ParseServer::new(
            EndpointUrl::parse(&args.server)?,
            args.app_id,
            args.rest_key,
        )?;
        let auth_data =
            ParseAuthData::new(UserId::new(args.id)?, AccessToken::new(args.access_token)?);
        server.log_in(&auth_data).await
    };
    match logged_in.await {
        Ok(session) => success(&json!({
            "objectId": session.object_id,
            "sessionToken": session.session_token.secret(),
            "created": session.created,
        })),
        Err(error) => failure(&error),
    }
}
