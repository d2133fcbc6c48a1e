//! Proxy variables set for other programs must not receive the app secret and the code.
//! Its own test binary: it sets process-wide environment variables.

#![cfg(test)]

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use instagram_auth::{AuthorizationCode, CodeGrant, Error, InstagramAuth, RedirectUri};
use instagram_sandbox::{Sandbox, SandboxConfig};

/// A "proxy" that records the start of whatever is sent to it, then hangs up.
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0; 4096];
            let read = stream.read(&mut buffer).unwrap_or(0);
            let text = String::from_utf8_lossy(&buffer[..read]).into_owned();
            record.lock().unwrap().push(text);
        }
    });
    (address, seen)
}

#[test]
fn environment_proxies_are_ignored_unless_asked_for() {
    let (proxy, seen) = recording_proxy();
    // SAFETY: set before any other thread of this test binary reads the environment (the
    // proxy thread does not, and the runtime is built afterwards).
    unsafe {
        for name in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"] {
            std::env::set_var(name, &proxy);
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let grant = CodeGrant::new(
            AuthorizationCode::new("CODE-FOR-NOBODY").unwrap(),
            RedirectUri::parse(common::REDIRECT).unwrap(),
        );
        let exchange = |proxy_from_environment: bool| {
            let mut config = common::config_for(&sandbox);
            config.http.proxy_from_environment = proxy_from_environment;
            let grant = grant.clone();
            async move {
                let auth = InstagramAuth::new(config).unwrap();
                auth.exchange_code_with_client_secret(&grant, &common::secret())
                    .await
            }
        };

        // The browser stand-in (tests, `igauth demo`) goes straight to the sandbox too: the
        // consent URL carries the state.
        let pending = InstagramAuth::new(common::config_for(&sandbox))
            .unwrap()
            .start_authorization(&[])
            .unwrap();
        assert!(common::consent(&pending, "allow").await.contains("code="));

        // Straight to the sandbox, which refuses the unknown code.
        let direct = exchange(false).await;
        assert!(matches!(direct, Err(Error::Provider(_))), "{direct:?}");
        assert!(seen.lock().unwrap().is_empty(), "the proxy saw a request");

        // Opted in, the same request goes to the proxy: the variables were honoured.
        let proxied = exchange(true).await;
        assert!(matches!(proxied, Err(Error::Network(_))), "{proxied:?}");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(seen[0].contains("/oauth/access_token"), "{seen:?}");
    });
}
