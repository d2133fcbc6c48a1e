//! Meta's `signed_request`: what the Deauthorize callback and the Data Deletion Request
//! callback receive when a user removes the app or asks for their data to be deleted.
//!
//! The form field is `<signature>.<payload>`, both base64url without padding. The
//! signature is HMAC-SHA256 of the payload *as sent* (the base64url text) keyed with the
//! app secret; the payload is JSON `{"algorithm":"HMAC-SHA256","issued_at":<unix
//! seconds>,"user_id":"<app-scoped id>"}` (Meta may add fields; they are ignored).
//!
//! The Parse callbacks (`server/cloud/instagram-callbacks.js`) verify with the same rule,
//! held to one table (`testdata/signed-request-table.tsv`) and to each other on generated
//! input (`core/tests/signed_request_differential.rs`). Where a payload could be read two
//! ways, the rule is:
//! - the algorithm is `HMAC-SHA256` in any ASCII case: no other letter counts as one of
//!   its letters (JavaScript's `toUpperCase` turns `ſ` into `S`);
//! - the payload is UTF-8 JSON whose strings are Unicode text (no lone surrogate, in any
//!   field), nested at most [`SIGNED_REQUEST_MAX_DEPTH`] deep, whatever fields are used;
//! - `issued_at` is a whole number, written without fraction or exponent, from 0 to
//!   253402300799 (9999-12-31T23:59:59Z, the last date Parse stores);
//! - `user_id` is a string of ASCII digits, or a whole number up to 2^64 − 1 read exactly;
//! - a key given twice counts with its last value;
//! - the age is counted in whole seconds: the current Unix second minus `issued_at`.
//!
//! Server side only: this module exists with the `signed-request` feature, so the mobile
//! library carries no HMAC code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value, json};
use sha2::Sha256;

use crate::{ClientSecret, UserId};

/// The only algorithm Meta signs with, and the only one accepted.
pub const SIGNED_REQUEST_ALGORITHM: &str = "HMAC-SHA256";

/// How deep a payload's objects and arrays may nest, the payload itself being depth 1.
/// Meta's payloads are flat; the limit makes both verifiers refuse the same payloads
/// (serde_json stops at 128 levels, JavaScript's `JSON.parse` much deeper).
pub const SIGNED_REQUEST_MAX_DEPTH: usize = 64;

/// The latest `issued_at` accepted: 9999-12-31T23:59:59Z. Any later value is no date
/// Meta sends, no date Parse stores, and no number JavaScript holds exactly above 2^53.
pub const SIGNED_REQUEST_MAX_ISSUED_AT: u64 = 253_402_300_799;

/// The verified content of a signed request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The app-scoped Instagram user id (the `id` in Parse authData).
    pub user_id: UserId,
    /// When Meta issued the request, in seconds since the Unix epoch.
    pub issued_at: u64,
}

/// Which half of `<signature>.<payload>` a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignedRequestPart {
    /// The part before the dot.
    Signature,
    /// The part after the dot.
    Payload,
}

impl std::fmt::Display for SignedRequestPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Signature => "signature",
            Self::Payload => "payload",
        })
    }
}

/// Why a signed request was refused. Messages never repeat the request or the secret:
/// the request is a credential for the callback it was sent to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignedRequestError {
    /// No `.` between signature and payload (an empty field lands here too).
    #[error("the signed request is not <signature>.<payload>: it has no dot")]
    MissingDot,
    /// A part is not base64url without padding.
    #[error("the signed request's {0} is not base64url without padding")]
    InvalidBase64(SignedRequestPart),
    /// The payload decodes, but not to the JSON object Meta sends.
    #[error("the signed request's payload is not valid: {0}")]
    InvalidJson(&'static str),
    /// The payload names an algorithm other than HMAC-SHA256.
    #[error("the signed request uses algorithm {0:?}; only HMAC-SHA256 is accepted")]
    WrongAlgorithm(String),
    /// The HMAC does not match: not signed with this app's secret, or altered.
    #[error("the signed request's signature does not match the app secret")]
    InvalidSignature,
    /// Issued longer ago than the accepted maximum age.
    #[error(
        "the signed request was issued {age_seconds} s ago, more than the {max_age_seconds} s accepted"
    )]
    Expired {
        /// Seconds since `issued_at`.
        age_seconds: u64,
        /// The maximum age the verifier accepts.
        max_age_seconds: u64,
    },
}

impl SignedRequestError {
    /// A stable name for programs: `invalid_signed_request` (malformed),
    /// `invalid_signature` or `expired`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidSignature => "invalid_signature",
            Self::Expired { .. } => "expired",
            Self::MissingDot
            | Self::InvalidBase64(_)
            | Self::InvalidJson(_)
            | Self::WrongAlgorithm(_) => "invalid_signed_request",
        }
    }
}

/// Checks signed requests for one app.
///
/// ```
/// # use instagram_auth::{ClientSecret, SignedRequest, SignedRequestVerifier, UserId};
/// let secret = ClientSecret::new("app-secret")?;
/// let sent = SignedRequest::new(UserId::new("17841405793187219")?, 1_700_000_000).sign(&secret);
/// let verified = SignedRequestVerifier::new(secret).verify(&sent)?;
/// assert_eq!(verified.user_id.as_str(), "17841405793187219");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedRequestVerifier {
    secret: ClientSecret,
    max_age: Option<Duration>,
}

impl SignedRequestVerifier {
    /// A verifier keyed with the app secret; requests of any age are accepted.
    pub fn new(secret: ClientSecret) -> Self {
        Self {
            secret,
            max_age: None,
        }
    }

