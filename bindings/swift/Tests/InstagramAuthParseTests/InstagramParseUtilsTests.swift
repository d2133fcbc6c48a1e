import AuthenticationServices
import Foundation
import ParseCore
import XCTest

import InstagramAuthKit
@testable import InstagramAuthParse

/// InstagramParseUtils against the ParseCore stub (Linux only: Tests/Stubs), with the real
/// bindings and the sandbox: the browser sheet is played, and the stub's "server" answers
/// Cloud function calls with the sandbox's stand-in for `instagramExchange`.
@MainActor
// @unchecked Sendable: XCTest on Linux hands the test case to the main actor to run each
// isolated test; XCTest runs one test at a time, so nothing here is shared across threads.
final class InstagramParseUtilsTests: XCTestCase, @unchecked Sendable {
    private let instagramUserId = "17841405793187219"

    override func setUp() async throws {
        ParseStub.reset()
        Parse.initialize(with: ParseClientConfiguration {
            $0.applicationId = "parse-app-id"
            $0.clientKey = "parse-client-key"
            $0.server = "https://parse.example.com/parse"
        })
        try SandboxParse.answerCloudFunctions()
    }

    private func utils(decision: String? = "allow", exchanger: CodeExchanger = ParseCloudCodeExchanger()) throws
        -> (InstagramParseUtils, SandboxParse.SheetPlayer) {
        let auth = try InstagramAuth(config: InstagramAuthConfig(clientId: "990602627938098", redirectUri: Sandbox.redirect,
                                                                 baseUrl: try Sandbox.url()))
        let sheet = SandboxParse.SheetPlayer(decision: decision)
        let signIn = InstagramWebSignIn(auth: auth, store: SandboxParse.MemoryStore(), browser: sheet)
        return (InstagramParseUtils(auth: auth, exchanger: exchanger, signIn: signIn), sheet)
    }

    private var stub: ParseStub.State { ParseStub.state { $0 } }

    func testTheStubAssertsLikeTheSDKWhenNoDelegateIsRegistered() async throws {
        // The crash this product prevents: PFUser.m's PFConsistencyAssert.
        _ = PFUser.logInWithAuthType(inBackground: "instagram", authData: ["id": instagramUserId, "access_token": "IGAAx"])
        XCTAssertEqual(stub.assertions.count, 1)
        XCTAssertTrue(stub.assertions[0].hasPrefix("No registered authentication delegate found for `instagram`"))
    }

    func testLogInRegistersTheDelegateFirstEvenWithoutInitializeAndExchangesThroughPFCloud() async throws {
        let (instagram, _) = try utils()
        let user = try await instagram.logIn()
        XCTAssertEqual(stub.assertions, [], "PFUser's assertion never fired")
        XCTAssertEqual(stub.registrations, ["instagram"])
        XCTAssertEqual(user.objectId, "parseUser1")
        XCTAssertTrue(PFUser.current() === user)
        XCTAssertEqual(stub.calls, ["callFunction(inBackground: instagramExchange)", "logInWithAuthType(inBackground: instagram)"])
        let call = try XCTUnwrap(stub.functionCalls.first)
        XCTAssertEqual(call.name, "instagramExchange")
        XCTAssertEqual(call.parameters["redirect_uri"], Sandbox.redirect)
        XCTAssertFalse(call.parameters["code"]?.isEmpty ?? true)
        // What the core made of the function's reply is what Parse got, and the delegate took it.
        let authData = try XCTUnwrap(user.stubAuthData["instagram"])
        XCTAssertEqual(authData["id"], instagramUserId)
        XCTAssertTrue(authData["access_token"]?.hasPrefix("IGAA") ?? false)
        XCTAssertEqual(stub.restores, [ParseStub.Restore(authType: "instagram", authData: authData, returned: true)])
    }

    func testInitializeIsIdempotentAndRestoresTheCurrentUsersAuthData() async throws {
        let user = PFUser()
        user.stubAuthData["instagram"] = ["id": instagramUserId, "access_token": "IGAAtoken"]
        ParseStub.state { $0.currentUser = user }
        try InstagramParseUtils.initialize()
        try InstagramParseUtils.initialize()
        let (instagram, _) = try utils()
        _ = try await instagram.logIn()
        XCTAssertEqual(stub.registrations, ["instagram"], "registered once")
        XCTAssertEqual(stub.restores.first?.returned, true)
    }

    func testANewParseConfigurationRegistersAgain() async throws {
        try InstagramParseUtils.initialize()
        ParseStub.reset()
        Parse.initialize(with: ParseClientConfiguration { $0.applicationId = "another" })
        try InstagramParseUtils.initialize()
        XCTAssertEqual(stub.registrations, ["instagram"])
    }

