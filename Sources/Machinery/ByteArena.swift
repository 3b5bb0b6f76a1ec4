/// The bytes of many strings back to back, each found by its number: entry `k` is the bytes
/// from `starts[k]` to `starts[k + 1]`. Comparing a cell with a stored value then reads two runs
/// of bytes, and touches no `String` (whose comparison would go through Unicode) and no array
/// (whose use would cost reference counting on every look-up).
///
/// ```swift
/// let arena = ByteArena()
/// let k = arena.append(cell)
/// arena.equals(k, cell)   // true
/// ```
public final class ByteArena: @unchecked Sendable {
    @usableFromInline var bytes: UnsafeMutablePointer<UInt8>
    @usableFromInline var byteCapacity: Int
    @usableFromInline var byteCount = 0
    /// `count + 1` offsets: entry `k` runs from `starts[k]` to `starts[k + 1]`.
    @usableFromInline var starts: UnsafeMutablePointer<Int>
    @usableFromInline var startCapacity: Int
    /// The number of entries.
    public private(set) var count = 0

    public init() {
        byteCapacity = 256
        bytes = .allocate(capacity: byteCapacity)
        startCapacity = 64
        starts = .allocate(capacity: startCapacity)
        starts[0] = 0
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// An arena holding the same entries.
    public func copy() -> ByteArena {
        let other = ByteArena()
        other.reserve(bytes: byteCount, entries: count)
        other.bytes.update(from: bytes, count: byteCount)
        other.starts.update(from: starts, count: count + 1)
        other.byteCount = byteCount
        other.count = count
        return other
    }

    private func reserve(bytes wanted: Int, entries: Int) {
        if wanted > byteCapacity {
            (bytes, byteCapacity) = grownStorage(bytes, count: byteCount, capacity: byteCapacity, needed: wanted)
        }
        if entries + 1 > startCapacity {
            (starts, startCapacity) = grownStorage(starts, count: count + 1, capacity: startCapacity, needed: entries + 1)
        }
    }

    /// Adds an entry; returns its number.
    @discardableResult
    public func append(_ entry: ColumnView<UInt8>) -> Int {
        reserve(bytes: byteCount + entry.count, entries: count + 1)
        if entry.count > 0 { (bytes + byteCount).update(from: entry.base.unsafelyUnwrapped, count: entry.count) }
        byteCount += entry.count
        count += 1
        starts[count] = byteCount
        return count - 1
    }

    /// Whether entry `k` (which exists) has exactly these bytes.
    @inlinable @inline(__always)
    public func equals(_ k: Int, _ other: ColumnView<UInt8>) -> Bool {
        let start = starts[k]
        return ColumnView(base: UnsafePointer(bytes + start), count: starts[k + 1] - start).bytesEqual(other)
    }

    /// Entry `k`'s bytes (valid until the next ``append(_:)``).
    public func entry(_ k: Int) -> ColumnView<UInt8> {
        precondition(k >= 0 && k < count, "ByteArena: no entry \(k)")
        return ColumnView(base: UnsafePointer(bytes + starts[k]), count: starts[k + 1] - starts[k])
    }
}
