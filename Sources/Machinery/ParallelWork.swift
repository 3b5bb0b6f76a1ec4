import Dispatch

/// Splits work into parts and runs the parts over the run's threads, with one policy for the
/// whole program: a part is worth a thread only when it holds at least ``minimumPerPart`` items,
/// and one part runs on the calling thread with no dispatch at all.
///
/// ```swift
/// let work = ParallelWork(threads: 2)
/// let parts = work.parts(items: rows)          // 1 below 2 × 65,536 rows
/// work.run(parts: parts) { part in … }         // each part writes only its own output
/// ```
public struct ParallelWork: Sendable {
    /// Items a part must have before a second part (and thread) is worth its cost.
    public static let minimumPerPart = 1 << 16

    /// The threads the run may use (`--threads`, at least 1).
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// How many parts to split `items` items into: as many as there are threads, but none
    /// smaller than `minimumPerPart` items, and at most `maximum`.
    public func parts(items: Int, minimumPerPart: Int = ParallelWork.minimumPerPart, maximum: Int = .max) -> Int {
        let byItems = items / max(1, minimumPerPart)
        return max(1, min(threads, byItems, maximum))
    }

    /// Calls `body` once for each part in `0..<parts`: on the calling thread when there is one
    /// part, otherwise on up to ``threads`` threads at once. Returns when every part is done.
    public func run(parts: Int, _ body: @Sendable (Int) -> Void) {
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    }
}
