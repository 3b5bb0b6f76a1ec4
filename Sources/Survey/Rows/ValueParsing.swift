import Criteria
import Machinery
import TextSupport

/// What a cell holds when a whole number is expected.
enum WholeNumberParse: Equatable {
    case blank
    case value(Int64)
    case invalid
}

/// Parsing of survey values straight from UTF-8 bytes: the hot path of reading a CSV file makes
/// no `String` for a number or a tick box.
///
/// ```swift
/// ValueParsing.wholeNumber(" 03 ".utf8)   // .value(3)
/// ValueParsing.yesNo("Có")                // true
/// ```
enum ValueParsing {
    /// `3`, `03`, `3.0`, ` 3 `, `-2` → a number; `2,5`, `2.5`, `abc` → invalid; spaces only → blank.
    /// Bounds are checked by the caller, which knows the field.
    @inlinable
    static func wholeNumber<Bytes: Collection>(_ bytes: Bytes) -> WholeNumberParse where Bytes.Element == UInt8 {
        var value: Int64 = 0
        var negative = false
        var digits = 0
        // 0: leading spaces, 1: sign seen, 2: digits, 3: after '.', 4: trailing spaces
        var state = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch state {
                case 0, 1, 2:
                    let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(Int64(byte &- 48))
                    if overflow1 || overflow2 { return .invalid }
                    value = sum
                    digits += 1
                    state = 2
                case 3:
                    if byte != UInt8(ascii: "0") { return .invalid }
                default:
                    return .invalid
                }
            case UInt8(ascii: " "), 0x09:
                if state == 1 { return .invalid }
                if state >= 2 { state = 4 }
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard state == 0 else { return .invalid }
                negative = byte == UInt8(ascii: "-")
                state = 1
            case UInt8(ascii: "."):
                guard state == 2 else { return .invalid }
                state = 3
            default:
                return .invalid
            }
        }
        if state == 0 { return .blank }
        if digits == 0 { return .invalid }
        return .value(negative ? -value : value)
    }

    /// An Excel number cell (`3`, `3.0`, `1E+1`): whole numbers only.
    static func wholeNumber(excelNumber text: String) -> WholeNumberParse {
        let direct = wholeNumber(text.utf8)
        if direct != .invalid { return direct }
        guard let double = Double(text.trimmingCharacters(in: .whitespaces)), double.isFinite,
              double == double.rounded(), abs(double) < 9.0e15 else { return .invalid }
        return .value(Int64(double))
    }

    /// The spec's tick-box words, folded (``VietnameseFolding/fold(_:)``: any case, `có` and
    /// `co` alike): ticked `có co c x v 1 đạt dat yes y true`, unticked `không khong ko k
    /// không có chưa chưa có 0 no n false chưa đạt`. The marks `✓ ✔ √` (and `☑`) are ticked.
    static let trueWords: Set<String> = ["co", "c", "x", "v", "1", "dat", "yes", "y", "true"]
    static let falseWords: Set<String> = ["khong", "ko", "k", "khong co", "chua", "chua co", "0", "no", "n", "false", "chua dat"]
    static let trueMarks: Set<String> = ["✓", "✔", "√", "☑"]

    /// A tick box: `true`/`false`, or `nil` when the value is neither (blank is `false`).
    static func yesNo(bytes: ColumnView<UInt8>) -> Bool? {
        let (start, end) = trimmed(bytes)
        if let answer = quickYesNo(bytes, start: start, end: end) { return answer }
        return yesNo(bytes.view(unchecked: start..<end).string)
    }

    /// A tick box from bytes, with the answers of spellings seen before kept in `cache`.
    @inline(__always)
    static func yesNo(bytes: ColumnView<UInt8>, cache: YesNoCache) -> Bool? {
        let (start, end) = trimmed(bytes)
        if let answer = quickYesNo(bytes, start: start, end: end) { return answer }
        return cache.answer(bytes, start: start, end: end)
    }

    /// The range without surrounding spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: ColumnView<UInt8>) -> (start: Int, end: Int) {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[unchecked: start] == 0x20 || bytes[unchecked: start] == 0x09) { start += 1 }
        while end > start && (bytes[unchecked: end - 1] == 0x20 || bytes[unchecked: end - 1] == 0x09) { end -= 1 }
        return (start, end)
    }

    /// The answers that need no look-up, and no allocation: blank (false) and the one-byte marks
    /// x X y Y v V c C 1 (true) and n N k K 0 (false), the answers ``yesNo(_:)`` gives them.
    /// `nil` when a look-up is needed.
    @inline(__always)
    static func quickYesNo(_ bytes: ColumnView<UInt8>, start: Int, end: Int) -> Bool?? {
        if start == end { return .some(false) }
        guard end - start == 1 else { return nil }
        switch bytes[unchecked: start] {
        case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "1"),
             UInt8(ascii: "v"), UInt8(ascii: "V"), UInt8(ascii: "c"), UInt8(ascii: "C"): return .some(true)
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "0"), UInt8(ascii: "k"), UInt8(ascii: "K"): return .some(false)
        default: return nil
        }
    }

    /// ``VietnameseFolding/clean(_:)`` of a cell's UTF-8 bytes without Foundation, or `nil` when
    /// the slow path is needed.
    ///
    /// Trimming: the white space `clean` trims that can be recognised on bytes is U+0009–U+000D,
    /// U+0020, U+0085 and U+00A0 (the other Unicode spaces lie outside the ranges below, so a
    /// cell holding one takes the slow path).
    ///
    /// NFC: the text is taken as it is only when every scalar is in U+0000–U+02FF (ASCII, Latin-1,
    /// Latin Extended-A and -B, IPA, spacing modifiers: lead bytes up to 0xCB) or U+1E00–U+1EFF
    /// (Latin Extended Additional, where Vietnamese `ạ…ỹ` live: E1 B8…BB). No scalar there has a
    /// canonical decomposition that NFC undoes, a non-zero combining class or NFC_QC Maybe, so any
    /// string of them is already NFC. Everything else — the combining marks U+0300–U+036F
    /// (CC 80…CD AF) and those of other blocks (U+1AB0, U+1DC0, U+20D0, U+FE20, …), singletons such
    /// as U+2000 or U+212B, Hangul jamo, Indic vowel signs — goes through Foundation as before.
    @inline(__always)
    static func cleanText(bytes: ColumnView<UInt8>) -> String? {
        guard let range = cleanRange(bytes: bytes) else { return nil }
        if range.isEmpty { return "" }
        return bytes.view(unchecked: range).string
    }

    /// The part of the bytes ``cleanText(bytes:)`` keeps, when the bytes need nothing more than
    /// trimming; `nil` when they must go through ``VietnameseFolding/clean(_:)``.
    @_transparent
    static func cleanRange(bytes: ColumnView<UInt8>) -> Range<Int>? {
        var start = 0
        var end = bytes.count
        if end == 0 { return 0..<0 }
        // A value longer than a cell may be is an error (``ValueCleaning``).
        if end > InputLimits.cellCharacters { return nil }
        // The edges are looked at one by one only when they may be white space: a first byte
        // that is a space, a control or the lead of U+0085/U+00A0 (0xC2), a last byte that is a
        // space, a control or the end of one of those two (0x85, 0xA0).
        let first = bytes[unchecked: 0], last = bytes[unchecked: end - 1]
        if first <= 0x20 || first == 0xC2 || last <= 0x20 || last == 0x85 || last == 0xA0 {
            while start < end {
                let byte = bytes[unchecked: start]
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    start += 1
                } else if byte == 0xC2 && start + 1 < end && bytes[unchecked: start + 1] == 0x85 {
                    start += 2
                } else if byte == 0xC2 && start + 1 < end && bytes[unchecked: start + 1] == 0xA0 {
                    // A no-break space at the edge: trimmed by ``ValueCleaning``, with a note.
                    return nil
                } else {
                    break
                }
            }
            while end > start {
                let byte = bytes[unchecked: end - 1]
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    end -= 1
                } else if byte == 0x85 && end - 2 >= start && bytes[unchecked: end - 2] == 0xC2 {
                    end -= 2
                } else if byte == 0xA0 && end - 2 >= start && bytes[unchecked: end - 2] == 0xC2 {
                    return nil
                } else {
                    break
                }
            }
        }
        // ASCII runs are passed eight bytes at a time while eight remain, then byte by byte up
        // to the next other byte, which must start a Latin or Vietnamese letter.
        var i = start
        while i < end {
            while i + 8 <= end, bytes.word(at: i) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            while i < end, bytes[unchecked: i] < 0x80 { i += 1 }
            guard i < end else { break }
            let byte = bytes[unchecked: i]
            if byte >= 0xC2 && byte <= 0xCB && i + 1 < end && bytes[unchecked: i + 1] & 0xC0 == 0x80 { i += 2; continue }
            if byte == 0xE1 && i + 2 < end && bytes[unchecked: i + 1] >= 0xB8 && bytes[unchecked: i + 1] <= 0xBB && bytes[unchecked: i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            return nil
        }
        return start..<end
    }

    static func yesNo(_ text: String) -> Bool? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return false }
        if trueMarks.contains(trimmed) { return true }
        let folded = VietnameseFolding.fold(trimmed)
        if trueWords.contains(folded) { return true }
        if falseWords.contains(folded) { return false }
        return nil
    }
}

import Foundation
