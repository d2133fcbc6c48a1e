//! The code exchange through this library vs a bare reqwest form POST + serde_json parse
//! to the same loopback sandbox endpoint; then 1,000 concurrent exchanges with distinct
//! codes. `cargo run --release -p igauth --example exchange_overhead` (scripts/bench.sh).
//! It lives with the CLI, which already joins the core and the sandbox: the core depends
//! on the sandbox only in its tests.
//!
//! The comparison runs the sandbox and both clients on one thread, interleaved (A B, then
//! B A, so neither always goes first): on a multi-threaded runtime, which worker serves
//! which client's connection moved the result by several percent from run to run. Codes
//! and grants are made outside the timed part: in an app the grant comes out of the
//! callback, and the bare client gets its code the same way.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a measurement that cannot complete has nothing to report"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use instagram_auth::{
    AuthorizationCode, ClientSecret, CodeGrant, Config, InstagramAuth, RedirectUri,
};
use instagram_sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};
use tokio::runtime::Builder;

const REDIRECT: &str = "https://app.example.com/auth/";
const ROUNDS: usize = 5_000;
const CONCURRENT: usize = 1_000;

fn main() {
    let one_thread = Builder::new_current_thread().enable_all().build().unwrap();
    one_thread.block_on(compare_with_bare_reqwest());
    let threads = Builder::new_multi_thread().enable_all().build().unwrap();
    threads.block_on(concurrent_exchanges());
}

/// A sandbox, and this library configured to exchange codes with it.
async fn sandbox_and_client() -> (Sandbox, InstagramAuth) {
    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let config =
        Config::from_strings(DEFAULT_CLIENT_ID, REDIRECT, Some(sandbox.base_url())).unwrap();
    (sandbox, InstagramAuth::new(config).unwrap())
}

fn code(sandbox: &Sandbox) -> String {
    sandbox
        .issue_code(DEFAULT_CLIENT_ID, REDIRECT, "sandbox.creator")
        .unwrap()
}

async fn compare_with_bare_reqwest() {
    let (sandbox, auth) = sandbox_and_client().await;
    let token_url = auth.config().endpoints.token.as_str().to_owned();
    let secret = ClientSecret::new(DEFAULT_CLIENT_SECRET).unwrap();
    // Same transport as ours (no redirects followed, plain loopback), none of the checks.
    let bare = instagram_sandbox::loopback_client();

    // Warm both connection pools.
    for _ in 0..50 {
        auth.exchange_code_with_client_secret(&grant(code(&sandbox)), &secret)
            .await
            .unwrap();
        bare_exchange(&bare, &token_url, &code(&sandbox)).await;
    }
    let (mut ours_times, mut bare_times) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for round in 0..ROUNDS {
        let (ours_grant, bare_code) = (grant(code(&sandbox)), code(&sandbox));
        let time_ours = async {
            let started = Instant::now();
            auth.exchange_code_with_client_secret(&ours_grant, &secret)
                .await
                .unwrap();
            ours_times.push(started.elapsed());
        };
        let time_bare = async {
            let started = Instant::now();
            bare_exchange(&bare, &token_url, &bare_code).await;
            bare_times.push(started.elapsed());
        };
        if round % 2 == 0 {
            time_ours.await;
            time_bare.await;
        } else {
            time_bare.await;
            time_ours.await;
        }
    }
    let (ours_median, bare_median) = (median(&mut ours_times), median(&mut bare_times));
    let overhead = (ours_median.as_secs_f64() / bare_median.as_secs_f64() - 1.0) * 100.0;
    println!(
        "exchange_median_instagram_auth_us {:.1}",
        micros(ours_median)
    );
    println!("exchange_median_bare_reqwest_us {:.1}", micros(bare_median));
    println!("exchange_overhead_percent {overhead:.1}");
}

async fn concurrent_exchanges() {
    let (sandbox, auth) = sandbox_and_client().await;
    let auth = Arc::new(auth);
    let secret = ClientSecret::new(DEFAULT_CLIENT_SECRET).unwrap();
    let grants: Vec<CodeGrant> = (0..CONCURRENT).map(|_| grant(code(&sandbox))).collect();
    let started = Instant::now();
    let tasks: Vec<_> = grants
        .into_iter()
        .map(|grant| {
            let (auth, secret) = (auth.clone(), secret.clone());
            tokio::spawn(async move {
                let begun = Instant::now();
                auth.exchange_code_with_client_secret(&grant, &secret)
                    .await
                    .map(|_| begun.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(CONCURRENT);
    let mut errors = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(latency) => latencies.push(latency),
            Err(error) => {
                errors += 1;
                eprintln!("{error}");
            }
        }
    }
    let wall = started.elapsed();
    latencies.sort();
    println!("concurrent_exchanges {CONCURRENT}");
    println!("concurrent_errors {errors}");
    println!(
        "concurrent_throughput_per_s {:.0}",
        CONCURRENT as f64 / wall.as_secs_f64()
    );
    println!(
        "concurrent_p50_ms {:.1}",
        latencies[latencies.len() / 2].as_secs_f64() * 1e3
    );
    println!(
        "concurrent_p99_ms {:.1}",
        latencies[latencies.len() * 99 / 100].as_secs_f64() * 1e3
    );
    assert_eq!(errors, 0, "exchanges failed under load");
}

fn grant(code: String) -> CodeGrant {
    CodeGrant::new(
        AuthorizationCode::new(code).unwrap(),
        RedirectUri::parse(REDIRECT).unwrap(),
    )
}

/// What a hand-rolled client does: POST the form, parse JSON, take data[0].
async fn bare_exchange(client: &reqwest::Client, token_url: &str, code: &str) {
    let body = client
        .post(token_url)
        .form(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
            ("grant_type", "authorization_code"),
            ("redirect_uri", REDIRECT),
            ("code", code),
        ])
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(reply["data"][0]["access_token"].is_string());
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
