// swift-tools-version:6.0
// Linux build of the Swift sources, used only by scripts/test-swift.sh (apps use the
// repository's root Package.swift, whose FFI is an XCFramework binaryTarget).
//
// The script assembles this package from the repository, outside it, in the Swift root:
//   Sources/InstagramAuthFFI     the packaged header + module.modulemap (system library)
//   Sources/InstagramAuthKit     the generated Swift + bindings/swift/Sources/InstagramAuthKit/*.swift
//   Sources/InstagramAuthParse   bindings/swift/Sources/InstagramAuthParse/*.swift
//   Sources/AuthenticationServices, Sources/ParseCore
//                                stand-ins for Apple's framework and the Parse iOS SDK, from
//                                bindings/swift/Tests/Stubs (declarations as documented; see there)
//   Sources/InstagramSignInDemo  the iOS demo's Linux-buildable files (no SwiftUI, UIKit)
//   Sources/ObservationShim      a Linux-only fix for Debian's Observation (see its source)
//   Tests/...                    the XCTest suites, unchanged
// Swift 6 language mode (tools 6.0) but for the bindings' module (see below); warnings
// are errors in every target (Swift and C).
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "InstagramAuthKitLinux",
    targets: [
        .systemLibrary(name: "InstagramAuthFFI", path: "Sources/InstagramAuthFFI"),
        // The stand-ins model Objective-C frameworks, whose declarations carry no Swift 6
        // isolation checking of their own: Swift 5 mode, warnings still errors.
        .target(name: "AuthenticationServices", swiftSettings: strict + [.swiftLanguageMode(.v5)]),
        .target(name: "ParseCore", swiftSettings: strict + [.swiftLanguageMode(.v5)]),
        .target(
            name: "InstagramAuthKit",
            dependencies: ["InstagramAuthFFI", "AuthenticationServices"],
            // Swift 5 mode for this module only, as in the root Package.swift (see there):
            // Swift 6.0.3 crashes on UniFFI's generated async foreign-trait helper.
            swiftSettings: strict + [.swiftLanguageMode(.v5)],
            // The host-built libinstagram_auth_ffi.so, installed in the root's /usr/local/lib.
            linkerSettings: [.linkedLibrary("instagram_auth_ffi")]
        ),
        .testTarget(name: "InstagramAuthKitTests", dependencies: ["InstagramAuthKit"], swiftSettings: strict),
        .target(name: "InstagramAuthParse", dependencies: ["InstagramAuthKit", "ParseCore"], swiftSettings: strict),
        .testTarget(
            name: "SystemWebAuthenticationBrowserTests",
            dependencies: ["InstagramAuthKit", "AuthenticationServices"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InstagramAuthParseTests",
            dependencies: ["InstagramAuthParse", "InstagramAuthKit", "ParseCore"],
            swiftSettings: strict
        ),
        .target(name: "ObservationShim", cSettings: [.unsafeFlags(["-Werror"])]),
        .target(
            name: "InstagramSignInDemo",
            dependencies: ["InstagramAuthKit", "InstagramAuthParse", "ParseCore", "ObservationShim"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InstagramSignInDemoTests",
            dependencies: ["InstagramSignInDemo", "InstagramAuthKit", "InstagramAuthParse", "ParseCore"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
