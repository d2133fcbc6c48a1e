//! What Parse needs to log the user in: authData for the `instagram` provider.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{AccessToken, Error, ProfessionalAccountId, Profile, TokenResponse, UserId};

/// Parse authData for Instagram: `{"instagram":{"id":"<string>","access_token":"..."}}`,
/// plus `"user_id"`, the professional account's id, once a [`Profile`] supplied it.
///
/// Parse Server 9.10 keeps the extra `user_id` with the authData (its Instagram adapter
/// checks only `id` and `access_token`), so Meta's callbacks can find the user by the id
/// webhooks use. Parse does not check it: it is what the app sent.
///
/// - iOS: `PFUser.logInWithAuthType(inBackground: "instagram", authData: data.toMap())`
/// - Android: `ParseUser.logInWithInBackground("instagram", data.toMap())`
/// - REST: `POST /parse/users` with body `{"authData": <to_json()>}`
#[derive(Clone, Debug)]
pub struct ParseAuthData {
    /// The Instagram user id (always a string).
    pub id: UserId,
    /// The Instagram access token Parse Server verifies the id with.
    pub access_token: AccessToken,
    /// When the token expires, if known; sent as ISO 8601 `expiration_date`.
    pub expiration_date: Option<SystemTime>,
    /// The professional account's id (`/me`'s `user_id`), sent as `user_id` when known.
    pub professional_account_id: Option<ProfessionalAccountId>,
}

impl ParseAuthData {
    /// The provider name Parse registers Instagram under.
    pub const PROVIDER: &'static str = "instagram";

    /// authData for a user id and token.
    pub fn new(id: UserId, access_token: AccessToken) -> Self {
        Self {
            id,
            access_token,
            expiration_date: None,
            professional_account_id: None,
        }
    }

    /// This authData with the professional account's id from `profile`, the profile of
    /// the same user (`profile.id` is this authData's `id`). A profile of another user is
    /// refused: it would tie this user to someone else's account. A profile without a
    /// `user_id` leaves the authData as it is.
    pub fn with_profile(mut self, profile: &Profile) -> Result<Self, Error> {
        if profile.id != self.id {
            return Err(Error::InvalidConfig(
                "the profile belongs to another Instagram user than this authData".into(),
            ));
        }
        if let Some(user_id) = &profile.user_id {
            self.professional_account_id = Some(user_id.clone());
        }
        Ok(self)
    }

    /// authData from a code exchange; the expiration date is set when the reply states a
    /// lifetime, counted from `now`. A lifetime no date can hold (a reply is outside data:
    /// `expires_in` can be any number) leaves the date unknown.
    pub fn from_token_response(token: &TokenResponse, now: SystemTime) -> Self {
        Self {
            id: token.user_id.clone(),
            access_token: token.access_token.clone(),
            expiration_date: token.expires_at(now),
            professional_account_id: None,
        }
    }

    /// The provider's fields as a string map, as both Parse SDKs take them.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::from([
            ("id".to_owned(), self.id.as_str().to_owned()),
            (
                "access_token".to_owned(),
                self.access_token.secret().to_owned(),
            ),
        ]);
        if let Some(expiration) = self.expiration_date {
            map.insert("expiration_date".to_owned(), iso8601_utc(expiration));
        }
        if let Some(user_id) = &self.professional_account_id {
            map.insert("user_id".to_owned(), user_id.as_str().to_owned());
        }
        map
    }

    /// The whole authData object, `{"instagram":{...}}`, as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::json!({ Self::PROVIDER: self.to_map() }).to_string()
    }
}

/// 9999-12-31T23:59:59Z: ISO 8601 dates, as Parse reads them, have four-digit years.
pub(crate) fn last_parse_date() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(253_402_300_799)
}

