import InstagramAuthKit
import XCTest

@testable import InstagramSignInDemo

/// The demo's flow with the real bindings against the sandbox (set SANDBOX_URL in the test
/// scheme, after `igauth sandbox --port 8910`); the browser and Parse are fakes.
@MainActor
final class SignInFlowTests: XCTestCase {
    private final class MemoryStore: PendingStore {
        var value: String?
        func save(_ saved: String) { value = saved }
        func load() -> String? { value }
        func clear() { value = nil }
    }

    private final class RecordingParse: ParseSession {
        var logins: [[String: String]] = []
        func logIn(provider: String, authData: [String: String]) async throws -> String {
            logins.append(authData)
            return "parseUser42"
        }
        func logOut() async {}
    }

    /// Answers the sandbox's consent page instead of a person.
    private struct SandboxBrowser: WebAuthenticator {
        let decision: String
        func authenticate(url: URL, callback: CallbackRoute) async throws -> URL {
            let answered = URL(string: url.absoluteString + "&sandbox_decision=" + decision)!
            let (_, response) = try await URLSession.shared.data(for: URLRequest(url: answered), delegate: StopAtRedirect())
            let location = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location") ?? ""
            return try XCTUnwrap(URL(string: location))
        }
    }

    private final class StopAtRedirect: NSObject, URLSessionTaskDelegate {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest) async -> URLRequest? { nil }
    }

    private func flow(decision: String, store: MemoryStore, parse: RecordingParse) throws -> SignInFlow {
        guard let sandbox = ProcessInfo.processInfo.environment["SANDBOX_URL"] else {
            throw XCTSkip("SANDBOX_URL is not set")
        }
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: "990602627938098", redirectUri: "igauthdemo://auth/callback", baseUrl: sandbox))
        let backend = try BackendExchange.parseCloudFunction(
            serverUrl: sandbox + "sandbox/parse", functionName: "instagramExchange",
            applicationId: "sandbox-parse-app-id", restApiKey: "sandbox-parse-rest-key")
        return SignInFlow(auth: auth, backend: backend, callback: .customScheme("igauthdemo"),
                          store: store, parse: parse, browser: SandboxBrowser(decision: decision))
    }

    func testSignInEndsWithTheParseUserAndProfile() async throws {
        let store = MemoryStore()
        let parse = RecordingParse()
        let flow = try flow(decision: "allow", store: store, parse: parse)
        await flow.signIn()
        guard case let .signedIn(parseUserId, username, _) = flow.state else { return XCTFail("\(flow.state)") }
        XCTAssertEqual(parseUserId, "parseUser42")
        XCTAssertEqual(username, "sandbox.creator")
        XCTAssertEqual(parse.logins.first?["id"], "17841405793187219")
        XCTAssertNil(store.value)
    }

    func testCancelOnInstagramReturnsToSignedOut() async throws {
        let flow = try flow(decision: "deny", store: MemoryStore(), parse: RecordingParse())
        await flow.signIn()
        XCTAssertEqual(flow.state, .signedOut)
    }

    func testALinkWithoutASignInInProgressIsRefused() async throws {
        let flow = try flow(decision: "allow", store: MemoryStore(), parse: RecordingParse())
        await flow.complete(callbackURL: "igauthdemo://auth/callback?code=x&state=y")
        XCTAssertEqual(flow.state, .failed("No sign-in is in progress. Please start again."))
    }
}
