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

    func parseSAX(bytes: [UInt8], batch send: (RawRows) -> Void) throws(XMLStream.Failure) {
        let outcome: XMLSAXParser.Outcome = withoutActuallyEscaping(send) { send in
            let rows = SheetRows(send: send)
            let outcome = XMLSAXParser.parse(bytes: bytes, name: name, chunk: Self.saxChunk, handler: rows)
            if !rows.batch.rows.isEmpty { send(rows.batch) }
            return outcome
        }
        switch outcome {
        case .finished: return
        case .cannotStart: throw XMLStream.Failure(part: name, line: 0, reason: "cannot start the XML reader")
        case .doctype(let line): throw XMLStream.Failure(part: name, line: line, reason: "DOCTYPE is not allowed")
        case .malformed(let line): throw XMLStream.Failure(part: name, line: line, reason: "malformed XML")
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

    init(send: @escaping (XLSXSheetReader.RawRows) -> Void) {
        self.send = send
        batch.bytes.reserveCapacity(64 * 1024)
    }

    func startElement(_ local: ColumnView<UInt8>, attributes: XMLSAXAttributes, isEmpty: Bool) {
        if isName(local, UInt8(ascii: "c")) {
            let found = cellAttributes(attributes, isRow: false)
            column = found.reference ?? column
            cellType = found.type
            cellStyle = found.style ?? 0
            valueStart = batch.bytes.count
            hasValue = false
            hasFormula = false
            if isEmpty { column += 1 }
        } else if isName(local, UInt8(ascii: "f")) {
            hasFormula = true
        } else if isName(local, UInt8(ascii: "v")) {
            if !isEmpty {
                inValue = true
                hasValue = true
            }
        } else if isName(local, UInt8(ascii: "r"), UInt8(ascii: "o"), UInt8(ascii: "w")) {
            let found = cellAttributes(attributes, isRow: true)
            rowNumber = found.reference ?? rowNumber + 1
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
        if isName(local, UInt8(ascii: "c")) {
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

    func characters(_ text: ColumnView<UInt8>) {
        if inValue || inlineText { batch.bytes.append(contentsOf: text) }
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

private func saxInteger(_ text: ColumnView<UInt8>) -> Int? {
    var value = 0
    var i = 0
    while i < 18 && i < text.count {
        let byte = text[i]
        guard byte >= 48 && byte <= 57 else { return Int(text.string) }
        value = value * 10 + Int(byte - 48)
        i += 1
    }
    guard i > 0, i == text.count else { return Int(text.string) }
    return value
}

private func saxColumnIndex(_ bytes: ColumnView<UInt8>) -> Int? {
    var index = 0
    var letters = 0
    for byte in bytes {
        switch byte {
        case 65...90: index = index &* 26 &+ Int(byte - 64)
        case 97...122: index = index &* 26 &+ Int(byte - 96)
        default: return letters > 0 ? index - 1 : nil
        }
        letters += 1
    }
    return letters > 0 ? index - 1 : nil
}
