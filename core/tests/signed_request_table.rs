//! The signed-request rule both verifiers hold (testdata/signed-request-table.tsv): the
//! Rust verifier gives every row's outcome. server/test/signed-request.test.js holds the
//! JavaScript verifier to the same rows.

#![cfg(test)]

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use instagram_auth::{ClientSecret, SignedRequestVerifier, sign_signed_request_payload};

const TABLE: &str = include_str!("../../testdata/signed-request-table.tsv");
const SECRET: &str = "sandbox-app-secret-eb8c7";
const NOW_MS: u64 = 1_790_000_000_900;
const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

struct Row<'a> {
    name: &'a str,
    signed_request: String,
    max_age: Option<u64>,
    outcome: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            let [name, template, payload, max_age, outcome] = columns[..] else {
                panic!("not five columns: {line}");
            };
            Row {
                name,
                signed_request: fill(template, &payload_bytes(payload)),
                max_age: (max_age != "-").then(|| max_age.parse().unwrap()),
                outcome,
            }
        })
        .collect()
}

/// The payload column's text with each `\xNN` turned into the byte NN.
fn payload_bytes(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\x") {
        bytes.extend_from_slice(&rest.as_bytes()[..at]);
        bytes.push(u8::from_str_radix(&rest[at + 2..at + 4], 16).unwrap());
        rest = &rest[at + 4..];
    }
    bytes.extend_from_slice(rest.as_bytes());
    bytes
}

/// The signed_request column with its placeholders filled in (see the table's header).
fn fill(template: &str, payload: &[u8]) -> String {
    let signed = sign_signed_request_payload(payload, &ClientSecret::new(SECRET).unwrap());
    let (signature, encoded) = signed.split_once('.').unwrap();
    let last = signature.chars().last().unwrap();
    let next = BASE64URL
        .chars()
        .nth(BASE64URL.find(last).unwrap() + 1)
        .unwrap();
    let trailing_bits = format!("{}{next}", &signature[..signature.len() - 1]);
    let mut filled = template
        .replace("{signed}", &signed)
        .replace("{signature_trailing_bits}", &trailing_bits)
        .replace("{signature_short}", &signature[..signature.len() - 3])
        .replace("{signature}", signature)
        .replace("{payload}", encoded);
    while let Some(start) = filled.find("{signed:") {
        let end = start + filled[start..].find('}').unwrap();
        let other = ClientSecret::new(&filled[start + 8..end]).unwrap();
        filled.replace_range(start..=end, &sign_signed_request_payload(payload, &other));
    }
    assert_eq!(
        URL_SAFE_NO_PAD.decode(encoded).unwrap(),
        payload,
        "the payload survives base64url"
    );
    filled
}

#[test]
fn the_rust_verifier_gives_every_outcome_of_the_shared_table() {
    let rows = rows();
    assert!(rows.len() >= 80, "{} rows", rows.len());
    let now = UNIX_EPOCH + Duration::from_millis(NOW_MS);
    let mut wrong = Vec::new();
    for row in &rows {
        let mut verifier = SignedRequestVerifier::new(ClientSecret::new(SECRET).unwrap());
        if let Some(seconds) = row.max_age {
            verifier = verifier.max_age(Duration::from_secs(seconds));
        }
        let got = match verifier.verify_at(&row.signed_request, now) {
            Ok(request) => format!("ok {} {}", request.user_id.as_str(), request.issued_at),
            Err(error) => error.kind().to_owned(),
        };
        if got != row.outcome {
            wrong.push(format!("{}: expected {}, got {got}", row.name, row.outcome));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
