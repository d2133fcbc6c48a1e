import Foundation
import InstagramAuthKit
import XCTest

@testable import InstagramSignInDemo

/// The demo's flow with the real bindings against the sandbox (SANDBOX_URL; its development
/// backend plays the Parse Cloud function). Only the Apple pieces are fakes: the browser
/// sheet, UserDefaults and the Parse SDK. Runs on Linux (scripts/test-swift.sh) and in Xcode
/// (the scheme sets SANDBOX_URL; run `igauth sandbox --port 8910`). Mirrors the Android
/// demo's SignInFlowTest.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test (and its test discovery calls only async tests that way); XCTest runs
// one test at a time, so nothing here is shared across threads.
final class SignInFlowTests: XCTestCase, @unchecked Sendable {
    private final class MemoryStore: PendingStore {
        var value: String?
        func save(_ saved: String) { value = saved }
        func load() -> String? { value }
        func clear() { value = nil }
    }

    private actor RecordingParse: ParseSession {
        private let refusal: String?
        private(set) var logins: [(provider: String, authData: [String: String])] = []
        init(refusal: String? = nil) { self.refusal = refusal }

        func logIn(provider: String, authData: [String: String]) async throws -> String {
            if let refusal { throw ParseLoginError(message: refusal) }
            logins.append((provider, authData))
            return "parseUser42"
        }

        func logOut() async {}
    }

    /// The browser sheet, played against the sandbox: answers the consent page and returns
    /// the redirect; or is closed by the user; or runs `whileOpen` first (a Universal Link
    /// arriving through onOpenURL while the sheet is still up).
    private final class FakeBrowser: WebAuthenticator {
        enum Outcome { case answer(String), close }
        private let outcome: Outcome
        private let whileOpen: (URL) async throws -> Void
        private(set) var opened: [URL] = []

        init(_ outcome: Outcome, whileOpen: @escaping (URL) async throws -> Void = { _ in }) {
            self.outcome = outcome
            self.whileOpen = whileOpen
        }

        func authenticate(url: URL, callback: CallbackRoute) async throws -> URL {
            opened.append(url)
            try await whileOpen(url)
            switch outcome {
            case let .answer(decision):
                let redirect = try await SandboxBrowser.redirect(for: url.absoluteString, decision: decision)
                return try XCTUnwrap(URL(string: redirect))
            case .close:
                throw WebAuthenticationCancelled()
            }
        }
    }

