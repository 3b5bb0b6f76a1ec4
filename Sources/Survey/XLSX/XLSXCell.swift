import Machinery
import TextSupport

/// One cell of a sheet as the workbook stores it.
enum XLSXCell: Equatable {
    case empty
    case text(String)
    /// A number as written in the XML (`3`, `3.0`, `1E+1`); `isDate` when its style is a date format.
    case number(String, isDate: Bool)
    case bool(Bool)
    /// An error value such as `#N/A`.
    case error(String)
    /// A formula with no stored value (spec, intake rule 6): an error where a field reads it,
    /// never blank.
    case formulaWithoutValue
    /// A value that is not read (``XLSXRowCells/Refusal``): the row is an error row naming it.
    case refused(XLSXRowCells.Refusal)
}

/// The cells of one sheet row: by column up to its furthest cell, or, for a row whose cells lie
/// far apart, up to a width in proportion to its cell count with the non-blank cells beyond in
/// ``far`` (so a row costs what its cells do, however far right they are).
struct XLSXRowCells: RowCells {
    /// Why a cell is not read.
    enum Refusal: Equatable {
        /// A reference past XFD (``InputLimits/columnLetters``, ``InputLimits/sheetColumns``).
        case beyondColumns(reference: String)
        /// More than ``InputLimits/cellCharacters`` characters.
        case tooLong(characters: Int)
        /// A shared-string index (`t="s"`) the workbook's strings do not reach.
        case missingSharedString(index: String, count: Int)
        /// A cell further right than the header's last column and far from the row's other cells.
        case beyondHeader(headerColumns: Int)
    }

    struct FarCell {
        var column: Int
        var cell: XLSXCell
    }

    struct Refused {
        /// The cell's column (0-based; at or past ``InputLimits/sheetColumns`` for a cell past XFD).
        var column: Int
        var reason: Refusal
    }

    var cells: [XLSXCell]
    /// Non-blank cells past ``cells``, by column.
    var far: [FarCell] = []
    /// The cells not read, in the order met.
    var refused: [Refused] = []
    let date1904: Bool

    init(cells: [XLSXCell], far: [FarCell] = [], refused: [Refused] = [], date1904: Bool) {
        self.cells = cells
        self.far = far
        self.refused = refused
        self.date1904 = date1904
    }

    var count: Int { far.last.map { $0.column + 1 } ?? cells.count }

    @inline(__always)
    func cell(_ column: Int) -> XLSXCell {
        if column < cells.count { return cells[column] }
        return far.isEmpty ? .empty : farCell(column)
    }

    private func farCell(_ column: Int) -> XLSXCell {
        var low = 0, high = far.count
        while low < high {
            let middle = (low + high) / 2
            if far[middle].column < column { low = middle + 1 } else { high = middle }
        }
        return low < far.count && far[low].column == column ? far[low].cell : .empty
    }

    /// Far cells by column, the last of two at the same column kept (as a later cell overwrites
    /// an earlier one in ``cells``).
    static func ordered(_ cells: [FarCell]) -> [FarCell] {
        let sorted = cells.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }.map(\.element)
        var kept: [FarCell] = []
        kept.reserveCapacity(sorted.count)
        for cell in sorted {
            if let last = kept.last, last.column == cell.column { kept[kept.count - 1] = cell } else { kept.append(cell) }
        }
        return kept
    }

    /// The cell at `column` replaced by `cell` (a cell of ``cells`` or ``far``).
    mutating func replace(_ column: Int, with cell: XLSXCell) {
        if column < cells.count { cells[column] = cell; return }
        if let index = far.firstIndex(where: { $0.column == column }) { far[index].cell = cell }
    }

    /// Every cell empty or white space, and none refused: answered from the cells the row has.
    var holdsNothing: Bool { refused.isEmpty && far.isEmpty && cells.allSatisfy(Self.isBlank) }

    /// The row without its far cells at or past `headerColumns`, which become refusals.
    func limited(toHeader headerColumns: Int) -> XLSXRowCells {
        guard let last = far.last, last.column >= headerColumns else { return self }
        var row = self
        row.far = far.filter { $0.column < headerColumns }
        row.refused += far.filter { $0.column >= headerColumns }.map { Refused(column: $0.column, reason: .beyondHeader(headerColumns: headerColumns)) }
        return row
    }

    static func isBlank(_ cell: XLSXCell) -> Bool {
        switch cell {
        case .empty: return true
        case .text(let text): return isWhitespace(text)
        default: return false
        }
    }

    func text(_ column: Int) -> String {
        switch cell(column) {
        case .empty: return ""
        case .text(let text): return text
        case .number(let raw, let isDate):
            if isDate, let serial = Double(raw), let date = ExcelDate.isoDate(serial: serial, date1904: date1904) { return date }
            if case .value(let whole) = ValueParsing.wholeNumber(excelNumber: raw) { return String(whole) }
            return raw
        case .bool(let value): return value ? "TRUE" : "FALSE"
        case .error(let code): return code
        case .formulaWithoutValue, .refused: return ""
        }
    }

    func wholeNumber(_ column: Int) -> WholeNumberParse {
        switch cell(column) {
        case .empty: return .blank
        case .text(let text): return ValueParsing.wholeNumber(text.utf8)
        case .number(let raw, _): return ValueParsing.wholeNumber(excelNumber: raw)
        case .bool, .error, .formulaWithoutValue, .refused: return .invalid
        }
    }

    func yesNo(_ column: Int) -> Bool? {
        switch cell(column) {
        case .empty: return false
        case .text(let text): return ValueParsing.yesNo(text)
        case .number(let raw, _):
            switch ValueParsing.wholeNumber(excelNumber: raw) {
            case .value(1): return true
            case .value(0): return false
            default: return nil
            }
        case .bool(let value): return value
        case .error, .formulaWithoutValue, .refused: return nil
        }
    }

    func isFormulaWithoutValue(_ column: Int) -> Bool {
        if case .formulaWithoutValue = cell(column) { return true }
        return false
    }

    func isBlank(_ column: Int) -> Bool { Self.isBlank(cell(column)) }

    /// `text.allSatisfy(\.isWhitespace)`, answered from the bytes when they are ASCII.
    private static func isWhitespace(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: ascii = false
            default: return false  // a character with an ASCII non-space in it is not white space
            }
        }
        return ascii || text.allSatisfy(\.isWhitespace)
    }

    func yesNo(_ column: Int, cache: YesNoCache) -> Bool? {
        guard case .text(var text) = cell(column) else { return yesNo(column) }
        return text.withByteView { ValueParsing.yesNo(bytes: $0, cache: cache) }
    }
}
