//! The consent-page URL of one sign-in, and the part of it that is the same for every
//! sign-in of an app, encoded once.

use std::fmt;

use url::form_urlencoded;

use crate::{ClientId, EndpointUrl, RedirectUri};

/// The consent page to open in the system browser (ASWebAuthenticationSession, Custom
/// Tabs), with every parameter of one sign-in. Always a valid URL in the `url` crate's
/// normal form: `Url::parse(u.as_str())` succeeds and serializes back to the same text.
///
/// It carries the sign-in's state, so keep it out of logs: `Debug` shows only the page.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AuthorizationUrl(String);

impl AuthorizationUrl {
    /// The URL as text, to hand to the browser.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Scheme, host and path: what `Debug` may show.
    fn page(&self) -> &str {
        self.0.split(['?', '#']).next().unwrap_or_default()
    }
}

impl fmt::Display for AuthorizationUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The query holds the state; only the page is shown.
impl fmt::Debug for AuthorizationUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AuthorizationUrl")
            .field(&format_args!("{}?[redacted]", self.page()))
            .finish()
    }
}

impl AsRef<str> for AuthorizationUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<AuthorizationUrl> for String {
    fn from(url: AuthorizationUrl) -> String {
        url.0
    }
}

/// The consent page with the app's `client_id` and `redirect_uri` already in its query.
/// Building each sign-in's URL from it only encodes that sign-in's own parameters, and
/// needs no URL parse: the prefix is a parsed URL's serialization, and what is appended
/// is `application/x-www-form-urlencoded` output, which the parser keeps as it is.
#[derive(Clone, Debug)]
pub(crate) struct AuthorizationUrlPrefix(String);

impl AuthorizationUrlPrefix {
    pub(crate) fn new(
        page: &EndpointUrl,
        client_id: &ClientId,
        redirect_uri: &RedirectUri,
    ) -> Self {
        let mut url = page.as_url().clone();
        url.query_pairs_mut()
            .append_pair("client_id", client_id.as_str())
            .append_pair("redirect_uri", redirect_uri.as_str());
        // An endpoint has no fragment, so the query ends the text and more pairs can follow.
        Self(url.into())
    }

    /// This prefix followed by the pairs `append` adds.
    pub(crate) fn build(&self, append: impl FnOnce(&mut QueryTail)) -> AuthorizationUrl {
        let mut tail = QueryTail(String::with_capacity(self.0.len() + 192));
        tail.0.push_str(&self.0);
        append(&mut tail);
        AuthorizationUrl(tail.0)
    }
}

/// The end of a query that already has a pair, to which more are appended.
pub(crate) struct QueryTail(String);

impl QueryTail {
    /// Appends `&name=value`, encoded as [`url::Url::query_pairs_mut`] would encode it.
    pub(crate) fn append_pair(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.push('&');
        self.0
            .extend(form_urlencoded::byte_serialize(name.as_bytes()));
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
        self
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;

    fn prefix(page: &str, redirect: &str) -> AuthorizationUrlPrefix {
        AuthorizationUrlPrefix::new(
            &EndpointUrl::parse(page).unwrap(),
            &ClientId::new("990602627938098").unwrap(),
            &RedirectUri::parse(redirect).unwrap(),
        )
    }

    /// The reference: what the `url` crate itself makes of the same pairs.
    fn by_url_crate(page: &str, redirect: &str, pairs: &[(&str, &str)]) -> String {
        let mut url = Url::parse(page).unwrap();
        url.query_pairs_mut()
            .append_pair("client_id", "990602627938098")
            .append_pair(
                "redirect_uri",
                RedirectUri::parse(redirect).unwrap().as_str(),
            )
            .extend_pairs(pairs);
        url.into()
    }

    #[test]
    fn same_text_as_the_url_crate_and_already_in_normal_form() {
        let pairs = [
            ("response_type", "code"),
            ("scope", "instagram_business_basic,x"),
            ("state", "s p&a=c#e/ü+%"),
        ];
        for (page, redirect) in [
            (
                "https://www.instagram.com/oauth/authorize",
                "https://a.example/cb/",
            ),
            ("https://www.instagram.com/oauth/authorize?", "myapp://cb"),
            (
                "https://h.example/consent?lang=en&x=%20",
                "https://a.example/c?b=1&d=ü",
            ),
            ("http://127.0.0.1:9/oauth/authorize", "https://a.example/"),
        ] {
            let built = prefix(page, redirect).build(|query| {
                for (name, value) in pairs {
                    query.append_pair(name, value);
                }
            });
            assert_eq!(
                built.as_str(),
                by_url_crate(page, redirect, &pairs),
                "{page}"
            );
            assert_eq!(Url::parse(built.as_str()).unwrap().as_str(), built.as_str());
        }
    }

    #[test]
    fn debug_shows_the_page_but_not_the_state() {
        let built = prefix(
            "https://www.instagram.com/oauth/authorize",
            "https://a.example/",
        )
        .build(|query| {
            query.append_pair("state", "SECRETSTATE");
        });
        let debug = format!("{built:?}");
        assert_eq!(
            debug,
            "AuthorizationUrl(https://www.instagram.com/oauth/authorize?[redacted])"
        );
        assert!(built.to_string().ends_with("&state=SECRETSTATE"));
    }
}
