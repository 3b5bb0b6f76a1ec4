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
    @usableFromInline let arena: ByteArena
    @usableFromInline var hashes: [UInt64] = []
    @usableFromInline var slots: HashSlots

    public convenience init() { self.init(arena: ByteArena()) }

    private init(arena: ByteArena) {
        self.arena = arena
        slots = HashSlots(entries: 0)
    }

    deinit { slots.deallocate() }

    /// The number of distinct strings.
    @inlinable
    public var count: Int { hashes.count }

    /// A table holding the same strings under the same numbers.
    public func copy() -> ByteInterner {
        let other = ByteInterner(arena: arena.copy())
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
            // Twice the slots: still at least twice as many as strings.
            let capacity = slots.capacity
            slots.deallocate()
            slots = HashSlots(entries: capacity)
            for (entry, hash) in hashes.enumerated() { slots.insert(hash, entry: entry) }
        } else {
            slots.insert(hash, entry: k)
        }
        return k
    }

    /// The number of slots of the table (it has at least twice as many as strings).
    @inlinable
    public var slotCount: Int { slots.capacity }

    /// Where look-ups start, to ask for the cache line of a look-up before it is made.
    @inlinable
    public var lookupHint: LookupHint { LookupHint(slots: slots) }

    /// Where the look-ups of a ``ByteInterner`` start, kept to ask for the cache line of a look-up
    /// ahead of it (a row's text hashed while the rest of the row is read). Only ever a hint to
    /// the processor, which never faults: a hint taken before the table grew is merely useless.
    @frozen
    public struct LookupHint: @unchecked Sendable {
        @usableFromInline let slots: HashSlots

        @inlinable
        init(slots: HashSlots) { self.slots = slots }

        /// Asks for the cache line where a look-up of `hash` starts.
        @inlinable @inline(__always)
        public func prefetch(_ hash: UInt64) { slots.prefetch(hash) }
    }
}