    func testBeforeParseIsInitializedItIsAnErrorNotACrash() async throws {
        ParseStub.reset()
        XCTAssertThrowsError(try InstagramParseUtils.initialize()) { error in
            XCTAssertEqual(error as? InstagramParseError, .parseNotInitialized)
        }
        let (instagram, sheet) = try utils()
        do {
            _ = try await instagram.logIn()
            XCTFail("no log-in")
        } catch let error as InstagramParseError {
            XCTAssertEqual(error, .parseNotInitialized)
        }
        XCTAssertEqual(sheet.opened, 0, "no sheet for a log-in that cannot finish")
        XCTAssertEqual(stub.assertions, [])
    }

    func testTheExchangerBeforeParseIsInitializedSaysSoInsteadOfCallingTheSDK() async throws {
        ParseStub.reset()
        do {
            _ = try await ParseCloudCodeExchanger().exchangeCode(code: "c", redirectUri: Sandbox.redirect)
            XCTFail("exchanged")
        } catch let CodeExchangerError.Unreachable(detail) {
            XCTAssertEqual(detail, "Parse is not initialized: call Parse.initialize(with:) first")
        }
        XCTAssertEqual(stub.calls, [])
    }

    func testRestoreRefusesOnlyAuthDataThatIsClearlyNotInstagrams() async {
        // A NO unlinks Instagram from the user on the server (PFUser.m
        // synchronizeAuthDataWithAuthType:), so every shape a user can hold is a YES.
        let delegate = InstagramAuthenticationDelegate()
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: nil), "log-out and unlink")
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: ["id": instagramUserId, "access_token": "IGAAx"]))
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: [
            "id": instagramUserId, "access_token": "IGAAx", "expiration_date": "2001-01-01T00:00:00.000Z",
        ]), "an expired token is not bad authData: a new sign-in replaces it")
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: ["id": instagramUserId]),
                      "what Parse Server 9.10 returns to clients after a fetch")
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: ["id": instagramUserId, "access_token": ""]))
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: ["code": "AQBx", "redirect_uri": Sandbox.redirect]),
                      "the code flow's authData, as the SDK keeps it after the log-in")
        XCTAssertTrue(delegate.restoreAuthentication(withAuthData: ["code": "AQBx"]))
        // Clearly not Instagram's: no id and no code.
        XCTAssertFalse(delegate.restoreAuthentication(withAuthData: [:]))
        XCTAssertFalse(delegate.restoreAuthentication(withAuthData: ["access_token": "IGAAx"]))
        XCTAssertFalse(delegate.restoreAuthentication(withAuthData: ["id": "", "access_token": "IGAAx"]))
        XCTAssertFalse(delegate.restoreAuthentication(withAuthData: ["code": "", "redirect_uri": Sandbox.redirect]))
        XCTAssertFalse(delegate.restoreAuthentication(withAuthData: ["redirect_uri": Sandbox.redirect]))
    }

    func testACodeFlowLogInStaysLinkedAfterTheLogInAndAtTheNextLaunch() async throws {
        try InstagramParseUtils.initialize()
        let auth = try InstagramAuth(config: InstagramAuthConfig(clientId: "990602627938098", redirectUri: Sandbox.redirect,
                                                                 baseUrl: try Sandbox.url()))
        let signIn = InstagramWebSignIn(auth: auth, store: SandboxParse.MemoryStore(),
                                        browser: SandboxParse.SheetPlayer(decision: "allow"))
        let data = try await signIn.signIn().parseAuthData()
        let task = PFUser.logInWithAuthType(inBackground: data.provider(), authData: data.toMap())
        let user = try XCTUnwrap(task.result)
        XCTAssertEqual(user.stubAuthData["instagram"].map { Set($0.keys) }, ["code", "redirect_uri"])
        // The next launch: a fresh SDK with this user saved, and the delegate registered again.
        relaunch(with: user)
        try InstagramParseUtils.initialize()
        XCTAssertTrue(InstagramParseUtils.isLinked(user))
        XCTAssertEqual(stub.restores.map(\.returned), [true])
        XCTAssertFalse(stub.calls.contains { $0.hasPrefix("unlink") }, "\(stub.calls)")
    }

    func testTheIdAloneThatParseServerReturnsAfterAFetchStaysLinkedAtLaunch() async throws {
        let user = PFUser()
        user.objectId = "parseUser1"
        user.stubAuthData["instagram"] = ["id": instagramUserId]
        relaunch(with: user)
        try InstagramParseUtils.initialize()
        XCTAssertTrue(InstagramParseUtils.isLinked(user))
        XCTAssertEqual(stub.restores, [ParseStub.Restore(authType: "instagram", authData: ["id": instagramUserId], returned: true)])
        XCTAssertFalse(stub.calls.contains { $0.hasPrefix("unlink") }, "\(stub.calls)")
    }

    func testAuthDataThatIsNotInstagramsIsUnlinkedAtLaunchAsParseDoes() async throws {
        let user = PFUser()
        user.objectId = "parseUser1"
        user.stubAuthData["instagram"] = ["access_token": "IGAAx"]
        relaunch(with: user)
        try InstagramParseUtils.initialize()
        XCTAssertFalse(InstagramParseUtils.isLinked(user))
        XCTAssertTrue(stub.calls.contains("unlinkWithAuthType(inBackground: instagram) on parseUser1"), "\(stub.calls)")
    }

    /// A fresh SDK, initialized, whose saved current user is `user`.
    private func relaunch(with user: PFUser) {
        ParseStub.reset()
        Parse.initialize(with: ParseClientConfiguration { $0.applicationId = "parse-app-id" })
        ParseStub.state { $0.currentUser = user }
    }

    func testLinkUnlinkAndIsLinkedCallTheUsersSDKMethods() async throws {
        let user = PFUser()
        user.objectId = "existing"
        ParseStub.state { $0.currentUser = user } // the signed-in user: Parse restores for it only
        let (instagram, _) = try utils()
        XCTAssertFalse(InstagramParseUtils.isLinked(user))
        try await instagram.link(user)
        XCTAssertTrue(InstagramParseUtils.isLinked(user))
        XCTAssertEqual(user.stubAuthData["instagram"]?["id"], instagramUserId)
        try await InstagramParseUtils.unlink(user)
        XCTAssertFalse(InstagramParseUtils.isLinked(user))
        XCTAssertEqual(stub.calls, [
            "isLinked(withAuthType: instagram) on existing",
            "callFunction(inBackground: instagramExchange)",
            "linkWithAuthType(inBackground: instagram) on existing",
            "isLinked(withAuthType: instagram) on existing",
            "unlinkWithAuthType(inBackground: instagram) on existing",
            "isLinked(withAuthType: instagram) on existing",
        ])
        XCTAssertEqual(stub.restores.last, ParseStub.Restore(authType: "instagram", authData: nil, returned: true))
        XCTAssertEqual(stub.assertions, [])
    }

    func testAFailedLinkIsParsesRefusalAndLeavesNoAuthData() async throws {
        let user = PFUser()
        user.objectId = "existing"
        ParseStub.state {
            $0.saveError = NSError(domain: PFParseErrorDomain, code: 208,
                                   userInfo: ["error": "this auth is already used", NSLocalizedDescriptionKey: "this auth is already used"])
        }
        let (instagram, _) = try utils()
        do {
            try await instagram.link(user)
            XCTFail("linked")
        } catch let error as InstagramParseError {
            XCTAssertEqual(error, .parseRejected(code: 208, message: "this auth is already used"))
        }
        XCTAssertNil(user.stubAuthData["instagram"])
    }

    func testClosingTheSheetLogsNothingIn() async throws {
        let (instagram, _) = try utils(decision: nil)
        do {
            _ = try await instagram.logIn()
            XCTFail("logged in")
        } catch let error as WebSignInError {
            XCTAssertEqual(error, .cancelled)
        }
        XCTAssertEqual(stub.calls, [])
    }

    func testDecliningOnInstagramIsAccessDenied() async throws {
        let (instagram, _) = try utils(decision: "deny")
        do {
            _ = try await instagram.logIn()
            XCTFail("logged in")
        } catch InstagramAuthError.AccessDenied {}
        XCTAssertEqual(stub.calls, [])
    }

    func testTheCloudFunctionsRefusalIsTheBackendsAndParseUnreachableIsANetworkError() async throws {
        ParseStub.state {
            $0.cloudReply = { _, _ in
                .failure(NSError(domain: PFParseErrorDomain, code: 141,
                                 userInfo: ["error": "Instagram refused the code", NSLocalizedDescriptionKey: "Instagram refused the code"]))
            }
        }
        do {
            _ = try await utils().0.logIn()
            XCTFail("logged in")
        } catch InstagramAuthError.BackendRejected {}

        ParseStub.state {
            $0.cloudReply = { _, _ in
                .failure(NSError(domain: PFParseErrorDomain, code: 100,
                                 userInfo: ["error": "The Internet connection appears to be offline."]))
            }
        }
        do {
            _ = try await utils().0.logIn()
            XCTFail("logged in")
        } catch InstagramAuthError.Network {}

        ParseStub.state { $0.cloudReply = { _, _ in .success(#"{"result":{"hello":"world"}}"#) } }
        do {
            _ = try await utils().0.logIn()
            XCTFail("logged in")
        } catch InstagramAuthError.InvalidReply {}
        XCTAssertFalse(stub.calls.contains("logInWithAuthType(inBackground: instagram)"))
    }

    func testParseRefusingTheLogInIsReportedWithItsCode() async throws {
        ParseStub.state {
            $0.logInReply = { _, _ in
                .failure(NSError(domain: PFParseErrorDomain, code: 101, userInfo: [
                    "error": "Instagram auth is invalid for this user.",
                    NSLocalizedDescriptionKey: "Instagram auth is invalid for this user.",
                ]))
            }
        }
        do {
            _ = try await utils().0.logIn()
            XCTFail("logged in")
        } catch let error as InstagramParseError {
            XCTAssertEqual(error, .parseRejected(code: 101, message: "Instagram auth is invalid for this user."))
        }
    }
}
