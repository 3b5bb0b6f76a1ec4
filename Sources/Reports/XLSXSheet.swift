import Machinery
import TextSupport

/// One cell of a table written to a workbook.
enum XLSXCellValue {
    case text(String)
    case number(Int)
    case empty
}

/// One sheet of an office document in a workbook: the official heading (issuing body on the
/// left; national name, motto and the place and date on the right), the title lines, a table
/// whose header row is frozen and printed again on every page, and the signature block; A4,
/// Times New Roman, page numbers in the footer, columns as wide as their content.
///
/// Without `--org` (or `--date`) the heading keeps dotted blanks for the clerk to fill in: a
/// workbook is a document to adjust before printing, so its parts are always there.
///
/// ```swift
/// let sheet = try XLSXSheet(book: book, name: "Long Hữu", columns: 9, language: .vietnamese, settings: settings)
/// sheet.heading()
/// sheet.title(["DANH SÁCH …"])
/// sheet.header(["STT", "Mã hộ", …])
/// sheet.row([.number(1), .text("HO0001"), …])
/// sheet.signature()
/// sheet.finish(landscape: false)
/// ```
final class XLSXSheet {
    let book: XLSXBook
    let sheet: Int
    let columns: Int
    let language: Language
    let settings: ReportSettings
    private(set) var row = 0
    private var widths: [Int]
    private var headerRow: Int?
    /// Columns whose text wraps (notes), and the widest they may get.
    var wrapping: Set<Int> = []
    static let wrapWidth = 50

    private let plain: XLSXFormat, bold: XLSXFormat, boldCentre: XLSXFormat, centre: XLSXFormat
    private let italicCentre: XLSXFormat, mottoFormat: XLSXFormat, titleFormat: XLSXFormat
    private let headerFormat: XLSXFormat, textCell: XLSXFormat, numberCell: XLSXFormat, wrapCell: XLSXFormat
    private let totalText: XLSXFormat, totalNumber: XLSXFormat

    init(book: XLSXBook, name: String, columns: Int, language: Language, settings: ReportSettings) throws(XLSXBook.Failure) {
        self.book = book
        self.columns = max(2, columns)
        self.language = language
        self.settings = settings
        sheet = try book.addSheet(named: name)
        widths = Array(repeating: 4, count: self.columns)
        plain = book.format(XLSXStyle())
        bold = book.format(XLSXStyle(bold: true))
        boldCentre = book.format(XLSXStyle(bold: true, alignment: .center, wrap: true))
        centre = book.format(XLSXStyle(alignment: .center))
        italicCentre = book.format(XLSXStyle(italic: true, alignment: .center))
        mottoFormat = book.format(XLSXStyle(bold: true, underline: true, alignment: .center))
        titleFormat = book.format(XLSXStyle(size: 14, bold: true, alignment: .center, wrap: true))
        headerFormat = book.format(XLSXStyle(bold: true, alignment: .center, wrap: true, border: true))
        textCell = book.format(XLSXStyle(alignment: .left, border: true))
        numberCell = book.format(XLSXStyle(alignment: .right, border: true, numberFormat: "#,##0"))
        wrapCell = book.format(XLSXStyle(alignment: .left, wrap: true, border: true))
        totalText = book.format(XLSXStyle(bold: true, alignment: .left, border: true))
        totalNumber = book.format(XLSXStyle(bold: true, alignment: .right, border: true, numberFormat: "#,##0"))
    }

    /// Where the left block ends and the right one starts.
    private var split: Int { max(1, columns * 2 / 5) }

    private func pair(_ left: String?, _ leftFormat: XLSXFormat, _ right: String?, _ rightFormat: XLSXFormat) {
        if let left { book.merge(left, sheet: sheet, row: row, columns: 0...(split - 1), format: leftFormat) }
        if let right { book.merge(right, sheet: sheet, row: row, columns: split...(columns - 1), format: rightFormat) }
        row += 1
    }

