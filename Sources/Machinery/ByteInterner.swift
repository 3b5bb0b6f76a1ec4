/// Distinct byte strings, numbered in the order they were first added: their bytes in a
/// ``ByteArena``, their ``ByteHash``es, and a ``HashSlots`` table over them that doubles as it
/// fills. A look-up costs a hash (often worked out beforehand), a slot or two, and one
/// comparison of bytes.
///
/// The table owns its slots. Code that keeps one in a value type copies it before changing a
/// shared one (``copy()``), as a copy-on-write array would.
///
/// ```swift
/// let interner = ByteInterner()
/// let hash = ByteHash.hash(cell)
/// let code = interner.find(cell, hash: hash) ?? interner.insert(cell, hash: hash)
/// ```
public final class ByteInterner: @unchecked Sendable {
    @usableFromInline var arena = ByteArena()
    @usableFromInline var hashes: [UInt64] = []
    @usableFromInline var slots: HashSlots

    public init() { slots = HashSlots(entries: 0) }

    deinit { slots.deallocate() }

    /// The number of distinct strings.
    @inlinable
    public var count: Int { hashes.count }

    /// A table holding the same strings under the same numbers.
    public func copy() -> ByteInterner {
        let other = ByteInterner()
        other.arena = arena
        other.hashes = hashes
        other.slots.deallocate()
        other.slots = HashSlots(entries: slots.capacity / 2)
        for (k, hash) in hashes.enumerated() { other.slots.insert(hash, entry: k) }
        return other
    }

    /// The number of the string with these bytes (whose ``ByteHash`` is `hash`), if added before.
    @inlinable @inline(__always)
    public func find(_ bytes: ColumnView<UInt8>, hash: UInt64) -> Int? {
        slots.find(hash) { arena.equals($0, bytes) }
    }

    /// Whether string `k` (which exists) has exactly these bytes.
    @inlinable @inline(__always)
    public func equals(_ k: Int, _ bytes: ColumnView<UInt8>) -> Bool { arena.equals(k, bytes) }

    /// Adds a string not added before; returns its number.
    public func insert(_ bytes: ColumnView<UInt8>, hash: UInt64) -> Int {
        let k = arena.append(bytes)
        hashes.append(hash)
        if hashes.count * 2 > slots.capacity {
            slots.deallocate()
            slots = HashSlots(entries: hashes.count * 2)
            for (entry, hash) in hashes.enumerated() { slots.insert(hash, entry: entry) }
        } else {
            slots.insert(hash, entry: k)
        }
        return k
    }

    /// The slots, to ask for the cache line where a look-up will start (``HashSlots/prefetch(_:)``):
    /// only a hint, valid until the next ``insert(_:hash:)``.
    @inlinable
    public var prefetchSlots: HashSlots { slots }
}
