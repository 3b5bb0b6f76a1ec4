import Machinery
import TextSupport

/// The cells of one data row, whatever file they came from. Columns past the end are blank.
///
/// CSV rows answer from bytes (no `String` for numbers and tick boxes); workbook rows from the
/// values the sheet stored.
protocol RowCells {
    var count: Int { get }
    /// The text as stored (not yet trimmed).
    func text(_ column: Int) -> String
    func wholeNumber(_ column: Int) -> WholeNumberParse
    /// `nil` when the value is neither yes nor no.
    func yesNo(_ column: Int) -> Bool?
    func isBlank(_ column: Int) -> Bool
    /// The text trimmed and in NFC: ``VietnameseFolding/clean(_:)`` of ``text(_:)``.
    func cleanText(_ column: Int) -> String
    /// ``yesNo(_:)``, possibly answered from spellings seen before.
    func yesNo(_ column: Int, cache: YesNoCache) -> Bool?
    /// The bytes of ``cleanText(_:)`` when they are a part of the stored bytes (valid while the
    /// row is read), or `nil` when the text needs more than trimming.
    func cleanBytes(_ column: Int) -> ColumnView<UInt8>?
    /// A workbook formula cell with no stored value (never so in a CSV file).
    func isFormulaWithoutValue(_ column: Int) -> Bool
}

extension RowCells {
    func cleanText(_ column: Int) -> String { ValueCleaning.clean(text(column), role: .text).text }
    func yesNo(_ column: Int, cache: YesNoCache) -> Bool? { yesNo(column) }
    func cleanBytes(_ column: Int) -> ColumnView<UInt8>? { nil }
    func isFormulaWithoutValue(_ column: Int) -> Bool { false }

    /// Every cell empty or white space: the row is skipped and not counted.
    var isBlankRow: Bool { (0..<count).allSatisfy(isBlank) }

    /// The number of cells up to the last one that holds something.
    var usedCount: Int {
        var n = count
        while n > 0 && isBlank(n - 1) { n -= 1 }
        return n
    }
}
