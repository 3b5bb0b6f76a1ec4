import Foundation

/// A precomputed sort key that orders text as ICU's Vietnamese collation does.
///
/// Sorting a province's households compares names millions of times; computing the key once per
/// name and comparing keys as plain integers keeps the locale machinery out of the sort.
///
/// ```swift
/// let sorted = names.sorted { VietnameseCollation.key($0) < VietnameseCollation.key($1) }
/// ```
public struct CollationKey: Comparable, Hashable, Sendable {
    let weights: [UInt16]

    public static func < (a: CollationKey, b: CollationKey) -> Bool {
        a.weights.lexicographicallyPrecedes(b.weights)
    }
}

extension CollationKey {
    /// The positions of `keys` in ascending order, equal keys in their given order (as a stable
    /// sort of the keys gives).
    ///
    /// Each key's first twelve weights are packed into three integers, so that most comparisons
    /// are of integers; only keys that agree on all twelve (a province's many "Nguyễn Văn …")
    /// are compared weight by weight.
    public static func ascendingOrder(_ keys: [CollationKey]) -> [Int] {
        struct Packed: Comparable {
            var a: UInt64, b: UInt64, c: UInt64
            var index: Int
            static func < (x: Packed, y: Packed) -> Bool { (x.a, x.b, x.c, x.index) < (y.a, y.b, y.c, y.index) }
        }
        var packed = keys.indices.map { index -> Packed in
            let weights = keys[index].weights
            func word(_ start: Int) -> UInt64 {
                var word: UInt64 = 0
                for k in start..<start + 4 { word = word << 16 | UInt64(k < weights.count ? weights[k] : 0) }
                return word
            }
            return Packed(a: word(0), b: word(4), c: word(8), index: index)
        }
        packed.sort()
        var order = packed.map(\.index)
        var start = 0
        while start < packed.count {
            var end = start + 1
            while end < packed.count && (packed[end].a, packed[end].b, packed[end].c) == (packed[start].a, packed[start].b, packed[start].c) {
                end += 1
            }
            // Runs are in index order: a stable sort by the whole key keeps equal keys so.
            if end - start > 1 { order[start..<end].sort { keys[$0] < keys[$1] || (!(keys[$1] < keys[$0]) && $0 < $1) } }
            start = end
        }
        return order
    }
}

/// Vietnamese order: letters first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
/// ignoring tone marks and case; then tone marks left to right (none, huyền, hỏi, ngã, sắc, nặng);
/// then lower case before upper case. A space sorts before punctuation, punctuation before
/// digits, digits before letters. The property tests compare this order with ICU's (`vi`).
public enum VietnameseCollation {
    public static func key(_ text: String) -> CollationKey {
        var primary: [UInt16] = []
        var secondary: [UInt16] = []
        var tertiary: [UInt16] = []
        primary.reserveCapacity(text.utf8.count)
        secondary.reserveCapacity(text.utf8.count)
        tertiary.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let (weight, upper) = asciiWeight(UInt8(value))
                primary.append(weight)
                secondary.append(0)
                tertiary.append(upper ? 1 : 0)
            } else if let letter = letters[value] {
                primary.append(letter.primary)
                secondary.append(letter.tone)
                tertiary.append(letter.upper ? 1 : 0)
            } else if let mark = combiningMark(value), !primary.isEmpty {
                // Decomposed input: the mark belongs to the letter before it.
                if mark.isTone { secondary[secondary.count - 1] = mark.weight } else { primary[primary.count - 1] += mark.weight }
            } else {
                primary.append(UInt16(clamping: 3000 + Int(value % 60000)))
                secondary.append(0)
                tertiary.append(0)
            }
        }
        return CollationKey(weights: primary + [0] + secondary + [0] + tertiary)
    }

    /// Letters weigh 1000 + 4 × their Latin position, plus 1–3 for ă/â (breve, circumflex, horn),
    /// so that a < ă < â < b and d < đ < e.
    private static func asciiWeight(_ byte: UInt8) -> (UInt16, Bool) {
        switch byte {
        case 0x61...0x7A: return (1000 + 4 * UInt16(byte - 0x61), false)
        case 0x41...0x5A: return (1000 + 4 * UInt16(byte - 0x41), true)
        case 0x20, 0x09: return (1, false)
        case 0x30...0x39: return (500 + UInt16(byte - 0x30), false)
        default: return (10 + UInt16(byte), false)
        }
    }

    private static func combiningMark(_ value: UInt32) -> (weight: UInt16, isTone: Bool)? {
        switch value {
        case 0x0306: return (1, false)   // breve: ă
        case 0x0302: return (2, false)   // circumflex: â ê ô
        case 0x031B: return (3, false)   // horn: ơ ư
        case 0x0300: return (1, true)    // huyền
        case 0x0309: return (2, true)    // hỏi
        case 0x0303: return (3, true)    // ngã
        case 0x0301: return (4, true)    // sắc
        case 0x0323: return (5, true)    // nặng
        default: return nil
        }
    }

    struct Letter {
        var primary: UInt16
        var tone: UInt16
        var upper: Bool
    }

    /// Every precomposed Latin letter a Vietnamese name can hold, decomposed once (by Foundation)
    /// into its base letter, vowel mark and tone.
    static let letters: [UInt32: Letter] = {
        var table: [UInt32: Letter] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                if value == 0x0111 || value == 0x0110 {
                    table[value] = Letter(primary: 1000 + 4 * 3 + 1, tone: 0, upper: value == 0x0110)
                    continue
                }
                let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                guard let base = decomposed.first, base.value < 0x80, base.properties.isAlphabetic else { continue }
                var (primary, upper) = asciiWeight(UInt8(base.value))
                var tone: UInt16 = 0
                for mark in decomposed.dropFirst() {
                    guard let m = combiningMark(mark.value) else { continue }
                    if m.isTone { tone = m.weight } else { primary += m.weight }
                }
                table[value] = Letter(primary: primary, tone: tone, upper: upper)
            }
        }
        return table
    }()
}
