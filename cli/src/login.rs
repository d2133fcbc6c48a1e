//! `igauth login`: a whole sign-in against Instagram (or a stand-in), the browser step by hand.

use std::process::ExitCode;

use instagram_auth::{Error, Grant, ParseAuthData};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::app::{NO_EXCHANGE, configure};
use crate::args::LoginArgs;
use crate::offline::parse_scopes;
use crate::output::{failure, fatal, usage};

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
