//! The request's deadline against an app transport that blocks its thread, before it
//! returns its future or inside it (issue 21): with a 300 ms timeout, a token delivered
//! at 2 s came back as a success. Now the deadline runs from before the transport is
//! called, and a reply after it is a timeout, however it arrived.

#![cfg(test)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use instagram_auth::{
    AuthorizationCode, ClientId, ClientSecret, CodeGrant, Config, Error, HttpRequest, HttpResponse,
    HttpTransport, InstagramAuth, RedirectUri, TransportFuture,
};

const TOKEN_REPLY: &[u8] = br#"{"data":[{"access_token":"IGAAlate","user_id":"17841405793187219","permissions":"instagram_business_basic"}]}"#;

/// Where the transport blocks its thread.
#[derive(Debug, Clone, Copy)]
enum Blocks {
    /// In `send`, before it returns the future.
    BeforeTheFuture,
    /// Inside the future, when it is polled.
    InsideTheFuture,
}

/// Delivers Instagram's token reply after blocking its thread for `delay`.
#[derive(Debug)]
struct Blocking {
    blocks: Blocks,
    delay: Duration,
}

fn reply() -> Result<HttpResponse, instagram_auth::TransportError> {
    Ok(HttpResponse {
        status: 200,
        body: TOKEN_REPLY.to_vec(),
        url: None,
        headers: Vec::new(),
    })
}

impl HttpTransport for Blocking {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        let delay = self.delay;
        match self.blocks {
            Blocks::BeforeTheFuture => {
                std::thread::sleep(delay);
                Box::pin(async { reply() })
            }
            Blocks::InsideTheFuture => Box::pin(async move {
                std::thread::sleep(delay);
                reply()
            }),
        }
    }
}

async fn exchange(transport: Blocking, timeout: Duration) -> (Result<(), Error>, Duration) {
    let mut config = Config::new(
        ClientId::new("990602627938098").unwrap(),
        RedirectUri::parse("https://app.example.com/auth/").unwrap(),
    );
    config.http.timeout = timeout;
    let auth = InstagramAuth::with_transport(config, Arc::new(transport)).unwrap();
    let grant = CodeGrant::new(
        AuthorizationCode::new("AQcode").unwrap(),
        RedirectUri::parse("https://app.example.com/auth/").unwrap(),
    );
    let started = Instant::now();
    let outcome = auth
        .exchange_code_with_client_secret(&grant, &ClientSecret::new("app-secret").unwrap())
        .await
        .map(|token| assert_eq!(token.access_token.secret(), "IGAAlate"));
    (outcome, started.elapsed())
}

#[tokio::test]
async fn a_token_delivered_after_the_deadline_is_a_timeout_wherever_the_transport_blocked() {
    for blocks in [Blocks::BeforeTheFuture, Blocks::InsideTheFuture] {
        let transport = Blocking {
            blocks,
            delay: Duration::from_secs(2),
        };
        let (outcome, took) = exchange(transport, Duration::from_millis(300)).await;
        assert!(
            matches!(outcome, Err(Error::Timeout)),
            "{blocks:?}: {outcome:?}"
        );
        // The thread was the transport's for 2 s: the call ends when it is given back.
        assert!(took >= Duration::from_secs(2), "{blocks:?}: {took:?}");
    }
}

#[tokio::test]
async fn a_transport_that_blocks_briefly_still_delivers_within_the_deadline() {
    for blocks in [Blocks::BeforeTheFuture, Blocks::InsideTheFuture] {
        let transport = Blocking {
            blocks,
            delay: Duration::from_millis(50),
        };
        let (outcome, _) = exchange(transport, Duration::from_secs(10)).await;
        assert!(outcome.is_ok(), "{blocks:?}: {outcome:?}");
    }
}
