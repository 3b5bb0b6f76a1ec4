import Foundation

/// A bounded queue handing batches from one thread that makes them to one that uses them, in
/// order: the maker waits when ``capacity`` batches are waiting, the user when none is. The
/// maker ends with ``finish(_:)``, passing on its failure if any.
///
/// ```swift
/// let pipe = BatchPipe<Rows, ReadFailure>()
/// Thread { for batch in parse() { pipe.put(batch) }; pipe.finish(nil) }.start()
/// while let batch = pipe.take() { use(batch) }
/// if let failure = pipe.failure { throw failure }
/// ```
public final class BatchPipe<Batch: Sendable, Failure: Sendable>: @unchecked Sendable {
    public let capacity: Int
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private var storedFailure: Failure?

    public init(capacity: Int = 16) { self.capacity = capacity }

    /// The maker's failure, once ``take()`` has returned `nil`.
    public var failure: Failure? {
        condition.lock()
        defer { condition.unlock() }
        return storedFailure
    }

    public func put(_ batch: Batch) {
        condition.lock()
        while batches.count >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    public func finish(_ failure: Failure?) {
        condition.lock()
        storedFailure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the maker has finished and every batch was taken.
    public func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
