import CLibXML2
import Foundation

/// Reads the rows of a worksheet part with libxml2's streaming reader, without making a Swift
/// `String` for element or attribute names.
///
/// The reader interns every name in its dictionary, so the names a sheet needs (`row`, `c`,
/// `v`, …) are looked up once per reader and each node's local name is compared by pointer.
/// Attribute values, cell references and numbers are read from the C bytes libxml2 hands back;
/// a `String` is made only for a cell's text. Same safety as ``XMLStream``: no network, no
/// entity substitution, no DTD loading, and a DOCTYPE is refused.
struct XLSXSheetReader {
    let name: String
    let sharedStrings: [String]
    let dateStyles: [Bool]

    enum CellType: Sendable { case none, shared, inline, str, bool, error, date, other }

    /// Rows per ``RawRows`` batch.
    static let batchRows = 256

    /// Names interned in one reader's dictionary.
    private struct Names {
        let row, c, v, t, `is`, rPh, r, s: UnsafePointer<xmlChar>?

        init(_ reader: xmlTextReaderPtr) {
            row = xmlTextReaderConstString(reader, "row")
            c = xmlTextReaderConstString(reader, "c")
            v = xmlTextReaderConstString(reader, "v")
            t = xmlTextReaderConstString(reader, "t")
            `is` = xmlTextReaderConstString(reader, "is")
            rPh = xmlTextReaderConstString(reader, "rPh")
            r = xmlTextReaderConstString(reader, "r")
            s = xmlTextReaderConstString(reader, "s")
        }
    }

    private func failure(_ reader: xmlTextReaderPtr, _ reason: String) -> XMLStream.Failure {
        XMLStream.Failure(part: name, line: Int(xmlTextReaderGetParserLineNumber(reader)), reason: reason)
    }

    /// Streams every row of `bytes`: `row` gets each `<row>`'s number (its `r`, or the next one)
    /// and its cells by column (from each cell's `r`, or its position).
    func read(bytes: [UInt8], row: (Int, [XLSXCell]) -> Void) throws(XMLStream.Failure) {
        try parse(bytes: bytes) { batch in deliver(batch, row: row) }
    }

