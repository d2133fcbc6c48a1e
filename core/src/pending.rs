//! A sign-in in flight while the user is in the browser, and how it survives the app
//! being killed meanwhile.

use std::collections::HashSet;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::authorization_url::AuthorizationUrlPrefix;
use crate::authorize::SignInRequest;
use crate::{
    AuthorizationUrl, ClientId, Config, CsrfState, Error, RedirectUri, ResponseType, Scope,
    SignInOptions,
};

/// Everything needed to finish a sign-in once Instagram redirects back: the URL to open,
/// the state to expect, the redirect URI to send with the code, the requested scopes and
/// when it started.
///
/// Save [`to_saved_string`](Self::to_saved_string) before opening the browser and
/// restore it with [`InstagramAuth::restore_authorization`](crate::InstagramAuth::restore_authorization)
/// if the app was killed meanwhile. The saved string contains the state: keep it in app
/// storage, not in logs.
#[derive(Clone)]
pub struct PendingAuthorization {
    authorization_url: AuthorizationUrl,
    client_id: ClientId,
    redirect_uri: RedirectUri,
    request: SignInRequest,
    /// Whole seconds: what the saved form keeps.
    created_at: SystemTime,
}

/// How far in the future a restored sign-in may claim to have started: the phone's clock
/// can be set back a little between saving and restoring, but a start years ahead is a
/// tampered string that would otherwise never expire.
const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// Far more than a sign-in saves (about 400 bytes with every scope Instagram has), and
/// small enough that reading a hostile string costs nothing.
const MAX_SAVED_LENGTH: usize = 16 * 1024;

const FORMAT_VERSION: u32 = 3;
/// Version 1 also kept the authorization URL, which restoring now rebuilds; version 2 had
/// no `force_reauth`.
const OLDEST_READABLE_VERSION: u32 = 1;
/// The first version that saves `force_reauth`.
const FORCE_REAUTH_SINCE: u32 = 3;

/// The saved form. Its field names are a storage format: change them only with a new
/// `version`.
#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    client_id: String,
    redirect_uri: String,
    state: String,
    response_type: String,
    scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    force_reauth: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    force_authentication: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enable_fb_login: Option<bool>,
    created_at: u64,
}

impl PendingAuthorization {
    pub(crate) fn new(
        authorization_url: AuthorizationUrl,
        config: &Config,
        request: SignInRequest,
        created_at: SystemTime,
    ) -> Self {
        Self {
            authorization_url,
            client_id: config.client_id.clone(),
            redirect_uri: config.redirect_uri.clone(),
            request,
            created_at: whole_seconds(created_at),
        }
    }

    /// The consent page to open in the system browser (ASWebAuthenticationSession, Custom Tabs).
    pub fn authorization_url(&self) -> &AuthorizationUrl {
        &self.authorization_url
    }

    /// The app id this sign-in was started for.
    pub fn client_id(&self) -> &ClientId {
        &self.client_id
    }

    /// The redirect URI sent to the consent page; the code exchange must send the same.
    pub fn redirect_uri(&self) -> &RedirectUri {
        &self.redirect_uri
    }

    /// The state the callback must carry.
    pub fn state(&self) -> &CsrfState {
        &self.request.state
    }

    /// Code or (legacy) token flow.
    pub fn response_type(&self) -> ResponseType {
        self.request.response_type
    }

    /// The permissions requested, deduplicated, in request order.
    pub fn scopes(&self) -> &[Scope] {
        &self.request.scopes
    }

    /// The consent-page options it was started with.
    pub fn options(&self) -> SignInOptions {
        self.request.options
    }

    /// When the sign-in started (whole seconds).
    pub fn created_at(&self) -> SystemTime {
        self.created_at
    }

    /// Whether `lifetime` has passed since the start. Nothing is added to a time, so no
    /// value can overflow; a start after `now` (the clock was set back) is not expired.
    pub(crate) fn is_expired(&self, lifetime: Duration, now: SystemTime) -> bool {
        now.duration_since(self.created_at)
            .is_ok_and(|age| age >= lifetime)
    }

