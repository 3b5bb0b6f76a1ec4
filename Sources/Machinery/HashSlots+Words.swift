extension HashSlots {
    /// The hash of the `words` words of `key` from `start` (the same as ``hash(_:words:)`` of
    /// those words), for keys kept in a view: a memo's block of row keys, its scratch key.
    ///
    /// ```swift
    /// let hash = HashSlots.hash(blockKeys, at: r * keyWords, words: keyWords)
    /// ```
    @inlinable @inline(__always)
    public static func hash(_ key: MutableColumnView<UInt64>, at start: Int, words: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for k in 0..<words {
            hash = (hash ^ key[unchecked: start + k]) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
        }
        return hash
    }
}
