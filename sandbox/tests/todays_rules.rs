//! Instagram Login as Meta documents it in late 2026, over plain HTTP: exact redirect URIs,
//! no implicit flow, today's scopes, `force_reauth`, the flat token reply, the rate-limit
//! error with its usage headers, and `/me`'s two ids. The 2013 behaviour stays reachable
//! behind its options.

mod common;

use common::{FIRST_APP, REDIRECT, authorize_url, exchange, graph, http, sign_in_as};
use instagram_sandbox::{
    App, DEFAULT_CLIENT_ID, Decision, Fault, RATE_LIMIT_MINUTES_TO_REGAIN, RedirectRule,
    ReplyShape, Sandbox, SandboxConfig, exact_redirect_table, guide_redirect_table,
};
use serde_json::Value;

const ALL_SCOPES: &str = "instagram_business_basic,instagram_business_manage_messages,instagram_business_manage_comments,instagram_business_content_publish,instagram_business_manage_insights";

/// A request of the first app for `extra` on top of the usual parameters (later ones win).
fn request(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut params = vec![
        ("client_id", DEFAULT_CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "instagram_business_basic"),
        ("state", "st"),
    ];
    for (name, value) in extra {
        params.retain(|(k, _)| k != name);
        params.push((name, value));
    }
    params
}

async fn get(sandbox: &Sandbox, params: &[(&str, &str)]) -> (u16, Option<String>, String) {
    let response = http()
        .get(authorize_url(sandbox, params))
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (
        response.status().as_u16(),
        location,
        response.text().await.unwrap(),
    )
}

/// The code of a redirect `…?code=…&state=…#_`.
fn code_of(location: &str) -> String {
    let query = url::Url::parse(location).unwrap();
    query
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no code in {location}"))
}

/// One app per row, each registering the row's URI; row `i` is app `5000 + i`.
fn sandbox_for_rows(registered: &[&str]) -> SandboxConfig {
    SandboxConfig {
        apps: registered
            .iter()
            .enumerate()
            .map(|(i, uri)| App {
                client_id: (5000 + i).to_string(),
                client_secret: "secret".into(),
                redirect_uris: vec![(*uri).to_owned()],
            })
            .collect(),
        ..SandboxConfig::default()
    }
}

async fn redirect_answers(rule: Option<RedirectRule>, rows: &[(&'static str, &'static str, bool)]) {
    let registered: Vec<&str> = rows.iter().map(|row| row.0).collect();
    let sandbox = Sandbox::start(sandbox_for_rows(&registered)).await.unwrap();
    if let Some(rule) = rule {
        sandbox.set_redirect_rule(rule);
    }
    for (i, (registered, passed, valid)) in rows.iter().enumerate() {
        let client_id = (5000 + i).to_string();
        let params = [
            ("client_id", client_id.as_str()),
            ("redirect_uri", passed),
            ("response_type", "code"),
            ("scope", "instagram_business_basic"),
            ("sandbox_decision", "allow"),
        ];
        let (status, location, page) = get(&sandbox, &params).await;
        if *valid {
            assert_eq!(status, 302, "{rule:?}: {registered} / {passed}: {page}");
            let location = location.unwrap();
            // Sent back to the URI it asked for, with a code for that URI.
            assert!(location.starts_with(passed), "{location}");
            let app = (client_id.as_str(), "secret", *passed);
            let reply = exchange(&sandbox, app, passed, &code_of(&location)).await;
            assert_eq!(reply.status(), 200, "{registered} / {passed}");
        } else {
            assert_eq!(status, 400, "{rule:?}: {registered} / {passed}");
            assert!(location.is_none());
            assert!(page.contains("Invalid redirect_uri"), "{page}");
        }
    }
}

#[tokio::test]
async fn redirect_uris_must_match_exactly_by_default() {
    let rows: Vec<_> = exact_redirect_table()
        .into_iter()
        .map(|(registered, passed, valid, _)| (registered, passed, valid))
        .collect();
    assert!(rows.iter().any(|row| row.2) && rows.iter().any(|row| !row.2));
    redirect_answers(None, &rows).await;
    redirect_answers(Some(RedirectRule::Exact), &rows).await;
}

#[tokio::test]
async fn the_2013_table_applies_behind_the_legacy_option() {
    let rows = guide_redirect_table();
    redirect_answers(Some(RedirectRule::Legacy), &rows).await;
    // The rows that the legacy rule allows and today's refuses: the options differ there.
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let extra_query = request(&[
        ("redirect_uri", "https://app.example.com/auth/?type=mobile"),
        ("sandbox_decision", "allow"),
    ]);
    assert_eq!(get(&sandbox, &extra_query).await.0, 400);
    sandbox.set_redirect_rule(RedirectRule::Legacy);
    let (status, location, _) = get(&sandbox, &extra_query).await;
    assert_eq!(status, 302);
    assert!(
        location
            .unwrap()
            .starts_with("https://app.example.com/auth/?type=mobile&code=AQ")
    );
}

