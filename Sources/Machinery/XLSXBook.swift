import CLibXLSXWriter

/// The look of a group of cells in a workbook written by ``XLSXBook``.
public struct XLSXStyle: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case general, left, center, right }

    public var font = "Times New Roman"
    public var size: Double = 12
    public var bold = false
    public var italic = false
    public var underline = false
    public var alignment: Alignment = .general
    public var verticallyCentred = true
    public var wrap = false
    /// A thin border on all four sides (table cells).
    public var border = false
    /// An Excel number format (`0`, `0.0%`, `0.0000`); `nil`: General.
    public var numberFormat: String?

    public init(size: Double = 12, bold: Bool = false, italic: Bool = false, underline: Bool = false,
                alignment: Alignment = .general, wrap: Bool = false, border: Bool = false, numberFormat: String? = nil) {
        self.size = size
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.alignment = alignment
        self.wrap = wrap
        self.border = border
        self.numberFormat = numberFormat
    }
}

/// A style registered in one ``XLSXBook`` (``XLSXBook/format(_:)``): cheap to pass per cell.
public struct XLSXFormat: Hashable, Sendable {
    let index: Int
}

/// Page set-up of one sheet for printing.
public struct XLSXPageSetup: Sendable {
    public var landscape = false
    /// Printed at the foot of every page; `&P` the page number, `&N` the number of pages.
    public var footer: String?
    /// Rows (first, last; 0-based) printed again at the top of every page.
    public var repeatedRows: ClosedRange<Int>?
    /// Scale the sheet to the width of one page (any number of pages down).
    public var fitToWidth = true
    public init() {}
}

/// A workbook written through libxlsxwriter (Debian's `libxlsxwriter-dev`): the calls that
/// hand C strings and library pointers across live here, behind a typed API of sheet numbers,
/// rows and columns (0-based), and styles.
///
/// Rows are streamed to a temporary file as they are written (the library's constant-memory
/// mode): write each sheet's rows in increasing order. The file is complete only after ``close()``.
///
/// ```swift
/// let book = try XLSXBook(path: "ket-qua.xlsx")
/// let sheet = try book.addSheet(named: "Gia đình")
/// let bold = book.format(XLSXStyle(bold: true))
/// book.write("Họ và tên", sheet: sheet, row: 0, column: 0, format: bold)
/// book.write(number: 95, sheet: sheet, row: 1, column: 0, format: book.format(XLSXStyle()))
/// try book.close()
/// ```
public final class XLSXBook {
    /// A problem reported by libxlsxwriter, in its own words (English).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private let book: UnsafeMutablePointer<lxw_workbook>
    private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private var formats: [UnsafeMutablePointer<lxw_format>] = []
    private var formatIndex: [XLSXStyle: XLSXFormat] = [:]
    private var closed = false

