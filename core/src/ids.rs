//! Plain identifiers: not secret, but typed so they cannot be mixed up.

use std::fmt;

use crate::Error;

/// The Instagram app id (`client_id`), shown in Meta's App Dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    /// Wraps an app id: digits, as Meta's App Dashboard shows it (e.g. `990602627938098`).
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        digits_only(&id, "Instagram app id")?;
        Ok(Self(id))
    }

    /// The app id as sent to Instagram.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Instagram user id. Always a string: Instagram ids exceed 2^53, so a JSON number
/// read through a double would silently change the user.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserId(String);

// A string in Swift and Kotlin too, checked on the way in.
#[cfg(feature = "uniffi")]
uniffi::custom_type!(UserId, String, {
    lower: |id| id.0,
    try_lift: |text| Ok(UserId::new(text)?),
});

impl UserId {
    /// Wraps a user id: digits, as Instagram gives it (e.g. `17841405793187219`), of any
    /// length.
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        digits_only(&id, "Instagram user id")?;
        Ok(Self(id))
    }

    /// The id as Instagram and Parse spell it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of an Instagram professional (Business or Creator) account: `/me`'s `user_id`,
/// the id Meta's webhooks name. Not the [`UserId`] Parse's authData holds, which is
/// app-scoped (`/me`'s `id`): the two are different numbers for the same person. A string,
/// for the same reason as [`UserId`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProfessionalAccountId(String);

#[cfg(feature = "uniffi")]
uniffi::custom_type!(ProfessionalAccountId, String, {
    lower: |id| id.0,
    try_lift: |text| Ok(ProfessionalAccountId::new(text)?),
});

impl ProfessionalAccountId {
    /// Wraps a professional account id: digits, as Instagram gives it.
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        digits_only(&id, "Instagram professional account id")?;
        Ok(Self(id))
    }

    /// The id as Instagram spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProfessionalAccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Instagram's app and user ids are numbers written out in decimal. Anything else is a
/// mix-up (a token, a username, a Parse objectId passed as an id), refused without
/// repeating it: the value may be a secret given in the wrong place.
fn digits_only(id: &str, what: &'static str) -> Result<(), Error> {
    if id.trim().is_empty() {
        return Err(Error::EmptyValue { what });
    }
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidConfig(format!(
            "the {what} must be digits only, such as 17841405793187219"
        )));
    }
    Ok(())
}

/// One permission requested from the user, e.g. `instagram_business_basic`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scope(String);

impl Scope {
    /// The one scope every Instagram Login app needs: profile and media of the account.
    pub const INSTAGRAM_BUSINESS_BASIC: &'static str = "instagram_business_basic";
    /// Read and send direct messages.
    pub const INSTAGRAM_BUSINESS_MANAGE_MESSAGES: &'static str =
        "instagram_business_manage_messages";
    /// Read and moderate comments.
    pub const INSTAGRAM_BUSINESS_MANAGE_COMMENTS: &'static str =
        "instagram_business_manage_comments";
    /// Publish media.
    pub const INSTAGRAM_BUSINESS_CONTENT_PUBLISH: &'static str =
        "instagram_business_content_publish";

    /// Validates a scope name: an OAuth 2.0 scope token (printable ASCII without space,
    /// `"` or `\`, RFC 6749 §3.3) without a comma, which Instagram also uses to separate scopes.
    pub fn new(name: impl Into<String>) -> Result<Self, Error> {
        let name = name.into();
        let allowed = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ',');
        if name.is_empty() {
            return Err(Error::EmptyValue { what: "scope" });
        }
        if !name.chars().all(allowed) {
            return Err(Error::InvalidConfig(format!(
                "{name:?} is not a scope name (scopes are single words such as instagram_business_basic)"
            )));
        }
        Ok(Self(name))
    }

    /// `instagram_business_basic`, the scope requested when none is given.
    pub fn instagram_business_basic() -> Self {
        Self(Self::INSTAGRAM_BUSINESS_BASIC.to_owned())
    }

    /// The scope name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_cannot_smuggle_separators() {
        for bad in [
            "", "a,b", "a b", "a\tb", " basic", "basic\n", "\u{0}", "a\"b", "a\\b", "ümlaut",
        ] {
            assert!(Scope::new(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Scope::new("user_profile").unwrap().as_str(), "user_profile");
    }

    #[test]
    fn ids_are_digits_only() {
        for bad in [
            "99060262793809x",
            "abc",
            " 990602627938098",
            "990602627938098 ",
            "-1",
            "+1",
            "1.5",
            "1e5",
            "１２３", // full-width digits
            "IGAAtoken",
        ] {
            let client = ClientId::new(bad).unwrap_err();
            let user = UserId::new(bad).unwrap_err();
            for error in [client, user] {
                assert!(
                    matches!(error, Error::InvalidConfig(_)),
                    "{bad:?}: {error:?}"
                );
                assert!(error.to_string().contains("digits"), "{error}");
                assert!(!error.to_string().contains(bad), "repeats {bad:?}: {error}");
            }
        }
        assert!(ClientId::new("990602627938098").is_ok());
        assert!(UserId::new("0").is_ok());
        let huge = "9".repeat(40);
        assert_eq!(UserId::new(huge.clone()).unwrap().as_str(), huge);
    }

    #[test]
    fn empty_ids_are_refused() {
        assert!(ClientId::new("").is_err());
        assert!(ClientId::new("  ").is_err());
        assert!(UserId::new("").is_err());
        assert!(ProfessionalAccountId::new("").is_err());
        assert_eq!(
            UserId::new("17841405793187218").unwrap().to_string(),
            "17841405793187218"
        );
    }
}
