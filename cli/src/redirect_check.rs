//! `igauth check-redirect`: whether Instagram accepts a `redirect_uri` for a registered
//! redirect URI, by today's rule or the 2013 guide's, and how the two differ when not.
//!
//! A reason names the part that differs and what the registered URI has there, never what
//! the other URI has: a redirect URI pasted from a callback may carry the state or a code
//! in its path or query.

use instagram_auth::{LocationDifference, RedirectUri};
use instagram_sandbox::RedirectRule;

/// Why `passed` is refused for `registered` under `rule`, or `None` when it is accepted.
/// Scheme, host, port and path are compared by the core (`location_differences`, which the
/// library's own redirect-mismatch error uses); the first difference is named here.
pub fn refusal(
    rule: RedirectRule,
    registered: &RedirectUri,
    passed: &RedirectUri,
) -> Option<String> {
    let expected = registered.as_url();
    let Some(difference) = registered
        .location_differences(passed.as_url())
        .into_iter()
        .next()
    else {
        return query_refusal(rule, registered, passed);
    };
    let path = expected.path();
    Some(match difference {
        LocationDifference::Scheme => format!(
            "scheme: the registered redirect URI uses {}",
            expected.scheme()
        ),
        LocationDifference::Host => format!(
            "host: the registered redirect URI's host is {}",
            expected.host_str().unwrap_or("empty")
        ),
        LocationDifference::Port => match expected.port_or_known_default() {
            Some(port) => format!("port: the registered redirect URI uses port {port}"),
            None => "port: the registered redirect URI has no port".to_owned(),
        },
        LocationDifference::TrailingSlashAdded => format!(
            "trailing slash: the registered path {path} does not end with \"/\"; this one does"
        ),
        LocationDifference::TrailingSlashMissing => {
            format!("trailing slash: the registered path {path} ends with \"/\"; this one does not")
        }
        _ => format!("path: differs from the registered path {path}"),
    })
}

fn query_refusal(
    rule: RedirectRule,
    registered: &RedirectUri,
    passed: &RedirectUri,
) -> Option<String> {
    match rule {
        RedirectRule::Exact => {
            let (expected, got) = (registered.as_url(), passed.as_url());
            if expected.query() == got.query() {
                return None;
            }
            let expected_pairs: Vec<_> = expected.query_pairs().collect();
            let got_pairs: Vec<_> = got.query_pairs().collect();
            Some(if got_pairs.starts_with(&expected_pairs) {
                "query: extra query parameters; Instagram Login matches the query exactly (the 2013 rule allowed extra ones)".to_owned()
            } else {
                "query: differs from the registered redirect URI's; Instagram Login matches the query exactly".to_owned()
            })
        }
        RedirectRule::Legacy => (!registered.accepts(passed)).then(|| {
            "query: the registered redirect URI's query parameters must come first, in their order; more may only follow them".to_owned()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> RedirectUri {
        RedirectUri::parse(text).unwrap()
    }

    /// Reasons never repeat what the checked URI carried, only what the registered one has.
    #[test]
    fn reasons_never_echo_the_checked_uri() {
        let registered = uri("https://app.example.com/auth/");
        for passed in [
            "http://app.example.com/auth/",
            "https://secret-host.example/auth/",
            "https://app.example.com:9443/auth/",
            "https://app.example.com/auth/state-SECRET",
            "https://app.example.com/auth",
            "https://app.example.com/auth/?code=SECRET",
        ] {
            for rule in [RedirectRule::Exact, RedirectRule::Legacy] {
                let reason = refusal(rule, &registered, &uri(passed));
                if rule == RedirectRule::Legacy && passed.contains('?') {
                    assert_eq!(reason, None, "the 2013 rule allows extra parameters");
                    continue;
                }
                let reason = reason.unwrap_or_else(|| panic!("{passed} was accepted"));
                for carried in ["SECRET", "secret-host", "9443", "http:"] {
                    assert!(!reason.contains(carried), "{reason}");
                }
            }
        }
    }

    #[test]
    fn the_first_difference_is_named() {
        let registered = uri("https://app.example.com/auth/?type=mobile");
        let reason = |passed: &str, rule| refusal(rule, &registered, &uri(passed)).unwrap();
        let exact = RedirectRule::Exact;
        assert!(reason("http://evil.example/x", exact).starts_with("scheme:"));
        assert!(reason("https://evil.example/x", exact).starts_with("host:"));
        assert!(reason("https://app.example.com:8443/auth/", exact).starts_with("port:"));
        assert!(
            reason("https://app.example.com/auth?type=mobile", exact)
                .starts_with("trailing slash:")
        );
        assert!(
            reason("https://app.example.com/auth/?type=mobile&x=1", exact).contains("extra query")
        );
        assert!(reason("https://app.example.com/auth/?type=web", exact).starts_with("query:"));
        assert!(
            reason("https://app.example.com/auth/", RedirectRule::Legacy).starts_with("query:")
        );
    }
}
