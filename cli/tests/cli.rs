//! Every `igauth` command, run as a process: at least one success and one failure each.

#![cfg(test)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

const REDIRECT: &str = "https://app.example.com/auth/";

fn igauth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(args)
        .output()
        .unwrap()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Exit code and stdout parsed as JSON.
fn run(output: Output) -> (i32, Value) {
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (output.status.code().unwrap(), json)
}

fn error_kind(output: Output) -> String {
    let (code, json) = run(output);
    assert_eq!(code, 1, "{json}");
    json["error"]["kind"].as_str().unwrap().to_owned()
}

/// The consent-page options: each flag adds its parameter, nothing is sent unless asked.
#[test]
fn authorize_url_options() {
    let options_in = |flags: &[&str]| -> String {
        let mut args = vec![
            "authorize-url",
            "--client-id",
            "1",
            "--redirect-uri",
            REDIRECT,
            "--state",
            "abc",
        ];
        args.extend(flags);
        let (code, json) = run(igauth(&args));
        assert_eq!(code, 0, "{flags:?}: {json}");
        let url = json["url"].as_str().unwrap();
        url.split_once("&state=abc").unwrap().1.to_owned()
    };
    let cases: [(&[&str], &str); 7] = [
        (&[], ""),
        (&["--force-reauth"], "&force_reauth=true"),
        (&["--force-authentication"], "&force_authentication=1"),
        (
            &["--force-authentication", "false"],
            "&force_authentication=0",
        ),
        (&["--enable-fb-login", "false"], "&enable_fb_login=0"),
        (&["--enable-fb-login"], "&enable_fb_login=1"),
        (
            &[
                "--force-reauth",
                "--enable-fb-login=false",
                "--force-authentication",
            ],
            "&force_reauth=true&force_authentication=1&enable_fb_login=0",
        ),
    ];
    for (flags, expected) in cases {
        assert_eq!(options_in(flags), expected, "{flags:?}");
    }
    let mut args = vec![
        "authorize-url",
        "--client-id",
        "1",
        "--redirect-uri",
        REDIRECT,
    ];
    args.extend(["--enable-fb-login", "maybe"]);
    assert_eq!(igauth(&args).status.code(), Some(2), "not a boolean");
}

