//! Properties over generated inputs: what the library builds, it reads back; what it is
//! fed, it never panics on; ids survive whatever their size.

#![cfg(test)]

use instagram_auth::{
    ClientId, Config, CsrfState, Error, Grant, InstagramAuth, RedirectUri, ResponseType,
    parse_callback, parse_token_reply,
};
use proptest::prelude::*;
use url::{Url, form_urlencoded};

/// https redirect URIs with optional path segments and their own query parameters.
fn redirect_uri() -> impl Strategy<Value = String> {
    (
        // "xn--" would start a punycode label, which must then decode.
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){1,2}"
            .prop_filter("not a punycode label", |host: &String| {
                !host.starts_with("xn--")
            }),
        prop::collection::vec("[A-Za-z0-9_~-]{1,8}", 0..3),
        any::<bool>(),
        prop::collection::vec(("[a-z]{1,5}", "[ -~]{0,8}"), 0..3),
    )
        .prop_map(|(host, segments, trailing_slash, query)| {
            let mut uri = format!("https://{host}/{}", segments.join("/"));
            if trailing_slash && !segments.is_empty() {
                uri.push('/');
            }
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(
                    &form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(query)
                        .finish(),
                );
            }
            uri
        })
}

/// What Instagram's redirect looks like: the redirect URI plus code and state, then `#_`.
fn instagram_callback(redirect: &RedirectUri, code: &str, state: &str) -> String {
    let mut url = redirect.as_url().clone();
    url.query_pairs_mut()
        .append_pair("code", code)
        .append_pair("state", state);
    format!("{url}#_")
}

proptest! {
    #[test]
    fn authorization_url_then_callback_round_trips(
        redirect in redirect_uri(),
        client_id in "[0-9]{1,20}",
        state in "\\PC{1,64}",
        code in "[^\\p{C}\\s]{1,200}",
    ) {
        prop_assume!(!code.ends_with("#_"));
        let auth = InstagramAuth::new(Config::new(ClientId::new(client_id.clone()).unwrap(), RedirectUri::parse(&redirect).unwrap())).unwrap();
        let pending = auth.authorization_request().state(CsrfState::new(state.clone()).unwrap()).start().unwrap();

        let url = Url::parse(pending.authorization_url().as_str()).unwrap();
        prop_assert_eq!(url.as_str(), pending.authorization_url().as_str(), "not in normal form");
        let sent: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        prop_assert_eq!(&sent[0], &("client_id".to_owned(), client_id));
        prop_assert_eq!(&sent[1].1, pending.redirect_uri().as_str());
        prop_assert_eq!(&sent[4], &("state".to_owned(), state.clone()));
        prop_assert!(url.fragment().is_none());

        let callback = instagram_callback(pending.redirect_uri(), &code, &state);
        match auth.handle_callback(&pending, &callback) {
            Ok(Grant::Code(grant)) => {
                prop_assert_eq!(grant.code().secret(), code.as_str());
                prop_assert_eq!(grant.redirect_uri(), pending.redirect_uri());
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn any_other_state_is_a_mismatch(redirect in redirect_uri(), state in "[ -~]{1,40}", other in "[ -~]{1,40}") {
        prop_assume!(state != other);
        let redirect = RedirectUri::parse(&redirect).unwrap();
        let callback = instagram_callback(&redirect, "code", &other);
        let result = parse_callback(&callback, &redirect, ResponseType::Code, Some(&CsrfState::new(state).unwrap()));
        prop_assert!(matches!(result, Err(Error::StateMismatch)), "{:?}", result);
    }

    #[test]
    fn saved_pending_authorizations_restore_exactly(redirect in redirect_uri(), scopes in prop::collection::vec("[a-z_]{1,30}", 0..5)) {
        let auth = InstagramAuth::new(Config::new(ClientId::new("1").unwrap(), RedirectUri::parse(&redirect).unwrap())).unwrap();
        let scopes: Vec<_> = scopes.into_iter().map(|s| instagram_auth::Scope::new(s).unwrap()).collect();
        let pending = auth.start_authorization(&scopes).unwrap();
        let restored = auth.restore_authorization(&pending.to_saved_string()).unwrap();
        prop_assert_eq!(restored.to_saved_string(), pending.to_saved_string());
        prop_assert_eq!(restored.authorization_url(), pending.authorization_url());
    }

    #[test]
    fn numeric_user_ids_are_exact_at_any_size(id in any::<u64>(), token in "[A-Za-z0-9._-]{1,300}") {
        for body in [
            format!(r#"{{"access_token":"{token}","user_id":{id}}}"#),
            format!(r#"{{"data":[{{"access_token":"{token}","user_id":"{id}"}}]}}"#),
            format!(r#"{{"access_token":"{token}","user":{{"id":{id}}}}}"#),
        ] {
            let reply = parse_token_reply(200, body.as_bytes()).unwrap();
            prop_assert_eq!(reply.user_id.as_str(), id.to_string());
            prop_assert_eq!(reply.access_token.secret(), token.as_str());
        }
    }

    #[test]
    fn the_reply_parser_never_panics(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_token_reply(status, &body);
        let _ = instagram_auth::parse_backend_reply(status, &body);
    }

    #[test]
    fn the_reply_parser_never_panics_on_json(status in 100u16..600, json in json_value()) {
        let _ = parse_token_reply(status, json.to_string().as_bytes());
    }

    #[test]
    fn the_callback_parser_never_panics(text in "\\PC{0,300}", suffix in "[?#&=%+a-z_]{0,40}") {
        let redirect = RedirectUri::parse("https://app.example.com/auth/").unwrap();
        for flow in [ResponseType::Code, ResponseType::Token] {
            let _ = parse_callback(&text, &redirect, flow, Some(&CsrfState::new("s").unwrap()));
            let _ = parse_callback(&format!("https://app.example.com/auth/{suffix}{text}"), &redirect, flow, None);
        }
    }

    #[test]
    fn restoring_garbage_never_panics(text in "\\PC{0,400}") {
        let auth = InstagramAuth::new(Config::new(ClientId::new("1").unwrap(), RedirectUri::parse("https://a.example/").unwrap())).unwrap();
        prop_assert!(auth.restore_authorization(&text).is_err());
    }
}

/// JSON shaped like token replies: objects with the keys the parser looks at.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        let key = prop_oneof![
            Just("data".to_owned()),
            Just("access_token".to_owned()),
            Just("user_id".to_owned()),
            Just("user".to_owned()),
            Just("id".to_owned()),
            Just("error".to_owned()),
            Just("error_type".to_owned()),
            Just("code".to_owned()),
            Just("permissions".to_owned()),
            Just("expires_in".to_owned()),
            Just("result".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}