    /// Refuses requests issued more than `max_age` ago. Requests dated in the future are
    /// not refused for it: clocks differ, and the signature already proves Meta sent it.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Verifies against the system clock.
    pub fn verify(&self, signed_request: &str) -> Result<SignedRequest, SignedRequestError> {
        self.verify_at(signed_request, SystemTime::now())
    }

    /// Verifies as if the time were `now`. The signature is checked (in constant time)
    /// before anything in the payload is read.
    pub fn verify_at(
        &self,
        signed_request: &str,
        now: SystemTime,
    ) -> Result<SignedRequest, SignedRequestError> {
        let (signature, payload) = signed_request
            .split_once('.')
            .ok_or(SignedRequestError::MissingDot)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| SignedRequestError::InvalidBase64(SignedRequestPart::Signature))?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| SignedRequestError::InvalidBase64(SignedRequestPart::Payload))?;
        mac(&self.secret, payload)
            .verify_slice(&signature)
            .map_err(|_| SignedRequestError::InvalidSignature)?;
        let request = read_payload(&json)?;
        if let Some(max_age) = self.max_age {
            // Whole seconds, and nothing added to a time: `issued_at` comes from outside.
            let now_seconds = now
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_secs());
            let age_seconds = now_seconds.saturating_sub(request.issued_at);
            if Duration::from_secs(age_seconds) > max_age {
                return Err(SignedRequestError::Expired {
                    age_seconds,
                    max_age_seconds: max_age.as_secs(),
                });
            }
        }
        Ok(request)
    }
}

impl SignedRequest {
    /// A request for `user_id` issued at `issued_at` (Unix seconds).
    pub fn new(user_id: UserId, issued_at: u64) -> Self {
        Self { user_id, issued_at }
    }

    /// `issued_at` as a time; `None` for a value no `SystemTime` of this platform holds
    /// (a verified request is at most [`SIGNED_REQUEST_MAX_ISSUED_AT`], which every platform holds, but
    /// [`new`](Self::new) takes any number).
    pub fn issued_time(&self) -> Option<SystemTime> {
        UNIX_EPOCH.checked_add(Duration::from_secs(self.issued_at))
    }

    /// Signs it as Meta does, for tests and stand-ins of Meta: `<signature>.<payload>`.
    pub fn sign(&self, secret: &ClientSecret) -> String {
        let payload = json!({
            "algorithm": SIGNED_REQUEST_ALGORITHM,
            "issued_at": self.issued_at,
            "user_id": self.user_id.as_str(),
        });
        sign_payload(payload.to_string().as_bytes(), secret)
    }
}

/// Signs any payload bytes, so tests can build requests Meta would never send (another
/// algorithm, broken JSON) that still carry a valid signature.
pub fn sign_signed_request_payload(payload: &[u8], secret: &ClientSecret) -> String {
    sign_payload(payload, secret)
}

fn sign_payload(payload: &[u8], secret: &ClientSecret) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload);
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &payload).finalize().into_bytes());
    format!("{signature}.{payload}")
}

fn mac(secret: &ClientSecret, payload: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this never fails; the fallback key only
    // satisfies the type and can never verify a real signature with a non-empty secret.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.secret().as_bytes())
        .unwrap_or_else(|_| <Hmac<Sha256> as hmac::digest::KeyInit>::new(&Default::default()));
    mac.update(payload.as_bytes());
    mac
}

fn read_payload(json: &[u8]) -> Result<SignedRequest, SignedRequestError> {
    // serde_json refuses invalid UTF-8, a lone surrogate and a number beyond f64 anywhere,
    // even in a value a later duplicate key replaces; so does the depth check, on the text.
    let object: Map<String, Value> = serde_json::from_slice(json)
        .map_err(|_| SignedRequestError::InvalidJson("it is not a JSON object"))?;
    if nesting_depth(json) > SIGNED_REQUEST_MAX_DEPTH {
        return Err(SignedRequestError::InvalidJson(
            "it nests objects or arrays too deep",
        ));
    }
    match object.get("algorithm") {
        Some(Value::String(name)) if name.eq_ignore_ascii_case(SIGNED_REQUEST_ALGORITHM) => {}
        Some(Value::String(name)) => {
            return Err(SignedRequestError::WrongAlgorithm(
                name.chars().take(40).collect(),
            ));
        }
        Some(_) => return Err(SignedRequestError::InvalidJson("its algorithm is not text")),
        None => return Err(SignedRequestError::InvalidJson("it names no algorithm")),
    }
    let issued_at = object
        .get("issued_at")
        .and_then(Value::as_u64)
        .filter(|&seconds| seconds <= SIGNED_REQUEST_MAX_ISSUED_AT)
        .ok_or(SignedRequestError::InvalidJson(
            "its issued_at is not a whole number of seconds up to the year 9999",
        ))?;
    // Ids exceed 2^53: a string, or a JSON number read exactly (never through a double).
    let user_id = match object.get("user_id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(Value::Number(id)) if id.is_u64() => id.to_string(),
        _ => {
            return Err(SignedRequestError::InvalidJson(
                "its user_id is not a non-empty string or whole number",
            ));
        }
    };
    let user_id = UserId::new(user_id)
        .map_err(|_| SignedRequestError::InvalidJson("its user_id is not digits"))?;
    Ok(SignedRequest { user_id, issued_at })
}

/// How deep objects and arrays nest in `json`, valid JSON text, the outermost being 1.
/// Counted in the text rather than the parsed value: a value that a later duplicate key
/// replaces counts too, as it does for JavaScript's verifier.
fn nesting_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'[' | b'{' if !in_string => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}
