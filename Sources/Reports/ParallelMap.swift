import Dispatch

/// Maps an array on several threads, keeping the order: the long, independent formatting of
/// report lines is split into one contiguous part per thread.
///
/// ```swift
/// let lines = ParallelMap.map(rows, threads: 2) { table.row($0) }
/// ```
enum ParallelMap {
    static func map<T, R>(_ items: [T], threads: Int, _ transform: (T) -> R) -> [R] {
        let parts = min(max(threads, 1), items.count / 2048)
        guard parts > 1 else { return items.map(transform) }
        let output = UnsafeMutableBufferPointer<R>.allocate(capacity: items.count)
        defer { output.deallocate() }
        withoutActuallyEscaping(transform) { transform in
            let work = Work(items: items, output: output, transform: transform, parts: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { work.run(part: $0) }
        }
        // Moves the results out; the buffer is then only deallocated.
        return Array(UnsafeMutableBufferPointer(start: output.baseAddress, count: items.count).moveElements())
    }

    /// One part per thread; each writes only its own range of `output`.
    private struct Work<T, R>: @unchecked Sendable {
        let items: [T]
        let output: UnsafeMutableBufferPointer<R>
        let transform: (T) -> R
        let parts: Int

        func run(part: Int) {
            let start = items.count * part / parts, end = items.count * (part + 1) / parts
            for i in start..<end { (output.baseAddress! + i).initialize(to: transform(items[i])) }
        }
    }
}

private extension UnsafeMutableBufferPointer {
    /// The elements, moved out of the buffer (which is left uninitialised).
    func moveElements() -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count)
        for i in 0..<count { result.append((baseAddress! + i).move()) }
        return result
    }
}
