//! What Parse needs for the code flow: the grant itself as `instagram` authData.

use std::collections::BTreeMap;

use crate::{CodeGrant, ParseAuthData};

/// Parse authData for the code flow: `{"instagram":{"code":"…","redirect_uri":"…"}}`.
///
/// For a Parse Server whose Instagram adapter exchanges the code itself, with the app secret it
/// holds (parse-server with the fix in `server/UPSTREAM-parse-server-instagram-code.md`; stock
/// 9.10 refuses this authData): Parse checks `redirect_uri` against the ones it allows, exchanges
/// the code, takes the user id from Instagram and stores `{id, access_token}`, so the app never
/// holds a token. The code is single-use: log in or link with it once. Debug output redacts it.
#[derive(Clone, Debug)]
pub struct ParseCodeAuthData {
    grant: CodeGrant,
}

impl ParseCodeAuthData {
    /// The authData that hands `grant` to Parse.
    pub fn new(grant: CodeGrant) -> Self {
        Self { grant }
    }

    /// The provider's fields, `code` and `redirect_uri`, as a string map, as both Parse SDKs take them.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("code".to_owned(), self.grant.code().secret().to_owned()),
            (
                "redirect_uri".to_owned(),
                self.grant.redirect_uri().as_str().to_owned(),
            ),
        ])
    }

    /// The whole authData object, `{"instagram":{...}}`, as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::json!({ ParseAuthData::PROVIDER: self.to_map() }).to_string()
    }
}

impl From<CodeGrant> for ParseCodeAuthData {
    fn from(grant: CodeGrant) -> Self {
        Self::new(grant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AuthorizationCode, RedirectUri};

    fn data() -> ParseCodeAuthData {
        ParseCodeAuthData::new(CodeGrant::new(
            AuthorizationCode::new("AQBx-hBsH3").unwrap(),
            RedirectUri::parse("https://app.example.com/auth/").unwrap(),
        ))
    }

    /// The fields the fixed adapter reads (`authData.code`, `authData.redirect_uri`), the
    /// redirect URI exactly as registered: Instagram compares it byte for byte.
    #[test]
    fn json_has_the_fields_the_code_flow_adapter_reads() {
        let json: serde_json::Value = serde_json::from_str(&data().to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"instagram": {"code": "AQBx-hBsH3", "redirect_uri": "https://app.example.com/auth/"}})
        );
        assert_eq!(data().to_map().len(), 2);
    }

    #[test]
    fn debug_redacts_the_code() {
        let debug = format!("{:?}", data());
        assert!(!debug.contains("AQBx-hBsH3"), "{debug}");
        assert!(debug.contains("app.example.com"), "{debug}");
    }
}
