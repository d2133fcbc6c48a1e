//! Token and backend reply parsing, and the authData built from it: never panics (a
//! lifetime in a reply is outside data and once overflowed the clock); a success always
//! has a token and a non-empty user id made only of what the reply said; an expiry, when
//! known, is never before the moment it was counted from; a refusal's case follows from
//! Instagram's code alone (190, the throttling codes, the permission codes).
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use instagram_auth::{Error, ParseAuthData, parse_backend_reply, parse_token_reply};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = data.first().map_or(200, |b| 100 + u16::from(*b) * 2);
    let body = data.get(1..).unwrap_or_default();
    for parsed in [parse_token_reply(status, body), parse_backend_reply(status, body), parse_token_reply(200, data)] {
        if let Err(error) = &parsed {
            let code = error.provider_error().and_then(|provider| provider.code);
            match error {
                Error::ReauthenticationRequired(_) => assert_eq!(code, Some(190)),
                Error::RateLimited { .. } => assert!(matches!(code, Some(4 | 17 | 32 | 613 | 80002))),
                Error::PermissionMissing(_) => assert!(matches!(code, Some(10 | 200..=299))),
                _ => {}
            }
        }
        if let Ok(reply) = parsed {
            assert!(!reply.access_token.secret().is_empty());
            assert!(!reply.user_id.as_str().is_empty());
            let far = UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 2);
            for now in [SystemTime::now(), UNIX_EPOCH, far] {
                let data = ParseAuthData::from_token_response(&reply, now);
                assert!(data.expiration_date.is_none_or(|date| date >= now));
                assert_eq!(data.to_map()["id"], reply.user_id.as_str());
                let _ = data.to_json();
            }
        }
    }
});