#[test]
fn authorize_url() {
    let (code, json) = run(igauth(&[
        "authorize-url",
        "--client-id",
        "990602627938098",
        "--redirect-uri",
        REDIRECT,
        "--scope",
        "instagram_business_basic,instagram_business_manage_comments",
        "--state",
        "abc",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        json["url"],
        "https://www.instagram.com/oauth/authorize?client_id=990602627938098&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2F&response_type=code&scope=instagram_business_basic%2Cinstagram_business_manage_comments&state=abc"
    );
    let (_, generated) = run(igauth(&[
        "authorize-url",
        "--client-id",
        "1",
        "--redirect-uri",
        REDIRECT,
    ]));
    assert_eq!(generated["state"].as_str().unwrap().len(), 64);
    let (_, legacy) = run(igauth(&[
        "authorize-url",
        "--client-id",
        "1",
        "--redirect-uri",
        REDIRECT,
        "--response-type",
        "token",
        "--auth-url",
        "https://api.instagram.com/oauth/authorize",
    ]));
    assert!(
        legacy["url"]
            .as_str()
            .unwrap()
            .starts_with("https://api.instagram.com/oauth/authorize?")
    );
    assert!(
        legacy["url"]
            .as_str()
            .unwrap()
            .contains("response_type=token")
    );

    for bad in [
        vec!["--redirect-uri", "not a uri"],
        vec![
            "--redirect-uri",
            REDIRECT,
            "--auth-url",
            "http://instagram.example/oauth",
        ],
        vec!["--redirect-uri", REDIRECT, "--response-type", "id_token"],
        vec!["--redirect-uri", REDIRECT, "--scope", "a b"],
    ] {
        let mut args = vec!["authorize-url", "--client-id", "1"];
        args.extend(bad.iter().copied());
        assert_eq!(igauth(&args).status.code(), Some(2), "{bad:?}");
    }
    assert_eq!(
        igauth(&["authorize-url"]).status.code(),
        Some(2),
        "missing arguments"
    );
}

#[test]
fn parse_callback() {
    let parse = |state: Option<&str>, url: &str| {
        let mut args = vec!["parse-callback", "--redirect-uri", REDIRECT];
        if let Some(state) = state {
            args.extend(["--state", state]);
        }
        args.push(url);
        igauth(&args)
    };
    let (code, json) = run(parse(
        Some("s1"),
        "https://app.example.com/auth/?code=AQBx-hBsH3&state=s1#_",
    ));
    assert_eq!((code, json), (0, json!({"code": "AQBx-hBsH3"})));
    let (code, json) = run(parse(None, "https://app.example.com/auth/?code=AQBx#_"));
    assert_eq!((code, json), (0, json!({"code": "AQBx"})));
    let token = igauth(&[
        "parse-callback",
        "--redirect-uri",
        REDIRECT,
        "--response-type",
        "token",
        "--state",
        "s",
        "https://app.example.com/auth/#access_token=IGQVJ&state=s",
    ]);
    assert_eq!(run(token), (0, json!({"access_token": "IGQVJ"})));

    let (code, denied) = run(parse(
        Some("s1"),
        "https://app.example.com/auth/?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=s1",
    ));
    assert_eq!(code, 1);
    assert_eq!(denied["error"]["kind"], "access_denied");
    assert_eq!(denied["error"]["reason"], "user_denied");
    assert_eq!(
        denied["error"]["description"],
        "The user denied your request"
    );

    for (state, url, kind) in [
        (
            Some("s1"),
            "https://app.example.com/auth/?code=c&state=s2",
            "state_mismatch",
        ),
        (
            Some("s1"),
            "https://app.example.com/auth/?code=c",
            "missing_state",
        ),
        (
            Some("s1"),
            "https://app.example.com/auth/?error=access_denied&error_description=Call+us",
            "missing_state",
        ),
        (
            Some("s1"),
            "https://app.example.com/auth/?state=s1#_",
            "missing_code",
        ),
        (
            Some("s1"),
            "https://evil.example/auth/?code=c&state=s1",
            "redirect_mismatch",
        ),
        (Some("s1"), "no url here", "invalid_callback"),
        (
            Some("s1"),
            "https://app.example.com/auth/?code=a&code=b&state=s1",
            "invalid_callback",
        ),
        (
            None,
            "https://app.example.com/auth/?error=server_error",
            "provider_error",
        ),
    ] {
        assert_eq!(error_kind(parse(state, url)), kind, "{url}");
    }
    assert_eq!(
        igauth(&["parse-callback", "--redirect-uri", REDIRECT])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_redirect_follows_instagrams_table_by_default() {
    let rows = instagram_sandbox::guide_redirect_table();
    assert_eq!(rows.len(), 7, "the guide's table has seven rows");
    for (registered, passed, valid) in rows {
        for rule in [&[][..], &["--rule", "legacy"][..]] {
            let mut args = vec![
                "check-redirect",
                "--registered",
                registered,
                "--redirect-uri",
                passed,
            ];
            args.extend(rule);
            let (code, json) = run(igauth(&args));
            assert_eq!(code, 0);
            assert_eq!(json["valid"], valid, "{registered} {passed}");
            // A reason exactly when refused.
            assert_eq!(json["reason"].is_string(), !valid, "{json}");
        }
    }
    let bad = igauth(&[
        "check-redirect",
        "--registered",
        "nope",
        "--redirect-uri",
        REDIRECT,
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn check_redirect_rule_exact_gives_todays_answer_and_how_it_differs() {
    let rows = instagram_sandbox::exact_redirect_table();
    for (registered, passed, valid, difference) in rows {
        let (code, json) = run(igauth(&[
            "check-redirect",
            "--rule",
            "exact",
            "--registered",
            registered,
            "--redirect-uri",
            passed,
        ]));
        assert_eq!(code, 0);
        if valid {
            assert_eq!(json, json!({"valid": true}), "{registered} {passed}");
            continue;
        }
        assert_eq!(json["valid"], false, "{registered} {passed}");
        let reason = json["reason"].as_str().unwrap();
        assert!(
            reason.starts_with(&format!("{difference}:")),
            "{registered} {passed}: {reason}"
        );
        // Nothing of the checked URI that the registered one does not have.
        let (registered_url, passed_url) = (
            url::Url::parse(registered).unwrap(),
            url::Url::parse(passed).unwrap(),
        );
        for part in [passed_url.query().unwrap_or_default(), passed_url.path()] {
            if !part.is_empty() && part != "/" && !registered_url.as_str().contains(part) {
                assert!(!reason.contains(part), "{reason} repeats {part}");
            }
        }
    }
    // The same row, told apart by the rule.
    let extra = |rule: &str| {
        run(igauth(&[
            "check-redirect",
            "--rule",
            rule,
            "--registered",
            REDIRECT,
            "--redirect-uri",
            "https://app.example.com/auth/?type=mobile",
        ]))
        .1
    };
    assert_eq!(extra("legacy"), json!({"valid": true}));
    assert_eq!(extra("exact")["valid"], false);
    assert!(
        extra("exact")["reason"]
            .as_str()
            .unwrap()
            .contains("extra query parameters")
    );
    assert_eq!(
        igauth(&[
            "check-redirect",
            "--rule",
            "loose",
            "--registered",
            REDIRECT,
            "--redirect-uri",
            REDIRECT
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn parse_token_reply() {
    let basic = with_stdin(
        &["parse-token-reply", "-"],
        r#"{"access_token":"IGQVJ","user_id":17841405793187219}"#,
    );
    let (code, json) = run(basic);
    assert_eq!(code, 0);
    assert_eq!(json["user_id"], "17841405793187219");
    assert_eq!(json["access_token"], "IGQVJ");

    let file = std::env::temp_dir().join(format!("igauth-reply-{}.json", std::process::id()));
    std::fs::write(
        &file,
        r#"{"access_token":"t","user":{"id":"1574083","username":"snoopdogg"}}"#,
    )
    .unwrap();
    let (code, json) = run(igauth(&["parse-token-reply", file.to_str().unwrap()]));
    std::fs::remove_file(&file).unwrap();
    assert_eq!(
        (code, &json["user_id"], &json["user"]["username"]),
        (0, &json!("1574083"), &json!("snoopdogg"))
    );

    let wrapped = with_stdin(
        &["parse-token-reply", "--backend"],
        r#"{"result":{"data":[{"access_token":"t","user_id":"9"}]}}"#,
    );
    assert_eq!(run(wrapped).1["user_id"], "9");

    let refused = with_stdin(
        &["parse-token-reply", "--status", "400"],
        r#"{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}"#,
    );
    let (code, json) = run(refused);
    assert_eq!(code, 1);
    assert_eq!(json["error"]["kind"], "provider_error");
    assert_eq!(json["error"]["code"], 400);
    assert_eq!(
        json["error"]["description"],
        "Matching code was not found or was already used"
    );

    let (code, json) = run(with_stdin(
        &["parse-token-reply", "--status", "502"],
        "<html>Bad gateway</html>",
    ));
    assert_eq!(
        (code, &json["error"]["kind"], &json["error"]["status"]),
        (1, &json!("invalid_reply"), &json!(502))
    );
    assert_eq!(
        igauth(&["parse-token-reply", "/no/such/file"])
            .status
            .code(),
        Some(2)
    );
}

/// The CLI contract of issue 25: any command that reads a reply reports what an Instagram
/// refusal asks the app to do, by Graph code, with Meta's text for the user.
#[test]
fn refusals_are_reported_by_what_they_ask_for() {
    let kind_of = |code: i64, backend: bool| {
        let body = json!({"error": {"message": "m", "type": "OAuthException", "code": code, "error_subcode": 463}});
        let mut args = vec!["parse-token-reply", "--status", "400"];
        if backend {
            args.push("--backend");
        }
        error_kind(with_stdin(&args, &body.to_string()))
    };
    for backend in [false, true] {
        assert_eq!(kind_of(190, backend), "reauthentication_required");
        for code in [4, 17, 32, 613, 80002] {
            assert_eq!(kind_of(code, backend), "rate_limited", "{code}");
        }
        for code in [10, 200, 250, 299] {
            assert_eq!(kind_of(code, backend), "permission_missing", "{code}");
        }
        for code in [1, 100, 300, 400, 80001] {
            assert_eq!(kind_of(code, backend), "provider_error", "{code}");
        }
    }

    let for_the_user = json!({"error": {"message": "Error validating access token", "type": "OAuthException",
        "code": 190, "error_subcode": 460, "error_user_title": "Password changed",
        "error_user_msg": "You changed your password. Sign in again.", "fbtrace_id": "AbC"}});
    let (code, json) = run(with_stdin(
        &["parse-token-reply", "--status", "400"],
        &for_the_user.to_string(),
    ));
    assert_eq!(code, 1);
    let error = &json["error"];
    assert_eq!(
        (
            &error["kind"],
            &error["code"],
            &error["subcode"],
            &error["status"]
        ),
        (
            &json!("reauthentication_required"),
            &json!(190),
            &json!(460),
            &json!(400)
        )
    );
    assert_eq!(error["user_title"], "Password changed");
    assert_eq!(
        error["user_message"],
        "You changed your password. Sign in again."
    );
    // Without them, the fields are absent.
    let (_, json) = run(with_stdin(
        &["parse-token-reply", "--status", "400"],
        r#"{"error":{"message":"m","code":4}}"#,
    ));
    assert_eq!(json["error"].get("user_title"), None);
    assert_eq!(json["error"].get("user_message"), None);

    // The usage headers, when given, say when access comes back.
    let (_, json) = run(with_stdin(
        &[
            "parse-token-reply",
            "--status",
            "400",
            "--header",
            r#"X-App-Usage: {"call_count":100,"total_cputime":10,"total_time":20}"#,
            "--header",
            r#"X-Business-Use-Case-Usage: {"178":[{"type":"instagram","call_count":95,"estimated_time_to_regain_access":3}]}"#,
        ],
        r#"{"error":{"message":"Application request limit reached","code":4}}"#,
    ));
    assert_eq!(json["error"]["kind"], "rate_limited");
    assert_eq!(json["error"]["retry_after_seconds"], 180);
    assert_eq!(json["error"]["usage_percent"], 100);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("retry in about 3 minutes"),
        "{json}"
    );
    assert_eq!(
        with_stdin(&["parse-token-reply", "--header", "no colon"], "{}")
            .status
            .code(),
        Some(2)
    );
}

/// Issue 22: a backend's own refusal is the backend's, with the Parse keys as the likely
/// fix for Parse's 401/403.
#[test]
fn a_backend_s_refusal_is_reported_as_the_backend_s() {
    let (code, json) = run(with_stdin(
        &["parse-token-reply", "--backend", "--status", "403"],
        r#"{"error":"unauthorized"}"#,
    ));
    assert_eq!(code, 1);
    assert_eq!(
        (&json["error"]["kind"], &json["error"]["status"]),
        (&json!("backend_rejected"), &json!(403))
    );
    let hint = json["error"]["hint"].as_str().unwrap();
    assert!(
        hint.contains("X-Parse-Application-Id") && hint.contains("X-Parse-REST-API-Key"),
        "{hint}"
    );
    let (_, json) = run(with_stdin(
        &["parse-token-reply", "--backend", "--status", "400"],
        r#"{"code":141,"error":"the server is not configured for Instagram"}"#,
    ));
    assert_eq!(
        (
            &json["error"]["kind"],
            &json["error"]["code"],
            &json["error"].get("hint")
        ),
        (&json!("backend_rejected"), &json!(141), &None)
    );
}

#[test]
fn auth_data() {
    let (code, json) = run(igauth(&[
        "auth-data",
        "--id",
        "17841405793187219",
        "--access-token",
        "IGQVJ",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        json,
        json!({"instagram": {"id": "17841405793187219", "access_token": "IGQVJ"}})
    );
    assert_eq!(
        igauth(&["auth-data", "--id", "", "--access-token", "t"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(igauth(&["auth-data", "--id", "1"]).status.code(), Some(2));
}

#[test]
fn demo_walks_the_whole_sign_in() {
    let output = igauth(&["demo"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let (code, json) = run(output);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["instagram"]["id"], "17841405793187219");
    assert!(
        json["instagram"]["access_token"]
            .as_str()
            .unwrap()
            .starts_with("IGAA")
    );
    for step in [
        "consent URL",
        "saves the pending sign-in",
        "checks the callback",
        "Matching code was not found",
        "Profile: @sandbox.creator",
    ] {
        assert!(stderr.contains(step), "missing {step:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains(json["instagram"]["access_token"].as_str().unwrap()),
        "the walkthrough shows the whole token"
    );

    assert_eq!(error_kind(igauth(&["demo", "--deny"])), "access_denied");
}

#[test]
fn sandbox_command_serves_until_stopped() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    let announced: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(announced["client_id"], "990602627938098");
    let base = announced["base_url"].as_str().unwrap().to_owned();
    let address = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    std::io::Read::read_to_string(&mut stream, &mut page).unwrap();
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("Instagram sandbox"),
        "{page}"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        igauth(&["sandbox", "--reply-shape", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        igauth(&["sandbox", "--fault", "lightning"]).status.code(),
        Some(2)
    );
}

/// `igauth login` against the sandbox: the test plays the user, reading the URL from
/// stderr, consenting, and pasting the redirect into stdin.
#[tokio::test(flavor = "multi_thread")]
async fn login_through_the_sandbox() {
    use instagram_sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let login = |extra: &[&str], paste: Option<&'static str>| {
        let started = LoginSession::start(sandbox.base_url(), extra);
        async move {
            let mut session = started;
            let url = session.consent_url().await;
            let callback = match paste {
                Some(text) => text.to_owned(),
                None => consent(&url).await,
            };
            session.paste(&callback).await;
            session.finish().await
        }
    };

    let (code, json) = login(&["--client-secret", DEFAULT_CLIENT_SECRET], None).await;
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["instagram"]["id"], "17841405793187219");

    let (code, json) = login(&["--client-secret", "wrong"], None).await;
    assert_eq!(
        (code, &json["error"]["kind"]),
        (1, &json!("provider_error"))
    );

    let (code, json) = login(&["--client-secret", DEFAULT_CLIENT_SECRET], Some("garbage")).await;
    assert_eq!(
        (code, &json["error"]["kind"]),
        (1, &json!("invalid_callback"))
    );

    sandbox.set_fault(Some(instagram_sandbox::Fault::DropConnection));
    let (code, json) = login(&["--client-secret", DEFAULT_CLIENT_SECRET], None).await;
    assert_eq!((code, &json["error"]["kind"]), (1, &json!("network")));
    sandbox.set_fault(None);

    let no_exchange = igauth(&["login", "--client-id", "1", "--redirect-uri", REDIRECT]);
    assert_eq!(no_exchange.status.code(), Some(2));

    // `igauth exchange`: a code from the consent page, spent once, refused the second time.
    let pending_url = run(igauth(&[
        "authorize-url",
        "--client-id",
        DEFAULT_CLIENT_ID,
        "--redirect-uri",
        REDIRECT,
        "--auth-url",
        &format!("{}oauth/authorize", sandbox.base_url()),
    ]))
    .1["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let callback = consent(&pending_url).await;
    let code = run(igauth(&[
        "parse-callback",
        "--redirect-uri",
        REDIRECT,
        &callback,
    ]))
    .1["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let exchange = |code: &str| {
        igauth(&[
            "exchange",
            "--base-url",
            sandbox.base_url(),
            "--client-id",
            DEFAULT_CLIENT_ID,
            "--redirect-uri",
            REDIRECT,
            "--client-secret",
            DEFAULT_CLIENT_SECRET,
            "--code",
            code,
        ])
    };
    let (status, token) = run(exchange(&code));
    assert_eq!(
        (status, &token["user_id"]),
        (0, &json!("17841405793187219")),
        "{token}"
    );
    let (status, spent) = run(exchange(&code));
    assert_eq!(
        (status, &spent["error"]["kind"], &spent["error"]["code"]),
        (1, &json!("provider_error"), &json!(400))
    );
    assert_eq!(
        igauth(&[
            "exchange",
            "--client-id",
            "1",
            "--redirect-uri",
            REDIRECT,
            "--code",
            "c"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn parse_login_failures() {
    // Success and Parse's error 101 are covered against a real Parse Server by scripts/test-parse.sh.
    let parse_login = |server: &str, token: &str| {
        igauth(&[
            "parse-login",
            "--server",
            server,
            "--app-id",
            "a",
            "--id",
            "1",
            "--access-token",
            token,
        ])
    };
    assert_eq!(
        error_kind(parse_login("http://127.0.0.1:9/parse", "t")),
        "network"
    );
    assert_eq!(
        parse_login("http://127.0.0.1:9/parse", "").status.code(),
        Some(2),
        "empty token"
    );
    assert_eq!(
        parse_login("http://parse.example/parse", "t").status.code(),
        Some(2),
        "plain http off loopback"
    );
}

async fn consent(url: &str) -> String {
    instagram_sandbox::answer_consent(url, instagram_sandbox::Decision::Allow)
        .await
        .unwrap()
}

/// Exit code 2 (a usage error) and what the message on stderr says.
fn usage_error(output: Output) -> String {
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

/// Instagram's ids are digits, its codes hold no whitespace, and it refuses plain http
/// redirect URIs: each mistake is a usage error that says what is wrong.
#[test]
fn inputs_instagram_never_accepts_are_refused_with_the_reason() {
    let authorize = |client_id: &str, redirect: &str| {
        igauth(&[
            "authorize-url",
            "--client-id",
            client_id,
            "--redirect-uri",
            redirect,
        ])
    };
    let message = usage_error(authorize("99060262793809x", REDIRECT));
    assert!(
        message.contains("the Instagram app id must be digits only"),
        "{message}"
    );
    let message = usage_error(authorize("990602627938098", "http://app.example.com/auth/"));
    assert!(message.contains("is plain http"), "{message}");
    assert!(message.contains("use https"), "{message}");
    assert_eq!(
        authorize("990602627938098", "http://localhost:8765/auth/")
            .status
            .code(),
        Some(0),
        "plain http on loopback stays allowed"
    );

    let message = usage_error(igauth(&[
        "auth-data",
        "--id",
        "abc",
        "--access-token",
        "IGQVJ",
    ]));
    assert!(
        message.contains("the Instagram user id must be digits only"),
        "{message}"
    );

    let message = usage_error(igauth(
        &[
            &["exchange"][..],
            &UNREACHABLE_APP,
            &["--code", "AQabc-DEF_123 "],
        ]
        .concat(),
    ));
    assert!(message.contains("contains whitespace"), "{message}");
    assert!(!message.contains("AQabc"), "{message}");
}

/// A callback that cannot be this sign-in's answer says why, without repeating the code.
#[test]
fn a_refused_callback_says_what_is_wrong_with_it() {
    let parse = |url: &str| {
        let (code, json) = run(igauth(&[
            "parse-callback",
            "--redirect-uri",
            REDIRECT,
            "--state",
            "s1",
            url,
        ]));
        assert_eq!(code, 1, "{json}");
        let error = &json["error"];
        assert!(!error.to_string().contains("AQsecret"), "{error}");
        (
            error["kind"].as_str().unwrap().to_owned(),
            error["message"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(
        parse("'https://app.example.com/auth/?code=AQsecret&state=s1#_'"),
        (
            "invalid_callback".into(),
            "the sign-in response is malformed: the URL is in quotes; give it without them".into()
        )
    );
    assert_eq!(
        parse("https://app.example.com/auth/?code=AQsecret &state=s1#_"),
        (
            "invalid_callback".into(),
            "the sign-in response is malformed: the parameter code contains whitespace (was a \
             space or a line break copied with the URL?)"
                .into()
        )
    );
    assert_eq!(
        parse("https://app.example.com/auth?code=AQsecret&state=s1#_"),
        (
            "redirect_mismatch".into(),
            "the sign-in response did not arrive at the redirect URI \
             https://app.example.com/auth/: the path lacks the trailing slash"
                .into()
        )
    );
}

/// A request that did not get through names where it went (never the query) and, where
/// the cause is likely, what to check.
#[test]
fn network_errors_name_the_endpoint_and_what_to_check() {
    let exchange = |extra: &[&str]| {
        let mut args = vec![
            "exchange",
            "--client-id",
            "990602627938098",
            "--redirect-uri",
            REDIRECT,
            "--code",
            "AQsecret",
        ];
        args.extend(extra);
        let (code, json) = run(igauth(&args));
        assert_eq!(
            (code, &json["error"]["kind"]),
            (1, &json!("network")),
            "{json}"
        );
        assert!(!json.to_string().contains("AQsecret"), "{json}");
        (
            json["error"]["message"].as_str().unwrap().to_owned(),
            json["error"]["hint"].as_str().unwrap().to_owned(),
        )
    };
    let (message, hint) = exchange(&["--base-url", "http://127.0.0.1:9/", "--client-secret", "s"]);
    assert!(
        message.starts_with("network error: POST http://127.0.0.1:9/oauth/access_token: "),
        "{message}"
    );
    assert_eq!(hint, "is the sandbox (or stand-in) at --base-url running?");
    let (message, hint) = exchange(&[
        "--backend-url",
        "http://127.0.0.1:9/functions/instagramExchange",
    ]);
    assert!(
        message.starts_with("network error: POST http://127.0.0.1:9/functions/instagramExchange: "),
        "{message}"
    );
    assert!(hint.contains("--backend-url"), "{hint}");

    let (code, json) = run(igauth(&[
        "parse-login",
        "--server",
        "http://127.0.0.1:9/parse",
        "--app-id",
        "a",
        "--id",
        "1",
        "--access-token",
        "IGAAsecret",
    ]));
    assert_eq!(code, 1);
    let message = json["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("network error: POST http://127.0.0.1:9/parse/users: "),
        "{message}"
    );
    assert!(
        json["error"]["hint"].as_str().unwrap().contains("--server"),
        "{json}"
    );
    assert!(!json.to_string().contains("IGAAsecret"), "{json}");
}

/// `igauth login`: a paste that is not this sign-in's answer (in quotes, another address)
/// says why and asks again; the sign-in goes on with the next paste.
#[tokio::test(flavor = "multi_thread")]
async fn login_asks_again_after_a_paste_it_cannot_use() {
    use instagram_sandbox::{DEFAULT_CLIENT_SECRET, Sandbox};

    let sandbox = Sandbox::start(Default::default()).await.unwrap();
    let mut session = LoginSession::start(
        sandbox.base_url(),
        &["--client-secret", DEFAULT_CLIENT_SECRET],
    );
    let callback = consent(&session.consent_url().await).await;
    let mut said = Vec::new();
    for wrong in [
        format!("'{callback}'"),
        callback.replacen("/auth/", "/auth", 1),
    ] {
        session.paste(&wrong).await;
        for _ in 0..2 {
            said.push(session.next_said().await);
        }
    }
    session.paste("").await;
    session.paste(&callback).await;
    let said = said.join("\n");
    assert!(said.contains("the URL is in quotes"), "{said}");
    assert!(said.contains("the path lacks the trailing slash"), "{said}");
    assert_eq!(
        said.matches("The sign-in is still open: paste the URL again")
            .count(),
        2,
        "{said}"
    );
    let (code, json) = session.finish().await;
    assert_eq!(
        (code, &json["instagram"]["id"]),
        (0, &json!("17841405793187219")),
        "{json}"
    );
}

/// `igauth login` run as a user would: the test reads what it says on stderr and pastes
/// into its stdin.
struct LoginSession {
    child: tokio::process::Child,
    stdin: Option<tokio::process::ChildStdin>,
    said: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStderr>>,
}

impl LoginSession {
    /// `igauth login` against the sandbox at `base_url` with the default app, plus `extra`.
    fn start(base_url: &str, extra: &[&str]) -> Self {
        use tokio::io::AsyncBufReadExt;
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_igauth"))
            .args([
                "login",
                "--base-url",
                base_url,
                "--client-id",
                instagram_sandbox::DEFAULT_CLIENT_ID,
                "--redirect-uri",
                REDIRECT,
            ])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let stdin = child.stdin.take();
        Self { child, stdin, said }
    }

    /// The next line it says on stderr.
    async fn next_said(&mut self) -> String {
        self.said
            .next_line()
            .await
            .unwrap()
            .expect("igauth login said more")
    }

    /// The consent URL it prints, read up to its request to paste.
    async fn consent_url(&mut self) -> String {
        let mut url = None;
        loop {
            let line = self.next_said().await;
            if let Some(found) = line.trim().strip_prefix("http://") {
                url = Some(format!("http://{found}"));
            }
            if line.starts_with("Then paste") {
                return url.expect("the login prints the consent URL");
            }
        }
    }

    async fn paste(&mut self, text: &str) {
        use tokio::io::AsyncWriteExt;
        let stdin = self.stdin.as_mut().expect("stdin is open until finish");
        stdin
            .write_all(format!("{text}\n").as_bytes())
            .await
            .unwrap();
    }

    /// Closes its stdin and waits for its exit code and JSON.
    async fn finish(mut self) -> (i32, Value) {
        drop(self.stdin.take());
        run(self.child.wait_with_output().await.unwrap())
    }
}

/// An app whose Instagram stand-in does not listen (port 9, discard, is closed here).
const UNREACHABLE_APP: [&str; 8] = [
    "--base-url",
    "http://127.0.0.1:9/",
    "--client-id",
    "990602627938098",
    "--redirect-uri",
    REDIRECT,
    "--client-secret",
    "s",
];

/// Every failure prints JSON, also one outside the sign-in (nothing pasted at all).
#[test]
fn a_failure_outside_the_sign_in_is_json_too() {
    let output = with_stdin(&[&["login"][..], &UNREACHABLE_APP].concat(), "");
    assert_eq!(
        run(output),
        (
            1,
            json!({"error": {"kind": "io", "message": "no URL was pasted"}})
        )
    );
}