#[tokio::test]
async fn the_implicit_flow_is_refused_unless_allowed() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let implicit = request(&[("response_type", "token"), ("sandbox_decision", "allow")]);
    let (status, location, page) = get(&sandbox, &implicit).await;
    assert_eq!(status, 400);
    assert!(location.is_none(), "no token may leave");
    assert!(
        page.contains("Unsupported response_type token")
            && page.contains("response_type=code only"),
        "{page}"
    );

    sandbox.set_allow_implicit(true);
    let (status, location, _) = get(&sandbox, &implicit).await;
    assert_eq!(status, 302);
    let location = location.unwrap();
    assert!(
        location.starts_with("https://app.example.com/auth/#access_token=IGAA"),
        "{location}"
    );
    assert!(location.ends_with("&state=st"), "{location}");
    // Allowing it does not make other values valid.
    let (status, _, _) = get(&sandbox, &request(&[("response_type", "id_token")])).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn every_scope_of_todays_list_is_accepted_and_granted() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (status, _, page) = get(&sandbox, &request(&[("scope", ALL_SCOPES)])).await;
    assert_eq!(status, 200, "{page}");
    for scope in ALL_SCOPES.split(',') {
        assert!(page.contains(&format!("<li>{scope}</li>")), "{scope}");
    }
    // Space-separated (URL-encoded) works too, and the reply grants what was asked.
    let spaced = ALL_SCOPES.replace(',', " ");
    let params = request(&[("sandbox_decision", "allow")]);
    let mut params: Vec<(&str, &str)> = params.into_iter().filter(|(k, _)| *k != "scope").collect();
    params.push(("scope", &spaced));
    let (status, location, _) = get(&sandbox, &params).await;
    assert_eq!(status, 302);
    let reply: Value = exchange(&sandbox, FIRST_APP, REDIRECT, &code_of(&location.unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reply["data"][0]["permissions"], ALL_SCOPES);
    // The names retired on 2025-01-27 are refused.
    for retired in ["business_basic", "instagram_basic", "user_profile"] {
        let (status, _, page) = get(&sandbox, &request(&[("scope", retired)])).await;
        assert_eq!(status, 400, "{retired}");
        assert!(page.contains("Invalid Scopes"), "{page}");
    }
}

#[tokio::test]
async fn force_reauth_shows_the_page_even_to_a_user_who_consented() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sandbox.set_auto_decision(Some(Decision::Allow));
    // A user who consented before passes through silently...
    let (status, location, _) = get(&sandbox, &request(&[])).await;
    assert_eq!(status, 302);
    assert!(location.unwrap().contains("code=AQ"));
    for (name, value) in [("force_reauth", "false"), ("force_authentication", "0")] {
        let (status, _, _) = get(&sandbox, &request(&[(name, value)])).await;
        assert_eq!(status, 302, "{name}={value}");
    }
    // ...unless the app asks for the login again (today's name, and the older one).
    for (name, value) in [("force_reauth", "true"), ("force_authentication", "1")] {
        let (status, location, page) = get(&sandbox, &request(&[(name, value)])).await;
        assert_eq!(status, 200, "{name}={value}");
        assert!(location.is_none());
        assert!(page.contains("id=\"log-in-again\""), "{page}");
    }
    // On that page the user can switch accounts: the code is the other account's.
    let (_, _, page) = get(&sandbox, &request(&[("force_reauth", "true")])).await;
    let consent = page
        .split("name=\"consent\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let answered = http()
        .post(format!("{}oauth/authorize/consent", sandbox.base_url()))
        .form(&[
            ("consent", consent),
            ("decision", "allow"),
            ("user", "sandbox.business"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 302);
    let location = answered.headers()["location"].to_str().unwrap();
    let reply: Value = exchange(&sandbox, FIRST_APP, REDIRECT, &code_of(location))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reply["data"][0]["user_id"], "17841405822304915");
    // Without the automatic answer the page shows either way, without the notice.
    sandbox.set_auto_decision(None);
    let (status, _, page) = get(&sandbox, &request(&[])).await;
    assert_eq!(status, 200);
    assert!(!page.contains("log-in-again"));
}

#[tokio::test]
async fn the_flat_reply_has_a_numeric_id_above_2_53_and_a_permission_list() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sandbox.set_reply_shape(ReplyShape::Flat);
    let scopes = "instagram_business_basic,instagram_business_manage_insights";
    let params = request(&[("scope", scopes), ("sandbox_decision", "allow")]);
    let (_, location, _) = get(&sandbox, &params).await;
    let reply = exchange(&sandbox, FIRST_APP, REDIRECT, &code_of(&location.unwrap())).await;
    assert_eq!(reply.status(), 200);
    let text = reply.text().await.unwrap();
    // The id's digits as a bare JSON number, exactly: a double would have made it ...220.
    assert!(text.contains("\"user_id\":17841405793187219"), "{text}");
    assert_ne!(
        17_841_405_793_187_219_u64 as f64 as u64,
        17_841_405_793_187_219
    );
    let reply: Value = serde_json::from_str(&text).unwrap();
    let fields: Vec<&String> = reply.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["access_token", "permissions", "user_id"]);
    assert_eq!(reply["user_id"].as_u64(), Some(17_841_405_793_187_219));
    assert_eq!(
        reply["permissions"],
        serde_json::json!([
            "instagram_business_basic",
            "instagram_business_manage_insights"
        ])
    );
    let token = reply["access_token"].as_str().unwrap();
    assert!(token.starts_with("IGAA"));
    // The token works on Graph like any other.
    let me = http()
        .get(format!("{}me?access_token={token}", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn me_returns_the_app_scoped_id_and_the_professional_account_id() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let reply = sign_in_as(&sandbox, FIRST_APP, "sandbox.creator").await;
    let token = reply["access_token"].as_str().unwrap();
    for path in ["me", "v26.0/me"] {
        let (_, me) = graph(
            &sandbox,
            &format!("{path}?fields=user_id,username&access_token={token}"),
        )
        .await;
        assert_eq!(me["id"], reply["user_id"], "{path}: app-scoped");
        assert_eq!(me["user_id"], "17841400008460057", "{path}: the account");
        assert_ne!(me["id"], me["user_id"]);
        assert_eq!(me["username"], "sandbox.creator");
    }
}

#[tokio::test]
async fn graph_answers_under_a_version_as_without_one() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let reply = sign_in_as(&sandbox, FIRST_APP, "sandbox.creator").await;
    let short = reply["access_token"].as_str().unwrap();
    let (_, long) = graph(
        &sandbox,
        &format!(
            "v26.0/access_token?grant_type=ig_exchange_token&client_secret={}&access_token={short}",
            FIRST_APP.1
        ),
    )
    .await;
    let long = long["access_token"].as_str().unwrap();
    assert!(long.starts_with("IGAAL"), "{long}");
    let (_, young) = graph(
        &sandbox,
        &format!("v26.0/refresh_access_token?grant_type=ig_refresh_token&access_token={long}"),
    )
    .await;
    assert!(
        young["error"]["message"]
            .as_str()
            .unwrap()
            .contains("24 hours"),
        "{young}"
    );
    // A version is a version: other paths are not Graph's.
    for path in ["v26.0/oauth/access_token", "vX/me", "v/me", "v26.0/nope"] {
        assert_eq!(graph(&sandbox, path).await.0, 404, "{path}");
    }
}

