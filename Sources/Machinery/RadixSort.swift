/// Sorts whole numbers of a known number of bits by their digits of 11 bits, lowest first (a
/// least-significant-digit radix sort): a few passes over the keys instead of a comparison per
/// pair, and a digit that every key shares costs one counting pass and no move.
///
/// Used to order a commune's rows by keys that pack merit, total, name and row into one
/// integer. Small arrays are sorted by comparison.
///
/// ```swift
/// var keys: [UInt64] = [0x30, 0x11, 0x20]
/// RadixSort.sort(&keys, bits: 6)     // [0x11, 0x20, 0x30]
/// ```
public enum RadixSort {
    /// Bits of one digit: 2,048 counters stay in the first-level cache.
    public static let digitBits = 11

    /// Sorts `keys`, whose values are below `1 << bits`, in increasing order.
    public static func sort(_ keys: inout [UInt64], bits: Int) {
        let n = keys.count
        guard n > 256 else { keys.sort(); return }
        let buckets = 1 << digitBits, mask = UInt64(buckets - 1)
        var other = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: buckets)
        var sortedInOther = false
        keys.withMutableColumnView { keys in
            other.withMutableColumnView { other in
                counts.withMutableColumnView { counts in
                    var shift = 0
                    while shift < bits {
                        let source = sortedInOther ? other : keys, target = sortedInOther ? keys : other
                        for d in 0..<buckets { counts[unchecked: d] = 0 }
                        for i in 0..<n { counts[unchecked: Int((source[unchecked: i] >> UInt64(shift)) & mask)] += 1 }
                        shift += digitBits
                        if counts[unchecked: Int((source[unchecked: 0] >> UInt64(shift - digitBits)) & mask)] == n { continue }
                        var sum = 0
                        for d in 0..<buckets {
                            let count = counts[unchecked: d]
                            counts[unchecked: d] = sum
                            sum += count
                        }
                        for i in 0..<n {
                            let key = source[unchecked: i]
                            let d = Int((key >> UInt64(shift - digitBits)) & mask)
                            target[unchecked: counts[unchecked: d]] = key
                            counts[unchecked: d] += 1
                        }
                        sortedInOther.toggle()
                    }
                }
            }
        }
        if sortedInOther { keys = other }
    }
}
