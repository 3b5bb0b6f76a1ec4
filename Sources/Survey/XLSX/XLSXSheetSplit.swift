import Foundation
import Machinery

/// A large sheet parsed by two libxml2 parsers at once, each on a core of its own: the sheet's
/// bytes are cut at a `</row>` near their middle. The first parser reads the sheet from its start
/// to the cut and then the sheet's own ending (from its last `</sheetData>`); the second reads
/// `<sheetData>`, the rows after the cut, `</sheetData>`. The rows are handed on in the sheet's
/// order, the first piece's as they come, the second's once the first has ended.
///
/// The result is the sequential parse's, row for row, or the sequential parse is run instead:
/// - a sheet is cut only when its text is UTF-8, has a `<sheetData>` with rows, and what follows
///   its last `</sheetData>` holds no `row` and nothing that could end a comment, a CDATA
///   section or a processing instruction (`-->`, `]]>`, `?>`);
/// - a `</row>` found by its bytes may lie inside a comment, a CDATA section, a processing
///   instruction or a mis-nested element: then the first piece does not end well-formed (what
///   was opened before the cut is never closed), and the sheet is parsed again from its start,
///   whole, the rows already handed on skipped — so its errors and their line numbers are those
///   of the sequential parse;
/// - the second piece's first row must carry its number (`<row r="…">`); if not, the same;
/// - a failure in either piece (a row number out of range is not one) means the same: the whole
///   parse says which failure comes first.
extension XLSXSheetReader {
    /// A sheet at least this large (its XML, inflated) is parsed in two pieces when more than one
    /// thread may be used.
    static let splitBytes = 4 << 20

    /// Where a sheet is cut: just after a `</row>`, and where its own ending starts (its last
    /// `</sheetData>`).
    struct SheetCut: Equatable {
        var cut: Int
        var ending: Int
    }

    private static let rowEnd = Array("</row>".utf8)
    private static let sheetDataStart = Array("<sheetData".utf8)
    private static let sheetDataEnd = Array("</sheetData>".utf8)
    private static let pieceStart = Array("<sheetData>".utf8)

    /// Where `bytes` may be cut in two, or `nil` when they are to be parsed whole.
    static func cut(_ bytes: [UInt8]) -> SheetCut? {
        guard isUTF8Document(bytes),
              let open = ByteSearch.first(sheetDataStart, in: bytes, within: 0..<bytes.count),
              let openEnd = ByteSearch.first([UInt8(ascii: ">")], in: bytes, within: open..<bytes.count),
              bytes[openEnd - 1] != UInt8(ascii: "/"),
              let ending = ByteSearch.last(sheetDataEnd, in: bytes, within: openEnd..<bytes.count) else { return nil }
        let tail = ending..<bytes.count
        for word in ["row", "-->", "]]>", "?>"] where ByteSearch.first(Array(word.utf8), in: bytes, within: tail) != nil {
            return nil
        }
        let middle = openEnd + (ending - openEnd) / 2
        guard let found = ByteSearch.first(rowEnd, in: bytes, within: middle..<ending) else { return nil }
        let cut = found + rowEnd.count
        return cut < ending ? SheetCut(cut: cut, ending: ending) : nil
    }

    /// Whether the document's text is UTF-8: no UTF-16 or UTF-32 start, and an XML declaration
    /// naming no encoding or UTF-8.
    static func isUTF8Document(_ bytes: [UInt8]) -> Bool {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard bytes.count >= start + 2, bytes[start] == UInt8(ascii: "<"), bytes[start + 1] != 0 else { return false }
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return true }
        guard let close = ByteSearch.first(Array("?>".utf8), in: bytes, within: start..<min(bytes.count, start + 512)) else { return false }
        let declaration = String(decoding: bytes[start..<close], as: UTF8.self).lowercased()
        guard let at = declaration.range(of: "encoding") else { return true }
        let value = declaration[at.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        return value.hasPrefix("utf-8") || value.hasPrefix("utf8")
    }

    /// Parses the sheet in the two pieces of `cut` at once; see the type's notes.
    func readSplit(bytes: [UInt8], cut: SheetCut, row: (Int, XLSXRowCells) -> Void) throws(XLSXWorkbook.Failure) {
        let first = [XMLSAXParser.Segment(bytes, 0..<cut.cut), XMLSAXParser.Segment(bytes, cut.ending..<bytes.count)]
        let second = [XMLSAXParser.Segment(Self.pieceStart, 0..<Self.pieceStart.count),
                      XMLSAXParser.Segment(bytes, cut.cut..<cut.ending),
                      XMLSAXParser.Segment(Self.sheetDataEnd, 0..<Self.sheetDataEnd.count)]
        let reader = self
        let firstRows = BatchPipe<RawRows, PieceOutcome>()
        let secondDone = BatchPipe<SecondPiece, Never>(capacity: 1)
        let firstThread = Thread {
            let outcome = reader.parsePiece(first) { firstRows.put($0) }
            firstRows.finish(outcome)
        }
        let secondThread = Thread {
            var batches: [RawRows] = []
            let outcome = reader.parsePiece(second) { batches.append($0) }
            secondDone.put(SecondPiece(batches: batches, outcome: outcome))
            secondDone.finish(nil)
        }
        for thread in [firstThread, secondThread] {
            thread.stackSize = 8 << 20
            thread.start()
        }
        var delivered = 0
        while let batch = firstRows.take() {
            delivered += batch.rows.count
            deliver(batch, row: row)
        }
        let piece = secondDone.take()!
        let firstOutcome = firstRows.failure!
        if firstOutcome.outcome == .finished && piece.outcome.outcome == .finished {
            // The whole sheet is well-formed. A row number out of range in the first piece stops
            // the rows there, as it would.
            try firstOutcome.check(part: name)
            if piece.outcome.firstRowNumbered != false {
                for batch in piece.batches { deliver(batch, row: row) }
                try piece.outcome.check(part: name)
                return
            }
        }
        // Parsed again, whole: the rows already handed on are skipped.
        var skip = delivered
        try parse(bytes: bytes) { batch in
            guard skip > 0 else { return deliver(batch, row: row) }
            if skip >= batch.rows.count {
                skip -= batch.rows.count
                return
            }
            var rest = batch
            rest.rows.removeFirst(skip)
            skip = 0
            deliver(rest, row: row)
        }
    }

    /// What the second piece's parser found: its rows, held until the first piece's are handed on.
    struct SecondPiece: Sendable {
        var batches: [RawRows]
        var outcome: PieceOutcome
    }
}
