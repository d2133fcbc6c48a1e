//! Instagram's redirect URI rule, as its OAuth guide states it: "the host and path
//! components of your redirect URI must match exactly (including trailing slashes) your
//! registered redirect_uri. You may also include additional query parameters."
//! Written from the guide's table, independently of the client library.

use url::Url;

/// Whether `passed` (the `redirect_uri` given to /oauth/authorize) is allowed for the
/// `registered` URI.
pub fn redirect_allowed(registered: &str, passed: &str) -> bool {
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
    let same_place = registered.scheme() == passed.scheme()
        && registered.host_str() == passed.host_str()
        && registered.port_or_known_default() == passed.port_or_known_default()
        && registered.path() == passed.path();
    // The guide's table: the registered parameters must come first, in order; more may follow.
    let registered_query: Vec<_> = registered.query_pairs().collect();
    let passed_query: Vec<_> = passed.query_pairs().collect();
    same_place
        && passed_query.len() >= registered_query.len()
        && registered_query
            .iter()
            .zip(&passed_query)
            .all(|(a, b)| a == b)
}

/// The redirect URI table of Instagram's OAuth guide, row by row: (registered URI,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_table() {
        let rows = guide_redirect_table();
        assert_eq!(rows.len(), 7, "the guide's table has seven rows");
        for (registered, passed, allowed) in rows {
            assert_eq!(
                redirect_allowed(registered, passed),
                allowed,
                "{registered} / {passed}"
            );
        }
    }

    #[test]
    fn fragments_and_garbage_are_refused() {
        assert!(!redirect_allowed(
            "https://a.example/",
            "https://a.example/#x"
        ));
        assert!(!redirect_allowed("https://a.example/", "nonsense"));
    }

    #[test]
    fn userinfo_is_refused() {
        let registered = "https://app.example.com/auth/";
        assert!(redirect_allowed(registered, registered));
        for passed in [
            "https://evil@app.example.com/auth/",
            "https://evil:pw@app.example.com/auth/",
            "https://:pw@app.example.com/auth/",
        ] {
            assert!(!redirect_allowed(registered, passed), "{passed}");
        }
    }
}
