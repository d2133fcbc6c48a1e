//! Callback parsing: never panics; a code it returns is never empty and never keeps `#_`;
//! an error never repeats the state (only a denial or provider error carries text, and
//! that is Instagram's own `error_description`); and the fast path for callbacks that
//! start with the redirect URI answers as the full URL parse does.
#![no_main]

use instagram_auth::{CsrfState, Error, Grant, RedirectUri, ResponseType, parse_callback};
use libfuzzer_sys::fuzz_target;

/// What a result says, secrets included: neither grants nor errors compare with `==`.
/// The same as the helper of core's callback tests, which this crate cannot reach.
fn outcome(result: Result<Grant, Error>) -> String {
    match result {
        Ok(Grant::Code(grant)) => format!(
            "code {} for {}",
            grant.code().secret(),
            grant.redirect_uri().as_str()
        ),
        Ok(Grant::Token(token)) => format!("token {}", token.secret()),
        Ok(other) => format!("{other:?}"),
        Err(error) => format!("{error:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let redirect = RedirectUri::parse("https://app.example.com/auth/").unwrap();
    let state = CsrfState::new("fuzz-state").unwrap();
    // Raw input, and input appended to a real callback location.
    let candidates = [text.to_string(), format!("https://app.example.com/auth/?{text}")];
    // The same URL with its scheme in capitals misses the fast path.
    let general = format!("HTTPS://app.example.com/auth/?{text}");
    for flow in [ResponseType::Code, ResponseType::Token] {
        for expected in [Some(&state), None] {
            assert_eq!(
                outcome(parse_callback(&candidates[1], &redirect, flow, expected)),
                outcome(parse_callback(&general, &redirect, flow, expected)),
                "{text:?}"
            );
        }
    }
    for callback in &candidates {
        for flow in [ResponseType::Code, ResponseType::Token] {
            for expected in [Some(&state), None] {
                match parse_callback(callback, &redirect, flow, expected) {
                    Ok(Grant::Code(grant)) => {
                        let code = grant.code().secret();
                        assert!(!code.is_empty() && !code.ends_with("#_"), "{code:?}");
                    }
                    Ok(Grant::Token(token)) => assert!(!token.secret().is_empty()),
                    Ok(_) => {}
                    Err(Error::AccessDenied { .. } | Error::Provider(_)) => {}
                    Err(error) => {
                        let message = format!("{error} {error:?}");
                        assert!(!message.contains("fuzz-state"), "{message}");
                    }
                }
            }
        }
    }
});
