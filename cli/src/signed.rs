//! `igauth signed-request verify|make`: Meta's signed requests, for servers and tests.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use instagram_auth::{
    ClientSecret, SIGNED_REQUEST_ALGORITHM, SignedRequest, SignedRequestVerifier, UserId,
};
use serde_json::json;

use crate::args::{MakeSignedRequestArgs, SignedRequestCommand, VerifySignedRequestArgs};
use crate::output::{failure, success};

pub fn signed_request(command: SignedRequestCommand) -> ExitCode {
    match command {
        SignedRequestCommand::Verify(args) => verify(args),
        SignedRequestCommand::Make(args) => make(args),
    }
}

fn verify(args: VerifySignedRequestArgs) -> ExitCode {
    let mut verifier = match ClientSecret::new(args.secret) {
        Ok(secret) => SignedRequestVerifier::new(secret),
        Err(error) => return failure(&error),
    };
    if let Some(seconds) = args.max_age {
        verifier = verifier.max_age(Duration::from_secs(seconds));
    }
    match verifier.verify(&args.signed_request) {
        Ok(request) => success(&json!({
            "user_id": request.user_id.as_str(),
            "algorithm": SIGNED_REQUEST_ALGORITHM,
            "issued_at": request.issued_at,
        })),
        Err(error) => {
            // Same shape and exit code as every other command's failure.
            println!(
                "{}",
                json!({ "error": { "kind": error.kind(), "message": error.to_string() } })
            );
            ExitCode::from(1)
        }
    }
}

fn make(args: MakeSignedRequestArgs) -> ExitCode {
    let (user_id, secret) =
        match UserId::new(args.user_id).and_then(|id| Ok((id, ClientSecret::new(args.secret)?))) {
            Ok(parts) => parts,
            Err(error) => return failure(&error),
        };
    let issued_at = args.issued_at.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|now| now.as_secs())
            .unwrap_or_default()
    });
    let signed = SignedRequest::new(user_id, issued_at).sign(&secret);
    success(&json!({ "signed_request": signed }))
}
