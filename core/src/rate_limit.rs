//! What Meta's usage headers say about a throttled app: how much of its allowance it used
//! and when the allowance comes back.

use std::time::Duration;

use serde_json::{Map, Value};

/// The usage headers of a throttled reply, as far as they could be read. Meta sends
/// `X-App-Usage` (`{"call_count","total_cputime","total_time"}`, percentages of the app's
/// allowance) and, for Instagram's Business Use Case limits, `X-Business-Use-Case-Usage`
/// (per business id, a list of the same percentages plus
/// `estimated_time_to_regain_access`, in minutes). Anything missing or unreadable is
/// left out: a reply without the headers gives the default, empty usage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitUsage {
    /// `X-App-Usage`, when sent.
    pub app: Option<UsageShare>,
    /// `X-Business-Use-Case-Usage`: one entry per business id and use case, the first
    /// 64 at most (in the header's order, business ids sorted).
    pub business_use_cases: Vec<BusinessUseCaseUsage>,
}

/// How many `X-Business-Use-Case-Usage` entries are kept. Meta sends one per business id
/// and use case, a handful; a header with thousands would otherwise be copied whole into
/// every error the app receives and passes across the FFI.
const MAX_BUSINESS_USE_CASES: usize = 64;

/// The shares of an allowance used, in percent (100 or more: throttled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsageShare {
    /// `call_count`: calls made.
    pub call_count: Option<u32>,
    /// `total_cputime`: CPU time used.
    pub total_cputime: Option<u32>,
    /// `total_time`: total time used.
    pub total_time: Option<u32>,
}

/// One entry of `X-Business-Use-Case-Usage`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BusinessUseCaseUsage {
    /// The business (here: the Instagram professional account) the entry is about.
    pub business_id: String,
    /// The use case, e.g. `instagram`.
    pub use_case: Option<String>,
    /// The shares used.
    pub share: UsageShare,
    /// `estimated_time_to_regain_access` (sent in minutes): how long until calls work again.
    pub time_to_regain_access: Option<Duration>,
}

impl RateLimitUsage {
    /// Reads the usage headers among a reply's `headers` (names in any case). Of
    /// `X-Business-Use-Case-Usage`, the first 64 entries are kept and the rest left out.
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut usage = Self::default();
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("x-app-usage") {
                if let Ok(Value::Object(share)) = serde_json::from_str(value) {
                    usage.app = Some(UsageShare::from_object(&share));
                }
            } else if name.eq_ignore_ascii_case("x-business-use-case-usage")
                && let Ok(Value::Object(businesses)) = serde_json::from_str(value)
            {
                usage.business_use_cases = businesses
                    .iter()
                    .flat_map(|(id, entries)| BusinessUseCaseUsage::entries(id, entries))
                    .take(MAX_BUSINESS_USE_CASES)
                    .collect();
            }
        }
        usage
    }

    /// Whether no usage header could be read.
    pub fn is_empty(&self) -> bool {
        self.app.is_none() && self.business_use_cases.is_empty()
    }

    /// The longest time to regain access any business use case reported: how long to wait
    /// before calling again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.business_use_cases
            .iter()
            .filter_map(|entry| entry.time_to_regain_access)
            .max()
    }

    /// The highest share used of any allowance reported, in percent.
    pub fn highest_share(&self) -> Option<u32> {
        self.app
            .iter()
            .chain(self.business_use_cases.iter().map(|entry| &entry.share))
            .flat_map(|share| [share.call_count, share.total_cputime, share.total_time])
            .flatten()
            .max()
    }
}

