import Foundation
import AuthenticationServices
import XCTest

import InstagramAuthKit

/// InstagramWebSignIn with the real bindings against the sandbox; only the browser sheet is
/// played (FakeBrowser). SystemWebAuthenticationBrowser, the ASWebAuthenticationSession side,
/// is tested against the AuthenticationServices stub on Linux
/// (Tests/SystemWebAuthenticationBrowserTests).
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class InstagramWebSignInTests: XCTestCase, @unchecked Sendable {
    final class MemoryStore: PendingSignInStore {
        var value: String?
        func save(_ saved: String) { value = saved }
        func load() -> String? { value }
        func clear() { value = nil }
    }

    /// Plays the sheet: records what it was asked, runs `whileOpen` (a link arriving through
    /// onOpenURL meanwhile), then answers as `outcome` says, or as cancelled once `cancel()` ran.
    final class FakeBrowser: WebAuthenticationBrowser {
        enum Outcome {
            case consent(decision: String)
            case redirect(String)
            /// The consent page's https redirect, as the bounce page hands it on.
            case consentBouncedTo(String)
            case close
        }

        let supportsHTTPSCallback: Bool
        private let outcome: Outcome
        private let whileOpen: (URL) async throws -> Void
        private(set) var requests: [WebAuthenticationRequest] = []
        private(set) var cancelCalls = 0

        init(_ outcome: Outcome, supportsHTTPSCallback: Bool = true,
             whileOpen: @escaping (URL) async throws -> Void = { _ in }) {
            self.outcome = outcome
            self.supportsHTTPSCallback = supportsHTTPSCallback
            self.whileOpen = whileOpen
        }

        func authenticate(_ request: WebAuthenticationRequest, presentationAnchor: ASPresentationAnchor?) async throws -> URL {
            requests.append(request)
            let cancelledBefore = cancelCalls
            try await whileOpen(request.url)
            if cancelCalls > cancelledBefore { throw WebSignInError.cancelled }
            switch outcome {
            case let .consent(decision):
                let redirect = try await SandboxBrowser.redirect(for: request.url.absoluteString, decision: decision)
                return try XCTUnwrap(URL(string: redirect))
            case let .redirect(url):
                return try XCTUnwrap(URL(string: url))
            case let .consentBouncedTo(scheme):
                let https = try await SandboxBrowser.redirect(for: request.url.absoluteString)
                XCTAssertTrue(https.hasPrefix("https://"), https)
                return try XCTUnwrap(URL(string: scheme + https.dropFirst("https".count)))
            case .close:
                throw WebSignInError.cancelled
            }
        }

        func cancel() { cancelCalls += 1 }
    }

    private func signIn(_ browser: FakeBrowser, store: PendingSignInStore = MemoryStore(), redirect: String = Sandbox.redirect,
                        fallbackScheme: String? = nil) throws -> InstagramWebSignIn {
        let auth = try InstagramAuth(config: InstagramAuthConfig(clientId: "990602627938098", redirectUri: redirect,
                                                                 baseUrl: try Sandbox.url()))
        return InstagramWebSignIn(auth: auth, store: store, browser: browser, fallbackCallbackScheme: fallbackScheme)
    }

    private func state(in url: URL) -> String {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "state" }?.value ?? ""
    }

    func testTheSignInIsSavedBeforeTheSheetOpensAndEndsWithAGrant() async throws {
        let store = MemoryStore()
        var savedWhileOpen: String?
        let browser = FakeBrowser(.consent(decision: "allow"), whileOpen: { _ in savedWhileOpen = store.value })
        let grant = try await signIn(browser, store: store).signIn()
        XCTAssertNotNil(savedWhileOpen, "saved before the sheet opened")
        XCTAssertNil(store.value, "nothing left pending")
        XCTAssertEqual(grant.redirectUri(), Sandbox.redirect)
        let token = try await Sandbox.auth().exchangeCodeViaBackend(grant: grant, backend: try Sandbox.backend())
        XCTAssertEqual(token.userId(), "17841405793187219")
    }

    /// A store that cannot keep anything (a full disk).
    final class FullStore: PendingSignInStore {
        struct DiskFull: Error, CustomStringConvertible { var description: String { "no space left on device" } }
        func save(_ saved: String) throws { throw DiskFull() }
        func load() -> String? { nil }
        func clear() {}
    }

    func testASignInThatCannotBeSavedDoesNotOpenTheSheet() async throws {
        let browser = FakeBrowser(.consent(decision: "allow"))
        do {
            _ = try await signIn(browser, store: FullStore()).signIn()
            XCTFail("a sign-in that could not survive a relaunch started")
        } catch let error as WebSignInError {
            XCTAssertEqual(error, .storageFailed(detail: "no space left on device"))
            XCTAssertEqual("\(error)", "the sign-in could not be saved before the sheet opened: no space left on device")
        }
        XCTAssertTrue(browser.requests.isEmpty, "the sheet never opened")
    }

    func testTheDefaultStoreIsTheFileInApplicationSupport() async throws {
        // A whole sign-in through the store apps get when they pass none, in a scratch directory.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("igauth-default-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FilePendingSignInStore(directory: directory)
        var savedWhileOpen: String?
        let browser = FakeBrowser(.consent(decision: "allow"), whileOpen: { _ in savedWhileOpen = store.load() })
        let grant = try await signIn(browser, store: store).signIn()
        XCTAssertEqual(grant.redirectUri(), Sandbox.redirect)
        XCTAssertNotNil(savedWhileOpen, "saved in the file before the sheet opened")
        XCTAssertNil(store.load(), "the file is gone once the sign-in ended")
        XCTAssertEqual(FilePendingSignInStore().directory.lastPathComponent, "dev.instagramauth")
        XCTAssertEqual(FilePendingSignInStore().directory.deletingLastPathComponent().lastPathComponent,
                       FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask).first?.lastPathComponent)
    }

    func testTheHttpsCallbackComesFromTheRedirectUriAndTheEphemeralFlagReachesTheSheet() async throws {
        let browser = FakeBrowser(.consent(decision: "allow"))
        _ = try await signIn(browser).signIn(prefersEphemeralWebBrowserSession: true)
        XCTAssertEqual(browser.requests.map(\.callback), [.https(host: "app.example.com", path: "/auth/")])
        XCTAssertEqual(browser.requests.map(\.prefersEphemeralWebBrowserSession), [true])
        _ = try await signIn(browser).signIn()
        XCTAssertEqual(browser.requests.last?.prefersEphemeralWebBrowserSession, false)
    }

    func testForceReauthReachesTheConsentPage() async throws {
        let browser = FakeBrowser(.consent(decision: "allow"))
        _ = try await signIn(browser).signIn(options: SignInOptions(forceReauth: true))
        let query = URLComponents(url: try XCTUnwrap(browser.requests.first?.url), resolvingAgainstBaseURL: false)?.queryItems
        XCTAssertEqual(query?.first { $0.name == "force_reauth" }?.value, "true")
    }

    func testClosingTheSheetIsCancelledNotADenialAndEndsTheSignIn() async throws {
        let store = MemoryStore()
        do {
            _ = try await signIn(FakeBrowser(.close), store: store).signIn()
            XCTFail("no grant")
        } catch WebSignInError.cancelled {
            XCTAssertNil(store.value)
        }
    }

    func testDecliningOnInstagramIsAccessDeniedAndEndsTheSignIn() async throws {
        let store = MemoryStore()
        do {
            _ = try await signIn(FakeBrowser(.consent(decision: "deny")), store: store).signIn()
            XCTFail("no grant")
        } catch InstagramAuthError.AccessDenied {
            XCTAssertNil(store.value)
        }
    }

    func testAStrayRedirectKeepsTheSignInAndResumeOpensTheSameConsentPage() async throws {
        let store = MemoryStore()
        let stray = FakeBrowser(.redirect("https://app.example.com/auth/?code=x&state=someone-elses"))
        let first = try signIn(stray, store: store)
        do {
            _ = try await first.signIn()
            XCTFail("no grant")
        } catch InstagramAuthError.StrayCallback {
            XCTAssertNotNil(store.value, "still open")
        }
        // The app offers to continue; a relaunched app would do the same.
        let browser = FakeBrowser(.consent(decision: "allow"))
        let again = try signIn(browser, store: store)
        XCTAssertTrue(again.hasPendingSignIn)
        _ = try await again.resume()
        XCTAssertEqual(browser.requests.map(\.url), stray.requests.map(\.url), "the same consent page")
        XCTAssertFalse(again.hasPendingSignIn)
    }

    func testASecondSignInWhileTheSheetIsOpenIsRefusedAndLeavesTheFirstAlone() async throws {
        let store = MemoryStore()
        var session: InstagramWebSignIn?
        var saved: String?
        let browser = FakeBrowser(.consent(decision: "allow"), whileOpen: { _ in
            saved = store.value
            do {
                _ = try await session?.signIn()
                XCTFail("a second sheet opened")
            } catch WebSignInError.alreadyInProgress {
                XCTAssertEqual(store.value, saved, "the first sign-in is still the saved one")
            }
        })
        session = try signIn(browser, store: store)
        _ = try await session?.signIn()
        XCTAssertEqual(browser.requests.count, 1)
    }

    func testARelaunchedAppFinishesTheSavedSignInWithTheUniversalLink() async throws {
        // A first process saved its sign-in and was ended while the sheet was open: the
        // store (a file) is all that is left, and the Universal Link relaunches the app.
        let store = MemoryStore()
        var link: String?
        let killed = FakeBrowser(.close, whileOpen: { url in
            link = try await SandboxBrowser.redirect(for: url.absoluteString)
            throw Killed(saved: store.value)
        })
        do {
            _ = try await signIn(killed, store: store).signIn()
        } catch let killed as Killed {
            store.value = killed.saved
        }
        let relaunched = try signIn(FakeBrowser(.close), store: store)
        XCTAssertTrue(relaunched.hasPendingSignIn)
        let grant = try relaunched.complete(callbackURL: try XCTUnwrap(link.flatMap(URL.init(string:))))
        XCTAssertEqual(grant?.redirectUri(), Sandbox.redirect)
        XCTAssertFalse(relaunched.hasPendingSignIn)
    }

    /// The process ends: nothing after this point runs, the store keeps what it held.
    private struct Killed: Error {
        let saved: String?
    }

    func testTheAnswerArrivingAsALinkWhileTheSheetIsOpenGoesToTheOpenSignIn() async throws {
        let store = MemoryStore()
        var session: InstagramWebSignIn?
        var handedOver = false
        let browser = FakeBrowser(.close, whileOpen: { url in
            let link = try await SandboxBrowser.redirect(for: url.absoluteString)
            let open = try XCTUnwrap(session)
            handedOver = try open.complete(callbackURL: try XCTUnwrap(URL(string: link))) == nil
        })
        session = try signIn(browser, store: store)
        let grant = try await session?.signIn()
        XCTAssertNotNil(grant, "the open sign-in returns the link's grant")
        XCTAssertTrue(handedOver, "complete(callbackURL:) handed it to the open sign-in")
        XCTAssertEqual(browser.cancelCalls, 1, "the sheet was closed")
        XCTAssertNil(store.value)
    }

    func testAStrayLinkWhileTheSheetIsOpenLeavesItOpen() async throws {
        let store = MemoryStore()
        var session: InstagramWebSignIn?
        let browser = FakeBrowser(.consent(decision: "allow"), whileOpen: { _ in
            for stray in ["https://app.example.com/auth/?code=x&state=y", "https://elsewhere.example/auth/?code=x",
                          "myapp://auth/?error=access_denied"] {
                XCTAssertThrowsError(try session?.complete(callbackURL: XCTUnwrap(URL(string: stray)))) { error in
                    guard case InstagramAuthError.StrayCallback = error else { return XCTFail("\(error)") }
                }
            }
        })
        session = try signIn(browser, store: store)
        let grant = try await session?.signIn()
        XCTAssertNotNil(grant)
        XCTAssertEqual(browser.cancelCalls, 0)
    }

    func testCancelEndsTheSavedSignInAndClosesTheSheet() async throws {
        let store = MemoryStore()
        var session: InstagramWebSignIn?
        let browser = FakeBrowser(.consent(decision: "allow"), whileOpen: { _ in session?.cancel() })
        session = try signIn(browser, store: store)
        do {
            _ = try await session?.signIn()
            XCTFail("no grant")
        } catch WebSignInError.cancelled {
            XCTAssertNil(store.value)
            XCTAssertEqual(browser.cancelCalls, 1)
        }
    }

    func testBefore17_4AnHttpsRedirectNeedsTheBouncePagesScheme() async throws {
        do {
            _ = try await signIn(FakeBrowser(.close, supportsHTTPSCallback: false)).signIn()
            XCTFail("no sheet")
        } catch WebSignInError.unsupportedRedirect {}

        // The page served at the redirect URI bounces to myapp://<same host, path and query>.
        let browser = FakeBrowser(.consentBouncedTo("myapp"), supportsHTTPSCallback: false)
        let grant = try await signIn(browser, fallbackScheme: "myapp").signIn()
        XCTAssertEqual(browser.requests.map(\.callback), [.customScheme("myapp")])
        XCTAssertEqual(grant.redirectUri(), Sandbox.redirect, "checked as the https redirect it stands for")
    }

    func testACustomSchemeRedirectIsACustomSchemeCallback() async throws {
        let browser = FakeBrowser(.close)
        do { _ = try await signIn(browser, redirect: "igauthdemo://auth/callback").signIn() } catch {}
        XCTAssertEqual(browser.requests.map(\.callback), [.customScheme("igauthdemo")])
    }

    func testResumeWithoutASavedSignInSaysSo() async throws {
        do {
            _ = try await signIn(FakeBrowser(.close)).resume()
            XCTFail("nothing to resume")
        } catch WebSignInError.noPendingSignIn {}
    }
}