    public init(path: String, constantMemory: Bool = true) throws(Failure) {
        var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 1)
        guard let book = workbook_new_opt(path, &options) else {
            throw Failure(message: "cannot create the workbook \(path)")
        }
        self.book = book
    }

    deinit {
        // A workbook never closed (an error on the way) is closed here, so its memory and
        // temporary files are given back; its file is then whatever was written.
        if !closed { _ = workbook_close(book) }
    }

    /// Adds a sheet; the name must be unique, at most 31 characters, without `[]:*?/\`
    /// (``sheetName(_:taken:)`` makes one).
    public func addSheet(named name: String) throws(Failure) -> Int {
        guard let sheet = workbook_add_worksheet(book, name) else {
            throw Failure(message: "cannot add the sheet \(name)")
        }
        sheets.append(sheet)
        return sheets.count - 1
    }

    /// A valid sheet name made from `name`, unique among `taken`.
    public static func sheetName(_ name: String, taken: Set<String>) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }).trimmingLeadingQuotes()
        var base = cleaned.isEmpty ? "Sheet" : cleaned
        if base.utf16.count > 31 { base = String(base.prefix(31)) }
        while base.utf16.count > 31 { base.removeLast() }
        var candidate = base
        var number = 2
        while taken.contains(where: { $0.lowercased() == candidate.lowercased() }) {
            let suffix = " (\(number))"
            var stem = base
            while stem.utf16.count + suffix.utf16.count > 31 { stem.removeLast() }
            candidate = stem + suffix
            number += 1
        }
        return candidate
    }

    /// The handle of a style, registered once per book.
    public func format(_ style: XLSXStyle) -> XLSXFormat {
        if let known = formatIndex[style] { return known }
        guard let format = workbook_add_format(book) else { return XLSXFormat(index: -1) }
        format_set_font_name(format, style.font)
        format_set_font_size(format, style.size)
        if style.bold { format_set_bold(format) }
        if style.italic { format_set_italic(format) }
        if style.underline { format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        switch style.alignment {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if style.verticallyCentred { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
        if style.wrap { format_set_text_wrap(format) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        formats.append(format)
        let handle = XLSXFormat(index: formats.count - 1)
        formatIndex[style] = handle
        return handle
    }

    private func pointer(_ format: XLSXFormat) -> UnsafeMutablePointer<lxw_format>? {
        formats.indices.contains(format.index) ? formats[format.index] : nil
    }

    public func write(_ text: String, sheet: Int, row: Int, column: Int, format: XLSXFormat) {
        _ = worksheet_write_string(sheets[sheet], lxw_row_t(row), lxw_col_t(column), text, pointer(format))
    }

    public func write(number: Double, sheet: Int, row: Int, column: Int, format: XLSXFormat) {
        _ = worksheet_write_number(sheets[sheet], lxw_row_t(row), lxw_col_t(column), number, pointer(format))
    }

    /// A formatted empty cell (a table's border where there is nothing to say).
    public func writeBlank(sheet: Int, row: Int, column: Int, format: XLSXFormat) {
        _ = worksheet_write_blank(sheets[sheet], lxw_row_t(row), lxw_col_t(column), pointer(format))
    }

    /// One text over the cells `columns` of `row`, merged.
    public func merge(_ text: String, sheet: Int, row: Int, columns: ClosedRange<Int>, format: XLSXFormat) {
        if columns.count == 1 { return write(text, sheet: sheet, row: row, column: columns.lowerBound, format: format) }
        _ = worksheet_merge_range(sheets[sheet], lxw_row_t(row), lxw_col_t(columns.lowerBound),
                                  lxw_row_t(row), lxw_col_t(columns.upperBound), text, pointer(format))
    }

    /// The width of a column in characters of the default font.
    public func setColumn(_ column: Int, width: Double, sheet: Int) {
        _ = worksheet_set_column(sheets[sheet], lxw_col_t(column), lxw_col_t(column), width, nil)
    }

    /// The height of a row in points.
    public func setRow(_ row: Int, height: Double, sheet: Int) {
        _ = worksheet_set_row(sheets[sheet], lxw_row_t(row), height, nil)
    }

    /// Rows above `row` and columns left of `column` stay in view while scrolling.
    public func freeze(sheet: Int, row: Int, column: Int) {
        worksheet_freeze_panes(sheets[sheet], lxw_row_t(row), lxw_col_t(column))
    }

    /// A4, orientation, footer, repeated rows, fit to the page's width.
    public func setUpPage(_ setup: XLSXPageSetup, sheet: Int) {
        let worksheet = sheets[sheet]
        worksheet_set_paper(worksheet, 9)   // 9: A4
        if setup.landscape { worksheet_set_landscape(worksheet) } else { worksheet_set_portrait(worksheet) }
        // Margins of an administrative document (Circular 01/2011, Decree 30/2020): left 30 mm,
        // right 15–20 mm, top and bottom 20 mm; in inches.
        worksheet_set_margins(worksheet, 30 / 25.4, 15 / 25.4, 20 / 25.4, 20 / 25.4)
        worksheet_center_horizontally(worksheet)
        if let footer = setup.footer { _ = worksheet_set_footer(worksheet, footer) }
        if let rows = setup.repeatedRows {
            _ = worksheet_repeat_rows(worksheet, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound))
        }
        if setup.fitToWidth { worksheet_fit_to_pages(worksheet, 1, 0) }
    }

    /// Writes the file. Nothing is written to the workbook after this.
    public func close() throws(Failure) {
        guard !closed else { return }
        closed = true
        let error = workbook_close(book)
        if error != LXW_NO_ERROR {
            throw Failure(message: String(cString: lxw_strerror(error)))
        }
    }
}

private extension String {
    /// A sheet name may not start or end with an apostrophe.
    func trimmingLeadingQuotes() -> String {
        var text = Substring(self)
        while text.first == "'" { text.removeFirst() }
        while text.last == "'" { text.removeLast() }
        return String(text)
    }
}