    /// The issuing body and the national name, the motto, the place and date.
    func heading() {
        let l = language
        let organization = settings.organization.map { $0.uppercased() } ?? l.pick("HỘI KHUYẾN HỌC ……………", "STUDY PROMOTION ASSOCIATION ……")
        let date = settings.date.map {
            VietnameseFormat.dateLine(place: settings.place, year: $0.year, month: $0.month, day: $0.day, language: l)
        } ?? VietnameseFormat.blankDateLine(place: settings.place ?? "……………", language: l)
        pair(organization, boldCentre, l.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"), boldCentre)
        pair(nil, centre, l.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"), mottoFormat)
        row += 1
        pair(nil, centre, date, italicCentre)
        row += 1
    }

    /// Title lines centred over the table (the first in large bold letters).
    func title(_ lines: [String]) {
        for (i, line) in lines.enumerated() {
            book.merge(line, sheet: sheet, row: row, columns: 0...(columns - 1), format: i == 0 ? titleFormat : italicCentre)
            if i == 0 { book.setRow(row, height: 36, sheet: sheet) }
            row += 1
        }
        row += 1
    }

    /// A line of text flush left (a note under the table).
    func note(_ text: String, bold isBold: Bool = false) {
        book.write(text, sheet: sheet, row: row, column: 0, format: isBold ? bold : plain)
        row += 1
    }

    func skip(_ rows: Int = 1) { row += rows }

    /// The table's header row: frozen in view and repeated on every printed page.
    func header(_ cells: [String]) {
        headerRow = row
        var lines = 1
        for (i, cell) in cells.enumerated() {
            book.write(cell, sheet: sheet, row: row, column: i, format: headerFormat)
            // Wide enough for the header on two lines at most (it wraps between words).
            let width = DisplayWidth.of(cell)
            widths[i] = max(widths[i], Self.longestWord(cell), (width + 1) / 2)
            if width > widths[i] { lines = 2 }
        }
        // In constant-memory mode a row's height is set while it is the current row.
        book.setRow(row, height: lines == 1 ? 18 : 36, sheet: sheet)
        row += 1
    }

    func row(_ cells: [XLSXCellValue], total: Bool = false) {
        for (i, cell) in cells.enumerated() {
            switch cell {
            case .text(let text):
                let format = wrapping.contains(i) ? wrapCell : (total ? totalText : textCell)
                book.write(text, sheet: sheet, row: row, column: i, format: format)
                // Plain ASCII (codes, numbers as text) is one column a byte; anything else is measured.
                let width = text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : DisplayWidth.of(text)
                widths[i] = max(widths[i], wrapping.contains(i) ? min(width, Self.wrapWidth) : width)
            case .number(let number):
                book.write(number: Double(number), sheet: sheet, row: row, column: i, format: total ? totalNumber : numberCell)
                widths[i] = max(widths[i], number < 1_000 ? 3 : String(number).count + 1)
            case .empty:
                book.writeBlank(sheet: sheet, row: row, column: i, format: total ? totalText : textCell)
            }
        }
        row += 1
    }

    /// "Nơi nhận:" on the left; the signer's capacity, room to sign and seal, the name on the right.
    func signature() {
        let l = language
        row += 1
        let recipients = [l.pick("Nơi nhận:", "Recipients:")]
            + (settings.place.map { [l.pick("- UBND xã \($0);", "- People's Committee of \($0);")] } ?? [])
            + [l.pick("- Hội Khuyến học cấp trên;", "- The association at the level above;"), l.pick("- Lưu: VT.", "- Filed: office.")]
        let right = [l.pick("TM. BAN CHẤP HÀNH", "FOR THE EXECUTIVE COMMITTEE"), l.pick("CHỦ TỊCH", "CHAIR")]
        let leftFormat = book.format(XLSXStyle(size: 11, alignment: .left))
        let recipientsTitle = book.format(XLSXStyle(size: 12, bold: true, italic: true, alignment: .left))
        for i in 0..<max(recipients.count, right.count) {
            if i < recipients.count {
                book.merge(recipients[i], sheet: sheet, row: row, columns: 0...(split - 1), format: i == 0 ? recipientsTitle : leftFormat)
            }
            if i < right.count { book.merge(right[i], sheet: sheet, row: row, columns: split...(columns - 1), format: boldCentre) }
            row += 1
        }
        // Room for the signature and the seal.
        row += 4
        book.merge(settings.signer ?? "", sheet: sheet, row: row, columns: split...(columns - 1), format: boldCentre)
        row += 1
    }

    /// Column widths, frozen header, A4 page set-up with "Trang n/N" in the footer.
    func finish(landscape: Bool) {
        for (i, width) in widths.enumerated() {
            // Times New Roman 12 is wider than the default font the width unit is counted in.
            book.setColumn(i, width: Double(width) * 1.2 + 2, sheet: sheet)
        }
        var setup = XLSXPageSetup()
        setup.landscape = landscape
        setup.footer = "&C&\"Times New Roman\"&11" + language.pick("Trang &P/&N", "Page &P of &N")
        if let headerRow {
            book.freeze(sheet: sheet, row: headerRow + 1, column: 0)
            setup.repeatedRows = headerRow...headerRow
        }
        book.setUpPage(setup, sheet: sheet)
    }

    /// A header's longest word: headers wrap between words.
    private static func longestWord(_ text: String) -> Int {
        text.split(separator: " ").map { DisplayWidth.of(String($0)) }.max() ?? 0
    }
}
