//! Commands that need no network: URLs, callbacks, redirect rules, replies, authData.

use std::io::Read;
use std::process::ExitCode;

use instagram_auth::{
    AccessToken, Config, CsrfState, EndpointUrl, Error, Grant, InstagramAuth, ParseAuthData,
    RateLimitUsage, RedirectUri, ResponseType, Scope, SignInOptions, UserId,
};
use serde_json::json;

use crate::args::{
    AuthDataArgs, AuthorizeUrlArgs, CheckRedirectArgs, ParseCallbackArgs, ParseTokenReplyArgs,
};
use crate::output::{failure, success, token_json, usage};
use crate::redirect_check::refusal;

pub fn authorize_url(args: AuthorizeUrlArgs) -> ExitCode {
    match build_authorize_url(args) {
        Ok(value) => success(&value),
        Err(error) => failure(&error),
    }
}

fn build_authorize_url(args: AuthorizeUrlArgs) -> Result<serde_json::Value, Error> {
    let mut config = Config::from_strings(&args.client_id, &args.redirect_uri, None)?;
    if let Some(auth_url) = &args.auth_url {
        config.endpoints.authorize = EndpointUrl::parse(auth_url)?;
    }
    let response_type = ResponseType::parse(&args.response_type)?;
    // Naming the flow on the command line is the opt-in the library asks for.
    config.allow_implicit_flow = response_type == ResponseType::Token;
    let auth = InstagramAuth::new(config)?;
    let mut request = auth
        .authorization_request()
        .scopes(parse_scopes(&args.scope)?)
        .response_type(response_type);
    if let Some(state) = args.state {
        request = request.state(CsrfState::new(state)?);
    }
    let mut options = SignInOptions::default();
    options.force_reauth = args.force_reauth;
    options.force_authentication = args.force_authentication;
    options.enable_fb_login = args.enable_fb_login;
    let pending = request.options(options).start()?;
    Ok(json!({ "url": pending.authorization_url().as_str(), "state": pending.state().secret() }))
}

pub fn parse_scopes(names: &[String]) -> Result<Vec<Scope>, Error> {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| Scope::new(n.as_str()))
        .collect()
}

pub fn parse_callback(args: ParseCallbackArgs) -> ExitCode {
    let checked = (|| {
        let redirect_uri = RedirectUri::parse(&args.redirect_uri)?;
        let response_type = ResponseType::parse(&args.response_type)?;
        let state = args.state.map(CsrfState::new).transpose()?;
        instagram_auth::parse_callback(
            &args.callback_url,
            &redirect_uri,
            response_type,
            state.as_ref(),
        )
    })();
    match checked {
        Ok(Grant::Code(grant)) => success(&json!({ "code": grant.code().secret() })),
        Ok(Grant::Token(token)) => success(&json!({ "access_token": token.secret() })),
        Ok(_) => failure(&Error::UnsupportedGrant),
        Err(error) => failure(&error),
    }
}

pub fn check_redirect(args: CheckRedirectArgs) -> ExitCode {
    match (
        RedirectUri::parse(&args.registered),
        RedirectUri::parse(&args.redirect_uri),
    ) {
        (Ok(registered), Ok(passed)) => match refusal(args.rule, &registered, &passed) {
            None => success(&json!({ "valid": true })),
            Some(reason) => success(&json!({ "valid": false, "reason": reason })),
        },
        (Err(error), _) | (_, Err(error)) => failure(&error),
    }
}

pub fn parse_token_reply(args: ParseTokenReplyArgs) -> ExitCode {
    let mut body = Vec::new();
    let read = match args.file.as_deref() {
        None => std::io::stdin().read_to_end(&mut body).map(drop),
        Some(path) if path.as_os_str() == "-" => std::io::stdin().read_to_end(&mut body).map(drop),
        Some(path) => std::fs::read(path).map(|bytes| body = bytes),
    };
    if let Err(e) = read {
        return usage(&format!("cannot read the reply: {e}"));
    }
    let mut headers = Vec::new();
    for header in &args.headers {
        match header.split_once(':') {
            Some((name, value)) => headers.push((name.trim(), value.trim())),
            None => {
                return usage(&format!(
                    "{header:?} is not a header: write it as 'Name: value'"
                ));
            }
        }
    }
    let parsed = if args.backend {
        instagram_auth::parse_backend_reply(args.status, &body)
    } else {
        instagram_auth::parse_token_reply(args.status, &body)
    }
    .map_err(|error| error.with_rate_limit_usage(RateLimitUsage::from_headers(headers)));
    match parsed {
        Ok(token) => success(&token_json(&token)),
        Err(error) => failure(&error),
    }
}

pub fn auth_data(args: AuthDataArgs) -> ExitCode {
    match UserId::new(args.id).and_then(|id| Ok((id, AccessToken::new(args.access_token)?))) {
        Ok((id, token)) => {
            let data = ParseAuthData::new(id, token);
            match serde_json::from_str(&data.to_json()) {
                Ok(value) => success(&value),
                Err(e) => usage(&e.to_string()),
            }
        }
        Err(error) => failure(&error),
    }
}
