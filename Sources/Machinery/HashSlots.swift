import CSupport

/// The one open-addressing table of the program (linear probing), used by the memos, interning
/// and the duplicate search: a power-of-two number of slots, at least
/// twice the entries it may hold. A slot holds the upper half of its key's hash and its entry + 1
/// (0 is empty), so a probe reads a stored key only when the hashes agree.
public struct HashSlots {
    public let capacity: Int
    @usableFromInline let slots: UnsafeMutablePointer<UInt64>

    public init(entries limit: Int) {
        var capacity = 1024
        while capacity < limit * 2 { capacity <<= 1 }
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
    }

    public func deallocate() { slots.deallocate() }

    /// A hash of a key's words.
    @inlinable @inline(__always)
    public static func hash(_ key: UnsafePointer<UInt64>, words: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for k in 0..<words {
            hash = (hash ^ key[k]) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
        }
        return hash
    }

    @inlinable @inline(__always)
    @usableFromInline func first(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 7) & (capacity - 1) }

    /// Asks for the cache line of the slot where a look-up of `hash` starts.
    @inlinable @inline(__always)
    public func prefetch(_ hash: UInt64) { khuyenhoc_prefetch(slots + first(hash)) }

    /// The entry in the slot where a look-up of `hash` starts, if any (for prefetching it).
    @inlinable @inline(__always)
    public func firstEntry(_ hash: UInt64) -> Int? {
        let slot = slots[first(hash)]
        return slot == 0 ? nil : Int(UInt32(truncatingIfNeeded: slot)) - 1
    }

    /// The entry stored under `hash` whose key `matches`, or nil.
    @inlinable @inline(__always)
    public func find(_ hash: UInt64, _ matches: (Int) -> Bool) -> Int? {
        var i = first(hash)
        while slots[i] != 0 {
            let slot = slots[i]
            if slot >> 32 == hash >> 32 {
                let entry = Int(UInt32(truncatingIfNeeded: slot)) - 1
                if matches(entry) { return entry }
            }
            i = (i + 1) & (capacity - 1)
        }
        return nil
    }

    /// Files `entry` under `hash`, in the first empty slot from where its look-ups start.
    @inlinable @inline(__always)
    public func insert(_ hash: UInt64, entry: Int) {
        var i = first(hash)
        while slots[i] != 0 { i = (i + 1) & (capacity - 1) }
        slots[i] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
    }
}
