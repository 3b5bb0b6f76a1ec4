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
    /// ``yesNo(_:)``, possibly answered from spellings seen before.
    func yesNo(_ column: Int, cache: YesNoCache) -> Bool?
    /// The text trimmed (as ``ValueCleaning/clean(_:role:)`` gives it) when it is a part of the
    /// stored bytes (valid while the row is read), or `nil` when it needs more than trimming.
    func cleanBytes(_ column: Int) -> ColumnView<UInt8>?
    /// A workbook formula cell with no stored value (never so in a CSV file).
    func isFormulaWithoutValue(_ column: Int) -> Bool
}

extension RowCells {
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
