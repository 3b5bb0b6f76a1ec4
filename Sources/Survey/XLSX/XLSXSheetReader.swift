import Criteria
import Foundation
import Machinery

/// Reads the rows of a worksheet part with libxml2's SAX2 push parser (see
/// `XLSXSheetSAX.swift`), without making a Swift `String` for element or attribute names.
///
/// Element and attribute names are compared by their bytes; attribute values, cell references
/// and numbers are read from the C bytes libxml2 hands over; a `String` is made only for a
/// cell's text. Same safety as ``XMLStream``: no network, no entity substitution, no DTD
/// loading, and a DOCTYPE is refused.
struct XLSXSheetReader {
    let name: String
    let sharedStrings: [String]
    /// Shared strings too long to be read, by index: their length in characters.
    let longSharedStrings: [Int: Int]
    let dateStyles: [Bool]
    let date1904: Bool

    /// A cell's `t` attribute; `formulaWithoutValue` for a formula (`<f>`) with no stored value;
    /// `beyondColumns` for a cell whose reference (its bytes are the cell's) is past XFD.
    enum CellType: Sendable { case none, shared, inline, str, bool, error, date, other, formulaWithoutValue, beyondColumns }

    /// A row whose cells lie further right than twice its cell count and this many columns keeps
    /// the cells beyond in a list (``XLSXRowCells/far``), so a row costs what its cells do.
    static let denseSlack = 64

    /// Rows per ``RawRows`` batch.
    static let batchRows = 256

    /// Streams every row of `bytes`: `row` gets each `<row>`'s number (its `r`, or the next one)
    /// and its cells by column (from each cell's `r`, or its position).
    func read(bytes: [UInt8], row: (Int, XLSXRowCells) -> Void) throws(XLSXWorkbook.Failure) {
        try parse(bytes: bytes) { batch in deliver(batch, row: row) }
    }

    /// Parses `bytes` with libxml2, handing on rows in ``RawRows`` batches (the last one, with
    /// the rows before a failure, before the failure is thrown).
    func parse(bytes: [UInt8], batch: (RawRows) -> Void) throws(XLSXWorkbook.Failure) {
        try parseSAX(bytes: bytes, batch: batch)
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
    ///
    /// A row's cells are laid out by column up to its furthest cell, unless that lies further
    /// than twice its cell count plus ``denseSlack``: the cells past that go, if not blank, to
    /// ``XLSXRowCells/far``. Cells past XFD, and cells refused (too long, a missing shared
    /// string), are listed in ``XLSXRowCells/refused``.
    func deliver(_ batch: RawRows, row: (Int, XLSXRowCells) -> Void) {
        batch.bytes.withColumnView { bytes in
            for (number, first, end) in batch.rows {
                var furthest = -1
                for raw in batch.cells[first..<end] where raw.column > furthest { furthest = raw.column }
                let width = min(furthest + 1, 2 * (end - first) + Self.denseSlack)
                var cells = [XLSXCell](repeating: .empty, count: width)
                var far: [XLSXRowCells.FarCell] = []
                var refused: [XLSXRowCells.Refused] = []
                for raw in batch.cells[first..<end] {
                    let value = bytes.view(raw.start..<raw.end)
                    if raw.type == .beyondColumns {
                        refused.append(.init(column: raw.column, reason: .beyondColumns(reference: String(decoding: value, as: UTF8.self))))
                        continue
                    }
                    let cell = makeCell(raw.type, style: raw.style, value: value)
                    if case .refused(let reason) = cell { refused.append(.init(column: raw.column, reason: reason)) }
                    if raw.column < width {
                        cells[raw.column] = cell
                    } else if !XLSXRowCells.isBlank(cell) {
                        far.append(.init(column: raw.column, cell: cell))
                    }
                }
                if far.count > 1 { far = XLSXRowCells.ordered(far) }
                row(number, XLSXRowCells(cells: cells, far: far, refused: refused, date1904: date1904))
            }
        }
    }

    /// A cell that has a value (`<v>` or `<is>`).
    private func makeCell(_ cellType: CellType, style cellStyle: Int, value: ColumnView<UInt8>) -> XLSXCell {
        if value.count > InputLimits.cellCharacters {
            // Counted only for a long value: UTF-8 bytes that start a character.
            let characters = value.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if characters > InputLimits.cellCharacters { return .refused(.tooLong(characters: characters)) }
        }
        switch cellType {
        case .shared:
            var index = 0
            var digits = 0
            for byte in value {
                guard byte >= 48 && byte <= 57 && digits < 18 else { digits = -1; break }
                index = index * 10 + Int(byte - 48)
                digits += 1
            }
            if digits <= 0 {
                let text = String(decoding: value, as: UTF8.self)
                digits = 0
                if let parsed = Int(text.trimmingCharacters(in: .whitespaces)), parsed >= 0 { index = parsed; digits = 1 }
            }
            guard digits > 0, index < sharedStrings.count else {
                return .refused(.missingSharedString(index: WorkbookProblem.shown(String(decoding: value, as: UTF8.self)),
                                                     count: sharedStrings.count))
            }
            if !longSharedStrings.isEmpty, let characters = longSharedStrings[index] { return .refused(.tooLong(characters: characters)) }
            return .text(sharedStrings[index])
        case .inline, .str:
            let text = String(decoding: value, as: UTF8.self)
            return .text(XLSXEscapes.hasEscape(value) ? XLSXEscapes.unescape(text) : text)
        case .bool:
            if value.count == 1 { return .bool(value[0] == UInt8(ascii: "1")) }
            return .bool(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces) == "1")
        case .error: return .error(String(decoding: value, as: UTF8.self))
        case .formulaWithoutValue: return .formulaWithoutValue
        case .beyondColumns: return .empty
        case .date: return .text(String(decoding: value, as: UTF8.self))
        case .none, .other:
            let isDate = cellStyle >= 0 && cellStyle < dateStyles.count && dateStyles[cellStyle]
            if value.allSatisfy({ $0 != 0x20 && $0 != 0x09 && $0 < 0x80 }) {
                return .number(String(decoding: value, as: UTF8.self), isDate: isDate)
            }
            return .number(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces), isDate: isDate)
        }
    }
}

extension XLSXSheetReader {
    /// ``read(bytes:row:)`` with libxml2 on a thread of its own: the rows are handed over in
    /// ``RawRows`` batches, made into cells and given to `row` on the calling thread, in order; a
    /// failure is thrown after the rows that came before it, as in ``read(bytes:row:)``.
    func readInBackground(bytes: [UInt8], row: (Int, XLSXRowCells) -> Void) throws(XLSXWorkbook.Failure) {
        let pipe = BatchPipe<RawRows, XLSXWorkbook.Failure>()
        let reader = self
        let thread = Thread {
            var failure: XLSXWorkbook.Failure?
            do throws(XLSXWorkbook.Failure) {
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
