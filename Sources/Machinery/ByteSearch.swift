import CSupport
import Foundation

/// Finding a byte string in a byte array, with the C library's `memmem` (vectorised; `khuyenhoc_find` in CSupport): a large
/// sheet is cut for two parsers at a `</row>` found this way.
///
/// ```swift
/// if let at = ByteSearch.first(Array("</row>".utf8), in: sheet, within: middle..<sheet.count) { … }
/// ```
public enum ByteSearch {
    /// The index of the first occurrence of `needle` lying wholly inside `range`.
    public static func first(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Int? {
        let range = range.clamped(to: 0..<bytes.count)
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let found = khuyenhoc_find(haystack.baseAddress! + range.lowerBound, range.count, pattern.baseAddress!, pattern.count) else {
                    return nil
                }
                return haystack.baseAddress!.distance(to: UnsafeRawPointer(found))
            }
        }
    }

    /// The index of the last occurrence of `needle` lying wholly inside `range` (searched from
    /// the end, byte by byte: meant for what lies near the end).
    public static func last(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Int? {
        let range = range.clamped(to: 0..<bytes.count)
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        var start = range.upperBound - needle.count
        while start >= range.lowerBound {
            if bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) { return start }
            start -= 1
        }
        return nil
    }
}

/// Byte arrays from Foundation's `Data` with one copy of the whole (`[UInt8](data)` goes byte by
/// byte on Linux: 0.2 s for a province's 95 MB file).
///
/// ```swift
/// let bytes = ByteCopy.array(storedFile)
/// ```
public enum ByteCopy {
    public static func array(_ data: Data) -> [UInt8] {
        data.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) }
    }
}