    private func flow(store: PendingStore = MemoryStore(), parse: ParseSession = RecordingParse(),
                      browser: WebAuthenticator = FakeBrowser(.answer("allow")), backendUrl: String? = nil) throws -> SignInFlow {
        let sandbox = try sandboxURL()
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: "990602627938098", redirectUri: "igauthdemo://auth/callback", baseUrl: sandbox))
        let backend = try backendUrl.map { try BackendExchange(url: $0, headers: [:]) }
            ?? BackendExchange.parseCloudFunction(
                serverUrl: sandbox + "sandbox/parse", functionName: "instagramExchange",
                applicationId: "sandbox-parse-app-id", key: .restApiKey(value: "sandbox-parse-rest-key"))
        return SignInFlow(auth: auth, backend: backend, callback: .customScheme("igauthdemo"),
                          store: store, parse: parse, browser: browser)
    }

    private func sandboxURL() throws -> String {
        guard let sandbox = ProcessInfo.processInfo.environment["SANDBOX_URL"] else {
            throw XCTSkip("SANDBOX_URL is not set")
        }
        return sandbox
    }

    func testSignInEndsWithTheParseUserAndTheInstagramProfile() async throws {
        let store = MemoryStore()
        let parse = RecordingParse()
        let browser = FakeBrowser(.answer("allow"), whileOpen: { _ in
            XCTAssertNotNil(store.value, "saved before the browser opens")
        })
        let flow = try flow(store: store, parse: parse, browser: browser)
        await flow.signIn()
        guard case let .signedIn(parseUserId, username, picture) = flow.state else { return XCTFail("\(flow.state)") }
        XCTAssertEqual(parseUserId, "parseUser42")
        XCTAssertEqual(username, "sandbox.creator")
        XCTAssertEqual(picture?.path.hasSuffix("sandbox/avatar.png"), true, "\(String(describing: picture))")
        let logins = await parse.logins
        XCTAssertEqual(logins.count, 1)
        XCTAssertEqual(logins.first?.provider, "instagram")
        XCTAssertEqual(logins.first?.authData["id"], "17841405793187219")
        XCTAssertNil(store.value, "nothing left pending")
    }

    /// A first process saves its sign-in, opens the sheet and is killed there: what
    /// survives is what UserDefaults held at that moment, and the page that was open.
    private func killedWhileTheSheetIsOpen() async throws -> (disk: MemoryStore, page: URL) {
        let store = MemoryStore()
        let disk = MemoryStore()
        var consent: URL?
        let first = try flow(store: store, browser: FakeBrowser(.close, whileOpen: { url in
            consent = url
            disk.value = store.value
        }))
        await first.signIn()
        return (disk, try XCTUnwrap(consent))
    }

    func testARelaunchedAppFinishesTheSignInItStartedBeforeBeingKilled() async throws {
        let (disk, page) = try await killedWhileTheSheetIsOpen()
        // The Universal Link relaunches the app; onOpenURL hands it to a new flow.
        let relaunched = try flow(store: disk)
        XCTAssertTrue(relaunched.hasPendingSignIn)
        await relaunched.complete(callbackURL: try await SandboxBrowser.redirect(for: page.absoluteString))
        guard case .signedIn = relaunched.state else { return XCTFail("\(relaunched.state)") }
        XCTAssertFalse(relaunched.hasPendingSignIn)
    }

    func testCancelOnInstagramReturnsToSignedOutWithoutAnError() async throws {
        let store = MemoryStore()
        let flow = try flow(store: store, browser: FakeBrowser(.answer("deny")))
        await flow.signIn()
        XCTAssertEqual(flow.state, .signedOut)
        XCTAssertFalse(flow.hasPendingSignIn)
    }

    func testClosingTheSheetEndsTheSignIn() async throws {
        let store = MemoryStore()
        let flow = try flow(store: store, browser: FakeBrowser(.close))
        await flow.signIn()
        XCTAssertEqual(flow.state, .signedOut)
        XCTAssertFalse(flow.hasPendingSignIn)
    }

    func testAUniversalLinkThatArrivedWhileTheSheetWasOpenIsNotUndoneByTheSheetClosing() async throws {
        let store = MemoryStore()
        var flow: SignInFlow?
        let browser = FakeBrowser(.close, whileOpen: { url in
            let link = try await SandboxBrowser.redirect(for: url.absoluteString)
            await flow?.complete(callbackURL: link) // onOpenURL
        })
        flow = try self.flow(store: store, browser: browser)
        await flow?.signIn()
        guard case .signedIn = flow?.state else { return XCTFail("\(String(describing: flow?.state))") }
        XCTAssertNil(store.value)
    }

    func testALinkFromAnotherSignInIsIgnoredAndTheRealOneStillWorks() async throws {
        var foreign = ""
        let other = try flow(browser: FakeBrowser(.close, whileOpen: { url in
            foreign = try await SandboxBrowser.redirect(for: url.absoluteString)
        }))
        await other.signIn()

        let store = MemoryStore()
        var flow: SignInFlow?
        let browser = FakeBrowser(.answer("allow"), whileOpen: { _ in
            let saved = store.value
            await flow?.complete(callbackURL: foreign) // onOpenURL, while the sheet is up
            XCTAssertEqual(flow?.state, .stillOpen(message: "That link isn't the answer to your sign-in, which is still open."))
            XCTAssertEqual(store.value, saved, "the sign-in stays saved")
        })
        flow = try self.flow(store: store, browser: browser)
        await flow?.signIn()
        guard case .signedIn = flow?.state else { return XCTFail("\(String(describing: flow?.state))") }
    }

    func testAStrayCancelLinkWithoutTheStateOrAtAnotherAddressEndsNothing() async throws {
        let store = MemoryStore()
        var flow: SignInFlow?
        let browser = FakeBrowser(.answer("allow"), whileOpen: { _ in
            for stray in [
                "igauthdemo://auth/callback?error=access_denied&error_description=Call+0800+123",
                "igauthdemo://elsewhere/?code=x&state=y",
                "not a link",
            ] {
                await flow?.complete(callbackURL: stray)
                XCTAssertEqual(flow?.state, .stillOpen(message: "That link isn't the answer to your sign-in, which is still open."), stray)
                XCTAssertEqual(flow?.hasPendingSignIn, true, stray)
            }
        })
        flow = try self.flow(store: store, browser: browser)
        await flow?.signIn()
        guard case .signedIn = flow?.state else { return XCTFail("\(String(describing: flow?.state))") }
    }

    func testAfterAStrayLinkTheUserContinuesOnTheSameConsentPage() async throws {
        // Relaunched after a kill, the app is opened by a stray link: no sheet is up.
        let (disk, consent) = try await killedWhileTheSheetIsOpen()
        let browser = FakeBrowser(.answer("allow"))
        let relaunched = try flow(store: disk, browser: browser)
        await relaunched.complete(callbackURL: "not a link")
        XCTAssertEqual(relaunched.state, .stillOpen(message: "That link isn't the answer to your sign-in, which is still open."))
        await relaunched.resume()
        XCTAssertEqual(browser.opened, [consent], "the same consent page again")
        guard case .signedIn = relaunched.state else { return XCTFail("\(relaunched.state)") }
    }

    func testCancelAfterAStrayLinkEndsTheSignIn() async throws {
        let store = MemoryStore()
        var flow: SignInFlow?
        let browser = FakeBrowser(.close, whileOpen: { _ in
            await flow?.complete(callbackURL: "igauthdemo://elsewhere/?code=x&state=y")
            XCTAssertEqual(flow?.state, .stillOpen(message: "That link isn't the answer to your sign-in, which is still open."))
            flow?.cancel()
        })
        flow = try self.flow(store: store, browser: browser)
        await flow?.signIn()
        XCTAssertEqual(flow?.state, .signedOut)
        XCTAssertNil(store.value)
    }

    func testThisSignInsAnswerWithoutACodeEndsIt() async throws {
        let store = MemoryStore()
        var flow: SignInFlow?
        let browser = FakeBrowser(.close, whileOpen: { url in
            let state = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "state" }?.value ?? ""
            await flow?.complete(callbackURL: "igauthdemo://auth/callback?state=\(state)")
        })
        flow = try self.flow(store: store, browser: browser)
        await flow?.signIn()
        XCTAssertEqual(flow?.state, .failed("Instagram's answer was incomplete. Please start again."))
        XCTAssertNil(store.value)
    }

    func testNoBackendIsAFriendlyNetworkMessage() async throws {
        let flow = try flow(backendUrl: "http://127.0.0.1:9/functions/instagramExchange")
        await flow.signIn()
        XCTAssertEqual(flow.state, .failed("Instagram can't be reached. Check your connection and try again."))
    }

    func testParseRefusingTheLoginIsReported() async throws {
        let flow = try flow(parse: RecordingParse(refusal: "Instagram auth is invalid for this user."))
        await flow.signIn()
        XCTAssertEqual(flow.state, .failed("Parse could not log you in: Instagram auth is invalid for this user."))
    }

    func testACallbackWithoutASignInInProgressIsRefused() async throws {
        let flow = try flow()
        await flow.complete(callbackURL: "igauthdemo://auth/callback?code=x&state=y")
        XCTAssertEqual(flow.state, .failed("No sign-in is in progress. Please start again."))
    }
}
