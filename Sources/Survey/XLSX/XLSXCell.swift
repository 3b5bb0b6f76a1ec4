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
}

/// The cells of one sheet row.
struct XLSXRowCells: RowCells {
    let cells: [XLSXCell]
    let date1904: Bool

    var count: Int { cells.count }

    private func cell(_ column: Int) -> XLSXCell { column < cells.count ? cells[column] : .empty }

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
        case .formulaWithoutValue: return ""
        }
    }

    func wholeNumber(_ column: Int) -> WholeNumberParse {
        switch cell(column) {
        case .empty: return .blank
        case .text(let text): return ValueParsing.wholeNumber(text.utf8)
        case .number(let raw, _): return ValueParsing.wholeNumber(excelNumber: raw)
        case .bool, .error, .formulaWithoutValue: return .invalid
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
        case .error, .formulaWithoutValue: return nil
        }
    }

    func isFormulaWithoutValue(_ column: Int) -> Bool {
        if case .formulaWithoutValue = cell(column) { return true }
        return false
    }

    func isBlank(_ column: Int) -> Bool {
        switch cell(column) {
        case .empty: return true
        case .text(let text): return Self.isWhitespace(text)
        default: return false
        }
    }

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

    /// ``ValueParsing/cleanText(bytes:)`` when the text allows it, else `VietnameseFolding.clean`.
    func cleanText(_ column: Int) -> String {
        guard case .text(var text) = cell(column) else { return VietnameseFolding.clean(self.text(column)) }
        if let clean = text.withByteView({ ValueParsing.cleanText(bytes: $0) }) { return clean }
        return VietnameseFolding.clean(text)
    }

    func yesNo(_ column: Int, cache: YesNoCache) -> Bool? {
        guard case .text(var text) = cell(column) else { return yesNo(column) }
        return text.withByteView { ValueParsing.yesNo(bytes: $0, cache: cache) }
    }
}
