//! Playing the user's browser against the sandbox, for tests, the CLI demo and benchmarks.

use std::sync::Arc;

use crate::{DECISION_PARAMETER, Decision};

/// A reqwest client for plain http on loopback that never follows redirects, so a caller
/// can read where the consent page sends the user.
pub fn loopback_client() -> reqwest::Client {
    // reqwest wants a TLS configuration even for plain http; this one trusts nobody.
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("ring supports the default protocol versions")
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // The consent URL carries the state and the redirect the code: a proxy variable
        // set for other programs must not receive them.
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a plain loopback client builds")
}

/// Opens a sandbox consent URL with an automatic `decision` and returns the callback URL
/// it redirects to, as a browser would hand it to the app.
pub async fn answer_consent(authorization_url: &str, decision: Decision) -> Result<String, String> {
    let answer = match decision {
        Decision::Allow => "allow",
        Decision::Deny => "deny",
    };
    let mut url = url::Url::parse(authorization_url).map_err(|e| format!("not a URL: {e}"))?;
    url.query_pairs_mut()
        .append_pair(DECISION_PARAMETER, answer);
    let response = loopback_client()
        .get(url)
        .send()
        .await
        .map_err(|e| format!("the sandbox did not answer: {e}"))?;
    if response.status() != 302 {
        return Err(format!(
            "the sandbox refused the authorization request (HTTP {})",
            response.status()
        ));
    }
    response
        .headers()
        .get("location")
        .and_then(|location| location.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| "the sandbox redirected nowhere".to_owned())
}
