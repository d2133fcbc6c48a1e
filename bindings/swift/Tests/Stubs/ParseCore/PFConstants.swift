// Linux stand-in for Parse-SDK-iOS-OSX 6.1.1's Parse/Parse/Source/PFConstants.h (see ../README.md).
import Foundation

/// PFConstants.h: `extern NSString *const _Nonnull PFParseErrorDomain;` (the value, PFConstants.m: `@"Parse"`).
public let PFParseErrorDomain = "Parse"

/// PFConstants.h: `typedef NS_ENUM(NSInteger, PFErrorCode)`, the cases used here.
public enum PFErrorCode: Int, Sendable {
    /// `kPFErrorInternalServer = 1`
    case errorInternalServer = 1
    /// `kPFErrorConnectionFailed = 100`: "The connection to the Parse servers failed."
    case errorConnectionFailed = 100
    /// `kPFErrorObjectNotFound = 101`
    case errorObjectNotFound = 101
    /// `kPFErrorTimeout = 124`
    case errorTimeout = 124
    /// `kPFErrorScriptError = 141`: a Cloud function failed.
    case errorScriptError = 141
    /// `kPFErrorAccountAlreadyLinked = 208`
    case errorAccountAlreadyLinked = 208
}
