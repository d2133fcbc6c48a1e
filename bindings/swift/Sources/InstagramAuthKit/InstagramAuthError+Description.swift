// Hand-written, shipped with the generated InstagramAuthKit.swift.
//
// UniFFI 0.32 gives InstagramAuthError the Rust `Display` text as `description` but, unlike
// objects, records and enums, does not list `CustomStringConvertible` among an error's
// conformances. Without it, "\(error)" prints the raw case (`Configuration(detail: …)`) and
// `localizedDescription` (via the generated `errorDescription`, `String(reflecting:)`) does
// too. Declaring the conformance makes both use the Rust message, which never holds a
// secret. If a later UniFFI adds the conformance itself, this line stops compiling
// (redundant conformance), and CI (scripts/test-swift.sh) says so.

/// `description`, `"\(error)"` and `localizedDescription` give the human message.
extension InstagramAuthError: CustomStringConvertible {}
