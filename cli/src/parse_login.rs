//! `igauth parse-login`: authData to a Parse Server's REST login.

use std::process::ExitCode;

use instagram_auth::{AccessToken, EndpointUrl, ParseAuthData, ParseServer, UserId};
use serde_json::json;

use crate::args::ParseLoginArgs;
use crate::output::{failure_with_hint, success};

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
        Err(error) => failure_with_hint(
            &error,
            Some(
                "is a Parse Server running at --server, and does the URL end with its mount path (e.g. /parse)?",
            ),
        ),
    }
}