    /// A compact string to keep in app storage until the callback arrives.
    pub fn to_saved_string(&self) -> String {
        let saved = Saved {
            version: FORMAT_VERSION,
            client_id: self.client_id.as_str().to_owned(),
            redirect_uri: self.redirect_uri.as_str().to_owned(),
            state: self.request.state.secret().to_owned(),
            response_type: self.request.response_type.as_str().to_owned(),
            scopes: self
                .scopes()
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            force_reauth: self.request.options.force_reauth,
            force_authentication: self.request.options.force_authentication,
            enable_fb_login: self.request.options.enable_fb_login,
            created_at: unix_seconds(self.created_at),
        };
        // Strings, numbers and a list of strings always serialize; the default is never taken.
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// Reads a string made by [`to_saved_string`](Self::to_saved_string), accepting only
    /// a sign-in that `config` could have started: its app id, redirect URI and an allowed
    /// flow, a state shaped like a generated one, a start that is not in the future. The
    /// consent URL is rebuilt from the configuration, never read from the string. App
    /// storage can be restored from a backup or edited on a rooted phone; an edited string
    /// must not move the redirect URI, switch to the implicit flow, or never expire.
    pub(crate) fn restore(
        text: &str,
        config: &Config,
        url_prefix: &AuthorizationUrlPrefix,
    ) -> Result<Self, Error> {
        let invalid = |why: &str| Error::InvalidSavedAuthorization(why.to_owned());
        if text.len() > MAX_SAVED_LENGTH {
            return Err(invalid("it is far longer than a saved sign-in attempt"));
        }
        let saved: Saved =
            serde_json::from_str(text).map_err(|_| invalid("it is not a saved sign-in attempt"))?;
        if !(OLDEST_READABLE_VERSION..=FORMAT_VERSION).contains(&saved.version) {
            return Err(invalid(
                "it was saved by an incompatible version of the library",
            ));
        }
        if saved.client_id != config.client_id.as_str() {
            return Err(invalid("it was started for a different Instagram app id"));
        }
        if saved.redirect_uri != config.redirect_uri.as_str() {
            return Err(invalid("it was started for a different redirect URI"));
        }
        let response_type = ResponseType::parse(&saved.response_type)
            .map_err(|_| invalid("its response type is unknown"))?;
        if response_type == ResponseType::Token && !config.allow_implicit_flow {
            return Err(invalid(
                "it uses the implicit flow, which this configuration does not allow",
            ));
        }
        if !is_restorable_state(&saved.state) {
            return Err(invalid("its state is not shaped like a generated one"));
        }
        if saved.force_reauth && saved.version < FORCE_REAUTH_SINCE {
            return Err(invalid(
                "it carries an option its format version did not save",
            ));
        }
        let scopes = restorable_scopes(saved.scopes)
            .ok_or_else(|| invalid("its scopes are not a list this library makes"))?;
        let created_at = UNIX_EPOCH
            .checked_add(Duration::from_secs(saved.created_at))
            .filter(|&start| {
                config
                    .clock
                    .now()
                    .checked_add(MAX_CLOCK_SKEW)
                    .is_none_or(|latest| start <= latest)
            })
            .ok_or_else(|| invalid("it claims to have started in the future"))?;
        let request = SignInRequest {
            // Never empty: is_restorable_state wants 32 characters or more.
            state: CsrfState::new(saved.state).map_err(|_| invalid("its state is empty"))?,
            response_type,
            scopes,
            options: SignInOptions {
                force_reauth: saved.force_reauth,
                force_authentication: saved.force_authentication,
                enable_fb_login: saved.enable_fb_login,
            },
        };
        Ok(Self::new(
            request.authorization_url(url_prefix),
            config,
            request,
            created_at,
        ))
    }
}

/// 32 to 512 characters that are unreserved in a URL (RFC 3986): a generated state is 64
/// hex digits, and a chosen one that is shorter or needs escaping was not made to be
/// unguessable.
fn is_restorable_state(state: &str) -> bool {
    (32..=512).contains(&state.len())
        && state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Valid, distinct and at least one, as [`AuthorizationRequest`](crate::AuthorizationRequest)
/// makes them.
fn restorable_scopes(saved: Vec<String>) -> Option<Vec<Scope>> {
    let mut seen = HashSet::with_capacity(saved.len());
    let scopes = saved
        .into_iter()
        .map(|text| {
            Scope::new(text)
                .ok()
                .filter(|scope| seen.insert(scope.clone()))
        })
        .collect::<Option<Vec<_>>>()?;
    (!scopes.is_empty()).then_some(scopes)
}

/// Leaves out the URL and state: both would reveal the state.
impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("state", &self.request.state)
            .field("response_type", &self.request.response_type)
            .field("scopes", &self.request.scopes)
            .field("options", &self.request.options)
            .field("created_at", &unix_seconds(self.created_at))
            .finish_non_exhaustive()
    }
}

