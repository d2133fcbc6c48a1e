//! The long-lived token and refresh reply reader: never panics; a success has a token
//! and exactly the lifetime the reply stated.
#![no_main]

use instagram_auth::parse_long_lived_token_reply;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(200, |b| 100 + u16::from(*b) * 2);
    for (status, body) in [(status, data.get(1..).unwrap_or_default()), (200, data)] {
        if let Ok(token) = parse_long_lived_token_reply(status, body) {
            assert!(!token.access_token.secret().is_empty());
            let reply: serde_json::Value = serde_json::from_slice(body).expect("a success was JSON");
            assert_eq!(reply["expires_in"].as_u64(), Some(token.expires_in.as_secs()));
        }
    }
});
