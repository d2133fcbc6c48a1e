//! The redirect-URI table of Instagram's OAuth guide, row by row, as the sandbox keeps it
//! (testdata/instagram-redirect-table.tsv): the core and the sandbox read the same rows.

#![cfg(test)]

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
