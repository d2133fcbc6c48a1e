//! Which Graph API version the library's Graph calls name.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A Graph API version, `v<major>.<minor>` (e.g. `v26.0`). Graph calls name one: an
/// unversioned call gets whatever version the app's dashboard is set to, which changes
/// under the app when Meta retires the old one. Meta recommends always naming a version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GraphApiVersion(String);

impl GraphApiVersion {
    /// The newest version Meta documents for the Instagram API with Instagram Login, and
    /// what every Graph call uses unless [`Config::graph_api_version`] says otherwise.
    /// The Parse Cloud Code (`server/cloud/instagram-http.js`) names the same version; a
    /// test holds the two together.
    ///
    /// [`Config::graph_api_version`]: crate::Config::graph_api_version
    pub const PINNED: &'static str = "v26.0";

    /// Reads a version such as `v26.0`: a `v`, a major number, a dot, a minor number.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let numbers = text.strip_prefix('v').and_then(|rest| rest.split_once('.'));
        let is_number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        match numbers {
            Some((major, minor)) if is_number(major) && is_number(minor) => {
                Ok(Self(text.to_owned()))
            }
            _ => Err(Error::InvalidConfig(format!(
                "{text:?} is not a Graph API version such as {}",
                Self::PINNED
            ))),
        }
    }

    /// The version as it appears in a Graph URL's path, e.g. `v26.0`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for GraphApiVersion {
    /// [`GraphApiVersion::PINNED`].
    fn default() -> Self {
        Self(Self::PINNED.to_owned())
    }
}

impl FromStr for GraphApiVersion {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl fmt::Display for GraphApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_version_is_the_newest_meta_documents() {
        // instagram-api-2026.md: Meta's reference shows v26.0; v21 ends 2027-01-21.
        assert_eq!(GraphApiVersion::default().as_str(), "v26.0");
        assert_eq!(
            GraphApiVersion::parse(GraphApiVersion::PINNED).unwrap(),
            GraphApiVersion::default()
        );
    }

    /// The Parse Cloud Code names the version in one place too; the two must agree.
    #[test]
    fn the_cloud_code_pins_the_same_version() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../server/cloud/instagram-http.js"
        );
        let js = std::fs::read_to_string(path).unwrap();
        let pinned: Vec<&str> = js
            .lines()
            .filter_map(|line| line.strip_prefix("const GRAPH_API_VERSION = '"))
            .filter_map(|rest| rest.strip_suffix("';"))
            .collect();
        assert_eq!(pinned, [GraphApiVersion::PINNED], "{path}");
    }

    #[test]
    fn only_v_major_dot_minor_is_a_version() {
        for good in ["v26.0", "v21.0", "v100.12"] {
            assert_eq!(GraphApiVersion::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "26.0",
            "v26",
            "v26.",
            "v.0",
            "V26.0",
            "v26.0.1",
            "v26.0/me",
            "v1/../x",
            " v26.0",
            "v26.0 ",
            "v2a.0",
            "vv26.0",
            "v26.0?x=1",
        ] {
            assert!(
                matches!(GraphApiVersion::parse(bad), Err(Error::InvalidConfig(_))),
                "{bad:?} accepted"
            );
        }
    }
}