/// `(status, error code, X-App-Usage, X-Business-Use-Case-Usage)` of a throttled reply.
async fn throttled(response: reqwest::Response) -> (u16, Value, Value, Value) {
    let status = response.status().as_u16();
    let header = |name: &str| -> Value {
        serde_json::from_str(response.headers()[name].to_str().unwrap()).unwrap()
    };
    let (app, business) = (header("x-app-usage"), header("x-business-use-case-usage"));
    let body: Value = response.json().await.unwrap();
    (status, body["error"].clone(), app, business)
}

#[tokio::test]
async fn the_rate_limit_fault_answers_token_and_graph_calls_with_code_4_and_usage_headers() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let reply = sign_in_as(&sandbox, FIRST_APP, "sandbox.business").await;
    let token = reply["access_token"].as_str().unwrap().to_owned();
    let code = sandbox
        .issue_code(DEFAULT_CLIENT_ID, REDIRECT, "sandbox.creator")
        .unwrap();

    sandbox.set_fault(Some(Fault::RateLimit));
    let base = sandbox.base_url();
    let mut calls = vec![(
        exchange(&sandbox, FIRST_APP, REDIRECT, &code).await,
        "17841400008460057", // a code exchange names no account: the first user's
    )];
    for path in [
        format!("me?fields=id,user_id&access_token={token}"),
        format!("v26.0/me?access_token={token}"),
        format!("access_token?grant_type=ig_exchange_token&client_secret=x&access_token={token}"),
        format!("refresh_access_token?grant_type=ig_refresh_token&access_token={token}"),
    ] {
        let response = http().get(format!("{base}{path}")).send().await.unwrap();
        calls.push((response, "17841400455970028")); // the token's account
    }
    for (response, account) in calls {
        let (status, error, app, business) = throttled(response).await;
        assert_eq!(status, 400);
        assert_eq!(error["code"], 4, "{error}");
        assert_eq!(error["type"], "OAuthException");
        assert_eq!(error["message"], "(#4) Application request limit reached");
        for field in ["call_count", "total_cputime", "total_time"] {
            assert!(app[field].is_u64(), "X-App-Usage {field}: {app}");
        }
        assert_eq!(app["call_count"], 100, "at the limit");
        let usage = &business[account][0];
        assert_eq!(usage["type"], "instagram", "{business}");
        assert_eq!(
            usage["estimated_time_to_regain_access"],
            RATE_LIMIT_MINUTES_TO_REGAIN
        );
        for field in ["call_count", "total_cputime", "total_time"] {
            assert!(usage[field].is_u64(), "{field}: {business}");
        }
    }
    // The consent page is not throttled; lifting the fault lets the same code through.
    let (status, _, _) = get(&sandbox, &request(&[])).await;
    assert_eq!(status, 200);
    sandbox.set_fault(None);
    let reply = exchange(&sandbox, FIRST_APP, REDIRECT, &code).await;
    assert_eq!(reply.status(), 200);
    assert!(reply.headers().get("x-app-usage").is_none());
}
