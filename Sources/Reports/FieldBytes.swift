import Machinery
import Criteria
import Records
import TextSupport

/// The distinct values of a coded text column as UTF-8 bytes (a ``ByteTable``), each with its
/// display width and whether a CSV field of it needs quotes, worked out once: the writers' row
/// loops copy a cell's bytes without touching a `String` (whose reference count two threads
/// would otherwise fight over for a commune's name).
///
/// ```swift
/// let words = DistinctBytes(["Đạt", "Không đạt"])
/// words.values[1]          // the bytes of "Không đạt"
/// words.widths[1]          // 9
/// ```
final class DistinctBytes: Sendable {
    private let table: ByteTable
    private let widthBuffer: FixedBuffer<Int>
    private let quoteBuffer: FixedBuffer<Bool>

    /// What is worked out for each value: its width (a text report's), its need of quotes (a
    /// CSV field's).
    struct Measures: OptionSet {
        let rawValue: Int
        static let widths = Measures(rawValue: 1)
        static let quotes = Measures(rawValue: 2)
    }

    convenience init(_ values: [String]) {
        self.init(ByteTable(values))
    }

    convenience init(_ values: ColumnView<String>) {
        self.init(ByteTable(values))
    }

    /// The values as printed on one line (``DisplayWidth/oneLine(_:)``) when `oneLine` is set
    /// and a value holds a line break or tab (a byte below 0x20, looked for in the values'
    /// bytes); the values themselves otherwise.
    convenience init(_ values: ColumnView<String>, oneLine: Bool, measuring: Measures = [.widths, .quotes]) {
        let table = ByteTable(values)
        if oneLine, table.containsControlBytes {
            self.init(ByteTable(values.map(DisplayWidth.oneLine)), measuring: measuring)
        } else {
            self.init(table, measuring: measuring)
        }
    }

    /// The values of a column as a CSV writer copies them: each one's need of quotes is worked
    /// out, not its width (``widths`` is empty: a CSV field is never measured).
    convenience init(csv values: ColumnView<String>) {
        self.init(ByteTable(values), measuring: .quotes)
    }

    /// `measuring`: what is worked out; the other list is empty.
    private init(_ table: ByteTable, measuring: Measures = [.widths, .quotes]) {
        self.table = table
        let list = table.view
        widthBuffer = FixedBuffer(zeroedCount: measuring.contains(.widths) ? list.count : 0)
        // (Made as an array, by code specialised for `Bool`, and copied at once.)
        quoteBuffer = FixedBuffer([Bool](repeating: false, count: measuring.contains(.quotes) ? list.count : 0))
        let widths = widthBuffer.view, quotes = quoteBuffer.view
        if measuring.contains(.widths) {
            for k in 0..<list.count { widths[unchecked: k] = DisplayWidth.of(utf8: list[unchecked: k]) }
        }
        if measuring.contains(.quotes) {
            for k in 0..<list.count { quotes[unchecked: k] = CSVWriter.needsQuotes(list[unchecked: k]) }
        }
    }

    /// The values' bytes (valid while this object lives).
    var values: ByteTable.View { table.view }
    /// The values' widths in display columns.
    var widths: ColumnView<Int> { widthBuffer.view.readOnly }
    /// Whether each value needs quoting in a CSV field (a comma, quote or line break in it).
    var needsQuotes: ColumnView<Bool> { quoteBuffer.view.readOnly }
    /// Whether the widths, and the needs of quotes, were worked out.
    var hasWidths: Bool { widthBuffer.count == table.count }
    var hasQuotes: Bool { quoteBuffer.count == table.count }
}

/// One text field of a table, read as bytes: coded columns through their ``DistinctBytes``,
/// plain ones from each row's `String`. Valid inside ``RecordTable/withColumns(_:)`` while the
/// ``DistinctBytes`` it was made with lives. Rows given to it are rows of the table.
struct FieldBytes {
    private let view: TextColumnView
    /// Whether the column is read through its distinct values (the three views below).
    private let hasDistinct: Bool
    private let values: ByteTable.View
    private let widths: ColumnView<Int>
    private let quotes: ColumnView<Bool>
    /// Whether cells are printed on one line (the text report: line breaks and tabs as spaces)
    /// rather than as the data holds them (CSV).
    private let oneLine: Bool

    /// Whether the distinct values' widths, and their needs of quotes, were worked out (a CSV
    /// field's are not measured, a report cell's not scanned for quotes): a field without them
    /// works them out from each row's bytes.
    private let hasWidths: Bool
    private let hasQuotes: Bool

