//! Parse's login reply reader: never panics; a success has the objectId and session token
//! the reply carried, and "created" exactly for HTTP 201.
#![no_main]

use instagram_auth::parse_log_in_reply;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(200, |b| 100 + u16::from(*b) * 2);
    for (status, body) in [(status, data.get(1..).unwrap_or_default()), (201, data)] {
        if let Ok(session) = parse_log_in_reply(status, body) {
            let reply: serde_json::Value = serde_json::from_slice(body).expect("a success was JSON");
            assert_eq!(reply["objectId"].as_str(), Some(session.object_id.as_str()));
            assert_eq!(reply["sessionToken"].as_str(), Some(session.session_token.secret()));
            assert_eq!(session.created, status == 201);
        }
    }
});
