import Foundation
import InstagramAuthKit
import InstagramAuthParse
import ParseCore
import XCTest

@testable import InstagramSignInDemo

/// The demo's screen states over InstagramParseUtils, with the real bindings and the sandbox;
/// the browser sheet is played and the Parse SDK is the ParseCore stub (Linux:
/// scripts/test-swift.sh). What the outcomes themselves mean is tested with the library.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class SignInModelTests: XCTestCase, @unchecked Sendable {
    override func setUp() async throws {
        ParseStub.reset()
        Parse.initialize(with: DemoConfig.sandbox.parse)
        try SandboxParse.answerCloudFunctions()
    }

    private func model(_ sheet: SandboxParse.SheetPlayer, store: SandboxParse.MemoryStore = SandboxParse.MemoryStore())
        throws -> SignInModel {
        let auth = try InstagramAuth(config: InstagramAuthConfig(
            clientId: DemoConfig.sandbox.instagramAppId, redirectUri: Sandbox.redirect, baseUrl: try Sandbox.url()))
        return SignInModel(instagram: InstagramParseUtils(auth: auth, signIn: InstagramWebSignIn(auth: auth, store: store, browser: sheet)))
    }

    func testSigningInEndsWithTheParseUser() async throws {
        let model = try model(SandboxParse.SheetPlayer(decision: "allow"))
        await model.signIn()
        XCTAssertEqual(model.state, .signedIn(parseUserId: "parseUser1"))
        model.signOut()
        XCTAssertEqual(model.state, .signedOut)
        XCTAssertNil(PFUser.current())
    }

    func testClosingTheSheetOrDecliningOnInstagramGoesBackToSignedOut() async throws {
        for decision in [nil, "deny"] {
            let model = try model(SandboxParse.SheetPlayer(decision: decision))
            await model.signIn()
            XCTAssertEqual(model.state, .signedOut, decision ?? "closed")
        }
    }

    func testAStrayLinkOffersToContinueAndContinuingSignsIn() async throws {
        let store = SandboxParse.MemoryStore()
        let sheet = SandboxParse.SheetPlayer(decision: "allow")
        let model = try model(sheet, store: store)
        // No sheet is open (the app was relaunched with a saved sign-in) and a stray link arrives.
        store.value = try Sandbox.auth().startAuthorization(scopes: []).toSavedString()
        await model.complete(callbackURL: try XCTUnwrap(URL(string: "\(Sandbox.redirect)?code=x&state=y")))
        XCTAssertEqual(model.state, .stillOpen(message: "That link isn't the answer to your sign-in, which is still open."))
        await model.resume()
        XCTAssertEqual(model.state, .signedIn(parseUserId: "parseUser1"))
    }

    func testParseRefusingTheLogInIsShown() async throws {
        ParseStub.state {
            $0.logInReply = { _, _ in
                .failure(NSError(domain: PFParseErrorDomain, code: 101, userInfo: ["error": "Instagram auth is invalid for this user."]))
            }
        }
        let model = try model(SandboxParse.SheetPlayer(decision: "allow"))
        await model.signIn()
        XCTAssertEqual(model.state, .failed("Parse could not log you in: Parse refused (code 101): Instagram auth is invalid for this user."))
    }
}
