/// The bytes of many strings back to back, each found by its number: entry `k` is
/// `bytes[starts[k]..<starts[k + 1]]`. Comparing a cell with a stored value then reads two runs
/// of bytes, and touches no `String` (whose comparison would go through Unicode).
///
/// A value type: copies share storage until one changes, like the arrays it is made of.
///
/// ```swift
/// var arena = ByteArena()
/// let k = arena.append(cell)
/// arena.equals(k, cell)   // true
/// ```
public struct ByteArena: Sendable {
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var starts: [Int] = [0]

    public init() {}

    /// The number of entries.
    @inlinable
    public var count: Int { starts.count - 1 }

    /// Adds an entry; returns its number.
    @inlinable
    @discardableResult
    public mutating func append(_ entry: ColumnView<UInt8>) -> Int {
        bytes.append(contentsOf: entry)
        starts.append(bytes.count)
        return starts.count - 2
    }

    /// Whether entry `k` (which exists) has exactly these bytes.
    @inlinable @inline(__always)
    public func equals(_ k: Int, _ other: ColumnView<UInt8>) -> Bool {
        let start = starts[k], count = starts[k + 1] - start
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { ColumnView($0).view(unchecked: start..<(start + count)).bytesEqual(other) }
    }

    /// Calls `body` with entry `k`'s bytes.
    @inlinable
    public func withEntry<R>(_ k: Int, _ body: (ColumnView<UInt8>) throws -> R) rethrows -> R {
        let range = starts[k]..<starts[k + 1]
        return try bytes.withUnsafeBufferPointer { try body(ColumnView($0).view(range)) }
    }

    public mutating func removeAll() {
        bytes = []
        starts = [0]
    }
}
