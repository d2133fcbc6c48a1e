//! Restoring a saved sign-in: never panics; whatever restores saves back to the same thing.
#![no_main]

use instagram_auth::{ClientId, Config, InstagramAuth, RedirectUri};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn auth() -> &'static InstagramAuth {
    static AUTH: OnceLock<InstagramAuth> = OnceLock::new();
    AUTH.get_or_init(|| {
        InstagramAuth::new(Config::new(ClientId::new("990602627938098").unwrap(), RedirectUri::parse("https://app.example.com/auth/").unwrap()))
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(pending) = auth().restore_pending(&text) {
        let again = auth().restore_pending(&pending.to_saved_string()).expect("a saved string restores");
        assert_eq!(again, pending);
    }
});