    /// Parses `bytes` with libxml2, handing on rows in ``RawRows`` batches (the last one, with
    /// the rows before a failure, before the failure is thrown).
    func parse(bytes: [UInt8], batch: (RawRows) -> Void) throws(XMLStream.Failure) {
        let result: Result<Void, XMLStream.Failure> = bytes.withUnsafeBufferPointer { buffer in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)
            let reader = buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReaderForMemory($0, Int32(buffer.count), name, nil, options)
                }
            }
            guard let reader else { return .failure(XMLStream.Failure(part: name, line: 0, reason: "cannot start the XML reader")) }
            defer { xmlFreeTextReader(reader) }
            do throws(XMLStream.Failure) { try parse(reader, batch: batch) } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
    }

    /// The cells of one batch of rows as the reader found them; ``deliver(_:row:)`` makes
    /// ``XLSXCell``s of them. A batch starts at a `<row>` (which clears the cells), so a row's
    /// cells are always in the batch that delivers it.
    struct RawRows: Sendable {
        struct Cell: Sendable {
            var column: Int
            var type: CellType
            var style: Int
            /// The value's bytes in ``RawRows/bytes``.
            var start: Int
            var end: Int
        }
        var bytes: [UInt8] = []
        var cells: [Cell] = []
        /// Each delivered row: its number and its cells, `cells[first..<end]`.
        var rows: [(number: Int, first: Int, end: Int)] = []
    }

    /// Calls `row` for every row of a batch, in order.
    func deliver(_ batch: RawRows, row: (Int, [XLSXCell]) -> Void) {
        var cells: [XLSXCell] = []
        batch.bytes.withUnsafeBufferPointer { bytes in
            for (number, first, end) in batch.rows {
                cells.removeAll()
                for raw in batch.cells[first..<end] {
                    let cell = makeCell(raw.type, style: raw.style, value: UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end]))
                    let column = raw.column
                    if column >= cells.count { cells.append(contentsOf: repeatElement(.empty, count: column - cells.count + 1)) }
                    cells[column] = cell
                }
                row(number, cells)
            }
        }
    }

    /// A cell that has a value (`<v>` or `<is>`).
    private func makeCell(_ cellType: CellType, style cellStyle: Int, value: UnsafeBufferPointer<UInt8>) -> XLSXCell {
        switch cellType {
        case .shared:
            var index = 0
            var digits = 0
            for byte in value {
                guard byte >= 48 && byte <= 57 && digits < 18 else { digits = -1; break }
                index = index * 10 + Int(byte - 48)
                digits += 1
            }
            if digits > 0 {
                return index < sharedStrings.count ? .text(sharedStrings[index]) : .error("#REF!")
            }
            let text = String(decoding: value, as: UTF8.self)
            return Int(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < sharedStrings.count ? .text(sharedStrings[$0]) : nil } ?? .error("#REF!")
        case .inline, .str:
            let text = String(decoding: value, as: UTF8.self)
            return .text(XLSXEscapes.hasEscape(value) ? XLSXEscapes.unescape(text) : text)
        case .bool:
            if value.count == 1 { return .bool(value[0] == UInt8(ascii: "1")) }
            return .bool(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces) == "1")
        case .error: return .error(String(decoding: value, as: UTF8.self))
        case .date: return .text(String(decoding: value, as: UTF8.self))
        case .none, .other:
            let isDate = cellStyle >= 0 && cellStyle < dateStyles.count && dateStyles[cellStyle]
            if value.allSatisfy({ $0 != 0x20 && $0 != 0x09 && $0 < 0x80 }) {
                return .number(String(decoding: value, as: UTF8.self), isDate: isDate)
            }
            return .number(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces), isDate: isDate)
        }
    }

    private func parse(_ reader: xmlTextReaderPtr, batch send: (RawRows) -> Void) throws(XMLStream.Failure) {
        let names = Names(reader)
        var batch = RawRows()
        batch.bytes.reserveCapacity(64 * 1024)
        var rowNumber = 0
        var rowFirstCell = 0
        var column = 0
        var cellType = CellType.none
        var cellStyle = 0
        var valueStart = 0
        var inValue = false
        var inInline = false
        var inlineText = false
        var phoneticDepth = 0
        var hasValue = false

        func finishCell() {
            guard hasValue else { return }
            batch.cells.append(RawRows.Cell(column: column, type: cellType, style: cellStyle, start: valueStart, end: batch.bytes.count))
        }
        defer { if !batch.rows.isEmpty { send(batch) } }

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else { throw failure(reader, "malformed XML") }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // start tag
                let local = xmlTextReaderConstLocalName(reader)
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if local == names.c {
                    let found = attributes(reader, names, isRow: false)
                    column = found.reference ?? column
                    cellType = found.type
                    cellStyle = found.style ?? 0
                    valueStart = batch.bytes.count
                    hasValue = false
                    if isEmpty { column += 1 }
                } else if local == names.v {
                    if !isEmpty {
                        inValue = true
                        hasValue = true
                    }
                } else if local == names.row {
                    let found = attributes(reader, names, isRow: true)
                    rowNumber = found.reference ?? rowNumber + 1
                    if batch.rows.count >= Self.batchRows {
                        // A cell still open (a `<row>` inside a `<c>`) keeps its value so far.
                        let pending = Array(batch.bytes[min(valueStart, batch.bytes.count)...])
                        send(batch)
                        batch = RawRows()
                        batch.bytes.reserveCapacity(64 * 1024)
                        batch.bytes.append(contentsOf: pending)
                        valueStart = 0
                    }
                    rowFirstCell = batch.cells.count
                    column = 0
                    if isEmpty { batch.rows.append((rowNumber, rowFirstCell, rowFirstCell)) }
                } else if local == names.is {
                    inInline = !isEmpty
                    hasValue = true
                } else if local == names.rPh {
                    if inInline && !isEmpty { phoneticDepth += 1 }
                } else if local == names.t {
                    if inInline && phoneticDepth == 0 && !isEmpty { inlineText = true }
                }
            case 15:  // end tag
                let local = xmlTextReaderConstLocalName(reader)
                if local == names.c {
                    finishCell()
                    column += 1
                } else if local == names.v {
                    inValue = false
                } else if local == names.t {
                    inlineText = false
                } else if local == names.row {
                    batch.rows.append((rowNumber, rowFirstCell, batch.cells.count))
                } else if local == names.is {
                    inInline = false
                } else if local == names.rPh {
                    phoneticDepth -= 1
                }
            case 3, 4, 13, 14:  // text, CDATA, white space
                if inValue || inlineText, let text = xmlTextReaderConstValue(reader) {
                    batch.bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: strlen(text)))
                }
            case 10:
                throw failure(reader, "DOCTYPE is not allowed")
            default:
                break
            }
        }
    }

    private struct Attributes {
        /// `r`: the row number (a row) or the column (a cell), `nil` when it cannot be read.
        var reference: Int?
        var type = CellType.none
        var style: Int?
    }

    /// The un-namespaced attributes `r`, `t` and `s` of the current element, each read as soon
    /// as the reader is on it (a value may live in a buffer the next attribute reuses).
    @inline(__always)
    private func attributes(_ reader: xmlTextReaderPtr, _ names: Names, isRow: Bool) -> Attributes {
        var found = Attributes()
        guard xmlTextReaderHasAttributes(reader) == 1 else { return found }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            // `xmlns:r="…"` has the local name `r` too: only attributes in no namespace count.
            let local = xmlTextReaderConstLocalName(reader)
            guard local == names.r || local == names.t || local == names.s,
                  xmlTextReaderConstNamespaceUri(reader) == nil else { continue }
            let value = xmlTextReaderConstValue(reader)
            if local == names.r {
                found.reference = value.flatMap(isRow ? Self.integer : Self.columnIndex)
            } else if local == names.t {
                found.type = value.map(Self.cellType) ?? .none
            } else {
                found.style = value.flatMap(Self.integer)
            }
        }
        _ = xmlTextReaderMoveToElement(reader)
        return found
    }

    private static func cellType(_ text: UnsafePointer<xmlChar>) -> CellType {
        if text[0] != 0 && text[1] == 0 {
            switch text[0] {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "b"): return .bool
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .date
            default: return .other
            }
        }
        if strcmp(text, "inlineStr") == 0 { return .inline }
        if strcmp(text, "str") == 0 { return .str }
        return .other
    }

    /// `Int(value)` of an attribute, from its bytes when they are plain digits.
    private static func integer(_ text: UnsafePointer<xmlChar>) -> Int? {
        var value = 0
        var i = 0
        while i < 18 {
            let byte = text[i]
            if byte == 0 { break }
            guard byte >= 48 && byte <= 57 else { return Int(String(cString: text)) }
            value = value * 10 + Int(byte - 48)
            i += 1
        }
        guard i > 0, text[i] == 0 else { return Int(String(cString: text)) }
        return value
    }

    /// ``XLSXWorkbook/columnIndex(_:)`` on the bytes of a reference.
    static func columnIndex(_ bytes: UnsafePointer<xmlChar>) -> Int? {
        var index = 0
        var letters = 0
        var i = 0
        while true {
            let byte = bytes[i]
            switch byte {
            case 65...90: index = index &* 26 &+ Int(byte - 64)
            case 97...122: index = index &* 26 &+ Int(byte - 96)
            default: return letters > 0 ? index - 1 : nil
            }
            letters += 1
            i += 1
        }
    }
}

