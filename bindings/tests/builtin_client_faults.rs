//! The reqwest client of benchmark builds against every sandbox fault: the errors in
//! testdata/transport-faults.tsv, which the Kotlin and Swift clients must also give.
//! Run by scripts/test.sh with `--features builtin-http`.

#![cfg(test)]

mod common;

use std::time::{Duration, Instant};

use instagram_auth_ffi::{InstagramAuth, InstagramAuthConfig, built_in_http_client};
use instagram_sandbox::{Fault, Sandbox, SandboxConfig};

const EXPECTATIONS: &str = include_str!("../../testdata/transport-faults.tsv");

/// (fault, error case, message or `*`), from the shared table.
fn expectations() -> Vec<(&'static str, &'static str, &'static str)> {
    EXPECTATIONS
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            let mut next = || columns.next().expect("three columns");
            (next(), next(), next())
        })
        .collect()
}

/// The case name as Kotlin's exception class and Swift's enum case spell it.
fn case_of(error: &instagram_auth_ffi::InstagramAuthError) -> String {
    let debug = format!("{error:?}");
    debug
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn every_fault_gives_the_shared_expectation() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxConfig::default()))
        .unwrap();
    let auth = InstagramAuth::new(
        InstagramAuthConfig {
            base_url: Some(sandbox.base_url().to_owned()),
            connect_timeout_ms: Some(800),
            request_timeout_ms: Some(800),
            ..common::config()
        },
        built_in_http_client().unwrap(),
    )
    .unwrap();
    let table = expectations();
    assert_eq!(table.len(), 7, "one line per fault");
    for (fault, case, message) in table {
        sandbox.set_fault(Some(Fault::parse(fault).unwrap()));
        let pending = auth.start_authorization(vec![], None).unwrap();
        let url = pending.authorization_url();
        let state = url.split("state=").nth(1).unwrap();
        let code = auth
            .handle_callback(
                pending,
                format!("https://app.example.com/auth/?code=AQcode&state={state}#_"),
            )
            .unwrap();
        let started = Instant::now();
        let error = runtime
            .block_on(
                auth.exchange_code_with_client_secret(code, "sandbox-app-secret-eb8c7".into()),
            )
            .expect_err(fault);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{fault} took too long"
        );
        assert_eq!(case_of(&error), case, "{fault}: {error}");
        if case == "Timeout" {
            let took = started.elapsed();
            assert!(
                took >= Duration::from_millis(750),
                "{fault}: timed out after {took:?} of 800 ms"
            );
        }
        if message != "*" {
            assert_eq!(error.to_string(), message, "{fault}");
        }
    }
}
