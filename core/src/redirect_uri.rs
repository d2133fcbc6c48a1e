//! The redirect URI: where Instagram sends the user back, and the rules it must follow.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use url::{Position, Url};

use crate::Error;
use crate::endpoint::{is_loopback, shown_in_errors};

/// The absolute URL Instagram redirects to after consent. Instagram itself accepts only
/// http(s) URLs registered in the App Dashboard (on mobile: a Universal Link / App Link,
/// or an https page that bounces to the app); other schemes are accepted here so a local
/// sandbox can call an app back on its custom scheme.
///
/// The exact text of [`as_str`](Self::as_str) is sent both to the consent page and to
/// the token endpoint, which requires the two to be identical.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectUri(Arc<Url>);

impl RedirectUri {
    /// Parses a redirect URI. It must be absolute and must not have a fragment (OAuth 2.0
    /// forbids one; Instagram uses the fragment itself).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let url = Url::parse(text.trim()).map_err(|source| Error::InvalidUrl {
            what: "redirect URI",
            source,
        })?;
        if url.fragment().is_some() {
            return Err(Error::InvalidConfig(format!(
                "the redirect URI {} must not contain a fragment (#...)",
                shown_in_errors(&url)
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::InvalidConfig(format!(
                "the redirect URI {} must not contain credentials",
                shown_in_errors(&url)
            )));
        }
        // Shared: every sign-in and every code grant carries the app's redirect URI.
        Ok(Self(Arc::new(url)))
    }

    /// The URI as sent to Instagram.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The parsed URI.
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// Whether Instagram accepts `requested` as the `redirect_uri` of an authorization when
    /// `self` is the URI registered for the app, by the rules of Instagram's OAuth guide:
    /// scheme, host, port and path match exactly (trailing slash included); the requested
    /// URI may add query parameters after the registered ones, but must keep those first
    /// and in their order.
    pub fn accepts(&self, requested: &RedirectUri) -> bool {
        let (registered, requested) = (&self.0, &requested.0);
        let registered_query: Vec<_> = registered.query_pairs().collect();
        let requested_query: Vec<_> = requested.query_pairs().collect();
        same_location(registered, requested) && requested_query.starts_with(&registered_query)
    }

    /// Whether a callback URL arrived at this redirect URI: same scheme, host, port and
    /// path. The callback's query adds Instagram's parameters, so it is not compared.
    pub(crate) fn is_location_of(&self, callback: &Url) -> bool {
        same_location(&self.0, callback)
    }

    /// How `other`'s scheme, host, port and path differ from this URI's, each named
    /// without repeating what `other` holds (a mangled callback can carry its code or
    /// state in its path). Empty when they are the same location.
    pub fn location_differences(&self, other: &Url) -> Vec<LocationDifference> {
        let ours = &self.0;
        let mut differences = Vec::new();
        if ours.scheme() != other.scheme() {
            differences.push(LocationDifference::Scheme);
        }
        if ours.host() != other.host() {
            differences.push(LocationDifference::Host);
        }
        // http and https imply different ports: that is the scheme's difference, unless
        // a port was written out.
        if ours.port_or_known_default() != other.port_or_known_default()
            && (ours.port().is_some() || other.port().is_some() || ours.scheme() == other.scheme())
        {
            differences.push(LocationDifference::Port);
        }
        if let Some(path) = path_difference(ours.path(), other.path()) {
            differences.push(path);
        }
        differences
    }

    /// Whether the code would travel in clear to another machine: plain `http` to a host
    /// that is not loopback. Instagram refuses such a redirect URI, and the library sends
    /// no user to one (loopback stays allowed for local sandboxes, as for endpoints).
    pub(crate) fn is_plain_http_off_loopback(&self) -> bool {
        self.0.scheme() == "http" && !self.0.host().is_some_and(|host| is_loopback(&host))
    }

    /// Scheme, host, port and path, without the URI's own query, in normal form: how
    /// errors name it, and what a callback's text starts with when it came here.
    pub(crate) fn location(&self) -> &str {
        &self.0[..Position::AfterPath]
    }
}

/// One way a URL's location differs from a redirect URI's (see
/// [`RedirectUri::location_differences`]). It names the part, never the other URL's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LocationDifference {
    /// Another scheme (e.g. `http` for `https`).
    Scheme,
    /// Another host.
    Host,
    /// Another port.
    Port,
    /// The redirect URI's path ends with `/` and the other does not.
    TrailingSlashMissing,
    /// The other path ends with a `/` the redirect URI's path does not have.
    TrailingSlashAdded,
    /// The other path goes on past the redirect URI's: what a callback looks like when
    /// the `?` before its parameters was lost.
    PathContinues,
    /// The paths differ only in upper and lower case (paths are case-sensitive).
    PathCase,
    /// Another path.
    Path,
}

impl fmt::Display for LocationDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LocationDifference::Scheme => "the scheme differs",
            LocationDifference::Host => "the host differs",
            LocationDifference::Port => "the port differs",
            LocationDifference::TrailingSlashMissing => "the path lacks the trailing slash",
            LocationDifference::TrailingSlashAdded => "the path has an extra trailing slash",
            LocationDifference::PathContinues => {
                "the path goes on past the redirect URI's (was the '?' before the parameters lost?)"
            }
            LocationDifference::PathCase => "the path differs in upper and lower case",
            LocationDifference::Path => "the path differs",
        })
    }
}