extension XLSXSheetReader {
    /// ``read(bytes:row:)`` with libxml2 on a thread of its own: the rows are handed over in
    /// ``RawRows`` batches, made into cells and given to `row` on the calling thread, in order; a
    /// failure is thrown after the rows that came before it, as in ``read(bytes:row:)``.
    func readInBackground(bytes: [UInt8], row: (Int, [XLSXCell]) -> Void) throws(XMLStream.Failure) {
        let pipe = RowPipe()
        let reader = self
        let thread = Thread {
            var failure: XMLStream.Failure?
            do throws(XMLStream.Failure) {
                try reader.parse(bytes: bytes) { batch in pipe.put(batch) }
            } catch {
                failure = error
            }
            pipe.finish(failure)
        }
        thread.stackSize = 8 << 20
        thread.start()
        while let batch = pipe.take() { deliver(batch, row: row) }
        if let failure = pipe.failure { throw failure }
    }
}

/// A bounded queue of row batches from the libxml2 thread to the thread that uses the rows.
private final class RowPipe: @unchecked Sendable {
    private static let capacity = 16
    private let condition = NSCondition()
    private var batches: [XLSXSheetReader.RawRows] = []
    private var finished = false
    private(set) var failure: XMLStream.Failure?

    func put(_ batch: XLSXSheetReader.RawRows) {
        condition.lock()
        while batches.count >= Self.capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ failure: XMLStream.Failure?) {
        condition.lock()
        self.failure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the reader has finished and every batch was taken.
    func take() -> XLSXSheetReader.RawRows? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
