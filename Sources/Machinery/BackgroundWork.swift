import Foundation

/// Work started on a thread of its own now and collected later: the register hashes and
/// compresses a file while the calling thread reads its rows.
///
/// ```swift
/// let packing = BackgroundWork { LZ4Frames.compress(bytes, threads: 1) }
/// let contents = read(bytes)
/// let packed = packing.wait()
/// ```
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    public init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once the work is done (waits for it).
    public func wait() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}
