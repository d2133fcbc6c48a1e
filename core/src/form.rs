//! Decoding a callback's query or fragment (`application/x-www-form-urlencoded`).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::Error;
use crate::error::CallbackProblem;

/// The callback parameters this library reads, each at most once. Others are ignored:
/// a redirect URI may carry its own query parameters. Values borrow from the URL unless
/// they had escapes to decode.
#[derive(Default)]
pub(crate) struct Params<'a>([Option<Cow<'a, str>>; KNOWN.len()]);

pub(crate) const KNOWN: [&str; 6] = [
    "code",
    "state",
    "error",
    "error_reason",
    "error_description",
    "access_token",
];

impl<'a> Params<'a> {
    /// Reads `application/x-www-form-urlencoded` text as `form_urlencoded::parse` does
    /// (a name without `=` has an empty value), but decodes only the values it keeps,
    /// and borrows whatever has no `+` or `%` to decode.
    pub(crate) fn read(encoded: Option<&'a str>) -> Result<Self, Error> {
        let mut params = Params::default();
        for pair in encoded.unwrap_or_default().split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name);
            let Some((known, slot)) = KNOWN.iter().zip(&mut params.0).find(|(k, _)| **k == name)
            else {
                continue;
            };
            if slot.is_some() {
                return Err(Error::InvalidCallback(CallbackProblem::DuplicateParameter(
                    (*known).to_owned(),
                )));
            }
            *slot = Some(decode(value));
        }
        Ok(params)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        KNOWN
            .iter()
            .zip(&self.0)
            .find(|(k, _)| **k == name)
            .and_then(|(_, value)| value.as_deref())
    }
}

/// One form-encoded name or value: `+` is a space, then percent escapes are decoded, and
/// bytes that are not UTF-8 become U+FFFD; the same steps, in the same order, as
/// `form_urlencoded`.
fn decode(encoded: &str) -> Cow<'_, str> {
    if !encoded.bytes().any(|b| b == b'+' || b == b'%') {
        return Cow::Borrowed(encoded);
    }
    let spaced = encoded.replace('+', " ");
    Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: the known parameters as `form_urlencoded::parse` reads them.
    fn read_with_form_urlencoded(encoded: &str) -> Result<Vec<(&'static str, String)>, Error> {
        let mut params: Vec<(&'static str, String)> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
            let Some(known) = KNOWN.iter().find(|k| **k == name) else {
                continue;
            };
            if params.iter().any(|(k, _)| k == known) {
                return Err(Error::InvalidCallback(CallbackProblem::DuplicateParameter(
                    (*known).to_owned(),
                )));
            }
            params.push((known, value.into_owned()));
        }
        params.sort_by_key(|(name, _)| KNOWN.iter().position(|k| k == name));
        Ok(params)
    }

    proptest::proptest! {
        #[test]
        fn params_are_read_as_form_urlencoded_reads_them(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "code", "state", "error", "access_token", "x", "co%64e", "c+ode", "code+",
                "st%61te", "=", "&", "%", "%2", "%zz", "%C3%A9", "%FF", "%2B", "+", "a",
                "\u{e9}", " ", "#_",
            ]), 0..30),
        ) {
            let text = pieces.concat();
            let ours = Params::read(Some(&text)).map(|params| {
                KNOWN.into_iter().zip(params.0)
                    .filter_map(|(name, value)| Some((name, value?.into_owned())))
                    .collect::<Vec<_>>()
            });
            // Errors are not comparable; their Debug text holds every field.
            let (ours, reference) = (ours.map_err(|e| format!("{e:?}")), read_with_form_urlencoded(&text).map_err(|e| format!("{e:?}")));
            proptest::prop_assert_eq!(ours, reference, "{}", text);
        }
    }
}
