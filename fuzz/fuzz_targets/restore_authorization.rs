//! Restoring a saved sign-in, then finishing it: never panics (release builds abort, so
//! a panic would end the app); whatever restores saves back to the same thing, has a
//! start no later than a few minutes from now, and takes its real callback once.
//! Input: the saved string, then optionally a newline and a callback's query/fragment.
#![no_main]

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use instagram_auth::{ClientId, Config, Error, InstagramAuth, RedirectUri};
use libfuzzer_sys::fuzz_target;

const REDIRECT: &str = "https://app.example.com/auth/";

fn config() -> Config {
    let mut config = Config::new(ClientId::new("990602627938098").unwrap(), RedirectUri::parse(REDIRECT).unwrap());
    // Both flows, so a restored implicit sign-in reaches the token branch too.
    config.allow_implicit_flow = true;
    config
}

fn auth() -> &'static InstagramAuth {
    static AUTH: OnceLock<InstagramAuth> = OnceLock::new();
    AUTH.get_or_init(|| InstagramAuth::new(config()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (saved, tail) = text.split_once('\n').unwrap_or((&text, ""));
    let Ok(pending) = auth().restore_authorization(saved) else { return };
    let again = auth().restore_authorization(&pending.to_saved_string()).expect("a saved string restores");
    assert_eq!(again.to_saved_string(), pending.to_saved_string());
    assert_eq!(again.authorization_url(), pending.authorization_url());
    assert!(pending.created_at() <= SystemTime::now() + Duration::from_secs(300));

    // A fresh client per restored sign-in: completed sign-ins are remembered per client.
    let fresh = InstagramAuth::new(config()).unwrap();
    let _ = fresh.handle_callback(&pending, &format!("{REDIRECT}{tail}"));
    let state = pending.state().secret();
    let real = [format!("{REDIRECT}?code=c&state={state}#_"), format!("{REDIRECT}#access_token=t&state={state}")];
    let mut completed = false;
    for callback in real {
        match fresh.handle_callback(&pending, &callback) {
            Ok(_) => assert!(!completed, "a second callback was taken"),
            Err(Error::AlreadyUsed | Error::Expired | Error::MissingCode) => {}
            Err(other) => panic!("the real callback was refused: {other:?}"),
        }
        completed = true;
    }
});