fn is_false(value: &bool) -> bool {
    !value
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `time` without its fraction of a second, as the saved form keeps it, so that a
/// restored sign-in equals the one that was saved.
fn whole_seconds(time: SystemTime) -> SystemTime {
    time.duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| UNIX_EPOCH.checked_add(Duration::from_secs(since.as_secs())))
        .unwrap_or(UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::{Clock, InstagramAuth};

    const STATE: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const START: u64 = 1_700_000_000;

    #[derive(Debug)]
    struct FixedClock(Mutex<SystemTime>);

    impl Clock for FixedClock {
        fn now(&self) -> SystemTime {
            *self.0.lock().unwrap()
        }
    }

    fn config() -> Config {
        let mut config = Config::new(
            ClientId::new("42").unwrap(),
            RedirectUri::parse("https://app.example/cb/").unwrap(),
        );
        config.clock = Arc::new(FixedClock(Mutex::new(
            UNIX_EPOCH + Duration::from_secs(START),
        )));
        config
    }

    fn auth(config: Config) -> InstagramAuth {
        InstagramAuth::new(config).unwrap()
    }

    fn pending() -> PendingAuthorization {
        auth(config())
            .authorization_request()
            .state(CsrfState::new(STATE).unwrap())
            .scopes([Scope::instagram_business_basic(), Scope::new("x").unwrap()])
            .force_authentication(true)
            .force_reauth(true)
            .start()
            .unwrap()
    }

    fn saved_json() -> serde_json::Value {
        serde_json::from_str(&pending().to_saved_string()).unwrap()
    }

    fn restore(config: Config, saved: &str) -> Result<PendingAuthorization, Error> {
        auth(config).restore_authorization(saved)
    }

    #[test]
    fn saved_string_restores_the_same_pending_authorization() {
        let original = pending();
        let restored = restore(config(), &original.to_saved_string()).unwrap();
        assert_eq!(restored.to_saved_string(), original.to_saved_string());
        assert_eq!(restored.authorization_url(), original.authorization_url());
        assert_eq!(
            restored.created_at(),
            UNIX_EPOCH + Duration::from_secs(START)
        );
        assert_eq!(restored.options(), original.options());
        assert!(
            restored
                .authorization_url()
                .as_str()
                .ends_with("&force_reauth=true&force_authentication=1")
        );
    }

    /// A string saved by version 2 (before `force_reauth`), as that version wrote it.
    #[test]
    fn version_2_strings_are_restored_with_their_options() {
        let v2 = format!(
            r#"{{"version":2,"client_id":"42","redirect_uri":"https://app.example/cb/","state":"{STATE}","response_type":"code","scopes":["instagram_business_basic"],"enable_fb_login":false,"created_at":{START}}}"#
        );
        let restored = restore(config(), &v2).unwrap();
        let expected = SignInOptions {
            enable_fb_login: Some(false),
            ..SignInOptions::default()
        };
        assert_eq!(restored.options(), expected);
        assert_eq!(
            restored.authorization_url().as_str(),
            format!(
                "https://www.instagram.com/oauth/authorize?client_id=42\
                 &redirect_uri=https%3A%2F%2Fapp.example%2Fcb%2F&response_type=code\
                 &scope=instagram_business_basic&state={STATE}&enable_fb_login=0"
            )
        );
        // Saved again, it is a version 3 string that restores to the same sign-in.
        let again = restore(config(), &restored.to_saved_string()).unwrap();
        assert!(again.to_saved_string().starts_with(r#"{"version":3,"#));
        assert_eq!(again.authorization_url(), restored.authorization_url());
    }

    /// `force_reauth` is saved only when set, and only versions that knew it may carry it.
    #[test]
    fn force_reauth_is_saved_only_when_set_and_only_since_version_3() {
        assert_eq!(saved_json()["force_reauth"], true);
        let plain = auth(config())
            .authorization_request()
            .state(CsrfState::new(STATE).unwrap())
            .start()
            .unwrap();
        let text = plain.to_saved_string();
        assert!(!text.contains("force_reauth"), "{text}");
        for version in [1, 2] {
            let old = with_field("version", version.into());
            match restore(config(), &old) {
                Err(Error::InvalidSavedAuthorization(message)) => {
                    assert!(message.contains("option"), "{message}")
                }
                other => panic!("version {version}: {other:?}"),
            }
        }
    }

    /// Strings saved by version 1 kept the URL; it is rebuilt, not read.
    #[test]
    fn version_1_strings_are_restored_with_a_rebuilt_url() {
        let mut v1 = saved_json();
        v1["version"] = 1.into();
        v1["authorization_url"] = "https://evil.example/oauth/authorize?x=1".into();
        v1.as_object_mut().unwrap().remove("force_authentication");
        v1.as_object_mut().unwrap().remove("force_reauth");
        let restored = restore(config(), &v1.to_string()).unwrap();
        assert!(
            restored
                .authorization_url()
                .as_str()
                .starts_with("https://www.instagram.com/oauth/authorize?client_id=42&")
        );
        assert_eq!(restored.state().secret(), STATE);
    }

    #[test]
    fn debug_does_not_reveal_the_state() {
        let text = format!("{:?}", pending());
        assert!(!text.contains(STATE), "{text}");
    }

    #[test]
    fn expiry_is_at_the_end_of_the_lifetime() {
        let p = pending();
        let hour = Duration::from_secs(3600);
        assert!(!p.is_expired(hour, p.created_at() + hour - Duration::from_secs(1)));
        assert!(p.is_expired(hour, p.created_at() + hour));
        assert!(!p.is_expired(hour, p.created_at() - hour), "clock set back");
        assert!(
            !p.is_expired(Duration::MAX, p.created_at() + hour),
            "no overflow"
        );
    }

    /// Each edit an attacker with access to app storage (a backup, a rooted phone) could
    /// make, refused with its own message.
    #[test]
    fn a_tampered_saved_string_is_refused() {
        let with = with_field;
        let cases = [
            (
                with("redirect_uri", "https://evil.example/cb/".into()),
                "redirect URI",
            ),
            (
                with("redirect_uri", "https://app.example/cb/x".into()),
                "redirect URI",
            ),
            (with("client_id", "43".into()), "app id"),
            (with("response_type", "token".into()), "implicit flow"),
            (with("state", "a".into()), "state"),
            (with("state", STATE.replace('0', " ").into()), "state"),
            (with("state", "x".repeat(513).into()), "state"),
            (with("scopes", serde_json::json!([])), "scopes"),
            (with("scopes", serde_json::json!(["x", "x"])), "scopes"),
            (with("created_at", 4_102_444_800u64.into()), "future"),
            (with("created_at", u64::MAX.into()), "future"),
            (with("created_at", (START + 301).into()), "future"),
        ];
        for (case, why) in cases {
            match restore(config(), &case) {
                Err(Error::InvalidSavedAuthorization(message)) => {
                    assert!(message.contains(why), "{case}: {message}")
                }
                other => panic!("{case}: {other:?}"),
            }
        }
    }

    #[test]
    fn small_clock_skews_and_allowed_flows_are_restored() {
        let mut config = config();
        let ahead = with_field("created_at", (START + 300).into());
        assert!(restore(config.clone(), &ahead).is_ok());
        config.allow_implicit_flow = true;
        let token = with_field("response_type", "token".into());
        let restored = restore(config, &token).unwrap();
        assert_eq!(restored.response_type(), ResponseType::Token);
        assert!(
            restored
                .authorization_url()
                .as_str()
                .contains("response_type=token")
        );
    }

    fn with_field(key: &str, value: serde_json::Value) -> String {
        let mut v = saved_json();
        v[key] = value;
        v.to_string()
    }

    #[test]
    fn damaged_saved_strings_are_refused_with_their_own_error() {
        let cases = [
            String::new(),
            "not json".into(),
            "{}".into(),
            "[]".into(),
            with_field("version", 4.into()),
            with_field("force_reauth", "yes".into()),
            with_field("version", 0.into()),
            with_field("state", "".into()),
            with_field("redirect_uri", "nope".into()),
            with_field("client_id", "".into()),
            with_field("response_type", "id_token".into()),
            with_field("scopes", serde_json::json!(["a b"])),
            with_field("created_at", (-1).into()),
            with_field("scopes", serde_json::json!(vec!["x"; 4000])),
        ];
        for case in cases {
            assert!(
                matches!(
                    restore(config(), &case),
                    Err(Error::InvalidSavedAuthorization(_))
                ),
                "{case}"
            );
        }
    }
}
