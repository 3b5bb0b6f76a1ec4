import Criteria
import Machinery
import TextSupport

/// The summary as a workbook (`summary --format xlsx --output FILE.xlsx`): one sheet per
/// model, an office document (``XLSXSheet``) whose table has per commune (or hamlet) the
/// counts as numbers, the share as a percentage number (`0.0%`), the target and the margin
/// (positive: met by that many more; negative: short by that many), and the province total.
///
/// ```swift
/// try SummaryXLSX(language: .vietnamese, settings: settings).write(summary, to: "tong-hop.xlsx")
/// ```
public struct SummaryXLSX {
    public var language: Language
    public var settings: ReportSettings

    public init(language: Language, settings: ReportSettings) {
        self.language = language
        self.settings = settings
    }

    public func write(_ summary: Summary, to path: String) throws(XLSXBook.Failure) {
        let l = language
        let book = try XLSXBook(path: path)
        var names: Set<String> = []
        let percent = book.format(XLSXStyle(alignment: .right, border: true, numberFormat: "0.0%"))
        let percentTotal = book.format(XLSXStyle(bold: true, alignment: .right, border: true, numberFormat: "0.0%"))
        for model in summary.models {
            let name = XLSXBook.sheetName(model.title(l), taken: names)
            names.insert(name)
            let single = model.communes.count == 1 && !model.hamlets.isEmpty
            var header = [l.pick("STT", "No."), single ? l.pick("Ấp, khóm", "Hamlet") : l.pick("Xã, phường", "Commune"),
                          l.pick("Số được đánh giá", "Assessed"), l.pick("Số được công nhận", "Recognised"),
                          l.pick("Tiêu biểu", "Exemplary"), l.pick("Dòng lỗi", "Rows in error"),
                          l.pick("Tỉ lệ công nhận", "Share recognised"), l.pick("Mục tiêu", "Target"),
                          l.pick("Số cần đạt", "Needed"), l.pick("Vượt (+) / thiếu (−)", "Over (+) / short (−)")]
            if let compare = summary.compareYear { header.append(l.pick("Thay đổi so với \(compare) (điểm %)", "Change since \(compare) (points)")) }
            let sheet = try XLSXSheet(book: book, name: name, columns: header.count, language: l, settings: settings)
            sheet.heading()
            var title = [l.pick("BÁO CÁO TỔNG HỢP \"\(model.title(l).uppercased())\"", "SUMMARY: \"\(model.title(l).uppercased())\"")
                         + (summary.year.map { l.pick(" NĂM \($0)", " \($0)") } ?? "")]
            if let year = model.targetYear {
                title.append(l.pick("Mục tiêu năm \(year)", "Target for \(year)") + (model.targetBasis.map { l.pick(" theo \($0)", " under \($0)") } ?? ""))
            }
            sheet.title(title)
            sheet.header(header)
            let lines = single ? model.hamlets : model.communes
            var total = model.total
            if single { total.name = l.pick("Toàn xã \(model.communes[0].name ?? "")", "Whole commune \(model.communes[0].name ?? "")") }
            for (i, line) in (lines + [total]).enumerated() {
                let isTotal = i == lines.count
                let c = line.counts
                var cells: [XLSXCellValue] = [isTotal ? .empty : .number(i + 1), .text(line.name ?? SummaryWords.province(l)),
                                              .number(c.registered), .number(c.recognised), .number(c.exemplary), .number(c.errors)]
                cells += [.empty, .empty]   // share and target: written as percentages below
                cells.append(line.needed.map { .number($0) } ?? .empty)
                cells.append(line.margin.map { .number($0) } ?? .empty)
                if summary.compareYear != nil { cells.append(.empty) }
                sheet.row(cells, total: isTotal)
                let row = sheet.row - 1
                let format = isTotal ? percentTotal : percent
                if let share = line.shareTenThousandths {
                    book.write(number: Double(c.recognised) / Double(c.registered), sheet: sheet.sheet, row: row, column: 6, format: format)
                    _ = share
                }
                if let target = line.target {
                    book.write(number: Double(target) / 10_000, sheet: sheet.sheet, row: row, column: 7, format: format)
                }
                if let change = line.changeTenthsOfPoints {
                    book.write(number: Double(change) / 10, sheet: sheet.sheet, row: row, column: 10,
                               format: book.format(XLSXStyle(bold: isTotal, alignment: .right, border: true, numberFormat: "+0.0;-0.0;0.0")))
                }
            }
            sheet.signature()
            sheet.finish(landscape: false)
        }
        if names.isEmpty { _ = try XLSXSheet(book: book, name: "khuyenhoc", columns: 2, language: l, settings: settings) }
        try book.close()
    }
}
