//! What a test or the `igauth sandbox` command can choose: how the user answers, which
//! token reply shape is served, which redirect rule applies, and which failure to simulate.
//! Each has the names the command line uses.

use std::str::FromStr;
use std::time::Duration;

/// The user's answer on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// "Allow": redirect with a code (or, with the implicit flow allowed, a token).
    Allow,
    /// "Cancel": redirect with `error=access_denied`.
    Deny,
}

impl Decision {
    /// The names `--auto` and `sandbox_decision` take.
    pub const NAMES: [&str; 2] = ["allow", "deny"];
}

impl FromStr for Decision {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "allow" => Ok(Self::Allow),
            "deny" => Ok(Self::Deny),
            other => Err(format!("must be allow or deny, not {other}")),
        }
    }
}

/// Which token reply shape `/oauth/access_token` uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplyShape {
    /// Today's documented `{"data":[{"access_token","user_id":"..","permissions":".."}]}`.
    #[default]
    Wrapped,
    /// `{"access_token","user_id":<number>,"permissions":[..]}`: flat, the id a JSON number
    /// (above 2^53 for the default user) and the permissions a list, the shape Parse
    /// Server's Instagram adapter reads.
    Flat,
    /// Basic Display's `{"access_token","user_id":<number>}`.
    BasicDisplay,
    /// The original API's `{"access_token","user":{"id","username","full_name","profile_picture"}}`.
    Legacy,
}

impl ReplyShape {
    /// The names `--reply-shape` takes, in the order of the variants.
    pub const NAMES: [&str; 4] = ["wrapped", "flat", "basic-display", "legacy"];
}

impl FromStr for ReplyShape {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "wrapped" => Ok(Self::Wrapped),
            "flat" => Ok(Self::Flat),
            "basic-display" => Ok(Self::BasicDisplay),
            "legacy" => Ok(Self::Legacy),
            other => Err(unknown("reply shape", other, &Self::NAMES)),
        }
    }
}

/// How `/oauth/authorize` matches the `redirect_uri` against the app's registered ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RedirectRule {
    /// Instagram Login today: equal to a registered URI, trailing slash and query included.
    #[default]
    Exact,
    /// The 2013 OAuth guide's table: scheme, host, port and path equal; the registered
    /// query parameters first and in order; more parameters may follow.
    Legacy,
}

impl RedirectRule {
    /// The names `--redirect-rule` takes.
    pub const NAMES: [&str; 2] = ["exact", "legacy"];
}

impl FromStr for RedirectRule {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "exact" => Ok(Self::Exact),
            "legacy" => Ok(Self::Legacy),
            other => Err(unknown("redirect rule", other, &Self::NAMES)),
        }
    }
}

/// A failure the token and Graph endpoints simulate, until cleared. The consent page is
/// never affected, so a test can get a code and then watch the exchange fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally, but only after this long.
    Delay(Duration),
    /// HTTP 500 with Graph's transient error body.
    ServerError,
    /// HTTP 200 with an HTML page, like a captive portal.
    HtmlPage,
    /// Announce a JSON body, send half of it, close the connection.
    TruncatedBody,
    /// Stream a 2 MiB body without Content-Length.
    OversizedBody,
    /// Close the connection without answering.
    DropConnection,
    /// HTTP 302 to another page, as a captive portal answers: a client that followed it
    /// would send the request (a code, a token) there.
    Redirect,
    /// HTTP 400 with Graph's throttling error (code 4) and Meta's usage headers,
    /// `X-App-Usage` and `X-Business-Use-Case-Usage`.
    RateLimit,
}

impl Fault {
    /// The names `--fault` takes; `delay:<ms>` stands for any delay.
    pub const NAMES: [&str; 8] = [
        "delay:<ms>",
        "500",
        "html",
        "truncated",
        "oversized",
        "drop",
        "redirect",
        "rate-limit",
    ];

    /// Parses `delay:<ms>`, `500` (or `server-error`), `html`, `truncated`, `oversized`,
    /// `drop`, `redirect` or `rate-limit`.
    pub fn parse(text: &str) -> Result<Self, String> {
        text.parse()
    }
}

impl FromStr for Fault {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "500" | "server-error" => Ok(Self::ServerError),
            "html" => Ok(Self::HtmlPage),
            "truncated" => Ok(Self::TruncatedBody),
            "oversized" => Ok(Self::OversizedBody),
            "drop" => Ok(Self::DropConnection),
            "redirect" => Ok(Self::Redirect),
            "rate-limit" => Ok(Self::RateLimit),
            _ => text
                .strip_prefix("delay:")
                .and_then(|ms| ms.parse().ok())
                .map(|ms| Self::Delay(Duration::from_millis(ms)))
                .ok_or_else(|| unknown("fault", text, &Self::NAMES)),
        }
    }
}

fn unknown(what: &str, text: &str, names: &[&str]) -> String {
    format!("unknown {what} {text:?} ({})", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_variant() {
        for (index, name) in ReplyShape::NAMES.iter().enumerate() {
            let shape: ReplyShape = name.parse().unwrap();
            assert_eq!(shape as usize, index, "{name}");
        }
        for name in RedirectRule::NAMES.iter().chain(&Decision::NAMES) {
            assert!(
                name.parse::<RedirectRule>().is_ok() || name.parse::<Decision>().is_ok(),
                "{name}"
            );
        }
        for name in Fault::NAMES {
            let name = name.replace("<ms>", "20");
            assert!(Fault::parse(&name).is_ok(), "{name}");
        }
        assert_eq!(Fault::parse("rate-limit"), Ok(Fault::RateLimit));
        assert_eq!(
            Fault::parse("delay:20"),
            Ok(Fault::Delay(Duration::from_millis(20)))
        );
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let error = "xml".parse::<ReplyShape>().unwrap_err();
        assert!(error.contains("flat") && error.contains("xml"), "{error}");
        let error = Fault::parse("lightning").unwrap_err();
        assert!(
            error.contains("rate-limit") && error.contains("redirect"),
            "{error}"
        );
        assert!("loose".parse::<RedirectRule>().is_err());
        assert!("maybe".parse::<Decision>().is_err());
    }
}
