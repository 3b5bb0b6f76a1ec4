@testable import Scoring
import TestSupport
import Testing

/// A commune's rows are put in order by their packed keys with a radix sort (``Ranking/sortKeys(_:bits:)``).
@Suite("Sorting a commune's order keys")
struct SortKeysTests {
    @Test("distinct keys come out in ascending order, whatever their width and however many digits they share")
    func sortsLikeComparison() {
        var random = SeededGenerator(seed: 7)
        func next() -> UInt64 { random.next() }
        for (count, bits) in [(0, 10), (5, 10), (300, 12), (5_000, 44), (5_000, 64), (20_000, 30)] {
            // Distinct keys: the low bits hold the position (as a row does), the rest random.
            let rowBits = 64 - UInt64(count).leadingZeroBitCount
            var keys = (0..<count).map { i -> UInt64 in
                let high = bits > rowBits ? (next() & ((1 << UInt64(bits - rowBits)) - 1)) : 0
                return high << UInt64(rowBits) | UInt64(i)
            }
            keys.shuffle()
            let expected = keys.sorted()
            Ranking.sortKeys(&keys, bits: bits)
            #expect(keys == expected, "\(count) keys of \(bits) bits")
        }
        // Keys that share every digit but the lowest and the highest: the middle passes are skipped.
        var shared = (0..<1_000).map { UInt64($0 % 2) << 40 | UInt64(999 - $0) }
        Ranking.sortKeys(&shared, bits: 41)
        #expect(shared == shared.sorted())
        // By hand: the smallest is row 998's (no high bit, 999 − 998), the largest row 1's.
        #expect(shared.first == 1 && shared.last == 1 << 40 | 998)
    }
}
