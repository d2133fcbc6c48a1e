//! With every log and tracing event of every dependency captured at TRACE level, a whole
//! sign-in and a series of failing ones must not reveal the app secret, the state, the
//! code, a token or a backend key — not in the logs, not in any error, not in any Debug.
//! (One test in its own binary: loggers are process-wide.)

#![cfg(test)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use instagram_auth::{
    AccessToken, BackendExchange, ClientSecret, EndpointUrl, Grant, ParseApiKey, ResponseType,
};
use instagram_sandbox::{
    DEV_FUNCTION_NAME, DEV_PARSE_APPLICATION_ID, DEV_PARSE_REST_API_KEY, Fault,
};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the `log` crate emits (reqwest), written to the same buffer.
struct LogCapture(Captured);

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let _ = writeln!(
            self.0.clone(),
            "{} {}: {}",
            record.level(),
            record.target(),
            record.args()
        );
    }
    fn flush(&self) {}
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_reaches_logs_errors_or_debug_output() {
    let captured = Captured::default();
    log::set_boxed_logger(Box::new(LogCapture(captured.clone()))).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let writer = captured.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .unwrap();

    let env = env_with(|c| {
        c.http.timeout = Duration::from_millis(500);
        c.allow_implicit_flow = true;
    })
    .await;
    let mut secrets = vec![
        secret().secret().to_owned(),
        DEV_PARSE_REST_API_KEY.to_owned(),
    ];
    let mut printed = Vec::new();

    // A whole sign-in: consent, callback, exchange, profile, long-lived token, refresh.
    let pending = env.auth.start_authorization(&[]).unwrap();
    secrets.push(pending.state().secret().to_owned());
    printed.push(format!("{pending:?}"));
    let callback = consent(&pending, "allow").await;
    let Grant::Code(grant) = env.auth.handle_callback(&pending, &callback).unwrap() else {
        panic!()
    };
    secrets.push(grant.code().secret().to_owned());
    printed.push(format!("{grant:?}"));
    let token = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
    secrets.push(token.access_token.secret().to_owned());
    printed.push(format!("{token:?}"));
    printed.push(format!(
        "{:?}",
        env.auth.fetch_profile(&token.access_token).await.unwrap()
    ));
    let long = env
        .auth
        .exchange_for_long_lived_token(&token.access_token, &secret())
        .await
        .unwrap();
    secrets.push(long.access_token.secret().to_owned());
    printed.push(format!("{long:?}"));

    // The implicit flow and the backend exchange.
    let implicit = env
        .auth
        .authorization_request()
        .response_type(ResponseType::Token)
        .start()
        .unwrap();
    secrets.push(implicit.state().secret().to_owned());
    if let Grant::Token(token) = env
        .auth
        .handle_callback(&implicit, &consent(&implicit, "allow").await)
        .unwrap()
    {
        secrets.push(token.secret().to_owned());
        printed.push(format!("{token:?}"));
    }
    let server = EndpointUrl::parse(&format!("{}sandbox/parse", env.sandbox.base_url())).unwrap();
    let backend = BackendExchange::parse_cloud_function(
        &server,
        DEV_FUNCTION_NAME,
        DEV_PARSE_APPLICATION_ID,
        Some(&ParseApiKey::RestApiKey(DEV_PARSE_REST_API_KEY.into())),
    )
    .unwrap();
    printed.push(format!("{backend:?}"));
    let second = code_grant(&env).await;
    secrets.push(second.code().secret().to_owned());
    let via_backend = env
        .auth
        .exchange_code_via_backend(&second, &backend)
        .await
        .unwrap();
    secrets.push(via_backend.access_token.secret().to_owned());

    // Failing ones: spent code, wrong secret, bad token, broken connections, timeout.
    let mut errors = vec![
        env.auth
            .exchange_code_with_client_secret(&grant, &secret())
            .await
            .unwrap_err(),
        env.auth
            .exchange_code_via_backend(&second, &backend)
            .await
            .unwrap_err(),
        env.auth
            .exchange_code_with_client_secret(
                &code_grant(&env).await,
                &ClientSecret::new("wrong-secret-value").unwrap(),
            )
            .await
            .unwrap_err(),
        env.auth
            .fetch_profile(&AccessToken::new("IGAAforged-token-value").unwrap())
            .await
            .unwrap_err(),
        env.auth.handle_callback(&pending, &callback).unwrap_err(),
    ];
    secrets.push("wrong-secret-value".into());
    secrets.push("IGAAforged-token-value".into());
    for fault in [
        Fault::DropConnection,
        Fault::TruncatedBody,
        Fault::Delay(Duration::from_secs(2)),
        Fault::ServerError,
    ] {
        let grant = code_grant(&env).await;
        secrets.push(grant.code().secret().to_owned());
        env.sandbox.set_fault(Some(fault));
        errors.push(
            env.auth
                .exchange_code_with_client_secret(&grant, &secret())
                .await
                .unwrap_err(),
        );
        errors.push(
            env.auth
                .fetch_profile(&long.access_token)
                .await
                .unwrap_err(),
        );
        env.sandbox.set_fault(None);
    }
    printed.extend(errors.iter().map(|e| format!("{e} {e:?}")));

    // Meta's signed requests (server side): the request is a credential for its callback.
    #[cfg(feature = "signed-request")]
    {
        use instagram_auth::{SignedRequest, SignedRequestVerifier, UserId};
        let verifier = SignedRequestVerifier::new(secret()).max_age(Duration::from_secs(60));
        printed.push(format!("{verifier:?}"));
        let signed = SignedRequest::new(UserId::new("17841405793187219").unwrap(), 1_790_000_000)
            .sign(&secret());
        let (signature, payload) = signed.split_once('.').unwrap();
        secrets.extend([signed.clone(), signature.to_owned()]);
        let forged = format!("{}.{payload}", "A".repeat(43));
        let failures = [
            verifier.verify(&signed).unwrap_err(), // too old
            verifier.verify(&forged).unwrap_err(),
            verifier
                .verify(&format!("{signature}.{payload}!"))
                .unwrap_err(),
            SignedRequestVerifier::new(ClientSecret::new("wrong-secret-value").unwrap())
                .verify(&signed)
                .unwrap_err(),
        ];
        printed.extend(failures.iter().map(|e| format!("{e} {e:?}")));
    }

    let logs = captured.text();
    assert!(
        logs.lines().count() > 20,
        "the capture saw too little to mean anything:\n{logs}"
    );
    for secret in &secrets {
        assert!(secret.len() >= 8, "{secret:?} is too short to search for");
        assert!(
            !logs.contains(secret.as_str()),
            "a secret appears in the logs"
        );
        for text in &printed {
            assert!(
                !text.contains(secret.as_str()),
                "a secret appears in: {text}"
            );
        }
    }
}
