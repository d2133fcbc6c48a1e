//! The redirect-URI table of Instagram's OAuth guide, row by row, as the sandbox keeps it
//! (testdata/instagram-redirect-table.tsv): the core and the sandbox read the same rows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how a test fails (clippy.toml allows it in #[test] only)"
)]

use instagram_auth::RedirectUri;

#[test]
fn instagram_redirect_table() {
    let uri = |text: &str| RedirectUri::parse(text).unwrap();
    let rows = instagram_sandbox::guide_redirect_table();
    assert_eq!(rows.len(), 7, "the guide's table has seven rows");
    for (registered, passed, valid) in rows {
        assert_eq!(
            uri(registered).accepts(&uri(passed)),
            valid,
            "{registered} vs {passed}"
        );
    }
}
