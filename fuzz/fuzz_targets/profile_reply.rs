//! The Graph `/me` reply reader: never panics; a success has a non-empty id, spelled as
//! the reply spelled it (a number is kept exact, never rounded through a double), and so
//! is the professional account's `user_id` when there is one.
#![no_main]

use instagram_auth::parse_profile_reply;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(200, |b| 100 + u16::from(*b) * 2);
    for (status, body) in [(status, data.get(1..).unwrap_or_default()), (200, data)] {
        if let Ok(profile) = parse_profile_reply(status, body) {
            let reply: serde_json::Value = serde_json::from_slice(body).expect("a success was JSON");
            let id = match &reply["id"] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(profile.id.as_str(), id);
            let professional = match reply.get("user_id") {
                None => None,
                Some(serde_json::Value::String(text)) => Some(text.clone()),
                Some(other) => Some(other.to_string()),
            };
            assert_eq!(profile.user_id.as_ref().map(|id| id.as_str().to_owned()), professional);
        }
    }
});
