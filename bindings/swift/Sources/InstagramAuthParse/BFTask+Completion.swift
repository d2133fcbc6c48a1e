import ParseCore

/// Waits for a Bolts task, on the caller's actor (the task never leaves it). Bolts runs
/// continuations on its own threads, so `read` turns the result into what may cross back,
/// right there; the task's error is thrown as it is.
func completion<T: AnyObject, R: Sendable>(of task: BFTask<T>, isolation: isolated (any Actor)? = #isolation,
                                           read: @escaping @Sendable (T?) -> R) async throws -> R {
    try await withCheckedThrowingContinuation { continuation in
        task.continueWith { @Sendable finished in
            if let error = finished.error {
                continuation.resume(throwing: error)
            } else if finished.isCancelled {
                continuation.resume(throwing: CancellationError())
            } else {
                continuation.resume(returning: read(finished.result))
            }
            return nil
        }
    }
}

/// A value the Parse SDK handed over (a `PFUser`), moved out of Bolts' continuation thread
/// to the one caller waiting for it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value?
}
