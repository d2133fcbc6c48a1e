//! `igauth login`: a whole sign-in against Instagram (or a stand-in), the browser step by hand.

use std::process::ExitCode;

use instagram_auth::{Error, Grant, InstagramAuth, ParseAuthData, PendingAuthorization};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::app::{NO_EXCHANGE, configure, unreachable_hint};
use crate::args::LoginArgs;
use crate::offline::parse_scopes;
use crate::output::{failure, failure_with_hint, fatal, usage};

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
    let grant = match pasted_grant(&auth, &pending).await {
        Ok(grant) => grant,
        Err(Pasted::Refused(error)) => return failure(&error),
        Err(Pasted::Unreadable(message)) => return fatal(&message),
    };
    let signed_in = async {
        match grant {
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
        Err(error) => failure_with_hint(&error, Some(unreachable_hint(&args.app))),
    }
}

enum Pasted {
    /// The sign-in ended: Instagram's refusal, an expired sign-in, a code-less answer, or
    /// (at the end of the input) the last paste that could not be read.
    Refused(Error),
    /// Standard input could not be read, or ended before anything was pasted.
    Unreadable(String),
}

/// Reads pasted lines until one is this sign-in's answer. A paste that is not (in quotes,
/// cut short, another address, another sign-in's state) leaves the sign-in open, so the
/// user is told why and pastes again instead of starting over.
async fn pasted_grant(
    auth: &InstagramAuth,
    pending: &PendingAuthorization,
) -> Result<Grant, Pasted> {
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut last_stray = None;
    loop {
        let line = match lines.next_line().await {
            Ok(Some(line)) => line,
            Ok(None) => {
                return Err(match last_stray {
                    Some(error) => Pasted::Refused(error),
                    None => Pasted::Unreadable("no URL was pasted".into()),
                });
            }
            Err(e) => {
                return Err(Pasted::Unreadable(format!(
                    "cannot read the pasted URL: {e}"
                )));
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match auth.handle_callback(pending, line.trim()) {
            Err(error) if error.is_stray_callback() => {
                eprintln!(
                    "{error}.\nThe sign-in is still open: paste the URL again (Ctrl-D gives up):"
                );
                last_stray = Some(error);
            }
            Err(error) => return Err(Pasted::Refused(error)),
            Ok(grant) => return Ok(grant),
        }
    }
}
