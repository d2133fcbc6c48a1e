//! The Rust and JavaScript signed-request verifiers against each other: the same
//! generated inputs (payloads at the rule's edges, altered signatures, clocks and maximum
//! ages) go to `SignedRequestVerifier` and, through node, to the Parse callbacks'
//! `verifySignedRequest`; every verdict must be the same (the user id and `issued_at` of
//! an accepted request, the kind of a refused one).
//!
//! The inputs come from a seeded generator: `SIGNED_REQUEST_SEED=<n>` explores another
//! set, `SIGNED_REQUEST_CASES=<n>` changes how many (20,000 by default). Needs Node 20
//! (scripts/install-deps.sh installs it).

#![cfg(test)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use instagram_auth::{ClientSecret, SignedRequestVerifier, sign_signed_request_payload};
use serde_json::{Value, json};

const SECRET: &str = "sandbox-app-secret-eb8c7";
const NOW: u64 = 1_790_000_000;

/// SplitMix64: a few lines, seedable, the same sequence everywhere.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// One input for both verifiers.
struct Case {
    signed_request: String,
    secret: &'static str,
    max_age: Option<u64>,
    now_ms: u64,
}

/// A JSON string literal of `text`, each character sometimes written as a `\u` escape.
fn string_literal(random: &mut Random, text: &str) -> String {
    let mut literal = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            c if (c as u32) < 0x20 || random.chance(10) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    literal.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// A `\u` escape of a lone surrogate, high or low.
fn lone_surrogate(random: &mut Random) -> String {
    let unit = 0xD800 + random.below(0x800);
    format!("\\u{unit:04x}")
}

fn algorithm(random: &mut Random) -> Option<String> {
    match random.below(10) {
        0 => None,
        1 => Some(
            random
                .pick(&["1", "null", "true", "[\"HMAC-SHA256\"]", "{}"])
                .to_owned(),
        ),
        2 => Some(format!(
            "\"{}\"",
            random.pick(&[
                "none",
                "HMAC-SHA512",
                "",
                "HMAC-SHA256 ",
                "HMAC_SHA256",
                "HMAC-SHA25"
            ])
        )),
        _ => {
            // Each letter as it is, in the other ASCII case, or a letter that some case
            // mapping turns into it.
            let text: String = "HMAC-SHA256"
                .chars()
                .map(|c| match random.below(12) {
                    0 if c == 'S' => random.pick(&["ſ", "ｓ", "Ｓ"]).to_owned(),
                    0 if c == 'A' => random.pick(&["ａ", "Α", "ª"]).to_owned(),
                    0 if c == 'H' => random.pick(&["ｈ", "Ｈ", "ℋ"]).to_owned(),
                    0 if c == 'M' => random.pick(&["ｍ", "Μ"]).to_owned(),
                    1..=5 => c.to_ascii_lowercase().to_string(),
                    _ => c.to_string(),
                })
                .collect();
            Some(string_literal(random, &text))
        }
    }
}

fn issued_at(random: &mut Random, now: u64, max_age: Option<u64>) -> Option<String> {
    let around_limit = max_age.map_or(now, |age| now.saturating_sub(age));
    let number = match random.below(14) {
        0 => return None,
        1 => {
            return Some(
                random
                    .pick(&[
                        "null",
                        "true",
                        "\"1790000000\"",
                        "[]",
                        "-0",
                        "-1",
                        "1e3",
                        "1.79e9",
                        "1E400",
                        "01",
                        "-9223372036854775809",
                    ])
                    .to_owned(),
            );
        }
        2 => return Some(format!("{now}.{}", random.below(10))),
        3 => return Some(format!("{}e0", random.below(2_000_000_000))),
        4 => *random.pick(&[
            &0u64,
            &1,
            &253_402_300_798,
            &253_402_300_799,
            &253_402_300_800,
            &9_007_199_254_740_991,
            &9_007_199_254_740_992,
            &9_007_199_254_740_993,
            &9_223_372_036_854_775_807,
            &9_223_372_036_854_775_808,
            &18_446_744_073_709_551_615,
        ]),
        5 => {
            return Some(
                random
                    .pick(&["18446744073709551616", "100000000000000000000"])
                    .to_owned(),
            );
        }
        6 => random.next(),
        7 => random.next() % 300_000_000_000,
        _ => (around_limit + random.below(5) as u64).saturating_sub(2),
    };
    Some(number.to_string())
}

fn user_id(random: &mut Random) -> Option<String> {
    Some(match random.below(16) {
        0 => return None,
        1 => random
            .pick(&[
                "null",
                "true",
                "{\"id\":\"1\"}",
                "[\"1\"]",
                "\"\"",
                "-0",
                "-1",
                "1.5",
                "1.0",
                "1e5",
                "18446744073709551616",
                "007",
            ])
            .to_owned(),
        2 => random.next().to_string(),
        3 => (random.next() % 100_000_000_000_000_000).to_string(),
        4 => format!("\"{}\"", lone_surrogate(random)),
        5 => format!("\"1{}2\"", lone_surrogate(random)),
        6 => "\"\\ud83d\\ude00\"".to_owned(),
        7 => {
            let text: String = (0..1 + random.below(12))
                .map(|_| {
                    *random.pick(&[
                        &'1',
                        &'7',
                        &'a',
                        &'é',
                        &'😀',
                        &' ',
                        &'"',
                        &'\\',
                        &'\u{7f}',
                        &'\u{fffd}',
                    ])
                })
                .collect();
            string_literal(random, &text)
        }
        _ => {
            let digits = (random.next() % 100_000_000_000_000_000).to_string();
            string_literal(random, &digits)
        }
    })
}

/// An unused value: text, numbers, and objects and arrays up to past both limits.
fn unused_value(random: &mut Random) -> String {
    match random.below(7) {
        0 => format!("\"a {} b\"", lone_surrogate(random)),
        1 => "\"a \\\" 12.5 \\\\\"".to_owned(),
        2 => random
            .pick(&["1", "-2.5e3", "null", "false", "\"x\"", "\"é\""])
            .to_owned(),
        3 => {
            let depth = *random.pick(&[&1usize, &2, &62, &63, &64, &65, &127, &128, &129, &300]);
            let (open, close) = if random.chance(50) {
                ("[", "]")
            } else {
                ("{\"k\":", "}")
            };
            let inner = if open == "[" { "" } else { "1" };
            format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
        }
        _ => format!("{{\"min\":{},\"country\":\"us\"}}", random.below(100)),
    }
}

fn payload(random: &mut Random, now: u64, max_age: Option<u64>) -> Vec<u8> {
    if random.chance(3) {
        return (0..random.below(60)).map(|_| random.next() as u8).collect();
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    if let Some(value) = algorithm(random) {
        fields.push(("algorithm".into(), value));
    }
    if let Some(value) = issued_at(random, now, max_age) {
        fields.push(("issued_at".into(), value));
    }
    if let Some(value) = user_id(random) {
        fields.push(("user_id".into(), value));
    }
    for _ in 0..random.below(3) {
        let name = random
            .pick(&[
                "note",
                "expires",
                "user",
                "user_id",
                "issued_at",
                "algorithm",
                "oauth_token",
            ])
            .to_owned();
        let value = match name.as_str() {
            "user_id" => user_id(random).unwrap_or_else(|| "1".into()),
            "issued_at" => issued_at(random, now, max_age).unwrap_or_else(|| "1".into()),
            "algorithm" => algorithm(random).unwrap_or_else(|| "\"HMAC-SHA256\"".into()),
            _ => unused_value(random),
        };
        fields.push((name, value));
    }
    // Shuffle (the order decides which of two equal keys counts).
    for i in (1..fields.len()).rev() {
        fields.swap(i, random.below(i + 1));
    }
    let separator = *random.pick(&[&",", &", ", &"\n,\t"]);
    let members: Vec<String> = fields
        .iter()
        .map(|(name, value)| {
            let key = if random.chance(8) {
                string_literal(random, name)
            } else if random.chance(3) {
                format!("\"{}{name}\"", lone_surrogate(random))
            } else {
                format!("\"{name}\"")
            };
            format!("{key}:{value}")
        })
        .collect();
    let mut text = format!("{{{}}}", members.join(separator));
    match random.below(40) {
        0 => text.insert(0, '\u{feff}'),
        1 => text.push('x'),
        2 => text = format!(" \n{text}\r\n"),
        3 => text = format!("[{text}]"),
        _ => {}
    }
    let mut bytes = text.into_bytes();
    if random.chance(2) {
        let at = random.below(bytes.len() + 1);
        bytes.insert(at, *random.pick(&[&0xffu8, &0xc0, &0x80, &0xed]));
    }
    bytes
}

/// The signed request Meta would send, or one altered on the way.
fn signed_request(random: &mut Random, payload: &[u8]) -> (String, &'static str) {
    let secret = if random.chance(4) {
        "another-app-secret"
    } else {
        SECRET
    };
    let signed = sign_signed_request_payload(payload, &ClientSecret::new(secret).unwrap());
    let mut text = signed.clone();
    if random.chance(15) {
        let (signature, encoded) = signed.split_once('.').unwrap();
        text = match random.below(9) {
            0 => format!("{signature}=.{encoded}"),
            1 => format!("{signed}=="),
            2 => format!("{signed}.x"),
            3 => format!("{encoded}.{signature}"),
            4 => format!("{signature}{encoded}"),
            5 => format!(" {signed}"),
            6 => format!(
                "{}.{encoded}",
                &signature[..signature.len() - random.below(4)]
            ),
            _ => {
                let mut chars: Vec<char> = signed.chars().collect();
                let at = random.below(chars.len());
                chars[at] = *random.pick(&[&'A', &'z', &'-', &'_', &'+', &'/', &'=', &'.', &'é']);
                chars.into_iter().collect()
            }
        };
    }
    (text, SECRET)
}

fn cases(seed: u64, count: usize) -> Vec<Case> {
    let mut random = Random(seed);
    (0..count)
        .map(|_| {
            let now = match random.below(20) {
                0 => random.next() % 300_000_000_000,
                _ => NOW + random.next() % 1_000_000,
            };
            let max_age = match random.below(6) {
                0 => None,
                1 => Some(0),
                2 => Some(random.next() % 100_000),
                _ => Some(*random.pick(&[&1u64, &600, &3600, &86_400])),
            };
            let payload = payload(&mut random, now, max_age);
            let (signed_request, secret) = signed_request(&mut random, &payload);
            Case {
                signed_request,
                secret,
                max_age,
                now_ms: now * 1000 + random.below(1000) as u64,
            }
        })
        .collect()
}

fn rust_verdict(case: &Case) -> Value {
    let mut verifier = SignedRequestVerifier::new(ClientSecret::new(case.secret).unwrap());
    if let Some(seconds) = case.max_age {
        verifier = verifier.max_age(Duration::from_secs(seconds));
    }
    let now = UNIX_EPOCH + Duration::from_millis(case.now_ms);
    match verifier.verify_at(&case.signed_request, now) {
        Ok(request) => {
            json!({"ok": true, "user_id": request.user_id.as_str(), "issued_at": request.issued_at})
        }
        Err(error) => json!({"ok": false, "kind": error.kind()}),
    }
}

/// The JavaScript verifier's verdict on each case, through one node process.
fn javascript_verdicts(cases: &[Case]) -> Vec<Value> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../server/test/verify-signed-requests.js"
    );
    let mut node = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (Node 20: scripts/install-deps.sh installs it)");
    let input: String = cases
        .iter()
        .map(|case| {
            json!({
                "signed_request": case.signed_request,
                "secret": case.secret,
                "max_age": case.max_age,
                "now_ms": case.now_ms,
            })
            .to_string()
                + "\n"
        })
        .collect();
    let mut stdin = node.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let output = node.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success(), "node failed: {:?}", output.status);
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|error| {
                panic!("node's verdict is not JSON Rust reads ({error}): {line}")
            })
        })
        .collect()
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |value| value.parse().unwrap())
}

