//! Instagram's redirect URI rules, written from its documents, independently of the
//! client library.
//!
//! Today (Instagram API with Instagram Login): the `redirect_uri` must match a registered
//! one exactly, trailing slash included (Meta's authorize reference: "Make sure this
//! exactly matches one of the base URIs in your list of valid oAuth URIs").
//!
//! 2013 (the original OAuth guide, `--redirect-rule legacy`): "the host and path
//! components of your redirect URI must match exactly (including trailing slashes) your
//! registered redirect_uri. You may also include additional query parameters", with the
//! guide's table of examples.

use url::Url;

use crate::RedirectRule;

impl RedirectRule {
    /// Whether `passed` (the `redirect_uri` given to /oauth/authorize) is allowed for the
    /// `registered` URI. Both are compared as parsed URLs: a host's case and a default port
    /// written out do not count, every other character does.
    pub fn allows(self, registered: &str, passed: &str) -> bool {
        let (Ok(registered), Ok(passed)) = (Url::parse(registered), Url::parse(passed)) else {
            return false;
        };
        if passed.fragment().is_some() {
            return false;
        }
        // `https://evil@app.example.com/auth/` has the registered host, but a browser shows
        // (and some parsers read) the userinfo as the place: Instagram refuses it.
        if !passed.username().is_empty() || passed.password().is_some() {
            return false;
        }
        match self {
            Self::Exact => registered == passed,
            Self::Legacy => legacy_allows(&registered, &passed),
        }
    }
}

/// The guide's table: the same place, the registered parameters first and in order, more
/// may follow.
fn legacy_allows(registered: &Url, passed: &Url) -> bool {
    let same_place = registered.scheme() == passed.scheme()
        && registered.host_str() == passed.host_str()
        && registered.port_or_known_default() == passed.port_or_known_default()
        && registered.path() == passed.path();
    let registered_query: Vec<_> = registered.query_pairs().collect();
    let passed_query: Vec<_> = passed.query_pairs().collect();
    same_place && passed_query.starts_with(&registered_query)
}

/// The redirect URI table of Instagram's 2013 OAuth guide, row by row: (registered URI,
/// `redirect_uri` passed to /authorize, valid?). Kept as data in
/// `testdata/instagram-redirect-table.tsv` so the sandbox and the client library are
/// each checked against the same document.
pub fn guide_redirect_table() -> Vec<(&'static str, &'static str, bool)> {
    include_str!("../../testdata/instagram-redirect-table.tsv")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, fields.next()?, fields.next()? == "yes"))
        })
        .collect()
}

/// Today's Instagram Login answers, row by row: (registered URI, `redirect_uri` passed
/// to /authorize, valid?, how it differs: `-` when valid, else one of `trailing slash`,
/// `scheme`, `host`, `port`, `path`, `query`). Kept as data in
/// `testdata/instagram-login-redirects.tsv`; it includes the 2013 guide's rows with
/// today's answers.
pub fn exact_redirect_table() -> Vec<(&'static str, &'static str, bool, &'static str)> {
    include_str!("../../testdata/instagram-login-redirects.tsv")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((
                fields.next()?,
                fields.next()?,
                fields.next()? == "yes",
                fields.next()?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2013_guides_table_under_the_legacy_rule() {
        let rows = guide_redirect_table();
        assert_eq!(rows.len(), 7, "the guide's table has seven rows");
        for (registered, passed, allowed) in rows {
            assert_eq!(
                RedirectRule::Legacy.allows(registered, passed),
                allowed,
                "{registered} / {passed}"
            );
        }
    }

    #[test]
    fn todays_table_under_the_exact_rule() {
        let rows = exact_redirect_table();
        assert!(rows.len() >= 20, "{}", rows.len());
        for (registered, passed, allowed, _) in rows {
            assert_eq!(
                RedirectRule::Exact.allows(registered, passed),
                allowed,
                "{registered} / {passed}"
            );
        }
    }

    #[test]
    fn the_exact_rule_is_the_default() {
        assert_eq!(RedirectRule::default(), RedirectRule::Exact);
    }

    #[test]
    fn fragments_and_garbage_are_refused_by_both_rules() {
        for rule in [RedirectRule::Exact, RedirectRule::Legacy] {
            assert!(!rule.allows("https://a.example/", "https://a.example/#x"));
            assert!(!rule.allows("https://a.example/", "nonsense"));
            assert!(!rule.allows("nonsense", "https://a.example/"));
        }
    }

    #[test]
    fn userinfo_is_refused_by_both_rules() {
        let registered = "https://app.example.com/auth/";
        for rule in [RedirectRule::Exact, RedirectRule::Legacy] {
            assert!(rule.allows(registered, registered));
            for passed in [
                "https://evil@app.example.com/auth/",
                "https://evil:pw@app.example.com/auth/",
                "https://:pw@app.example.com/auth/",
            ] {
                assert!(!rule.allows(registered, passed), "{passed}");
            }
        }
    }
}
