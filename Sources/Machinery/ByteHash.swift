/// The program's one hash of a byte string (text values are interned, and keys searched for
/// duplicates, by it): eight bytes at a time, with the length mixed in, so that it costs a few
/// multiplications for a name rather than a pass of `Hasher` per byte.
///
/// ```swift
/// let hash = ByteHash.hash(cell)            // cell: ColumnView<UInt8>
/// var name = "Long Hữu"
/// let same = ByteHash.hash(name) == name.withByteView(ByteHash.hash)
/// ```
public enum ByteHash {
    /// A hash of the bytes. Every empty view hashes alike, whether or not it has storage (a
    /// column absent from a file, an empty cell).
    @inlinable @inline(__always)
    public static func hash(_ bytes: ColumnView<UInt8>) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        guard count > 0 else { return h }
        var i = 0
        while i + 8 <= count {
            h = (h ^ bytes.nativeWord(at: i)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        while i < count { tail = tail << 8 | UInt64(bytes[unchecked: i]); i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// The hash of a string's UTF-8 bytes.
    @inlinable
    public static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withByteView { hash($0) }
    }
}
