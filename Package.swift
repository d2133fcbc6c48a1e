// swift-tools-version:5.9
// InstagramAuthKit for iOS (and macOS, for `swift test`).
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
            path: "bindings/swift/Sources/InstagramAuthKit"
        ),
        .testTarget(
            name: "InstagramAuthKitTests",
            dependencies: ["InstagramAuthKit"],
            path: "bindings/swift/Tests/InstagramAuthKitTests"
        ),
    ]
)