impl UsageShare {
    fn from_object(object: &Map<String, Value>) -> Self {
        let percent = |name: &str| {
            object
                .get(name)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        Self {
            call_count: percent("call_count"),
            total_cputime: percent("total_cputime"),
            total_time: percent("total_time"),
        }
    }
}

impl BusinessUseCaseUsage {
    /// Lazily, so that taking the first few of a long list reads no more.
    fn entries<'a>(business_id: &'a str, entries: &'a Value) -> impl Iterator<Item = Self> + 'a {
        let entries = match entries {
            Value::Array(entries) => entries.as_slice(),
            _ => &[],
        };
        entries
            .iter()
            .filter_map(Value::as_object)
            .map(|entry| Self {
                business_id: business_id.to_owned(),
                use_case: entry.get("type").and_then(Value::as_str).map(str::to_owned),
                share: UsageShare::from_object(entry),
                time_to_regain_access: entry
                    .get("estimated_time_to_regain_access")
                    .and_then(Value::as_u64)
                    .and_then(|minutes| minutes.checked_mul(60))
                    .map(Duration::from_secs),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = r#"{"call_count":100,"total_cputime":25,"total_time":40}"#;
    const BUSINESS: &str = r#"{"17841405793187219":[{"type":"instagram","call_count":100,"total_cputime":12,"total_time":30,"estimated_time_to_regain_access":7}],"42":[{"type":"instagram","call_count":3,"estimated_time_to_regain_access":0}]}"#;

    #[test]
    fn both_headers_as_meta_documents_them() {
        let usage = RateLimitUsage::from_headers([
            ("X-App-Usage", APP),
            ("x-business-use-case-usage", BUSINESS),
            ("Content-Type", "application/json"),
        ]);
        assert_eq!(
            usage.app,
            Some(UsageShare {
                call_count: Some(100),
                total_cputime: Some(25),
                total_time: Some(40)
            })
        );
        assert_eq!(usage.business_use_cases.len(), 2);
        let first = &usage.business_use_cases[0];
        assert_eq!(
            (first.business_id.as_str(), first.use_case.as_deref()),
            ("17841405793187219", Some("instagram"))
        );
        assert_eq!(
            first.time_to_regain_access,
            Some(Duration::from_secs(7 * 60))
        );
        assert_eq!(usage.retry_after(), Some(Duration::from_secs(7 * 60)));
        assert_eq!(usage.highest_share(), Some(100));
        assert!(!usage.is_empty());
    }

    #[test]
    fn missing_or_unreadable_headers_leave_the_usage_empty() {
        for headers in [
            vec![],
            vec![("X-App-Usage", "not json")],
            vec![("X-App-Usage", "[1,2]")],
            vec![("X-Business-Use-Case-Usage", r#"{"1":"x"}"#)],
            vec![("X-Business-Use-Case-Usage", "{")],
            vec![("X-Usage", APP)],
        ] {
            let usage = RateLimitUsage::from_headers(headers.iter().copied());
            assert!(usage.is_empty(), "{headers:?}: {usage:?}");
            assert_eq!((usage.retry_after(), usage.highest_share()), (None, None));
        }
        // Fields of the wrong type are left out, the rest is kept.
        let usage = RateLimitUsage::from_headers([(
            "X-Business-Use-Case-Usage",
            r#"{"1":[{"call_count":"100","total_time":-1,"estimated_time_to_regain_access":18446744073709551615},{"total_cputime":99}]}"#,
        )]);
        assert_eq!(usage.business_use_cases.len(), 2);
        assert_eq!(usage.retry_after(), None);
        assert_eq!(usage.highest_share(), Some(99));
    }

    #[test]
    fn a_header_with_thousands_of_entries_keeps_the_first_64() {
        let entry = |minutes: usize| {
            format!(
                r#"{{"type":"instagram","call_count":100,"estimated_time_to_regain_access":{minutes}}}"#
            )
        };
        // One business with 5,000 entries, and 5,000 businesses with one each.
        let one_business = format!(
            r#"{{"1":[{}]}}"#,
            (0..5000).map(entry).collect::<Vec<_>>().join(",")
        );
        let many_businesses = format!(
            "{{{}}}",
            (0..5000)
                .map(|id| format!(r#""{id:05}":[{}]"#, entry(id)))
                .collect::<Vec<_>>()
                .join(",")
        );
        for header in [one_business, many_businesses] {
            let usage =
                RateLimitUsage::from_headers([("X-Business-Use-Case-Usage", header.as_str())]);
            assert_eq!(usage.business_use_cases.len(), MAX_BUSINESS_USE_CASES);
            assert_eq!(MAX_BUSINESS_USE_CASES, 64, "the doc comments say 64");
            // The kept ones are the first, in order.
            assert_eq!(usage.retry_after(), Some(Duration::from_secs(63 * 60)));
        }
    }
}
