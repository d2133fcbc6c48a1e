import AuthenticationServices
import Foundation
import XCTest

import InstagramAuthKit

/// SystemWebAuthenticationBrowser against the AuthenticationServices stub (Linux only:
/// Tests/Stubs): what reaches ASWebAuthenticationSession, and how its endings are read.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class SystemWebAuthenticationBrowserTests: XCTestCase, @unchecked Sendable {
    private let consent = URL(string: "https://www.instagram.com/oauth/authorize?client_id=1&state=s")!

    override func setUp() async throws {
        ASWebAuthenticationSession.stubReset()
    }

    /// Starts `authenticate` and returns it with the session it started.
    private func open(_ browser: SystemWebAuthenticationBrowser, _ callback: WebAuthenticationCallback,
                      ephemeral: Bool = false, anchor: ASPresentationAnchor? = nil)
        async throws -> (Task<URL, Error>, ASWebAuthenticationSession) {
        let started = ASWebAuthenticationSession.stubStartedSessions.count
        let request = WebAuthenticationRequest(url: consent, callback: callback, prefersEphemeralWebBrowserSession: ephemeral)
        let task = Task { try await browser.authenticate(request, presentationAnchor: anchor) }
        for _ in 0..<1000 where ASWebAuthenticationSession.stubStartedSessions.count == started {
            await Task.yield()
        }
        return (task, try XCTUnwrap(ASWebAuthenticationSession.stubStartedSessions.last))
    }

    private func error(of task: Task<URL, Error>) async -> Error? {
        do {
            _ = try await task.value
            return nil
        } catch {
            return error
        }
    }

    func testTheHttpsCallbackHostPathEphemeralFlagAndAnchorReachTheSession() async throws {
        let browser = SystemWebAuthenticationBrowser()
        let window = ASPresentationAnchor()
        let (task, session) = try await open(browser, .https(host: "app.example.com", path: "/auth/"), ephemeral: true, anchor: window)
        XCTAssertEqual(session.stubCallback, .https(host: "app.example.com", path: "/auth/"))
        XCTAssertNil(session.stubCallbackURLScheme)
        XCTAssertEqual(session.stubURL, consent)
        XCTAssertEqual(session.stubEphemeralAtStart, true)
        XCTAssertTrue(session.presentationContextProvider === browser, "the browser is the provider")
        XCTAssertTrue(session.stubAnchor === window, "the window passed")
        let redirect = URL(string: "https://app.example.com/auth/?code=c&state=s#_")!
        session.stubRedirect(to: redirect)
        let url = try await task.value
        XCTAssertEqual(url, redirect)
        XCTAssertTrue(browser.supportsHTTPSCallback)
    }

    func testACustomSchemeCallbackAndASharedSessionByDefault() async throws {
        let (task, session) = try await open(SystemWebAuthenticationBrowser(), .customScheme("igauthdemo"))
        XCTAssertEqual(session.stubCallback, .customScheme("igauthdemo"))
        XCTAssertEqual(session.stubEphemeralAtStart, false)
        XCTAssertNotNil(session.stubAnchor, "an anchor even without a window passed or a key window")
        session.stubRedirect(to: URL(string: "igauthdemo://auth/callback?code=c&state=s")!)
        _ = try await task.value
    }

    func testEachOfApplesErrorCodesHasItsOwnOutcome() async throws {
        let expected: [(ASWebAuthenticationSessionError.Code, WebSignInError)] = [
            (.canceledLogin, .cancelled),
            (.presentationContextNotProvided, .presentationContextNotProvided),
            (.presentationContextInvalid, .presentationContextInvalid),
        ]
        for (code, outcome) in expected {
            let (task, session) = try await open(SystemWebAuthenticationBrowser(), .customScheme("igauthdemo"))
            session.stubFail(code)
            let error = await error(of: task)
            XCTAssertEqual(error as? WebSignInError, outcome, "\(code)")
        }
    }

    func testASecondSessionWhileOneIsOpenIsRefusedAndTheFirstGoesOn() async throws {
        let browser = SystemWebAuthenticationBrowser()
        let (first, session) = try await open(browser, .customScheme("igauthdemo"))
        let request = WebAuthenticationRequest(url: consent, callback: .customScheme("igauthdemo"))
        do {
            _ = try await browser.authenticate(request, presentationAnchor: nil)
            XCTFail("a second sheet opened")
        } catch let error as WebSignInError {
            XCTAssertEqual(error, .alreadyInProgress)
        }
        XCTAssertEqual(ASWebAuthenticationSession.stubStartedSessions.count, 1)
        session.stubRedirect(to: URL(string: "igauthdemo://auth/callback?code=c&state=s")!)
        _ = try await first.value
        // Once it ended, the next one opens.
        let (next, nextSession) = try await open(browser, .customScheme("igauthdemo"))
        nextSession.stubFail(.canceledLogin)
        _ = await error(of: next)
        XCTAssertEqual(ASWebAuthenticationSession.stubStartedSessions.count, 2)
    }

    func testCancelClosesTheSheetAndEndsItAsCancelled() async throws {
        let browser = SystemWebAuthenticationBrowser()
        let (task, session) = try await open(browser, .customScheme("igauthdemo"))
        browser.cancel()
        let error = await error(of: task)
        XCTAssertEqual(error as? WebSignInError, .cancelled)
        XCTAssertEqual(session.stubCancelCalls, 1)
    }

    func testCancellingTheCallersTaskClosesTheSheet() async throws {
        let (task, session) = try await open(SystemWebAuthenticationBrowser(), .customScheme("igauthdemo"))
        task.cancel()
        let error = await error(of: task)
        XCTAssertEqual(error as? WebSignInError, .cancelled)
        XCTAssertEqual(session.stubCancelCalls, 1)
    }
}
