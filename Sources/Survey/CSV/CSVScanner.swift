import Criteria
import Foundation
import Machinery

/// Splits CSV text (UTF-8 bytes) into records of field spans, RFC 4180 style: quoted fields may
/// hold delimiters, doubled quotes and line breaks; records end with LF or CRLF.
///
/// It works on bytes and records only offsets, so splitting makes no `String`. A record whose
/// quote never closes is reported with the line the quote opened on, never merged silently
/// with the rows after it. So is a quote that closes only much later (a stray `"` opening a cell
/// on line 7 and another closing it on line 247): once the header is known, a quoted cell is
/// taken as left open as soon as one of its lines holds as many delimiters as the header row
/// (it looks like a record) or it runs over more than ``InputLimits/quotedCellLines`` line
/// breaks; the record is reported at the line the quote opened on and the lines after it are
/// read as records.
///
/// ```swift
/// var scanner = CSVScanner(delimiter: UInt8(ascii: ","))
/// let fields = CSVFields()
/// bytes.withColumnView { while case .record = scanner.next(in: $0, fields: fields) { … } }
/// ```
struct CSVScanner {
    enum Step: Equatable {
        case record
        /// The quote opened on `line` has no closing quote before the end of the file.
        case unterminatedQuote(line: Int)
        case end
    }

    let delimiter: UInt8
    /// Where the next record starts.
    private(set) var position = 0
    /// The physical line (1-based) at `position`.
    private(set) var line = 1
    /// The 1-based number of the record last returned (blank records count: a spreadsheet shows them).
    private(set) var record = 0
    /// Where the record last returned started, and its first physical line.
    private(set) var recordStart = 0
    private(set) var recordLine = 1

    /// The delimiters of a record as the header row has them: a line inside a quoted cell holding
    /// at least this many is taken as a record, the quote as left open (``next(in:fields:)``).
    /// `Int.max` (no such check) until the header is known, and for headers of fewer than three columns.
    var recordDelimiters = Int.max
    /// The line of the last ``Step/unterminatedQuote(line:)`` whose quote runs on to a line that
    /// looks like a record (or past ``InputLimits/quotedCellLines`` line breaks) rather than to
    /// the end of the file; 0 when it ran to the end.
    private(set) var quoteRanIntoLine = 0

    init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// Whether the line starting at `start` holds at least ``recordDelimiters`` delimiters
    /// (quotes not considered): the shape of a record, not of a line of text inside a cell.
    private func looksLikeRecord(_ bytes: ColumnView<UInt8>, from start: Int) -> Bool {
        guard recordDelimiters != Int.max else { return false }
        var count = 0
        var i = start
        while i < bytes.count {
            let byte = bytes[unchecked: i]
            if byte == Self.newline { break }
            if byte == delimiter {
                count += 1
                if count >= recordDelimiters { return true }
            }
            i += 1
        }
        return false
    }

    /// Where a scanner stands between two records: enough to carry on from there exactly as a
    /// scanner that read everything before it would.
    struct Resume: Equatable {
        /// Where the next record starts.
        var position: Int
        /// The physical line (1-based) at `position`.
        var line: Int
        /// Records returned before `position`.
        var record: Int
    }

    /// A scanner that starts at a record boundary found beforehand (a chunk read on its own thread).
    init(delimiter: UInt8, resume: Resume) {
        self.delimiter = delimiter
        position = resume.position
        line = resume.line
        record = resume.record
        recordLine = resume.line
        recordStart = resume.position
    }

    var resume: Resume { Resume(position: position, line: line, record: record) }

    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Reads the next record into `fields` (cleared first).
    mutating func next(in bytes: ColumnView<UInt8>, fields: CSVFields) -> Step {
        fields.removeAll()
        guard position < bytes.count else { return .end }
        record += 1
        recordStart = position
        recordLine = line
        var i = position
        let end = bytes.count
        while true {
            // One field starts at i.
            if i < end && bytes[unchecked: i] == Self.quote {
                let quoteLine = line
                var j = i + 1
                var escaped = false
                var closed = false
                var breaks = 0
                while j < end {
                    let byte = bytes[unchecked: j]
                    if byte == Self.quote {
                        if j + 1 < end && bytes[unchecked: j + 1] == Self.quote { escaped = true; j += 2; continue }
                        closed = true
                        break
                    }
                    if byte == Self.newline {
                        line += 1
                        breaks += 1
                        // A quote left open would swallow the records after it: a cell whose next
                        // line looks like a record, or that runs over too many lines, is taken as one.
                        if breaks > InputLimits.quotedCellLines || looksLikeRecord(bytes, from: j + 1) {
                            quoteRanIntoLine = line
                            line = recordLine
                            return .unterminatedQuote(line: quoteLine)
                        }
                    }
                    j += 1
                }
                if !closed {
                    quoteRanIntoLine = 0
                    line = recordLine
                    return .unterminatedQuote(line: quoteLine)
                }
                // Spaces after the closing quote are tolerated; other text makes the whole field literal.
                var k = j + 1
                while k < end && bytes[unchecked: k] == UInt8(ascii: " ") { k += 1 }
                if k >= end || bytes[unchecked: k] == delimiter || bytes[unchecked: k] == Self.newline || bytes[unchecked: k] == Self.carriageReturn {
                    fields.append(CSVField(start: i + 1, end: j, hasDoubledQuotes: escaped))
                    i = k
                } else {
                    var m = k
                    while m < end && bytes[unchecked: m] != delimiter && bytes[unchecked: m] != Self.newline { m += 1 }
                    var fieldEnd = m
                    if fieldEnd > i && bytes[unchecked: fieldEnd - 1] == Self.carriageReturn && (m >= end || bytes[unchecked: m] == Self.newline) { fieldEnd -= 1 }
                    fields.append(CSVField(start: i, end: fieldEnd, hasDoubledQuotes: false))
                    i = m
                }
            } else {
                var j = i
                while j < end && bytes[unchecked: j] != delimiter && bytes[unchecked: j] != Self.newline { j += 1 }
                var fieldEnd = j
                if fieldEnd > i && bytes[unchecked: fieldEnd - 1] == Self.carriageReturn && (j >= end || bytes[unchecked: j] == Self.newline) { fieldEnd -= 1 }
                fields.append(CSVField(start: i, end: fieldEnd, hasDoubledQuotes: false))
                i = j
            }
            if i < end && bytes[unchecked: i] == delimiter { i += 1; continue }
            if i < end && bytes[unchecked: i] == Self.carriageReturn { i += 1 }
            if i < end && bytes[unchecked: i] == Self.newline { i += 1; line += 1 }
            position = i
            return .record
        }
    }

