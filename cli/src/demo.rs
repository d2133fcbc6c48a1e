//! `igauth demo`: a whole sign-in against an embedded sandbox, narrated on stderr.

use std::process::ExitCode;

use instagram_auth::{ClientSecret, Config, Error, Grant, InstagramAuth, ParseAuthData};
use instagram_sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URIS, Decision, Sandbox,
    SandboxConfig,
};

use crate::args::DemoArgs;
use crate::output::{failure, fatal, preview};

pub async fn demo(args: DemoArgs) -> ExitCode {
    let sandbox = match Sandbox::start(SandboxConfig::default()).await {
        Ok(sandbox) => sandbox,
        Err(e) => return fatal(&format!("cannot start the sandbox: {e}")),
    };
    let decision = if args.deny {
        Decision::Deny
    } else {
        Decision::Allow
    };
    let result = walk(&sandbox, decision).await;
    sandbox.stop().await;
    match result {
        Ok(auth_data) => {
            eprintln!("\n9. Log in to Parse with this authData (stdout):");
            println!("{}", auth_data.to_json());
            ExitCode::SUCCESS
        }
        Err(DemoError::SignIn(error)) => {
            eprintln!("   ✗ {error}");
            failure(&error)
        }
        Err(DemoError::Browser(message)) => fatal(&message),
    }
}

enum DemoError {
    SignIn(Error),
    Browser(String),
}

impl From<Error> for DemoError {
    fn from(error: Error) -> Self {
        DemoError::SignIn(error)
    }
}

async fn walk(sandbox: &Sandbox, decision: Decision) -> Result<ParseAuthData, DemoError> {
    eprintln!(
        "1. An Instagram sandbox is running at {}",
        sandbox.base_url()
    );
    let config = Config::from_strings(
        DEFAULT_CLIENT_ID,
        DEFAULT_REDIRECT_URIS[0],
        Some(sandbox.base_url()),
    )?;
    let auth = InstagramAuth::new(config)?;
    eprintln!(
        "   App id {DEFAULT_CLIENT_ID}, redirect URI {}",
        DEFAULT_REDIRECT_URIS[0]
    );

    let pending = auth.start_authorization(&[])?;
    eprintln!("\n2. The app builds the consent URL (fresh state, scope instagram_business_basic):");
    eprintln!("   {}", pending.authorization_url());

    let saved = pending.to_saved_string();
    eprintln!(
        "\n3. It saves the pending sign-in ({} bytes) before opening the browser,",
        saved.len()
    );
    let pending = auth.restore_authorization(&saved)?;
    eprintln!("   so a relaunched app can restore it and still finish. Restored.");

    let button = if decision == Decision::Allow {
        "Allow"
    } else {
        "Cancel"
    };
    eprintln!("\n4. The user taps \"{button}\" on the consent page; Instagram redirects back:");
    let callback =
        instagram_sandbox::answer_consent(pending.authorization_url().as_str(), decision)
            .await
            .map_err(|e| DemoError::Browser(format!("the browser step failed: {e}")))?;
    eprintln!("   {}", redact_code(&callback));

    eprintln!("\n5. The app checks the callback: redirect URI, state, expiry, single use.");
    let grant = match auth.handle_callback(&pending, &callback)? {
        Grant::Code(grant) => grant,
        _ => {
            return Err(DemoError::Browser(
                "the sandbox answered the code flow with a token".into(),
            ));
        }
    };
    eprintln!(
        "   Authorization code {} (the trailing #_ removed)",
        preview(grant.code().secret())
    );

    eprintln!("\n6. The code is exchanged for a token. In an app this runs on your backend,");
    eprintln!("   which holds the app secret; here the sandbox app's secret is used directly.");
    let token = auth
        .exchange_code_with_client_secret(&grant, &ClientSecret::new(DEFAULT_CLIENT_SECRET)?)
        .await?;
    let received_at = auth.config().clock.now();
    eprintln!(
        "   User id {}, token {}",
        token.user_id,
        preview(token.access_token.secret())
    );
    eprintln!("   Granted: {}", token.permissions.join(", "));

    eprintln!("\n7. The same code again is refused, as codes are single-use:");
    match auth
        .exchange_code_with_client_secret(&grant, &ClientSecret::new(DEFAULT_CLIENT_SECRET)?)
        .await
    {
        Err(error) => eprintln!("   {error}"),
        Ok(_) => {
            return Err(DemoError::Browser(
                "the sandbox accepted a used code".into(),
            ));
        }
    }

    let profile = auth.fetch_profile(&token.access_token).await?;
    eprintln!(
        "\n8. Profile: @{} ({}), id {}",
        profile.username.as_deref().unwrap_or("?"),
        profile.account_type.as_deref().unwrap_or("?"),
        profile.id,
    );
    Ok(ParseAuthData::from_token_response(&token, received_at))
}

/// The callback with the code cut short, for display.
fn redact_code(callback: &str) -> String {
    let Some((head, rest)) = callback.split_once("code=") else {
        return callback.to_owned();
    };
    let end = rest.find(['&', '#']).unwrap_or(rest.len());
    let shown: String = rest[..end].chars().take(6).collect();
    format!("{head}code={shown}…{}", &rest[end..])
}
