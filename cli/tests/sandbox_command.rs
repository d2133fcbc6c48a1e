//! `igauth sandbox` as a process, held to the CLI contract of issue 25: today's rules by
//! default, each legacy behaviour behind its flag, the flat reply, the rate-limit fault,
//! `force_reauth` past `--auto`, JSON when it cannot listen, and a complete `--help`.

#![cfg(test)]

use std::io::BufRead;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

const CLIENT_ID: &str = "990602627938098";
const SECRET: &str = "sandbox-app-secret-eb8c7";
const REDIRECT: &str = "https://app.example.com/auth/";

/// A running `igauth sandbox --port 0 <flags>`, stopped when dropped.
struct Running {
    child: Child,
    base_url: String,
}

impl Running {
    fn start(flags: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_igauth"))
            .args(["sandbox", "--port", "0"])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let announced: Value = serde_json::from_str(&line).unwrap();
        let base_url = announced["base_url"].as_str().unwrap().to_owned();
        Self { child, base_url }
    }

    fn authorize_url(&self, params: &[(&str, &str)]) -> String {
        let mut url = url::Url::parse(&self.base_url)
            .unwrap()
            .join("oauth/authorize")
            .unwrap();
        url.query_pairs_mut()
            .append_pair("client_id", CLIENT_ID)
            .append_pair("scope", "instagram_business_basic")
            .append_pair("state", "st");
        for (name, value) in params {
            url.query_pairs_mut().append_pair(name, value);
        }
        url.into()
    }

    /// `(status, Location)` of an authorization request with these parameters.
    async fn authorize(&self, params: &[(&str, &str)]) -> (u16, Option<String>) {
        let response = http().get(self.authorize_url(params)).send().await.unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (response.status().as_u16(), location)
    }

    async fn exchange(&self, redirect: &str, code: &str) -> reqwest::Response {
        http()
            .post(format!("{}oauth/access_token", self.base_url))
            .form(&[
                ("client_id", CLIENT_ID),
                ("client_secret", SECRET),
                ("grant_type", "authorization_code"),
                ("redirect_uri", redirect),
                ("code", code),
            ])
            .send()
            .await
            .unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::Client {
    instagram_sandbox::loopback_client()
}

fn code_of(location: &str) -> String {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

#[tokio::test]
async fn by_default_todays_rules() {
    let sandbox = Running::start(&["--auto", "allow"]);
    let code = [("redirect_uri", REDIRECT), ("response_type", "code")];
    let (status, location) = sandbox.authorize(&code).await;
    assert_eq!(status, 302);
    assert!(location.unwrap().contains("code=AQ"));
    for refused in [
        [
            ("redirect_uri", "https://app.example.com/auth/?type=mobile"),
            ("response_type", "code"),
        ],
        [
            ("redirect_uri", "https://app.example.com/auth"),
            ("response_type", "code"),
        ],
        [("redirect_uri", REDIRECT), ("response_type", "token")],
    ] {
        assert_eq!(
            sandbox.authorize(&refused).await,
            (400, None),
            "{refused:?}"
        );
    }
    // Today's scopes, insights included.
    let insights = [
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "instagram_business_manage_insights"),
    ];
    assert_eq!(sandbox.authorize(&insights).await.0, 302);
    // The wrapped reply.
    let (_, location) = sandbox.authorize(&code).await;
    let reply = sandbox
        .exchange(REDIRECT, &code_of(&location.unwrap()))
        .await;
    let reply: Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    assert_eq!(reply["data"][0]["user_id"], "17841405793187219");
}

#[tokio::test]
async fn force_reauth_gets_the_consent_page_despite_auto_allow() {
    let sandbox = Running::start(&["--auto", "allow"]);
    let params = [
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("force_reauth", "true"),
    ];
    let response = http()
        .get(sandbox.authorize_url(&params))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("location").is_none());
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Log in again") && page.contains("Allow"),
        "{page}"
    );
}

