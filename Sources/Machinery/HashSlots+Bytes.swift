extension HashSlots {
    /// Calls `body` with a table of slots for up to `entries` entries that lives for the call
    /// only (a search that builds its table, uses it, and drops it).
    ///
    /// ```swift
    /// HashSlots.withTemporary(entries: rows) { slots in
    ///     if let earlier = slots.find(hash, { same($0, row) }) { … } else { slots.insert(hash, entry: row) }
    /// }
    /// ```
    public static func withTemporary<R>(entries: Int, _ body: (HashSlots) throws -> R) rethrows -> R {
        let slots = HashSlots(entries: entries)
        defer { slots.deallocate() }
        return try body(slots)
    }
}
