// Linux stand-in for Bolts-ObjC's BFTask (see ../README.md), which ParseCore's headers
// import (`#import <Bolts/BFTask.h>`): the declarations InstagramAuthParse uses, with the
// Swift names Bolts/Common/BFTask.h and BFTaskCompletionSource.h import as.
import Foundation

/// Bolts/Common/BFTask.h: `@interface BFTask<__covariant ResultType> : NSObject`.
/// Continuations run on a background queue, as with Bolts' default executor once a task
/// has finished elsewhere.
open class BFTask<ResultType: AnyObject>: NSObject {
    private let lock = NSLock()
    private var finished = false
    private var storedResult: ResultType?
    private var storedError: (any Error)?
    private var continuations: [() -> Void] = []

    override init() {}

    /// BFTask.h: `+ (instancetype)taskWithResult:(nullable ResultType)result;`
    public convenience init(result: ResultType?) {
        self.init()
        complete(result: result, error: nil)
    }

    /// BFTask.h: `+ (instancetype)taskWithError:(NSError *)error;`
    public convenience init(error: any Error) {
        self.init()
        complete(result: nil, error: error)
    }

    /// BFTask.h: `@property (nullable, nonatomic, strong, readonly) ResultType result;`
    open var result: ResultType? { locked { storedResult } }
    /// BFTask.h: `@property (nullable, nonatomic, strong, readonly) NSError *error;`
    open var error: (any Error)? { locked { storedError } }
    /// BFTask.h: `@property (nonatomic, assign, readonly, getter=isCancelled) BOOL cancelled;`
    open var isCancelled: Bool { false }
    /// BFTask.h: `@property (nonatomic, assign, readonly, getter=isFaulted) BOOL faulted;`
    open var isFaulted: Bool { error != nil }
    /// BFTask.h: `@property (nonatomic, assign, readonly, getter=isCompleted) BOOL completed;`
    open var isCompleted: Bool { locked { finished } }

    /// BFTask.h: `- (BFTask *)continueWithBlock:(BFContinuationBlock)block NS_SWIFT_NAME(continueWith(block:));`
    /// with `typedef __nullable id(^BFContinuationBlock)(BFTask<ResultType> *t);`. (Clang-imported
    /// methods never warn about an unused result, hence @discardableResult.)
    @discardableResult
    open func continueWith(block: @escaping (BFTask<ResultType>) -> Any?) -> BFTask<AnyObject> {
        let next = BFTask<AnyObject>()
        let run = { [self] in
            let value = block(self)
            if let task = value as? BFTask<AnyObject> {
                task.continueWith { done in next.complete(result: done.result, error: done.error) }
            } else {
                next.complete(result: value.map { $0 as AnyObject }, error: nil)
            }
        }
        let runNow = locked { () -> Bool in
            if !finished { continuations.append(run) }
            return finished
        }
        if runNow { background(run) }
        return next
    }

    func complete(result: ResultType?, error: (any Error)?) {
        let waiting = locked { () -> [() -> Void] in
            precondition(!finished, "a BFTask completes once")
            finished = true
            storedResult = result
            storedError = error
            defer { continuations = [] }
            return continuations
        }
        waiting.forEach(background)
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// BFTaskCompletionSource.h: `@interface BFTaskCompletionSource<__covariant ResultType> : NSObject`.
open class BFTaskCompletionSource<ResultType: AnyObject>: NSObject {
    /// BFTaskCompletionSource.h: `@property (nonatomic, strong, readonly) BFTask<ResultType> *task;`
    public let task = BFTask<ResultType>()

    public override init() {}

    /// BFTaskCompletionSource.h: `- (void)setResult:(nullable ResultType)result NS_SWIFT_NAME(set(result:));`
    open func set(result: ResultType?) { task.complete(result: result, error: nil) }
    /// BFTaskCompletionSource.h: `- (void)setError:(NSError *)error NS_SWIFT_NAME(set(error:));`
    open func set(error: any Error) { task.complete(result: nil, error: error) }
}

/// Runs stub work off the caller's thread, as Bolts' background executor does.
private func background(_ work: @escaping () -> Void) {
    let box = UncheckedWork(run: work)
    DispatchQueue.global().async { box.run() }
}

private struct UncheckedWork: @unchecked Sendable {
    let run: () -> Void
}
