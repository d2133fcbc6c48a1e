import Foundation
import XCTest

import InstagramAuthKit

/// The sandbox the tests talk to, and the app it knows (scripts/test-swift.sh starts it).
enum Sandbox {
    static let redirect = "https://app.example.com/auth/"

    /// SANDBOX_URL; the test is skipped when it is not set.
    static func url(_ variable: String = "SANDBOX_URL") throws -> String {
        guard let url = ProcessInfo.processInfo.environment[variable] else {
            throw XCTSkip("\(variable) is not set; scripts/test-swift.sh sets it")
        }
        return url
    }

    static func auth(pendingLifetimeMs: UInt64? = nil, requestTimeoutMs: UInt64 = 5000,
                     baseUrl: String? = nil) throws -> InstagramAuth {
        try InstagramAuth(config: InstagramAuthConfig(
            clientId: "990602627938098",
            redirectUri: redirect,
            baseUrl: try baseUrl ?? url(),
            requestTimeoutMs: requestTimeoutMs,
            pendingLifetimeMs: pendingLifetimeMs
        ))
    }

    /// The sandbox's stand-in for the app's Parse Cloud function.
    static func backend() throws -> BackendExchange {
        try BackendExchange.parseCloudFunction(
            serverUrl: "\(try url())sandbox/parse",
            functionName: "instagramExchange",
            applicationId: "sandbox-parse-app-id",
            key: .restApiKey(value: "sandbox-parse-rest-key")
        )
    }

    /// A code from a whole consent round trip.
    static func code(from auth: InstagramAuth) async throws -> CodeGrant {
        let pending = try auth.startAuthorization(scopes: [])
        return try auth.handleCallback(pending: pending, callbackUrl: try await SandboxBrowser.redirect(for: pending.authorizationUrl()))
    }

    /// The state in a consent URL (a secret: it must never be printed).
    static func state(of pending: PendingAuthorization) -> String {
        query(pending.authorizationUrl(), "state")
    }

    /// The code in a callback URL (a secret).
    static func code(in callback: String) -> String {
        query(callback, "code")
    }

    private static func query(_ url: String, _ name: String) -> String {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value ?? "<no \(name)>"
    }
}
