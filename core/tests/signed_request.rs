//! Meta's signed requests (Deauthorize and Data Deletion callbacks): the documented
//! example, every refusal, properties over arbitrary input, and the sandbox's own signer
//! (written separately, from Meta's description) against the verifier.

#![cfg(test)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use instagram_auth::{
    ClientSecret, SIGNED_REQUEST_MAX_ISSUED_AT, SignedRequest, SignedRequestError,
    SignedRequestPart, SignedRequestVerifier, UserId, sign_signed_request_payload,
};
use proptest::prelude::*;

const SECRET: &str = "sandbox-app-secret-eb8c7";
const ID: &str = "17841405793187219";
const ISSUED: u64 = 1_790_000_000;

fn verifier() -> SignedRequestVerifier {
    SignedRequestVerifier::new(ClientSecret::new(SECRET).unwrap())
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn signed(payload: &str) -> String {
    sign_signed_request_payload(payload.as_bytes(), &ClientSecret::new(SECRET).unwrap())
}

#[test]
fn metas_documented_example_has_a_valid_signature() {
    // Facebook's canvas documentation example (secret "secret"); its payload is
    // {"algorithm":"HMAC-SHA256","0":"payload"}: signed correctly, but no deletion request.
    let example = "vlXgu64BQGFSQrY0ZcJBZASMvYvTHu9GQ0YM9rjPSso.eyJhbGdvcml0aG0iOiJITUFDLVNIQTI1NiIsIjAiOiJwYXlsb2FkIn0";
    let with_right_secret =
        SignedRequestVerifier::new(ClientSecret::new("secret").unwrap()).verify(example);
    assert!(
        matches!(with_right_secret, Err(SignedRequestError::InvalidJson(_))),
        "{with_right_secret:?}"
    );
    let with_wrong_secret = verifier().verify(example);
    assert_eq!(with_wrong_secret, Err(SignedRequestError::InvalidSignature));
}

#[test]
fn a_made_request_verifies_to_its_content() {
    let made = SignedRequest::new(UserId::new(ID).unwrap(), ISSUED)
        .sign(&ClientSecret::new(SECRET).unwrap());
    assert!(!made.contains('='), "no padding: {made}");
    let verified = verifier().verify(&made).unwrap();
    assert_eq!(verified.user_id.as_str(), ID);
    assert_eq!(verified.issued_at, ISSUED);
    assert_eq!(verified.issued_time(), Some(at(ISSUED)));
}

#[test]
fn numeric_ids_are_read_exactly_and_extra_fields_ignored() {
    let request = signed(
        r#"{"algorithm":"hmac-sha256","expires":1790003600,"issued_at":1790000000,"user_id":17841405793187219}"#,
    );
    assert_eq!(verifier().verify(&request).unwrap().user_id.as_str(), ID);
}

#[test]
fn each_malformed_request_has_its_own_error() {
    let valid = signed(r#"{"algorithm":"HMAC-SHA256","issued_at":1790000000,"user_id":"1"}"#);
    let (signature, payload) = valid.split_once('.').unwrap();
    let cases: Vec<(String, SignedRequestError)> = vec![
        (String::new(), SignedRequestError::MissingDot),
        (signature.to_owned(), SignedRequestError::MissingDot),
        (
            format!("{signature}=.{payload}"),
            SignedRequestError::InvalidBase64(SignedRequestPart::Signature),
        ),
        (
            format!("{signature}.{payload}=="),
            SignedRequestError::InvalidBase64(SignedRequestPart::Payload),
        ),
        (
            format!("{signature}.{}", payload.replace('e', "+")),
            SignedRequestError::InvalidBase64(SignedRequestPart::Payload),
        ),
        (
            format!("{signature}.{payload}.x"),
            SignedRequestError::InvalidBase64(SignedRequestPart::Payload),
        ),
        (
            signed("not json"),
            SignedRequestError::InvalidJson("it is not a JSON object"),
        ),
        (
            signed(r#"["HMAC-SHA256"]"#),
            SignedRequestError::InvalidJson("it is not a JSON object"),
        ),
        (
            signed(r#"{"issued_at":1,"user_id":"1"}"#),
            SignedRequestError::InvalidJson("it names no algorithm"),
        ),
        (
            signed(r#"{"algorithm":"HMAC-SHA256","user_id":"1"}"#),
            SignedRequestError::InvalidJson(
                "its issued_at is not a whole number of seconds up to the year 9999",
            ),
        ),
        (
            signed(r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":{"id":"1"}}"#),
            SignedRequestError::InvalidJson(
                "its user_id is not a non-empty string or whole number",
            ),
        ),
        (
            signed(r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":"17841405793187219x"}"#),
            SignedRequestError::InvalidJson("its user_id is not digits"),
        ),
        (
            signed(r#"{"algorithm":"HMAC-SHA256","issued_at":1,"user_id":1.5}"#),
            SignedRequestError::InvalidJson(
                "its user_id is not a non-empty string or whole number",
            ),
        ),
        (
            signed(r#"{"algorithm":"none","issued_at":1,"user_id":"1"}"#),
            SignedRequestError::WrongAlgorithm("none".into()),
        ),
        (
            format!("{}.{payload}", "A".repeat(43)),
            SignedRequestError::InvalidSignature,
        ),
        (format!(".{payload}"), SignedRequestError::InvalidSignature),
    ];
    for (input, expected) in cases {
        assert_eq!(
            verifier().verify(&input),
            Err(expected.clone()),
            "{input:?}"
        );
        let kind = expected.kind();
        assert!(
            ["invalid_signed_request", "invalid_signature"].contains(&kind),
            "{kind}"
        );
    }
}

#[test]
fn maximum_age_is_measured_from_issued_at() {
    let request = SignedRequest::new(UserId::new(ID).unwrap(), ISSUED)
        .sign(&ClientSecret::new(SECRET).unwrap());
    let strict = verifier().max_age(Duration::from_secs(600));
    assert!(strict.verify_at(&request, at(ISSUED + 600)).is_ok());
    assert!(
        strict.verify_at(&request, at(ISSUED - 3600)).is_ok(),
        "a clock behind Meta's is not a reason to refuse"
    );
    let too_old = strict.verify_at(&request, at(ISSUED + 601)).unwrap_err();
    assert_eq!(
        too_old,
        SignedRequestError::Expired {
            age_seconds: 601,
            max_age_seconds: 600
        }
    );
    assert_eq!(too_old.kind(), "expired");
    assert!(
        verifier()
            .verify_at(&request, at(ISSUED + 10 * 365 * 86400))
            .is_ok()
    );
}

/// Found by review (issue 21): a correctly signed `issued_at` above i64::MAX made the
/// verifier add it to the epoch, unchecked, and panic (a release build aborts).
#[test]
fn an_issued_at_no_clock_holds_is_refused_without_panicking() {
    let secret = ClientSecret::new(SECRET).unwrap();
    for issued in [
        SIGNED_REQUEST_MAX_ISSUED_AT + 1,
        i64::MAX as u64,
        i64::MAX as u64 + 1,
        u64::MAX,
    ] {
        let request = SignedRequest::new(UserId::new(ID).unwrap(), issued).sign(&secret);
        for verifier in [verifier(), verifier().max_age(Duration::from_secs(3600))] {
            for now in [at(ISSUED), UNIX_EPOCH, SystemTime::now()] {
                assert!(
                    matches!(
                        verifier.verify_at(&request, now),
                        Err(SignedRequestError::InvalidJson(_))
                    ),
                    "{issued}"
                );
            }
        }
        // A request built by hand is not checked: its time is None, not a panic.
        let made = SignedRequest::new(UserId::new(ID).unwrap(), issued);
        if issued > i64::MAX as u64 {
            assert_eq!(made.issued_time(), None, "{issued}");
        }
    }
    let last = SignedRequest::new(UserId::new(ID).unwrap(), SIGNED_REQUEST_MAX_ISSUED_AT);
    let verified = verifier()
        .max_age(Duration::from_secs(3600))
        .verify(&last.sign(&secret))
        .unwrap();
    assert_eq!(
        verified.issued_time(),
        Some(at(SIGNED_REQUEST_MAX_ISSUED_AT)),
        "dated in the future: accepted"
    );
}

#[test]
fn the_sandbox_signs_what_the_verifier_accepts() {
    // The sandbox's signer is written from Meta's description, not from this crate.
    let request = instagram_sandbox::sign_request(SECRET, ID, ISSUED);
    let verified = verifier().verify(&request).unwrap();
    assert_eq!(
        (verified.user_id.as_str(), verified.issued_at),
        (ID, ISSUED)
    );
    let other_app = SignedRequestVerifier::new(ClientSecret::new("another-app-secret").unwrap());
    assert_eq!(
        other_app.verify(&request),
        Err(SignedRequestError::InvalidSignature)
    );
}

#[test]
fn messages_never_repeat_the_request_or_the_secret() {
    let request = SignedRequest::new(UserId::new(ID).unwrap(), ISSUED)
        .sign(&ClientSecret::new(SECRET).unwrap());
    let (signature, payload) = request.split_once('.').unwrap();
    let failures = [
        SignedRequestVerifier::new(ClientSecret::new("wrong").unwrap()).verify(&request),
        verifier().verify(&format!("{signature}.{payload}x")),
        verifier().verify(&format!("{signature}x.{payload}")),
        verifier()
            .max_age(Duration::from_secs(1))
            .verify_at(&request, at(ISSUED + 2)),
    ];
    for failure in failures {
        let error = failure.unwrap_err();
        let text = format!("{error} {error:?} {:?}", verifier());
        for secret in [SECRET, signature, payload, &request] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

fn user_ids() -> impl Strategy<Value = String> {
    prop_oneof!["[1-9][0-9]{0,19}", "[0-9]{1,40}"]
}

proptest! {
    #[test]
    fn make_then_verify_round_trips(id in user_ids(), issued in 0..=SIGNED_REQUEST_MAX_ISSUED_AT, secret in "\\PC{1,64}") {
        let secret = ClientSecret::new(secret).unwrap();
        let made = SignedRequest::new(UserId::new(id.clone()).unwrap(), issued).sign(&secret);
        let verified = SignedRequestVerifier::new(secret).verify(&made).unwrap();
        prop_assert_eq!(verified.user_id.as_str(), id.as_str());
        prop_assert_eq!(verified.issued_at, issued);
    }

    #[test]
    fn an_issued_at_past_the_year_9999_is_refused(issued in SIGNED_REQUEST_MAX_ISSUED_AT + 1.., max_age in any::<Option<u64>>(), now in any::<u32>()) {
        let made = SignedRequest::new(UserId::new(ID).unwrap(), issued).sign(&ClientSecret::new(SECRET).unwrap());
        let verifier = match max_age {
            Some(seconds) => verifier().max_age(Duration::from_secs(seconds)),
            None => verifier(),
        };
        prop_assert!(matches!(verifier.verify_at(&made, at(now.into())), Err(SignedRequestError::InvalidJson(_))));
    }

    #[test]
    fn any_changed_character_is_refused(id in user_ids(), index in any::<prop::sample::Index>(), replacement in "[A-Za-z0-9_.=+/-]") {
        let made = SignedRequest::new(UserId::new(id).unwrap(), ISSUED).sign(&ClientSecret::new(SECRET).unwrap());
        let position = index.index(made.len());
        let original = &made[position..=position];
        prop_assume!(original != replacement);
        let altered = format!("{}{}{}", &made[..position], replacement, &made[position + 1..]);
        prop_assert!(verifier().verify(&altered).is_err(), "{} accepted", altered);
    }

    #[test]
    fn another_secret_never_verifies(id in user_ids(), secret in "\\PC{1,64}") {
        prop_assume!(secret != SECRET);
        let made = SignedRequest::new(UserId::new(id).unwrap(), ISSUED).sign(&ClientSecret::new(secret).unwrap());
        prop_assert_eq!(verifier().verify(&made), Err(SignedRequestError::InvalidSignature));
    }

    #[test]
    fn arbitrary_input_is_refused_without_panicking(input in "\\PC{0,300}") {
        prop_assert!(verifier().verify(&input).is_err());
    }

    #[test]
    fn arbitrary_signed_payloads_never_panic(payload in prop::collection::vec(any::<u8>(), 0..300)) {
        let request = sign_signed_request_payload(&payload, &ClientSecret::new(SECRET).unwrap());
        let _ = verifier().verify(&request);
    }
}
