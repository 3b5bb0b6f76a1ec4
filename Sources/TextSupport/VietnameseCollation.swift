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

/// Vietnamese order: letters first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
/// ignoring tone marks and case; then tone marks left to right (none, huyền, hỏi, ngã, sắc, nặng);
/// then lower case before upper case. A space sorts before punctuation, punctuation before
/// digits, digits before letters.
public enum VietnameseCollation {
    public static func key(_ text: String) -> CollationKey {
        var primary: [UInt16] = []
        var secondary: [UInt16] = []
        var tertiary: [UInt16] = []
        primary.reserveCapacity(text.utf8.count)
        var pendingBase: Unicode.Scalar?
        var vowelMark: UInt16 = 0
        var tone: UInt16 = 0
        func flush() {
            guard let base = pendingBase else { return }
            let lower = Character(base).lowercased().unicodeScalars.first!
            let isUpper = lower != base
            primary.append(primaryWeight(lower, vowelMark: vowelMark))
            secondary.append(tone)
            tertiary.append(isUpper ? 1 : 0)
            pendingBase = nil
            vowelMark = 0
            tone = 0
        }
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0306: vowelMark = 1          // breve: ă
            case 0x0302: vowelMark = 2          // circumflex: â ê ô
            case 0x031B: vowelMark = 3          // horn: ơ ư
            case 0x0300: tone = 1               // huyền
            case 0x0309: tone = 2               // hỏi
            case 0x0303: tone = 3               // ngã
            case 0x0301: tone = 4               // sắc
            case 0x0323: tone = 5               // nặng
            case 0x0300...0x036F: continue
            default:
                flush()
                pendingBase = scalar
            }
        }
        flush()
        return CollationKey(weights: primary + [0] + secondary + [0] + tertiary)
    }

    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        key(a) < key(b)
    }

    private static let alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyz")

    /// Letters: 1000 + 4 × position + mark (so ă, â follow a; đ follows d). Others below letters.
    private static func primaryWeight(_ scalar: Unicode.Scalar, vowelMark: UInt16) -> UInt16 {
        let value = scalar.value
        if value == 0x0111 { return 1000 + 4 * 3 + 1 }                 // đ after d
        if (0x61...0x7A).contains(value) { return 1000 + 4 * UInt16(value - 0x61) + vowelMark }
        if value == 0x20 || value == 0x09 { return 1 }
        if (0x30...0x39).contains(value) { return 500 + UInt16(value - 0x30) }
        if value < 0x80 { return 10 + UInt16(value) }                  // punctuation and symbols
        return UInt16(clamping: 2000 + Int(value % 60000))
    }
}