/// `2026-11-23T08:00:00.000Z`, the date format Parse uses, without a date crate.
fn iso8601_utc(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (days, secs_of_day) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60,
        since_epoch.subsec_millis()
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ParseAuthData {
        ParseAuthData::new(
            UserId::new("17841405793187218").unwrap(),
            AccessToken::new("IGQVJ").unwrap(),
        )
    }

    #[test]
    fn json_has_the_parse_shape_with_a_string_id() {
        let json: serde_json::Value = serde_json::from_str(&data().to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"instagram": {"id": "17841405793187218", "access_token": "IGQVJ"}})
        );
    }

    #[test]
    fn map_is_what_the_sdks_take() {
        let map = data().to_map();
        assert_eq!(map.len(), 2);
        assert_eq!(map["id"], "17841405793187218");
        assert_eq!(map["access_token"], "IGQVJ");
    }

    #[test]
    fn expiration_date_is_iso8601_utc() {
        let mut data = data();
        data.expiration_date = Some(UNIX_EPOCH + Duration::from_millis(1_795_420_800_250));
        assert_eq!(data.to_map()["expiration_date"], "2026-11-23T08:00:00.250Z");
        for (secs, text) in [
            (0, "1970-01-01T00:00:00.000Z"),
            (951_782_400, "2000-02-29T00:00:00.000Z"),
            (4_107_542_399, "2100-02-28T23:59:59.000Z"),
        ] {
            assert_eq!(iso8601_utc(UNIX_EPOCH + Duration::from_secs(secs)), text);
        }
    }

    /// A reply's `expires_in` is outside data: the largest number must not overflow
    /// the clock (that aborted the app before).
    #[test]
    fn a_lifetime_no_date_can_hold_leaves_the_expiry_unknown() {
        let reply = r#"{"access_token":"IGQVJ","user_id":"1","expires_in":18446744073709551615}"#;
        let token = crate::parse_token_reply(200, reply.as_bytes()).unwrap();
        let data = ParseAuthData::from_token_response(&token, SystemTime::now());
        assert_eq!(data.expiration_date, None);
        assert_eq!(data.to_map().len(), 2);

        // Past year 9999 a date no longer has the form Parse reads.
        let reply = r#"{"access_token":"IGQVJ","user_id":"1","expires_in":300000000000}"#;
        let token = crate::parse_token_reply(200, reply.as_bytes()).unwrap();
        let data = ParseAuthData::from_token_response(&token, SystemTime::now());
        assert_eq!(data.expiration_date, None);

        let reply = r#"{"access_token":"IGQVJ","user_id":"1","expires_in":5183944}"#;
        let token = crate::parse_token_reply(200, reply.as_bytes()).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_795_420_800);
        let data = ParseAuthData::from_token_response(&token, now);
        assert_eq!(data.to_map()["expiration_date"], "2027-01-22T07:59:04.000Z");
    }

    fn profile(me: &str) -> Profile {
        crate::parse_profile_reply(200, me.as_bytes()).unwrap()
    }

    #[test]
    fn a_profile_of_the_same_user_adds_the_professional_account_id() {
        let data = data()
            .with_profile(&profile(
                r#"{"id":"17841405793187218","user_id":17841400000000001}"#,
            ))
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&data.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"instagram": {"id": "17841405793187218", "access_token": "IGQVJ", "user_id": "17841400000000001"}})
        );
        // Without a user_id in the profile, nothing is added.
        let plain = data_without_user_id();
        assert_eq!(plain.to_map().len(), 2);
    }

    fn data_without_user_id() -> ParseAuthData {
        data()
            .with_profile(&profile(r#"{"id":"17841405793187218"}"#))
            .unwrap()
    }

    #[test]
    fn a_profile_of_another_user_is_refused() {
        let other = profile(r#"{"id":"1","user_id":"17841400000000001"}"#);
        assert!(matches!(
            data().with_profile(&other),
            Err(Error::InvalidConfig(_))
        ));
    }

    #[test]
    fn debug_redacts_the_token() {
        assert!(!format!("{:?}", data()).contains("IGQVJ"));
    }
}
