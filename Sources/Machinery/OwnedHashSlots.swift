/// A ``HashSlots`` table that frees its slots when its owner (a memo) goes away, so that the
/// owner needs no deinitialiser of its own.
///
/// ```swift
/// let table = OwnedHashSlots(entries: 1 << 17)
/// let slots = table.slots          // valid while `table` is alive
/// slots.insert(hash, entry: 0)
/// ```
public final class OwnedHashSlots {
    public let slots: HashSlots

    public init(entries limit: Int) { slots = HashSlots(entries: limit) }

    deinit { slots.deallocate() }
}
