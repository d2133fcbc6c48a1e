//! Token and backend reply parsing: never panics; a success always has a token and a
//! non-empty user id made only of what the reply said.
#![no_main]

use instagram_auth::{parse_backend_reply, parse_token_reply};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(200, |b| 100 + u16::from(*b) * 2);
    let body = data.get(1..).unwrap_or_default();
    for parsed in [parse_token_reply(status, body), parse_backend_reply(status, body), parse_token_reply(200, data)] {
        if let Ok(reply) = parsed {
            assert!(!reply.access_token.secret().is_empty());
            assert!(!reply.user_id.as_str().is_empty());
        }
    }
});
