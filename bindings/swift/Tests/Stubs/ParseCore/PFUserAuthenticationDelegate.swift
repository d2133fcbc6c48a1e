// Linux stand-in for Parse-SDK-iOS-OSX 6.1.1's Parse/Parse/Source/PFUserAuthenticationDelegate.h.
import Foundation

/// PFUserAuthenticationDelegate.h: `@protocol PFUserAuthenticationDelegate <NSObject>`.
public protocol PFUserAuthenticationDelegate: NSObjectProtocol {
    /// `- (BOOL)restoreAuthenticationWithAuthData:(nullable NSDictionary<NSString *, NSString *> *)authData;`
    /// "This method will be executed on a background thread." nil when unlinking; return
    /// NO "if user should not longer be associated because of bad `authData`".
    func restoreAuthentication(withAuthData authData: [String: String]?) -> Bool
}