    /// Moves past a record read by other means (``CSVFastRows``), which runs from the current
    /// position to `next`, on one line; `endsLine` when it ended with a line break.
    @inline(__always)
    mutating func skipRecord(to next: Int, endsLine: Bool) {
        record += 1
        recordStart = position
        recordLine = line
        position = next
        if endsLine { line += 1 }
    }

    /// After an unterminated quote: reads the record's first line alone, taking the open quote as
    /// running to the end of that line, and continues with the next line.
    mutating func recoverLine(in bytes: ColumnView<UInt8>, fields: CSVFields) {
        fields.removeAll()
        var lineEnd = recordStart
        while lineEnd < bytes.count && bytes[unchecked: lineEnd] != Self.newline { lineEnd += 1 }
        var contentEnd = lineEnd
        if contentEnd > recordStart && bytes[unchecked: contentEnd - 1] == Self.carriageReturn { contentEnd -= 1 }
        var i = recordStart
        while i <= contentEnd {
            var j = i
            if j < contentEnd && bytes[unchecked: j] == Self.quote {
                j += 1
                while j < contentEnd && !(bytes[unchecked: j] == Self.quote && (j + 1 >= contentEnd || bytes[unchecked: j + 1] == delimiter)) { j += 1 }
                fields.append(CSVField(start: i + 1, end: j, hasDoubledQuotes: false))
                j = min(j + 1, contentEnd)
            } else {
                while j < contentEnd && bytes[unchecked: j] != delimiter { j += 1 }
                fields.append(CSVField(start: i, end: j, hasDoubledQuotes: false))
            }
            i = j + 1
        }
        position = min(lineEnd + 1, bytes.count)
        line = recordLine + 1
    }

    /// The delimiter of a file: the most frequent of tab, `;` and `,` outside quotes on the header
    /// line (the first line with any of them); a comma when none appears.
    static func detectDelimiter(in bytes: ColumnView<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [0x09, UInt8(ascii: ";"), UInt8(ascii: ",")]
        var counts = [0, 0, 0]
        var inQuotes = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[unchecked: i]
            if byte == quote { inQuotes.toggle() }
            else if !inQuotes {
                if byte == newline {
                    if counts.contains(where: { $0 > 0 }) { break }
                } else if let k = candidates.firstIndex(of: byte) {
                    counts[k] += 1
                }
            }
            i += 1
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : UInt8(ascii: ",")
    }
}

/// One field of a CSV record: a span of the text's bytes, quotes removed.
struct CSVField {
    var start: Int
    var end: Int
    /// The field was quoted and holds `""` pairs that stand for one `"`.
    var hasDoubledQuotes: Bool

    /// The field's bytes (the scanner found them inside `buffer`).
    @inline(__always)
    func bytes(in buffer: ColumnView<UInt8>) -> ColumnView<UInt8> {
        buffer.view(unchecked: start..<end)
    }

    func string(in buffer: ColumnView<UInt8>) -> String {
        let text = bytes(in: buffer).string
        return hasDoubledQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}

import Foundation

/// The fields of one record, in a buffer reused record after record: appending is a store, with
/// none of an array's checks on each of a million rows' twenty-five fields.
final class CSVFields: RandomAccessCollection {
    private var storage: FixedBuffer<CSVField>
    private(set) var endIndex = 0

    init(capacity: Int = 64) {
        storage = FixedBuffer(repeating: CSVField(start: 0, end: 0, hasDoubledQuotes: false), count: Swift.max(capacity, 1))
    }

    var startIndex: Int { 0 }

    @inline(__always)
    subscript(position: Int) -> CSVField {
        precondition(position >= 0 && position < endIndex, "CSVFields: index out of range")
        return storage.view[unchecked: position]
    }

    @inline(__always)
    func removeAll() { endIndex = 0 }

    @inline(__always)
    func append(_ field: CSVField) {
        if endIndex == storage.count { grow() }
        storage.view[unchecked: endIndex] = field
        endIndex += 1
    }

    private func grow() {
        let bigger = FixedBuffer(repeating: CSVField(start: 0, end: 0, hasDoubledQuotes: false), count: storage.count * 2)
        for k in 0..<endIndex { bigger.view[k] = storage.view[k] }
        storage = bigger
    }
}
