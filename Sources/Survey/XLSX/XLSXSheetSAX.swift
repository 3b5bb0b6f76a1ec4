import Criteria
import Foundation
import Machinery

/// ``XLSXSheetReader``'s parse with libxml2's SAX2 push parser (``XMLSAXParser``): the same
/// rows, cells and failures as the streaming reader, without building a node per element.
///
/// Same safety: no network, no entity substitution (predefined entities and character
/// references arrive as text; any other entity is an error, as there is no DTD), and a DOCTYPE
/// is refused as soon as the parser meets it.
extension XLSXSheetReader {
    /// Bytes handed to libxml2 at a time.
    static let saxChunk = 4 << 20

    func parseSAX(bytes: [UInt8], batch send: (RawRows) -> Void) throws(XLSXWorkbook.Failure) {
        let piece = parsePiece([XMLSAXParser.Segment(bytes, 0..<bytes.count)], batch: send)
        try piece.check(part: name)
    }

    /// How the parse of a sheet, or of a piece of it, ended.
    struct PieceOutcome: Sendable {
        var outcome: XMLSAXParser.Outcome
        /// A `<row r>` out of range, which stopped the rows.
        var problem: WorkbookProblem?
        /// Whether the first `<row>` carried its number (`nil`: no row).
        var firstRowNumbered: Bool?

        /// Throws what the outcome means for the sheet `part`.
        func check(part: String) throws(XLSXWorkbook.Failure) {
            func failure(_ line: Int, _ reason: String) -> XLSXWorkbook.Failure {
                .damaged(XLSXWorkbook.describe(XMLStream.Failure(part: part, line: line, reason: reason)))
            }
            switch outcome {
            case .finished: break
            case .cannotStart: throw failure(0, "cannot start the XML reader")
            case .doctype(let line): throw failure(line, "DOCTYPE is not allowed")
            case .malformed(let line): throw failure(line, "malformed XML")
            }
            // A row number out of range stops the rows (those before it were handed on).
            if let problem { throw .problem(problem) }
        }
    }

    /// Parses the document made of `segments`, handing on rows in batches (the last one, with
    /// the rows before a failure, before returning).
    func parsePiece(_ segments: [XMLSAXParser.Segment], batch send: (RawRows) -> Void) -> PieceOutcome {
        withoutActuallyEscaping(send) { send in
            let rows = SheetRows(send: send)
            let outcome = XMLSAXParser.parse(segments: segments, name: name, chunk: Self.saxChunk, handler: rows)
            if !rows.batch.rows.isEmpty { send(rows.batch) }
            return PieceOutcome(outcome: outcome, problem: rows.problem, firstRowNumbered: rows.firstRowNumbered)
        }
    }
}

/// Collects a sheet's rows and cells from the parser's events into ``XLSXSheetReader/RawRows``
/// batches: `<row r>`, `<c r t s>`, a cell's `<v>` value, or its inline `<is><t>` text (not
/// the phonetic `<rPh>` runs).
private final class SheetRows: XMLSAXHandler {
    let send: (XLSXSheetReader.RawRows) -> Void
    var batch = XLSXSheetReader.RawRows()
    var rowNumber = 0
    var rowFirstCell = 0
    var column = 0
    var cellType = XLSXSheetReader.CellType.none
    var cellStyle = 0
    var valueStart = 0
    var inValue = false
    var inInline = false
    var inlineText = false
    var phoneticDepth = 0
    var hasValue = false
    /// The cell holds a formula (`<f>`).
    var hasFormula = false
    /// The cell's reference lies past XFD: its bytes are ``batch``'s `referenceStart..<valueStart`.
    var beyond = false
    var referenceStart = 0
    /// A `<row r>` out of range: nothing more is read.
    var problem: WorkbookProblem?
    /// Whether the first `<row>` carried its number: a piece of a sheet parsed on its own can
    /// number its rows only from one that does (``XLSXSheetReader/readSplit(bytes:cut:row:)``).
    var firstRowNumbered: Bool?

    init(send: @escaping (XLSXSheetReader.RawRows) -> Void) {
        self.send = send
        batch.bytes.reserveCapacity(64 * 1024)
    }

