//! Building the authorization URL and reading the callback, next to the `oauth2` crate
//! doing the equivalent (its `authorize_url` with a scope and state; the callback's code
//! and state read with `url`, which is all a client without this library would do).
//! `cargo bench -p instagram-auth --bench url_and_callback`; scripts/bench.sh prints a table.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    reason = "criterion_group! defines an undocumented pub fn; a benchmark may unwrap"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use instagram_auth::{
    ClientId, Config, CsrfState, InstagramAuth, RedirectUri, ResponseType, Scope, parse_callback,
};

const REDIRECT: &str = "https://app.example.com/auth/";
const CALLBACK: &str = "https://app.example.com/auth/?code=AQBx-hBsH3a1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVwXyZ0123456789abcdef&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08#_";
const STATE: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn authorize_url(c: &mut Criterion) {
    let auth = InstagramAuth::new(Config::new(
        ClientId::new("990602627938098").unwrap(),
        RedirectUri::parse(REDIRECT).unwrap(),
    ))
    .unwrap();
    let scope = Scope::instagram_business_basic();
    let oauth2_client =
        oauth2::basic::BasicClient::new(oauth2::ClientId::new("990602627938098".into()))
            .set_auth_uri(
                oauth2::AuthUrl::new("https://www.instagram.com/oauth/authorize".into()).unwrap(),
            )
            .set_redirect_uri(oauth2::RedirectUrl::new(REDIRECT.into()).unwrap());

    let mut group = c.benchmark_group("authorize_url");
    group.bench_function("instagram-auth", |b| {
        b.iter(|| {
            black_box(
                auth.authorization_request()
                    .scope(scope.clone())
                    .state(CsrfState::new(STATE).unwrap())
                    .start()
                    .unwrap(),
            )
        })
    });
    group.bench_function("oauth2", |b| {
        b.iter(|| {
            black_box(
                oauth2_client
                    .authorize_url(|| oauth2::CsrfToken::new(STATE.into()))
                    .add_scope(oauth2::Scope::new("instagram_business_basic".into()))
                    .url(),
            )
        })
    });
    // Both with a fresh random state, as each does by default.
    group.bench_function("instagram-auth (generated state)", |b| {
        b.iter(|| {
            black_box(
                auth.authorization_request()
                    .scope(scope.clone())
                    .start()
                    .unwrap(),
            )
        })
    });
    group.bench_function("oauth2 (new_random state)", |b| {
        b.iter(|| {
            black_box(
                oauth2_client
                    .authorize_url(oauth2::CsrfToken::new_random)
                    .add_scope(oauth2::Scope::new("instagram_business_basic".into()))
                    .url(),
            )
        })
    });
    group.finish();
}

fn callback(c: &mut Criterion) {
    let redirect = RedirectUri::parse(REDIRECT).unwrap();
    let state = CsrfState::new(STATE).unwrap();
    let mut group = c.benchmark_group("callback_parse");
    group.bench_function("instagram-auth", |b| {
        b.iter(|| {
            black_box(
                parse_callback(
                    black_box(CALLBACK),
                    &redirect,
                    ResponseType::Code,
                    Some(&state),
                )
                .unwrap(),
            )
        })
    });
    group.bench_function("url crate (oauth2 users)", |b| {
        b.iter(|| {
            let url = url::Url::parse(black_box(CALLBACK)).unwrap();
            let (mut code, mut returned_state) = (None, None);
            for (name, value) in url.query_pairs() {
                match name.as_ref() {
                    "code" => code = Some(value.into_owned()),
                    "state" => returned_state = Some(value.into_owned()),
                    _ => {}
                }
            }
            assert!(returned_state.as_deref() == Some(STATE));
            black_box(code.unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, authorize_url, callback);
criterion_main!(benches);
