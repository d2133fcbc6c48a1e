// swift-tools-version:6.0
// InstagramAuthKit for iOS (and macOS, for `swift test`). Swift 6 language mode (Xcode 16+):
// the generated bindings and the hand-written Swift compile in it with complete
// concurrency checking and no warning (checked on Linux in CI: scripts/test-swift.sh, which
// also checks this manifest with scripts/check_package_manifest.py).
//
// Build the binary and the generated Swift first, on a Mac with Xcode:
//   scripts/build-ios.sh
// which writes build/ios/InstagramAuthFFI.xcframework and
// bindings/swift/Sources/InstagramAuthKit/InstagramAuthKit.swift (both build products,
// not committed). Then add this directory to an app as a local package.
import PackageDescription

let package = Package(
    name: "InstagramAuthKit",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "InstagramAuthKit", targets: ["InstagramAuthKit"]),
    ],
    targets: [
        .binaryTarget(
            name: "InstagramAuthFFI",
            path: "build/ios/InstagramAuthFFI.xcframework"
        ),
        .target(
            name: "InstagramAuthKit",
            dependencies: ["InstagramAuthFFI"],
            path: "bindings/swift/Sources/InstagramAuthKit",
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "InstagramAuthKitTests",
            dependencies: ["InstagramAuthKit"],
            path: "bindings/swift/Tests/InstagramAuthKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