    func startElement(_ local: ColumnView<UInt8>, attributes: XMLSAXAttributes, isEmpty: Bool) {
        if problem != nil { return }
        if isName(local, UInt8(ascii: "c")) {
            let found = cellAttributes(attributes, isRow: false)
            column = found.reference ?? column
            cellType = found.type
            cellStyle = found.style ?? 0
            beyond = column >= InputLimits.sheetColumns
            if beyond { keepReference(attributes) }
            valueStart = batch.bytes.count
            hasValue = false
            hasFormula = false
            if isEmpty {
                if beyond { endCell() } else { column += 1 }
            }
        } else if isName(local, UInt8(ascii: "f")) {
            hasFormula = true
        } else if isName(local, UInt8(ascii: "v")) {
            if !isEmpty {
                inValue = true
                hasValue = true
            }
        } else if isName(local, UInt8(ascii: "r"), UInt8(ascii: "o"), UInt8(ascii: "w")) {
            let found = cellAttributes(attributes, isRow: true)
            if firstRowNumbered == nil { firstRowNumbered = found.reference != nil }
            let number = found.reference ?? rowNumber + 1
            guard number >= 1 && number <= InputLimits.sheetRows else {
                problem = .rowNumberOutOfRange(found.reference == nil ? String(number) : rowReference(attributes))
                return
            }
            rowNumber = number
            if batch.rows.count >= XLSXSheetReader.batchRows {
                let pending = Array(batch.bytes[min(valueStart, batch.bytes.count)...])
                send(batch)
                var next = XLSXSheetReader.RawRows()
                next.bytes.reserveCapacity(64 * 1024)
                next.bytes.append(contentsOf: pending)
                batch = next
                valueStart = 0
            }
            rowFirstCell = batch.cells.count
            column = 0
            if isEmpty { batch.rows.append((rowNumber, rowFirstCell, rowFirstCell)) }
        } else if isName(local, UInt8(ascii: "r"), UInt8(ascii: "P"), UInt8(ascii: "h")) {
            if inInline && !isEmpty { phoneticDepth += 1 }
        } else if isName(local, UInt8(ascii: "i"), UInt8(ascii: "s")) {
            inInline = !isEmpty
            hasValue = true
        } else if isName(local, UInt8(ascii: "t")) {
            if inInline && phoneticDepth == 0 && !isEmpty { inlineText = true }
        }
    }

    func endElement(_ local: ColumnView<UInt8>) {
        if problem != nil { return }
        if isName(local, UInt8(ascii: "c")) {
            endCell()
        } else if isName(local, UInt8(ascii: "v")) {
            inValue = false
        } else if isName(local, UInt8(ascii: "t")) {
            inlineText = false
        } else if isName(local, UInt8(ascii: "r"), UInt8(ascii: "o"), UInt8(ascii: "w")) {
            batch.rows.append((rowNumber, rowFirstCell, batch.cells.count))
        } else if isName(local, UInt8(ascii: "r"), UInt8(ascii: "P"), UInt8(ascii: "h")) {
            phoneticDepth -= 1
        } else if isName(local, UInt8(ascii: "i"), UInt8(ascii: "s")) {
            inInline = false
        }
    }

    /// A cell past XFD is kept as its reference (the row names it); the ones after it without a
    /// reference are past XFD too.
    private func endCell() {
        if beyond {
            batch.cells.append(XLSXSheetReader.RawRows.Cell(
                column: column, type: .beyondColumns, style: 0, start: referenceStart, end: valueStart))
            column = InputLimits.sheetColumns + 1
            return
        }
        // A formula whose value was never stored (a workbook written by a program and never
        // opened in Excel): no `<v>`, `<v/>`, or an empty one where only text can be empty.
        if hasFormula && (!hasValue || (batch.bytes.count == valueStart && cellType != .str && cellType != .inline)) {
            batch.cells.append(XLSXSheetReader.RawRows.Cell(
                column: column, type: .formulaWithoutValue, style: cellStyle, start: valueStart, end: valueStart))
        } else if hasValue {
            batch.cells.append(XLSXSheetReader.RawRows.Cell(
                column: column, type: cellType, style: cellStyle, start: valueStart, end: batch.bytes.count))
        }
        column += 1
    }

