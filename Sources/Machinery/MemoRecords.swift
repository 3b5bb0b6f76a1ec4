import CSupport

/// A memo's entries: `capacity` records of `stride` bytes each (a whole number of 64-byte cache
/// lines, aligned on one), each holding a key of whole words at its start and then values of
/// fixed width at byte offsets the memo chooses. Keeping an entry's key and its values side by
/// side means one look-up brings both into the cache.
///
/// The records are not initialised: a memo writes an entry completely before it files it in its
/// ``HashSlots``, and reads only entries it has filed.
///
/// ```swift
/// let records = MemoRecords(capacity: 1 << 17, keyWords: 3, valueBytes: 40)
/// records.setKey(of: entry, from: keys, at: row * 3)       // the row's key words
/// records.store(total, entry: entry, offset: totalOffset)
/// if records.keyMatches(entry, keys, at: row * 3) { … }
/// ```
public final class MemoRecords {
    public let capacity: Int
    /// Bytes per record (a multiple of 64).
    public let stride: Int
    /// Words of the key at the start of each record.
    public let keyWords: Int
    @usableFromInline let base: UnsafeMutableRawPointer

    /// Records for `capacity` entries of a key of `keyWords` words and `valueBytes` bytes of
    /// values after it (the values start at byte ``valuesOffset``).
    public init(capacity: Int, keyWords: Int, valueBytes: Int) {
        self.capacity = capacity
        self.keyWords = keyWords
        stride = (keyWords * 8 + valueBytes + 63) & ~63
        base = .allocate(byteCount: max(1, capacity) * stride, alignment: 64)
    }

    deinit { base.deallocate() }

    /// The byte offset of the values, after the key.
    public var valuesOffset: Int { keyWords * 8 }

    @inlinable @inline(__always)
    func record(_ entry: Int) -> UnsafeMutableRawPointer { base + entry * stride }

    /// Asks the processor for the entry's first two cache lines.
    @inlinable @inline(__always)
    public func prefetch(_ entry: Int) {
        let record = record(entry)
        khuyenhoc_prefetch(record)
        if stride > 64 { khuyenhoc_prefetch(record + 64) }
    }

    /// Whether the entry's key is the `keyWords` words of `keys` from `start`.
    @inlinable @inline(__always)
    public func keyMatches(_ entry: Int, _ keys: MutableColumnView<UInt64>, at start: Int) -> Bool {
        let stored = record(entry).assumingMemoryBound(to: UInt64.self)
        for k in 0..<keyWords where stored[k] != keys[unchecked: start + k] { return false }
        return true
    }

    /// Makes the entry's key the `keyWords` words of `keys` from `start`.
    @inlinable @inline(__always)
    public func setKey(of entry: Int, from keys: MutableColumnView<UInt64>, at start: Int) {
        let stored = record(entry).assumingMemoryBound(to: UInt64.self)
        for k in 0..<keyWords { stored[k] = keys[unchecked: start + k] }
    }

    /// The value of type `T` at byte `offset` of the entry (written before by ``store(_:entry:offset:)``);
    /// `T` is a plain value (numbers, an enumeration without payloads: no references).
    @inlinable @inline(__always)
    public func load<T>(entry: Int, offset: Int, as type: T.Type) -> T {
        record(entry).load(fromByteOffset: offset, as: T.self)
    }

    @inlinable @inline(__always)
    public func store<T>(_ value: T, entry: Int, offset: Int) {
        record(entry).storeBytes(of: value, toByteOffset: offset, as: T.self)
    }

    /// Copies `count` values from the entry (at byte `offset`, which suits `T`'s alignment) into
    /// `target[start..<start + count]`, which the caller has made sure is in range.
    @inlinable @inline(__always)
    public func copy<T: BitwiseCopyable>(entry: Int, offset: Int, count: Int, to target: MutableColumnView<T>, at start: Int) {
        guard count > 0 else { return }
        (target.base.unsafelyUnwrapped + start)
            .update(from: (record(entry) + offset).assumingMemoryBound(to: T.self), count: count)
    }

    /// Copies `source[start..<start + count]` into the entry at byte `offset` (which suits `T`'s
    /// alignment); the caller has made sure the range is in bounds.
    @inlinable @inline(__always)
    public func copy<T: BitwiseCopyable>(from source: MutableColumnView<T>, at start: Int, count: Int, entry: Int, offset: Int) {
        guard count > 0 else { return }
        (record(entry) + offset).assumingMemoryBound(to: T.self)
            .update(from: source.base.unsafelyUnwrapped + start, count: count)
    }
}
