// Linux stand-in for Parse-SDK-iOS-OSX 6.1.1's Parse/Parse/Source/PFObject.h and PFUser.h
// (see ../README.md): the declarations InstagramAuthParse uses, with the Swift names the
// headers import as. Behaviour follows PFUser.m and PFUserAuthenticationController.m.
import Foundation

/// PFObject.h: `@interface PFObject : NSObject`.
open class PFObject: NSObject {
    /// `@property (nullable, nonatomic, strong) NSString *objectId;`
    open var objectId: String?
}

/// PFUser.h: `@interface PFUser : PFObject <PFSubclassing>`.
open class PFUser: PFObject {
    // MARK: - Not Parse API: read and set by the tests

    /// The user's authData by type (PFUser keeps it privately).
    public var stubAuthData: [String: [String: String]] = [:]

    // MARK: - PFUser.h

    /// `+ (nullable instancetype)currentUser;`
    open class func current() -> Self? {
        ParseStub.state { $0.currentUser } as? Self
    }

    /// `+ (void)registerAuthenticationDelegate:(id<PFUserAuthenticationDelegate>)delegate forAuthType:(NSString *)authType;`
    /// Replaces a different delegate; the same one again is a no-op (since #1711). Then, as
    /// PFUserAuthenticationController.m does, the current user's authData of that type is
    /// synchronized (`[user synchronizeAuthDataWithAuthType:authType]`): restored through
    /// the delegate, and unlinked on NO. So this is what every launch does to the user.
    open class func register(_ delegate: any PFUserAuthenticationDelegate, forAuthType authType: String) {
        let (user, isNew) = ParseStub.state { state -> (PFUser?, Bool) in
            state.registrations.append(authType)
            if let existing = state.delegates[authType], existing === delegate { return (nil, false) }
            state.delegates[authType] = delegate
            return (state.currentUser, true)
        }
        guard isNew, let user else { return }
        user.synchronize(authType)
    }

    /// `+ (void)unregisterAuthenticationDelegateForAuthType:(NSString *)authType;`
    open class func unregisterAuthenticationDelegate(forAuthType authType: String) {
        ParseStub.state { $0.delegates[authType] = nil }
    }

    /// `+ (BFTask<__kindof PFUser *> *)logInWithAuthTypeInBackground:(NSString *)authType authData:(NSDictionary<NSString *, NSString *> *)authData;`
    /// Asserts (PFConsistencyAssert) that a delegate is registered for `authType`.
    open class func logInWithAuthType(inBackground authType: String, authData: [String: String]) -> BFTask<PFUser> {
        ParseStub.record("logInWithAuthType(inBackground: \(authType))")
        if let failed: BFTask<PFUser> = ParseStub.consistencyAssertDelegate(for: authType) { return failed }
        switch ParseStub.state({ $0.logInReply })(authType, authData) {
        case let .failure(error):
            return BFTask(error: error)
        case let .success(objectId):
            let user = PFUser()
            user.objectId = objectId
            user.stubAuthData[authType] = authData
            ParseStub.state { $0.currentUser = user }
            user.synchronize(authType)
            return BFTask(result: user)
        }
    }

    /// `- (BFTask<NSNumber *> *)linkWithAuthTypeInBackground:(NSString *)authType authData:(NSDictionary<NSString *, NSString *> *)authData;`
    /// Asserts (PFConsistencyAssert) that a delegate is registered for `authType`.
    open func linkWithAuthType(inBackground authType: String, authData: [String: String]) -> BFTask<NSNumber> {
        ParseStub.record("linkWithAuthType(inBackground: \(authType)) on \(objectId ?? "?")")
        if let failed: BFTask<NSNumber> = ParseStub.consistencyAssertDelegate(for: authType) { return failed }
        if let error = ParseStub.state({ $0.saveError }) {
            return BFTask(error: error) // a failed link leaves no authData behind
        }
        stubAuthData[authType] = authData
        synchronize(authType)
        return BFTask(result: NSNumber(value: true))
    }

    /// `- (BFTask<NSNumber *> *)unlinkWithAuthTypeInBackground:(NSString *)authType;`
    open func unlinkWithAuthType(inBackground authType: String) -> BFTask<NSNumber> {
        ParseStub.record("unlinkWithAuthType(inBackground: \(authType)) on \(objectId ?? "?")")
        guard stubAuthData[authType] != nil else { return BFTask(result: NSNumber(value: true)) }
        if let error = ParseStub.state({ $0.saveError }) { return BFTask(error: error) }
        stubAuthData[authType] = nil
        // PFUser.m handleSaveResultAsync: cleanUpAuthData, for the current user only.
        if isCurrent { ParseStub.restore(authType, nil) }
        return BFTask(result: NSNumber(value: true))
    }

    /// `- (BOOL)isLinkedWithAuthType:(NSString *)authType;`
    open func isLinked(withAuthType authType: String) -> Bool {
        ParseStub.record("isLinked(withAuthType: \(authType)) on \(objectId ?? "?")")
        return stubAuthData[authType] != nil
    }

    /// `+ (BFTask *)logOutInBackground;`
    open class func logOutInBackground() -> BFTask<AnyObject> {
        ParseStub.record("logOutInBackground()")
        let user = ParseStub.state { state -> PFUser? in
            defer { state.currentUser = nil }
            return state.currentUser
        }
        for authType in user?.stubAuthData.keys.sorted() ?? [] {
            ParseStub.restore(authType, nil) // PFUser.m logOutAsync deauthenticates every type
        }
        return BFTask(result: nil)
    }

    /// PFUser.m `_current`: whether this is the current user.
    private var isCurrent: Bool { ParseStub.state { $0.currentUser } === self }

    /// PFUser.m synchronizeAuthDataWithAuthType: for the current user only, restore through
    /// the delegate; a NO unlinks the type (`unlinkWithAuthTypeInBackground:`, which sets
    /// the authData to NSNull and saves the user: the link is gone on the server too).
    private func synchronize(_ authType: String) {
        guard isCurrent else { return }
        if !ParseStub.restore(authType, stubAuthData[authType]) {
            ParseStub.record("unlinked \(authType) after a failed restore")
            _ = unlinkWithAuthType(inBackground: authType)
        }
    }
}
