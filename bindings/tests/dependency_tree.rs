//! The mobile library brings no HTTP or TLS stack of its own: the app's HttpClient sends
//! every request. Read from `cargo tree` for every target, build scripts included, so a
//! dependency that compiles C (ring, aws-lc) is caught too.

#![cfg(test)]

use std::collections::BTreeSet;
use std::process::Command;

/// What the platform's HTTP stack replaces (and what compiled C or needed JNI set-up).
const FORBIDDEN: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "tokio",
    "rustls",
    "ring",
    "webpki-roots",
    "aws-lc-rs",
    "aws-lc-sys",
    "rustls-platform-verifier",
    "openssl",
    "native-tls",
    "cc",
];

fn dependencies(features: &[&str]) -> BTreeSet<String> {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "-p", "instagram-auth-ffi"])
        .args(["-e", "normal,build", "--target", "all"])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(features)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn forbidden_in(tree: &BTreeSet<String>) -> Vec<&'static str> {
    FORBIDDEN
        .iter()
        .copied()
        .filter(|name| tree.contains(*name))
        .collect()
}

#[test]
fn the_mobile_library_has_no_http_or_tls_stack() {
    let tree = dependencies(&[]);
    assert!(tree.contains("uniffi") && tree.contains("url"), "{tree:?}");
    assert_eq!(forbidden_in(&tree), Vec::<&str>::new());
}

/// The check can see them: the benchmark-only build brings them all back.
#[test]
fn the_benchmark_build_shows_what_the_check_looks_for() {
    let tree = dependencies(&["--features", "builtin-http"]);
    for name in ["reqwest", "hyper", "tokio", "rustls", "ring"] {
        assert!(
            forbidden_in(&tree).contains(&name),
            "{name} not in {tree:?}"
        );
    }
}
