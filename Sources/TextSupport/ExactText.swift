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

    @inlinable
    public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
