//! `igauth signed-request make|verify`, run as a process.

#![cfg(test)]

use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

const SECRET: &str = "sandbox-app-secret-eb8c7";
const ID: &str = "17841405793187219";

fn igauth(args: &[&str]) -> (i32, Value, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_igauth"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(stdout).unwrap();
    let all = format!("{stdout}{}", String::from_utf8_lossy(&stderr));
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (status.code().unwrap(), json, all)
}

fn make(secret: &str, issued_at: &str) -> String {
    let (code, json, _) = igauth(&[
        "signed-request",
        "make",
        "--secret",
        secret,
        "--user-id",
        ID,
        "--issued-at",
        issued_at,
    ]);
    assert_eq!(code, 0, "{json}");
    json["signed_request"].as_str().unwrap().to_owned()
}

#[test]
fn make_then_verify() {
    let signed = make(SECRET, "1790000000");
    let (code, json, _) = igauth(&["signed-request", "verify", "--secret", SECRET, &signed]);
    assert_eq!(code, 0);
    assert_eq!(
        json,
        json!({"user_id": ID, "algorithm": "HMAC-SHA256", "issued_at": 1790000000u64})
    );
}

#[test]
fn the_sandboxs_request_verifies() {
    let signed = instagram_sandbox::sign_request(SECRET, ID, 1_790_000_000);
    let (code, json, _) = igauth(&["signed-request", "verify", "--secret", SECRET, &signed]);
    assert_eq!((code, &json["user_id"]), (0, &json!(ID)), "{json}");
}

#[test]
fn a_fresh_request_passes_max_age_and_an_old_one_is_expired() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let fresh = make(SECRET, &now.to_string());
    let verify = |signed: &str| {
        igauth(&[
            "signed-request",
            "verify",
            "--secret",
            SECRET,
            "--max-age",
            "300",
            signed,
        ])
    };
    assert_eq!(verify(&fresh).0, 0);
    let old = make(SECRET, &(now - 3600).to_string());
    let (code, json, _) = verify(&old);
    assert_eq!(code, 1);
    assert_eq!(json["error"]["kind"], "expired", "{json}");
}

#[test]
fn failures_are_json_exit_1_and_never_echo_the_request_or_secret() {
    let signed = make(SECRET, "1790000000");
    let (signature, payload) = signed.split_once('.').unwrap();
    let cases = [
        (signed.replace('.', ""), "invalid_signed_request"),
        (format!("{signature}.{payload}!"), "invalid_signed_request"),
        (make("another-secret", "1790000000"), "invalid_signature"),
    ];
    for (input, kind) in cases {
        let (code, json, all) = igauth(&["signed-request", "verify", "--secret", SECRET, &input]);
        assert_eq!(code, 1, "{json}");
        assert_eq!(json["error"]["kind"], kind, "{json}");
        assert!(json["error"]["message"].as_str().unwrap().len() > 10);
        for secret in [SECRET, signature, payload] {
            assert!(!all.contains(secret), "{all}");
        }
    }
}

#[test]
fn a_request_starting_with_a_dash_is_not_an_option() {
    // base64url has "-": one signature in 64 starts with it.
    let signed = (1_790_000_000..)
        .map(|issued| instagram_sandbox::sign_request(SECRET, ID, issued))
        .find(|signed| signed.starts_with('-'))
        .unwrap();
    let (code, json, _) = igauth(&["signed-request", "verify", "--secret", SECRET, &signed]);
    assert_eq!((code, &json["user_id"]), (0, &json!(ID)), "{json}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        igauth(&["signed-request", "verify", "--secret", SECRET]).0,
        2
    );
    assert_eq!(igauth(&["signed-request", "make", "--user-id", ID]).0, 2);
    assert_eq!(
        igauth(&["signed-request", "make", "--secret", "", "--user-id", ID]).0,
        2
    );
}
