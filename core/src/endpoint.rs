//! Where Instagram lives: endpoint URLs as validated data.

use std::net::IpAddr;
use std::str::FromStr;

use url::{Host, Url};

use crate::Error;

/// An absolute URL the library sends requests or users to. Must be `https`; plain
/// `http` is accepted only on loopback (127.0.0.0/8, ::1, localhost), for local sandboxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointUrl(Url);

/// A URL as an error message may show it: without a user name or password, a query or a
/// fragment, any of which can hold a secret.
pub(crate) fn shown_in_errors(url: &Url) -> String {
    let mut shown = url.clone();
    // Only a URL that cannot have them (not http or https) refuses these; it has none.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

impl EndpointUrl {
    /// Parses and validates an endpoint URL.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let url = Url::parse(text.trim()).map_err(|source| Error::InvalidUrl {
            what: "endpoint",
            source,
        })?;
        Self::from_url(url)
    }

    /// Validates an already parsed URL.
    pub fn from_url(url: Url) -> Result<Self, Error> {
        let refuse = |why: &str| {
            Err(Error::InvalidConfig(format!(
                "endpoint {}: {why}",
                shown_in_errors(&url)
            )))
        };
        if !url.username().is_empty() || url.password().is_some() {
            return refuse("credentials in the URL are not allowed");
        }
        if url.fragment().is_some() {
            return refuse("a fragment is not allowed");
        }
        match url.scheme() {
            "https" if url.host().is_some() => Ok(Self(url)),
            "http" if url.host().is_some_and(|h| is_loopback(&h)) => Ok(Self(url)),
            "http" => refuse("plain http is allowed only for 127.0.0.1, ::1 and localhost"),
            _ => refuse("only https URLs are allowed"),
        }
    }

    /// The validated URL.
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// This URL with `segments` appended to its path, so a base with or without a trailing
    /// slash and with or without a path prefix (`http://127.0.0.1:8080/ig`) works alike.
    pub(crate) fn with_path(&self, segments: &[&str]) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }
}

impl FromStr for EndpointUrl {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

pub(crate) fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// The three places a sign-in talks to: the consent page, the token endpoint and the
/// Graph API (long-lived tokens, refresh, profile).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Where the user is sent to sign in and consent.
    pub authorize: EndpointUrl,
    /// Where the code is exchanged for a token (form POST).
    pub token: EndpointUrl,
    /// Base of the Graph API: `access_token`, `refresh_access_token` and `me` live below it.
    pub graph: EndpointUrl,
}

impl Endpoints {
    /// Today's Instagram API with Instagram Login: consent on `www.instagram.com`.
    pub fn instagram_login() -> Self {
        Self::fixed("https://www.instagram.com/oauth/authorize")
    }

    /// The consent page on `api.instagram.com`, as the Basic Display and original OAuth
    /// documents (and parts of Meta's reference) still show it. Same token and Graph hosts.
    pub fn instagram_legacy() -> Self {
        Self::fixed("https://api.instagram.com/oauth/authorize")
    }

    /// Everything under one base URL laid out like Instagram: `<base>/oauth/authorize`,
    /// `<base>/oauth/access_token`, and the Graph API at `<base>` itself. This is how the
    /// local sandbox (and any stand-in for Instagram) is addressed.
    pub fn under_base(base: &EndpointUrl) -> Self {
        let at = |segments: &[&str]| EndpointUrl(base.with_path(segments));
        Self {
            authorize: at(&["oauth", "authorize"]),
            token: at(&["oauth", "access_token"]),
            graph: at(&[""]),
        }
    }

    #[allow(
        clippy::expect_used,
        reason = "three constant URLs, all parsed by the tests below"
    )]
    fn fixed(authorize: &str) -> Self {
        let known = |text: &str| EndpointUrl(Url::parse(text).expect("a valid built-in URL"));
        Self {
            authorize: known(authorize),
            token: known("https://api.instagram.com/oauth/access_token"),
            graph: known("https://graph.instagram.com/"),
        }
    }
}

