/// A string compared and hashed by its UTF-8 bytes.
///
/// Every text the survey reader stores is already NFC, so byte equality is the same as Swift's
/// canonical equality — but much cheaper: Swift hashes and compares non-ASCII strings through
/// Unicode normalisation each time, which dominates grouping a province's households by
/// commune, clan or name.
///
/// ```swift
/// var counts: [ExactText: Int] = [:]
/// counts[ExactText("Long Hữu"), default: 0] += 1
/// ```
public struct ExactText: Hashable, Sendable {
    public let string: String

    @inlinable
    public init(_ string: String) {
        self.string = string
    }

    @inlinable
    public static func == (a: ExactText, b: ExactText) -> Bool {
        var a = a.string, b = b.string
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
    }

    /// Hashes the UTF-8 bytes eight at a time (as `Hasher` would take them), with their count.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { bytes in
            var word: UInt64 = 0
            var filled = 0
            for byte in bytes {
                word = word << 8 | UInt64(byte)
                filled += 1
                if filled == 8 {
                    hasher.combine(word)
                    word = 0
                    filled = 0
                }
            }
            hasher.combine(word)
            hasher.combine(bytes.count)
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