    /// `distinct` must have been made from `view.values` when the column is coded (with the same
    /// `oneLine`).
    init(view: TextColumnView, distinct: DistinctBytes?, oneLine: Bool = false) {
        self.view = view
        self.oneLine = oneLine
        if view.isCoded, let distinct {
            hasDistinct = true
            values = distinct.values
            widths = distinct.widths
            quotes = distinct.needsQuotes
        } else {
            hasDistinct = false
            values = ByteTable.View()
            widths = ColumnView()
            quotes = ColumnView()
        }
        hasWidths = hasDistinct && distinct?.hasWidths == true
        hasQuotes = hasDistinct && distinct?.hasQuotes == true
    }

    /// The field of `columns` at `slot` (its slot among text fields), with the distinct values of
    /// a coded column measured now; the ``DistinctBytes`` returned must outlive the use.
    /// With `oneLine`, cells are given as a one-line report prints them.
    static func make(_ columns: RecordColumns, slot: Int, oneLine: Bool = false) -> (FieldBytes, DistinctBytes?) {
        let view = columns.texts[slot]
        // A one-line cell is a report's: measured, never quoted.
        let distinct = view.isCoded ? DistinctBytes(view.values, oneLine: oneLine, measuring: oneLine ? .widths : [.widths, .quotes]) : nil
        return (FieldBytes(view: view, distinct: distinct, oneLine: oneLine), distinct)
    }

    /// The field of `columns` at `slot` for the CSV writer: only ``withCSVField(row:_:)`` is
    /// used, so a coded column's distinct values are not measured for width (a million
    /// households' names would each be measured for nothing).
    static func makeForCSV(_ columns: RecordColumns, slot: Int) -> (FieldBytes, DistinctBytes?) {
        let view = columns.texts[slot]
        let distinct = view.isCoded ? DistinctBytes(csv: view.values) : nil
        return (FieldBytes(view: view, distinct: distinct), distinct)
    }

    /// For a coded column, the same rows read through renamed values (each distinct value
    /// renamed once, measured for a report, on one line); nil for a plain column. The
    /// ``DistinctBytes`` returned must outlive the use.
    func renamed(_ rename: (String) -> String) -> (FieldBytes, DistinctBytes)? {
        guard view.isCoded else { return nil }
        let names = view.values.map { DisplayWidth.oneLine(rename(DisplayWidth.oneLine($0))) }
        let distinct = DistinctBytes(names)
        return (FieldBytes(view: view, distinct: distinct, oneLine: true), distinct)
    }

    /// Asks for the cache line of the row's code or string (a hint; it never faults).
    @inline(__always)
    func prefetch(row: Int) {
        view.prefetch(row: row)
    }

    /// For a coded column, asks for where the row's value starts among the distinct values
    /// (the row's code was asked for by ``prefetch(row:)`` earlier).
    @inline(__always)
    func prefetchValue(row: Int) {
        if hasDistinct { values.prefetch(at: Int(view.codes[unchecked: row])) }
    }

    /// The row's code, for a coded column.
    @inline(__always)
    func code(row: Int) -> Int? { view.isCoded ? Int(view.codes[row]) : nil }

    /// The value of a code of a coded column.
    func value(code: Int) -> String { view.values[code] }

    /// Calls `body` with the row's bytes and their width in display columns (looked up for a
    /// coded column, measured for a plain one).
    @inline(__always)
    func withCell<R>(row: Int, _ body: (_ bytes: ColumnView<UInt8>, _ width: Int) -> R) -> R {
        if hasWidths {
            let code = Int(view.codes[unchecked: row])
            return body(values[unchecked: code], widths[unchecked: code])
        }
        var text = printed(row: row)
        return text.withUTF8View { body($0, DisplayWidth.of(utf8: $0)) }
    }

    /// Calls `body` with the row's bytes and whether a CSV field of them needs quotes (looked up
    /// for a coded column, scanned for a plain one).
    @inline(__always)
    func withCSVField<R>(row: Int, _ body: (_ bytes: ColumnView<UInt8>, _ needsQuotes: Bool) -> R) -> R {
        if hasQuotes {
            let code = Int(view.codes[unchecked: row])
            return body(values[unchecked: code], quotes[unchecked: code])
        }
        var text = view[unchecked: row]
        return text.withUTF8View { body($0, CSVWriter.needsQuotes($0)) }
    }

    /// The row's width in display columns.
    @inline(__always)
    func width(row: Int) -> Int {
        if hasWidths { return widths[unchecked: Int(view.codes[unchecked: row])] }
        var text = printed(row: row)
        return text.withUTF8View { DisplayWidth.of(utf8: $0) }
    }

    /// A plain column's text of `row` as the cell shows it: on one line when ``oneLine`` is set.
    @inline(__always)
    private func printed(row: Int) -> String {
        let text = view[unchecked: row]
        return oneLine ? DisplayWidth.oneLine(text) : text
    }
}
