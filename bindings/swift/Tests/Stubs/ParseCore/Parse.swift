// Linux stand-in for Parse-SDK-iOS-OSX 6.1.1's Parse/Parse/Source/Parse.h and
// ParseClientConfiguration.h (see ../README.md).
import Foundation

/// ParseClientConfiguration.h: `@protocol ParseMutableClientConfiguration <NSObject>`, the
/// properties used here.
public protocol ParseMutableClientConfiguration: NSObjectProtocol {
    /// `@property (nullable, nonatomic, copy) NSString *applicationId;`
    var applicationId: String? { get set }
    /// `@property (nullable, nonatomic, copy) NSString *clientKey;`
    var clientKey: String? { get set }
    /// `@property (nonatomic, copy) NSString *server;`
    var server: String { get set }
}

/// ParseClientConfiguration.h: `@interface ParseClientConfiguration : NSObject <NSCopying>`.
open class ParseClientConfiguration: NSObject {
    /// `@property (nullable, nonatomic, copy, readonly) NSString *applicationId;`
    public private(set) var applicationId: String?
    /// `@property (nullable, nonatomic, copy, readonly) NSString *clientKey;`
    public private(set) var clientKey: String?
    /// `@property (nonatomic, copy, readonly) NSString *server;`
    public private(set) var server = "https://api.parse.com/1"

    /// `+ (instancetype)configurationWithBlock:(void (^)(id<ParseMutableClientConfiguration> configuration))configurationBlock;`
    public convenience init(block configurationBlock: (any ParseMutableClientConfiguration) -> Void) {
        self.init()
        let mutable = Mutable()
        configurationBlock(mutable)
        applicationId = mutable.applicationId
        clientKey = mutable.clientKey
        server = mutable.server
    }

    private final class Mutable: NSObject, ParseMutableClientConfiguration {
        var applicationId: String?
        var clientKey: String?
        var server = "https://api.parse.com/1"
    }
}

/// Parse.h: `@interface Parse : NSObject`.
open class Parse: NSObject {
    /// `+ (void)initializeWithConfiguration:(ParseClientConfiguration *)configuration;`
    open class func initialize(with configuration: ParseClientConfiguration) {
        ParseStub.configure(configuration)
    }

    /// `@property (nonatomic, nullable, readonly, class) ParseClientConfiguration *currentConfiguration;`
    /// "Returns nil if the SDK has not been initialized yet."
    open class var currentConfiguration: ParseClientConfiguration? { ParseStub.configuration }
}