#[tokio::test]
async fn legacy_flags_bring_back_the_2013_rules() {
    let sandbox = Running::start(&[
        "--auto",
        "allow",
        "--redirect-rule",
        "legacy",
        "--allow-implicit",
    ]);
    let extra = "https://app.example.com/auth/?type=mobile";
    let (status, location) = sandbox
        .authorize(&[("redirect_uri", extra), ("response_type", "code")])
        .await;
    assert_eq!(status, 302);
    let location = location.unwrap();
    assert!(
        location.starts_with(&format!("{extra}&code=AQ")),
        "{location}"
    );
    assert_eq!(
        sandbox.exchange(extra, &code_of(&location)).await.status(),
        200
    );
    let (status, location) = sandbox
        .authorize(&[("redirect_uri", REDIRECT), ("response_type", "token")])
        .await;
    assert_eq!(status, 302);
    assert!(
        location
            .unwrap()
            .starts_with(&format!("{REDIRECT}#access_token=IGAA")),
        "the token in the fragment"
    );
    // The trailing slash matters under both rules.
    let (status, _) = sandbox
        .authorize(&[
            ("redirect_uri", "https://app.example.com/auth"),
            ("response_type", "code"),
        ])
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn reply_shape_flat_serves_a_numeric_id_and_a_permission_list() {
    let sandbox = Running::start(&["--auto", "allow", "--reply-shape", "flat"]);
    let (_, location) = sandbox
        .authorize(&[("redirect_uri", REDIRECT), ("response_type", "code")])
        .await;
    let text = sandbox
        .exchange(REDIRECT, &code_of(&location.unwrap()))
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("\"user_id\":17841405793187219"), "{text}");
    let reply: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(reply["permissions"], json!(["instagram_business_basic"]));
    assert!(reply["access_token"].as_str().unwrap().starts_with("IGAA"));
    // The library reads it, id exact.
    let parsed = std::process::Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(["parse-token-reply", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let parsed: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(parsed["user_id"], "17841405793187219");
    assert_eq!(parsed["permissions"], json!(["instagram_business_basic"]));
}

#[tokio::test]
async fn fault_rate_limit_answers_400_with_code_4_and_usage_headers() {
    let sandbox = Running::start(&["--auto", "allow", "--fault", "rate-limit"]);
    // The consent page still works; the exchange and Graph are throttled.
    let (status, location) = sandbox
        .authorize(&[("redirect_uri", REDIRECT), ("response_type", "code")])
        .await;
    assert_eq!(status, 302);
    let token_call = sandbox
        .exchange(REDIRECT, &code_of(&location.unwrap()))
        .await;
    let graph_call = http()
        .get(format!("{}me?access_token=IGAAx", sandbox.base_url))
        .send()
        .await
        .unwrap();
    for response in [token_call, graph_call] {
        assert_eq!(response.status(), 400);
        for header in ["x-app-usage", "x-business-use-case-usage"] {
            let value = response.headers()[header].to_str().unwrap();
            assert!(serde_json::from_str::<Value>(value).is_ok(), "{header}");
        }
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(body["error"]["code"], 4);
    }
}

#[test]
fn a_taken_port_is_reported_as_json() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(["sandbox", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["error"]["kind"], "address_in_use", "{printed}");
    let message = printed["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("127.0.0.1:{port}")) && message.contains("--port 0"),
        "{message}"
    );
}

#[test]
fn an_address_of_another_machine_is_reported_as_json() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    let output = Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(["sandbox", "--host", "192.0.2.1", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["error"]["kind"], "address_not_available",
        "{printed}"
    );
}

#[test]
fn bad_flag_values_are_usage_errors_that_name_the_choices() {
    for (flag, value, named) in [
        ("--reply-shape", "xml", "flat"),
        ("--redirect-rule", "loose", "exact"),
        ("--auto", "maybe", "allow"),
        ("--fault", "lightning", "rate-limit"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_igauth"))
            .args(["sandbox", "--port", "0", flag, value])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(named), "{flag}: {stderr}");
    }
}

#[test]
fn help_lists_every_flag_and_value() {
    let help = |command: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_igauth"))
            .args([command, "--help"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let sandbox = help("sandbox");
    for expected in [
        "--reply-shape",
        "wrapped",
        "flat",
        "basic-display",
        "legacy",
        "--redirect-rule",
        "exact",
        "--allow-implicit",
        "--auto",
        "force_reauth=true",
        "--fault",
        "delay:<ms>",
        "500",
        "html",
        "truncated",
        "oversized",
        "drop",
        "redirect (HTTP 302",
        "rate-limit",
        "X-Business-Use-Case-Usage",
        "address_in_use",
        "--config",
        "--host",
    ] {
        assert!(
            sandbox.contains(expected),
            "sandbox --help lacks {expected}"
        );
    }
    let check = help("check-redirect");
    for expected in ["--rule", "exact", "legacy", "[default: legacy]", "reason"] {
        assert!(
            check.contains(expected),
            "check-redirect --help lacks {expected}"
        );
    }
}
