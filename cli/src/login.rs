//! `igauth login`: a real sign-in from a terminal.

use std::process::ExitCode;
use std::time::SystemTime;

use instagram_auth::{
    AuthData, BackendExchange, ClientId, ClientSecret, Config, EndpointUrl, Endpoints, Error,
    Grant, InstagramAuth, RedirectUri,
};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::args::LoginArgs;
use crate::offline::parse_scopes;
use crate::output::{failure, fatal, usage};

enum Exchange {
    Direct(ClientSecret),
    Backend(BackendExchange),
}

pub async fn login(args: LoginArgs) -> ExitCode {
    let (auth, exchange, scopes) = match configure(&args) {
        Ok(parts) => parts,
        Err(error) => return failure(&error),
    };
    let Some(exchange) = exchange else {
        return usage(
            "give --client-secret (server use) or --backend-url (your backend exchanges the code)",
        );
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
    match finish(&auth, &pending, line.trim(), &exchange).await {
        Ok(data) => {
            println!("{}", data.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => failure(&error),
    }
}

type Configured = (InstagramAuth, Option<Exchange>, Vec<instagram_auth::Scope>);

fn configure(args: &LoginArgs) -> Result<Configured, Error> {
    let mut config = Config::new(
        ClientId::new(args.client_id.as_str())?,
        RedirectUri::parse(&args.redirect_uri)?,
    );
    if let Some(base) = &args.base_url {
        config.endpoints = Endpoints::under_base(&EndpointUrl::parse(base)?);
    }
    let exchange = match (&args.client_secret, &args.backend_url) {
        (Some(secret), _) => Some(Exchange::Direct(ClientSecret::new(secret.as_str()))),
        (None, Some(url)) => {
            let mut backend = BackendExchange::new(EndpointUrl::parse(url)?);
            for header in &args.backend_header {
                let (name, value) = header.split_once(':').ok_or_else(|| {
                    Error::InvalidConfig(format!("{header:?} is not 'Name: value'"))
                })?;
                backend = backend.with_header(name.trim(), value.trim())?;
            }
            Some(Exchange::Backend(backend))
        }
        (None, None) => None,
    };
    Ok((
        InstagramAuth::new(config)?,
        exchange,
        parse_scopes(&args.scope)?,
    ))
}

async fn finish(
    auth: &InstagramAuth,
    pending: &instagram_auth::PendingAuthorization,
    callback: &str,
    exchange: &Exchange,
) -> Result<AuthData, Error> {
    let grant = match auth.handle_callback(pending, callback)? {
        Grant::Code(grant) => grant,
        Grant::Token(token) => {
            let profile = auth.fetch_profile(&token).await?;
            return Ok(AuthData::new(profile.id, token));
        }
        _ => return Err(Error::InvalidConfig("unsupported grant".into())),
    };
    let token = match exchange {
        Exchange::Direct(secret) => auth.exchange_code(&grant, secret).await?,
        Exchange::Backend(backend) => auth.exchange_code_via_backend(&grant, backend).await?,
    };
    Ok(AuthData::from_token_response(&token, SystemTime::now()))
}