fn path_difference(ours: &str, other: &str) -> Option<LocationDifference> {
    if ours == other {
        return None;
    }
    Some(if ours.strip_suffix('/') == Some(other) {
        LocationDifference::TrailingSlashMissing
    } else if other.strip_suffix('/') == Some(ours) {
        LocationDifference::TrailingSlashAdded
    } else if other.starts_with(ours) {
        LocationDifference::PathContinues
    } else if ours.eq_ignore_ascii_case(other) {
        LocationDifference::PathCase
    } else {
        LocationDifference::Path
    })
}

fn same_location(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
        && a.path() == b.path()
}

impl FromStr for RedirectUri {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl fmt::Display for RedirectUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> RedirectUri {
        RedirectUri::parse(text).unwrap()
    }

    /// Hosts are ASCII (core/Cargo.toml pins url's ASCII-only IDNA back end for size): an
    /// internationalized domain works in its punycode form and is refused, with a message
    /// that says why, when written in Unicode.
    #[test]
    fn an_internationalized_host_is_written_in_punycode() {
        assert_eq!(
            uri("https://xn--bcher-kva.example/auth/").as_str(),
            "https://xn--bcher-kva.example/auth/"
        );
        let refused = RedirectUri::parse("https://bücher.example/auth/").unwrap_err();
        assert!(matches!(refused, Error::InvalidUrl { .. }), "{refused:?}");
        assert!(refused.to_string().contains("domain"), "{refused}");
    }

    /// The URL crate's own error stays reachable as the source, for logs that walk the
    /// chain.
    #[test]
    fn text_that_is_no_url_keeps_the_parser_s_reason_as_its_source() {
        let error = RedirectUri::parse("app.example/auth").unwrap_err();
        let source = std::error::Error::source(&error).expect("a source");
        assert_eq!(
            source.to_string(),
            url::ParseError::RelativeUrlWithoutBase.to_string()
        );
        assert!(matches!(
            error,
            Error::InvalidUrl {
                what: "redirect URI",
                ..
            }
        ));
    }

    // The table in Instagram's OAuth guide: tests/redirect_table.rs (it reads the sandbox's
    // copy of the table, which unit tests do not depend on).

    #[test]
    fn host_path_scheme_and_port_must_match_exactly() {
        let registered = uri("https://app.example.com/auth/");
        for (passed, valid) in [
            ("https://APP.example.com/auth/", true), // hosts are case-insensitive
            ("https://app.example.com:443/auth/", true), // the default port is the same port
            ("https://app.example.com/auth", false), // trailing slash
            ("https://app.example.com/auth/x", false),
            ("https://app.example.com/Auth/", false),
            ("http://app.example.com/auth/", false),
            ("https://app.example.com:8443/auth/", false),
            ("https://evil.example.com/auth/", false),
            ("https://app.example.com.evil.com/auth/", false),
        ] {
            assert_eq!(registered.accepts(&uri(passed)), valid, "{passed}");
        }
    }

    #[test]
    fn location_differences_name_each_part_that_differs() {
        use LocationDifference::*;
        let registered = uri("https://app.example.com/auth/");
        for (other, expected) in [
            ("https://APP.example.com:443/auth/?code=c", vec![]),
            ("https://app.example.com/auth", vec![TrailingSlashMissing]),
            ("https://app.example.com/auth//", vec![TrailingSlashAdded]),
            (
                "https://app.example.com/auth/code=c&state=s",
                vec![PathContinues],
            ),
            ("https://app.example.com/Auth/", vec![PathCase]),
            ("https://app.example.com/other/", vec![Path]),
            ("http://app.example.com/auth/", vec![Scheme]),
            ("http://app.example.com:443/auth/", vec![Scheme]),
            ("https://app.example.com:8443/auth/", vec![Port]),
            ("https://evil.example.com/auth/", vec![Host]),
            (
                "http://localhost:8765/auth",
                vec![Scheme, Host, Port, TrailingSlashMissing],
            ),
            ("myapp://auth/callback", vec![Scheme, Host, Path]),
        ] {
            let other = Url::parse(other).unwrap();
            assert_eq!(registered.location_differences(&other), expected, "{other}");
        }
        let unslashed = uri("https://app.example.com/auth");
        assert_eq!(
            unslashed.location_differences(&Url::parse("https://app.example.com/auth/").unwrap()),
            vec![TrailingSlashAdded]
        );
    }

    #[test]
    fn fragments_credentials_and_non_urls_are_refused() {
        for bad in [
            "https://a.example/#x",
            "https://u:p@a.example/",
            "/relative",
            "",
            "a b",
        ] {
            assert!(RedirectUri::parse(bad).is_err(), "{bad:?}");
        }
        assert!(RedirectUri::parse("myapp://oauth/callback").is_ok());
    }

    #[test]
    fn location_leaves_out_the_query() {
        assert_eq!(
            uri("https://a.example/cb?type=mobile").location(),
            "https://a.example/cb"
        );
    }
}
