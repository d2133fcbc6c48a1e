//! How a code exchange fails: Instagram's refusals and every network fault the sandbox
//! can simulate, each with its own error, within the timeout, without a secret in sight.

#![cfg(test)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use instagram_auth::{AccessToken, AuthorizationCode, ClientSecret, CodeGrant, Error, RedirectUri};
use instagram_sandbox::Fault;

fn provider_message(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Provider(e)) => e.message.unwrap_or_default(),
        other => panic!("expected a provider error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_code_works_once() {
    let env = env().await;
    let grant = code_grant(&env).await;
    env.auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
    let second = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await;
    let Err(Error::Provider(error)) = &second else {
        panic!("{second:?}")
    };
    assert_eq!(
        error.message.as_deref(),
        Some("Matching code was not found or was already used")
    );
    assert_eq!((error.code, error.http_status), (Some(400), Some(400)));
    assert_eq!(error.error_type.as_deref(), Some("OAuthException"));
    assert_redacted(
        second.as_ref().unwrap_err(),
        &[grant.code().secret(), secret().secret()],
    );
}

#[tokio::test]
async fn instagram_refusals_are_provider_errors() {
    let env = env().await;
    let grant = code_grant(&env).await;
    let wrong_secret = ClientSecret::new("not-the-secret").unwrap();
    assert_eq!(
        provider_message(
            env.auth
                .exchange_code_with_client_secret(&grant, &wrong_secret)
                .await
        ),
        "Error validating client secret."
    );
    let elsewhere = CodeGrant::new(
        grant.code().clone(),
        RedirectUri::parse("https://app.example.com/auth/?x=1").unwrap(),
    );
    assert!(
        provider_message(
            env.auth
                .exchange_code_with_client_secret(&elsewhere, &secret())
                .await
        )
        .contains("redirect_uri")
    );
    let invented = CodeGrant::new(
        AuthorizationCode::new("AQinvented").unwrap(),
        grant.redirect_uri().clone(),
    );
    assert_eq!(
        provider_message(
            env.auth
                .exchange_code_with_client_secret(&invented, &secret())
                .await
        ),
        "Matching code was not found or was already used"
    );
    // None of those spent the real code.
    env.auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_code_expires_after_an_hour() {
    let env = env().await;
    let grant = code_grant(&env).await;
    env.sandbox.advance_clock(Duration::from_secs(3600));
    assert_eq!(
        provider_message(
            env.auth
                .exchange_code_with_client_secret(&grant, &secret())
                .await
        ),
        "This authorization code has expired."
    );
}

#[tokio::test]
async fn a_bad_token_is_graph_error_190_and_asks_for_a_new_sign_in() {
    let env = env().await;
    let result = env
        .auth
        .fetch_profile(&AccessToken::new("IGAAforged").unwrap())
        .await;
    let Err(Error::ReauthenticationRequired(error)) = &result else {
        panic!("{result:?}")
    };
    assert_eq!(
        result.as_ref().unwrap_err().kind(),
        "reauthentication_required"
    );
    assert_eq!((error.code, error.http_status), (Some(190), Some(400)));
    assert!(error.trace_id.is_some());
    assert_redacted(result.as_ref().unwrap_err(), &["IGAAforged"]);
}

#[tokio::test]
async fn every_fault_mode_has_its_own_error_within_the_timeout() {
    let timeout = Duration::from_millis(800);
    let env = env_with(|c| c.http.timeout = timeout).await;
    type Expectation = fn(&Error) -> bool;
    let cases: [(Fault, Expectation); 7] = [
        (Fault::Delay(Duration::from_secs(5)), |e| {
            matches!(e, Error::Timeout)
        }),
        (
            Fault::ServerError,
            |e| matches!(e, Error::Provider(p) if p.http_status == Some(500) && p.code == Some(2)),
        ),
        (
            Fault::HtmlPage,
            |e| matches!(e, Error::InvalidReply { status: 200, problem } if problem == "the body is not JSON"),
        ),
        (Fault::TruncatedBody, |e| matches!(e, Error::Network(_))),
        (
            Fault::OversizedBody,
            |e| matches!(e, Error::InvalidReply { status: 200, problem } if problem.contains("larger than 1048576 bytes")),
        ),
        (Fault::DropConnection, |e| matches!(e, Error::Network(_))),
        (
            Fault::Redirect,
            |e| matches!(e, Error::InvalidReply { status: 302, problem } if problem.contains("redirect")),
        ),
    ];
    for (fault, expected) in cases {
        let grant = code_grant(&env).await;
        env.sandbox.set_fault(Some(fault));
        let started = Instant::now();
        let result = env
            .auth
            .exchange_code_with_client_secret(&grant, &secret())
            .await;
        let elapsed = started.elapsed();
        env.sandbox.set_fault(None);
        let error = result.expect_err("a fault must fail the exchange");
        assert!(expected(&error), "{fault:?} gave {error:?}");
        assert!(
            elapsed < timeout + Duration::from_secs(1),
            "{fault:?} took {elapsed:?}"
        );
        assert_redacted(&error, &[grant.code().secret(), secret().secret()]);
    }
}

#[tokio::test]
async fn a_fault_on_the_profile_request_never_leaks_the_token_in_the_url() {
    let env = env_with(|c| c.http.timeout = Duration::from_millis(300)).await;
    let grant = code_grant(&env).await;
    let token = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap()
        .access_token;
    for fault in [
        Fault::DropConnection,
        Fault::TruncatedBody,
        Fault::Delay(Duration::from_secs(2)),
    ] {
        env.sandbox.set_fault(Some(fault));
        let error = env.auth.fetch_profile(&token).await.unwrap_err();
        assert_redacted(&error, &[token.secret()]);
    }
}

#[tokio::test]
async fn nothing_listening_is_a_network_error() {
    let env = env().await;
    let grant = code_grant(&env).await;
    let auth = instagram_auth::InstagramAuth::new(config_for(&env.sandbox)).unwrap();
    env.sandbox.stop().await;
    let result = auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await;
    assert!(matches!(result, Err(Error::Network(_))), "{result:?}");
}

/// The sandbox's rate-limit fault (Meta's code 4 with its usage headers) reaches an app as
/// `RateLimited`, with when access comes back, from the token and the Graph endpoints alike.
#[tokio::test]
async fn a_rate_limit_says_when_to_call_again() {
    let env = env().await;
    let grant = code_grant(&env).await;
    env.sandbox.set_fault(Some(Fault::RateLimit));
    let exchange = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await;
    let profile = env
        .auth
        .fetch_profile(&AccessToken::new("IGAAany").unwrap())
        .await;
    env.sandbox.set_fault(None);
    let regain = Duration::from_secs(60 * instagram_sandbox::RATE_LIMIT_MINUTES_TO_REGAIN);
    for result in [exchange.map(|_| ()), profile.map(|_| ())] {
        let Err(Error::RateLimited { provider, usage }) = &result else {
            panic!("{result:?}")
        };
        assert_eq!(
            provider.code,
            Some(instagram_sandbox::RATE_LIMIT_ERROR_CODE)
        );
        assert_eq!(usage.retry_after(), Some(regain), "{usage:?}");
        assert_eq!(result.as_ref().unwrap_err().kind(), "rate_limited");
    }
}
