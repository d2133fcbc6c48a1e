// swift-tools-version:6.0
// InstagramAuthKit for iOS (and macOS, for `swift test`). Swift 6 language mode (Xcode 16+),
// except the bindings' own module (see its target). Checked on Linux in CI:
// scripts/test-swift.sh compiles these sources and checks this manifest with
// scripts/check_package_manifest.py.
//
// Apps add it at a release tag (docs/release.md): the tag's commit holds the generated Swift
// and names the released XCFramework below. From a source checkout, build the binary and the
// generated Swift first, on a Mac with Xcode:
//   scripts/build-ios.sh
// which writes build/ios/InstagramAuthFFI.xcframework and
// bindings/swift/Sources/InstagramAuthKit/InstagramAuthKit.swift (both build products,
// not committed). Then add this directory to an app as a local package.
//
// Two products: InstagramAuthKit (the sign-in, with the ASWebAuthenticationSession sheet)
// and InstagramAuthParse (log in, link, unlink, is-linked with the Parse iOS SDK). Only an
// app that uses InstagramAuthParse builds and links the Parse SDK; SwiftPM still resolves
// (fetches) it for every app, as it does any declared dependency.
import PackageDescription

// The Rust library (InstagramAuthFFI.xcframework). A release commit names its released zip
// here (scripts/set-swift-release.sh, run by .github/workflows/release.yml), so an app that
// adds the package at a release tag downloads it, checksum-verified. A source checkout has
// nil and uses the local build of scripts/build-ios.sh; INSTAGRAM_AUTH_LOCAL_FFI=1 in the
// environment (`swift build`, or Xcode started from that shell) uses the local build at a
// release commit too. docs/release.md.
let releasedFFI: (url: String, checksum: String)? = nil
let ffi: Target
if let releasedFFI, Context.environment["INSTAGRAM_AUTH_LOCAL_FFI"] != "1" {
    ffi = .binaryTarget(name: "InstagramAuthFFI", url: releasedFFI.url, checksum: releasedFFI.checksum)
} else {
    ffi = .binaryTarget(name: "InstagramAuthFFI", path: "build/ios/InstagramAuthFFI.xcframework")
}

let package = Package(
    name: "InstagramAuthKit",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "InstagramAuthKit", targets: ["InstagramAuthKit"]),
        .library(name: "InstagramAuthParse", targets: ["InstagramAuthParse"]),
    ],
    dependencies: [
        // 6.x: the releases that build with Xcode 16 and 26 (6.0.0 dropped Xcode 15; 4.1.0's
        // range stopped below 5.0). Its product ParseObjC is the module ParseCore.
        .package(url: "https://github.com/parse-community/Parse-SDK-iOS-OSX", from: "6.1.1"),
    ],
    targets: [
        ffi,
        .target(
            name: "InstagramAuthKit",
            dependencies: ["InstagramAuthFFI"],
            path: "bindings/swift/Sources/InstagramAuthKit",
            exclude: ["README.md"],
            // Swift 5 mode for this module only. Since the bindings export a foreign async
            // trait (HttpClient), Swift 6.0.3 crashes in its region-isolation pass on
            // UniFFI's generated `uniffiTraitInterfaceCallAsyncWithError` (swiftlang/swift
            // #78439, open; seen on Linux in CI, where scripts/test-swift.sh reports each
            // run whether Swift 6 mode still crashes). Apps in Swift 6 mode import this
            // module as usual; the tests and the iOS demo stay in Swift 6 mode.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .target(
            name: "InstagramAuthParse",
            dependencies: [
                "InstagramAuthKit",
                .product(name: "ParseObjC", package: "Parse-SDK-iOS-OSX"),
            ],
            path: "bindings/swift/Sources/InstagramAuthParse"
        ),
        // The suites that need the AuthenticationServices and ParseCore stand-ins
        // (bindings/swift/Tests/Stubs) run on Linux only: scripts/test-swift.sh.
        .testTarget(
            name: "InstagramAuthKitTests",
            dependencies: ["InstagramAuthKit"],
            path: "bindings/swift/Tests/InstagramAuthKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
