// Linux stand-in for Parse-SDK-iOS-OSX 6.1.1's Parse/Parse/Source/PFCloud.h (see ../README.md).
import Foundation

/// PFCloud.h: `@interface PFCloud : NSObject`.
open class PFCloud: NSObject {
    /// `+ (BFTask<id> *)callFunctionInBackground:(NSString *)function withParameters:(nullable NSDictionary *)parameters;`
    /// The result is the decoded `result` of the function's JSON reply (PFCloudCodeController.m);
    /// a failure is an NSError in `PFParseErrorDomain` (PFErrorUtilities.m).
    open class func callFunction(inBackground function: String, withParameters parameters: [AnyHashable: Any]?) -> BFTask<AnyObject> {
        ParseStub.callFunction(function, parameters: parameters)
    }
}
