//! Meta's signed requests: never panics; only a request signed with the secret verifies,
//! and what verifies is exactly what was signed.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use instagram_auth::{
    ClientSecret, SignedRequestError, SignedRequestVerifier, sign_signed_request_payload,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let secret = ClientSecret::new("fuzz-app-secret").unwrap();
    let verifier = SignedRequestVerifier::new(secret.clone()).max_age(Duration::from_secs(3600));
    let now = UNIX_EPOCH + Duration::from_secs(1_790_000_000);
    // As received: arbitrary text almost never carries a valid HMAC.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = verifier.verify_at(text, now);
    }
    // As a payload signed with the secret, so the JSON reading is reached.
    let signed = sign_signed_request_payload(data, &secret);
    match verifier.verify_at(&signed, now) {
        Ok(request) => {
            assert!(!request.user_id.as_str().is_empty());
            assert!(request.issued_at + 3600 >= 1_790_000_000);
        }
        Err(error) => assert_ne!(error, SignedRequestError::InvalidSignature),
    }
});
