import Machinery

/// The answers already worked out for tick-box spellings of up to 8 bytes (`Có`, `Không`, `co`,
/// `x`, `yes`, …), so a tick box costs a short scan of a few words instead of a `String`, a
/// fold and two set look-ups. Filled from ``ValueParsing/yesNo(_:)`` on first sight of each
/// spelling, so the answer is always the one the slow path gives.
///
/// ```swift
/// let cache = YesNoCache()
/// cache.answer(cell, start: 0, end: cell.count)   // true for "Có"
/// ```
final class YesNoCache {
    static let capacity = 32
    private let keys = FixedBuffer<UInt64>(repeating: 0, count: YesNoCache.capacity)
    /// Length in the low 4 bits; answer in the next 2 (0 no, 1 yes, 2 neither).
    private let entries = FixedBuffer<UInt8>(repeating: 0, count: YesNoCache.capacity)
    private var count = 0

    /// Bytes already trimmed of spaces and tabs, 1 to 8 of them.
    @inline(__always)
    func answer(_ bytes: ColumnView<UInt8>, start: Int, end: Int) -> Bool? {
        let length = end - start
        guard length <= 8 else {
            return ValueParsing.yesNo(bytes.view(unchecked: start..<end).string)
        }
        var key: UInt64 = 0
        var i = end
        while i > start { i -= 1; key = key << 8 | UInt64(bytes[unchecked: i]) }
        let wanted = UInt8(truncatingIfNeeded: length)
        let keys = keys.view, entries = entries.view
        for k in 0..<count where keys[unchecked: k] == key && entries[unchecked: k] & 0x0F == wanted {
            switch entries[unchecked: k] >> 4 {
            case 0: return false
            case 1: return true
            default: return nil
            }
        }
        let value = ValueParsing.yesNo(bytes.view(unchecked: start..<end).string)
        if count < Self.capacity {
            keys[count] = key
            entries[count] = wanted | (value == nil ? 2 : value! ? 1 : 0) << 4
            count += 1
        }
        return value
    }
}