#[test]
fn both_verifiers_give_the_same_verdict_on_generated_input() {
    let seed = setting("SIGNED_REQUEST_SEED", 0x5167_4ed1);
    let cases = cases(seed, setting("SIGNED_REQUEST_CASES", 20_000) as usize);
    let javascript = javascript_verdicts(&cases);
    assert_eq!(javascript.len(), cases.len(), "one verdict a case");
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let mut disagreements = Vec::new();
    for (case, js) in cases.iter().zip(&javascript) {
        let rust = rust_verdict(case);
        let outcome = if rust["ok"] == true {
            "ok"
        } else {
            rust["kind"].as_str().unwrap()
        };
        *outcomes.entry(outcome.to_owned()).or_default() += 1;
        if &rust != js && disagreements.len() < 20 {
            disagreements.push(format!(
                "{} (max age {:?}, now {} ms): Rust {rust}, JavaScript {js}",
                case.signed_request, case.max_age, case.now_ms
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "seed {seed}: the verifiers disagree on\n{}",
        disagreements.join("\n")
    );
    // The generator reaches every outcome often enough to compare them.
    for outcome in [
        "ok",
        "expired",
        "invalid_signature",
        "invalid_signed_request",
    ] {
        let seen = outcomes.get(outcome).copied().unwrap_or(0);
        assert!(
            seen * 50 >= cases.len(),
            "{outcome}: {seen} of {} ({outcomes:?})",
            cases.len()
        );
    }
}
