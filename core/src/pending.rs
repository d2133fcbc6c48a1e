//! A sign-in in flight while the user is in the browser, and how it survives the app
//! being killed meanwhile.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::{AuthorizationUrl, ClientId, CsrfState, Error, RedirectUri, ResponseType, Scope};

/// Everything needed to finish a sign-in once Instagram redirects back: the URL to open,
/// the state to expect, the redirect URI to send with the code, the requested scopes and
/// when it started.
///
/// Save [`to_saved_string`](Self::to_saved_string) before opening the browser and
/// restore it with [`InstagramAuth::restore_pending`](crate::InstagramAuth::restore_pending)
/// if the app was killed meanwhile. The saved string contains the state: keep it in app
/// storage, not in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingAuthorization {
    authorization_url: AuthorizationUrl,
    client_id: ClientId,
    redirect_uri: RedirectUri,
    state: CsrfState,
    response_type: ResponseType,
    scopes: Vec<Scope>,
    created_at_secs: u64,
}

const FORMAT_VERSION: u32 = 1;

/// The saved form. Its field names are a storage format: change them only with a new
/// `version`.
#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    authorization_url: String,
    client_id: String,
    redirect_uri: String,
    state: String,
    response_type: String,
    scopes: Vec<String>,
    created_at: u64,
}

impl PendingAuthorization {
    pub(crate) fn new(
        authorization_url: AuthorizationUrl,
        client_id: ClientId,
        redirect_uri: RedirectUri,
        state: CsrfState,
        response_type: ResponseType,
        scopes: Vec<Scope>,
        created_at: SystemTime,
    ) -> Self {
        Self {
            authorization_url,
            client_id,
            redirect_uri,
            state,
            response_type,
            scopes,
            created_at_secs: unix_seconds(created_at),
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
        &self.state
    }

    /// Code or (legacy) token flow.
    pub fn response_type(&self) -> ResponseType {
        self.response_type
    }

    /// The permissions requested, deduplicated, in request order.
    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// When the sign-in started (whole seconds).
    pub fn created_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.created_at_secs)
    }

    pub(crate) fn is_expired(&self, lifetime: Duration, now: SystemTime) -> bool {
        self.created_at() + lifetime <= now
    }

    /// A compact string to keep in app storage until the callback arrives.
    pub fn to_saved_string(&self) -> String {
        let saved = Saved {
            version: FORMAT_VERSION,
            authorization_url: self.authorization_url.as_str().to_owned(),
            client_id: self.client_id.as_str().to_owned(),
            redirect_uri: self.redirect_uri.as_str().to_owned(),
            state: self.state.secret().to_owned(),
            response_type: self.response_type.as_str().to_owned(),
            scopes: self.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            created_at: self.created_at_secs,
        };
        // Strings, numbers and a list of strings always serialize; the default is never taken.
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// Reads a string made by [`to_saved_string`](Self::to_saved_string).
    pub(crate) fn from_saved_string(text: &str) -> Result<Self, Error> {
        let invalid = |why: &str| Error::InvalidPendingAuthorization(why.to_owned());
        let saved: Saved =
            serde_json::from_str(text).map_err(|_| invalid("it is not a saved sign-in attempt"))?;
        if saved.version != FORMAT_VERSION {
            return Err(invalid(
                "it was saved by an incompatible version of the library",
            ));
        }
        if saved.state.is_empty() {
            return Err(invalid("its state is empty"));
        }
        let scopes = saved
            .scopes
            .into_iter()
            .map(Scope::new)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| invalid("it holds an invalid scope"))?;
        Ok(Self {
            authorization_url: AuthorizationUrl::parse(&saved.authorization_url)?,
            client_id: ClientId::new(saved.client_id)
                .map_err(|_| invalid("its app id is empty"))?,
            redirect_uri: RedirectUri::parse(&saved.redirect_uri)
                .map_err(|_| invalid("its redirect URI is invalid"))?,
            state: CsrfState::new(saved.state),
            response_type: ResponseType::parse(&saved.response_type)
                .map_err(|_| invalid("its response type is unknown"))?,
            scopes,
            created_at_secs: saved.created_at,
        })
    }
}

/// Leaves out the URL and state: both would reveal the state.
impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("state", &self.state)
            .field("response_type", &self.response_type)
            .field("scopes", &self.scopes)
            .field("created_at", &self.created_at_secs)
            .finish_non_exhaustive()
    }
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> PendingAuthorization {
        PendingAuthorization::new(
            AuthorizationUrl::parse("https://www.instagram.com/oauth/authorize?state=SECRETSTATE")
                .unwrap(),
            ClientId::new("42").unwrap(),
            RedirectUri::parse("https://app.example/cb/").unwrap(),
            CsrfState::new("SECRETSTATE"),
            ResponseType::Code,
            vec![Scope::instagram_business_basic(), Scope::new("x").unwrap()],
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )
    }

    #[test]
    fn saved_string_restores_the_same_pending_authorization() {
        let original = pending();
        let restored =
            PendingAuthorization::from_saved_string(&original.to_saved_string()).unwrap();
        assert_eq!(restored, original);
        assert_eq!(
            restored.created_at(),
            UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        );
    }

    #[test]
    fn debug_does_not_reveal_the_state() {
        let text = format!("{:?}", pending());
        assert!(!text.contains("SECRETSTATE"), "{text}");
    }

    #[test]
    fn expiry_is_at_the_end_of_the_lifetime() {
        let p = pending();
        let hour = Duration::from_secs(3600);
        assert!(!p.is_expired(hour, p.created_at() + hour - Duration::from_secs(1)));
        assert!(p.is_expired(hour, p.created_at() + hour));
    }

    #[test]
    fn damaged_saved_strings_are_refused_with_their_own_error() {
        let good: serde_json::Value = serde_json::from_str(&pending().to_saved_string()).unwrap();
        let with = |key: &str, value: serde_json::Value| {
            let mut v = good.clone();
            v[key] = value;
            v.to_string()
        };
        let cases = [
            String::new(),
            "not json".into(),
            "{}".into(),
            "[]".into(),
            with("version", 2.into()),
            with("state", "".into()),
            with("redirect_uri", "nope".into()),
            with("authorization_url", "nope".into()),
            with("client_id", "".into()),
            with("response_type", "id_token".into()),
            with("scopes", serde_json::json!(["a b"])),
            with("created_at", (-1).into()),
        ];
        for case in cases {
            assert!(
                matches!(
                    PendingAuthorization::from_saved_string(&case),
                    Err(Error::InvalidPendingAuthorization(_))
                ),
                "{case}"
            );
        }
    }
}
