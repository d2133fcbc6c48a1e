//! `igauth exchange`: one code for a token, with the app secret or through a backend.

use std::process::ExitCode;

use instagram_auth::{AuthorizationCode, CodeGrant};

use crate::app::{NO_EXCHANGE, configure, unreachable_hint};
use crate::args::ExchangeArgs;
use crate::output::{failure, failure_with_hint, success, token_json, usage};

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
        Err(error) => failure_with_hint(&error, Some(unreachable_hint(&args.app))),
    }
}