impl Default for Endpoints {
    fn default() -> Self {
        Self::instagram_login()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by review: the refusal repeated the password it refused.
    #[test]
    fn a_refused_url_is_shown_without_its_secrets() {
        for (text, refused) in [
            (
                "https://us3r:pa55word@backend.example/fn?key=k3y#fr4g",
                EndpointUrl::parse as fn(&str) -> Result<_, _>,
            ),
            (
                "http://us3r:pa55word@10.0.0.1/fn?key=k3y",
                EndpointUrl::parse,
            ),
        ] {
            let message = refused(text).unwrap_err().to_string();
            for secret in ["us3r", "pa55word", "k3y", "fr4g"] {
                assert!(!message.contains(secret), "{message}");
            }
            assert!(
                message.contains("backend.example") || message.contains("10.0.0.1"),
                "{message}"
            );
        }
        for text in [
            "https://user:pa55word@app.example/auth/",
            "https://app.example/auth/?k=k3y#fr4g",
        ] {
            let message = crate::RedirectUri::parse(text).unwrap_err().to_string();
            for secret in ["pa55word", "k3y", "fr4g"] {
                assert!(!message.contains(secret), "{message}");
            }
        }
    }

    #[test]
    fn https_anywhere_and_http_only_on_loopback() {
        for ok in [
            "https://www.instagram.com/oauth/authorize",
            "http://127.0.0.1:8080/",
            "http://127.1.2.3/",
            "http://[::1]:9000/x",
            "http://localhost:1/",
            "http://LOCALHOST:1/",
        ] {
            assert!(EndpointUrl::parse(ok).is_ok(), "{ok} refused");
        }
        for bad in [
            "http://www.instagram.com/",
            "http://10.0.2.2:8080/",
            "http://192.168.1.2/",
            "http://localhost.evil.com/",
            "http://[::2]/",
            "ftp://127.0.0.1/",
            "myapp://callback",
            "https://user:pw@www.instagram.com/",
            "https://www.instagram.com/#x",
            "not a url",
            "",
        ] {
            assert!(
                matches!(
                    EndpointUrl::parse(bad),
                    Err(Error::InvalidConfig(_) | Error::InvalidUrl { .. })
                ),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn built_in_endpoints_match_the_documents() {
        let today = Endpoints::instagram_login();
        assert_eq!(
            today.authorize.as_str(),
            "https://www.instagram.com/oauth/authorize"
        );
        assert_eq!(
            today.token.as_str(),
            "https://api.instagram.com/oauth/access_token"
        );
        assert_eq!(today.graph.as_str(), "https://graph.instagram.com/");
        let legacy = Endpoints::instagram_legacy();
        assert_eq!(
            legacy.authorize.as_str(),
            "https://api.instagram.com/oauth/authorize"
        );
        assert_eq!(legacy.token, today.token);
    }

    #[test]
    fn a_base_lays_out_instagram_paths_with_or_without_prefix_and_slash() {
        for (base, prefix) in [
            ("http://127.0.0.1:4000", "http://127.0.0.1:4000/"),
            ("http://127.0.0.1:4000/", "http://127.0.0.1:4000/"),
            ("http://127.0.0.1:4000/ig", "http://127.0.0.1:4000/ig/"),
            ("http://127.0.0.1:4000/ig/", "http://127.0.0.1:4000/ig/"),
        ] {
            let endpoints = Endpoints::under_base(&EndpointUrl::parse(base).unwrap());
            assert_eq!(
                endpoints.authorize.as_str(),
                format!("{prefix}oauth/authorize")
            );
            assert_eq!(
                endpoints.token.as_str(),
                format!("{prefix}oauth/access_token")
            );
            assert_eq!(endpoints.graph.as_str(), prefix);
            assert_eq!(
                endpoints.graph.with_path(&["v23.0", "me"]).as_str(),
                format!("{prefix}v23.0/me")
            );
        }
    }
}