    /// The `r` of a cell past XFD, at most 40 bytes of it, kept in ``batch`` before its value.
    private func keepReference(_ attributes: XMLSAXAttributes) {
        referenceStart = batch.bytes.count
        attributes.forEachUnqualified { local, value in
            guard local.count == 1 && local[0] == UInt8(ascii: "r") else { return }
            batch.bytes.append(contentsOf: value.view(0..<min(value.count, 40)))
        }
    }

    /// The text of a row's `r` (at most 40 bytes), for the message that refuses it.
    private func rowReference(_ attributes: XMLSAXAttributes) -> String {
        var text = ""
        attributes.forEachUnqualified { local, value in
            guard local.count == 1 && local[0] == UInt8(ascii: "r") else { return }
            text = String(decoding: value.view(0..<min(value.count, 40)), as: UTF8.self)
        }
        return WorkbookProblem.shown(text)
    }

    func characters(_ text: ColumnView<UInt8>) {
        if problem == nil && (inValue || inlineText) { batch.bytes.append(contentsOf: text) }
    }
}

/// Whether an element's local name is the given bytes.
@inline(__always)
private func isName(_ local: ColumnView<UInt8>, _ a: UInt8) -> Bool {
    local.count == 1 && local[unchecked: 0] == a
}

@inline(__always)
private func isName(_ local: ColumnView<UInt8>, _ a: UInt8, _ b: UInt8) -> Bool {
    local.count == 2 && local[unchecked: 0] == a && local[unchecked: 1] == b
}

@inline(__always)
private func isName(_ local: ColumnView<UInt8>, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    local.count == 3 && local[unchecked: 0] == a && local[unchecked: 1] == b && local[unchecked: 2] == c
}

private struct CellAttributes {
    var reference: Int?
    var type = XLSXSheetReader.CellType.none
    var style: Int?
}

/// The un-namespaced attributes `r`, `t` and `s`.
@inline(__always)
private func cellAttributes(_ attributes: XMLSAXAttributes, isRow: Bool) -> CellAttributes {
    var found = CellAttributes()
    attributes.forEachUnqualified { local, value in
        guard local.count == 1 else { return }
        switch local[0] {
        case UInt8(ascii: "r"): found.reference = isRow ? saxInteger(value) : saxColumnIndex(value)
        case UInt8(ascii: "t"): found.type = saxCellType(value)
        case UInt8(ascii: "s"): found.style = saxInteger(value)
        default: break
        }
    }
    return found
}

private func saxCellType(_ text: ColumnView<UInt8>) -> XLSXSheetReader.CellType {
    if text.count == 1 {
        switch text[0] {
        case UInt8(ascii: "s"): return .shared
        case UInt8(ascii: "b"): return .bool
        case UInt8(ascii: "e"): return .error
        case UInt8(ascii: "d"): return .date
        default: return .other
        }
    }
    if text.elementsEqual("inlineStr".utf8) { return .inline }
    if text.elementsEqual("str".utf8) { return .str }
    return .other
}

/// A decimal number; `-1` for any other text (a number too long, a sign, white space).
private func saxInteger(_ text: ColumnView<UInt8>) -> Int? {
    var value = 0
    var i = 0
    while i < 18 && i < text.count {
        let byte = text[i]
        guard byte >= 48 && byte <= 57 else { return slowInteger(text) }
        value = value * 10 + Int(byte - 48)
        i += 1
    }
    guard i > 0, i == text.count else { return slowInteger(text) }
    return value
}

private func slowInteger(_ text: ColumnView<UInt8>) -> Int {
    guard text.count <= 40, let value = Int(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else { return -1 }
    return value
}

/// `C5` → 2 (0-based); `nil` when the reference has no column letters; at least
/// ``InputLimits/sheetColumns`` (past XFD) when it has more than ``InputLimits/columnLetters``
/// letters or names a column past XFD.
private func saxColumnIndex(_ bytes: ColumnView<UInt8>) -> Int? {
    var index = 0
    var letters = 0
    for byte in bytes {
        switch byte {
        case 65...90: index = index * 26 + Int(byte - 64)
        case 97...122: index = index * 26 + Int(byte - 96)
        default: return letters > 0 ? index - 1 : nil
        }
        letters += 1
        if letters > InputLimits.columnLetters { return InputLimits.sheetColumns }
    }
    return letters > 0 ? index - 1 : nil
}
