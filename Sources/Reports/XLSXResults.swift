import Criteria
import Machinery
import Records
import Scoring
import TextSupport

/// The ranked lists as a workbook (`score --format xlsx --output FILE.xlsx`): one sheet per
/// model, and per commune when the run has several, each an office document
/// (``XLSXSheet``): heading, title, the table (STT, key, name, hamlet, points per group,
/// total, rank, result, notes) with numbers as numbers, and the signature block.
///
/// Every row of the listing is there: rows with errors come as the CSV has them, result
/// "Lỗi" and what to fix in the notes column. Sheets are named after the model's title (and
/// the commune), cut to Excel's 31 characters.
///
/// ```swift
/// try XLSXResults(language: .vietnamese, settings: settings).write(results, to: "ket-qua.xlsx")
/// ```
public struct XLSXResults {
    public var language: Language
    public var settings: ReportSettings

    public init(language: Language, settings: ReportSettings) {
        self.language = language
        self.settings = settings
    }

    public func write(_ run: RunResults, to path: String) throws(XLSXBook.Failure) {
        let clock = StepClock()
        let book = try XLSXBook(path: path)
        var names: Set<String> = []
        let report = TextReport(language: language, settings: settings)
        for results in run.outputOrder {
            let sections = TextReport.communeSections(results)
            let several = sections.count > 1
            for section in sections.isEmpty ? [(commune: "", range: 0..<0)] : sections {
                let title = results.model.title(language)
                let name = XLSXBook.sheetName(several ? "\(title) - \(section.commune)" : title, taken: names)
                names.insert(name)
                try writeSheet(results, section: section, name: name, book: book, report: report, sources: run.sources)
            }
        }
        if names.isEmpty { _ = try XLSXSheet(book: book, name: "khuyenhoc", columns: 2, language: language, settings: settings) }
        clock.mark("xlsx rows")
        try book.close()
        clock.mark("xlsx close (zip)")
    }

    private func writeSheet(_ results: ModelResults, section: (commune: String, range: Range<Int>), name: String,
                            book: XLSXBook, report: TextReport, sources: [SurveySource]) throws(XLSXBook.Failure) {
        let l = language
        let model = results.model
        let hasHamlet = model.hamletFieldIndex != nil
        let keyLabel = model.displayKeyFieldIndexes.map { model.definition.fields[$0].label(l) }.joined(separator: ", ")
        var header = [l.pick("STT", "No."), keyLabel, model.definition.fields[model.nameFieldIndex].label(l)]
        if hasHamlet { header.append(model.definition.fields[model.hamletFieldIndex!].label(l)) }
        header += model.groups.map(\.definition.id)
        header += [l.pick("Tổng điểm", "Total"), l.pick("Hạng", "Rank"), l.pick("Kết quả", "Result"), l.pick("Ghi chú", "Notes")]
        let sheet = try XLSXSheet(book: book, name: name, columns: header.count, language: l, settings: settings)
        sheet.wrapping = [header.count - 1]
        sheet.heading()
        let commune = section.commune.isEmpty ? "" : ReportWords.commune(section.commune, l)
        sheet.title([report.title(model),
                     l.pick("\(commune) — theo bộ tiêu chí \(model.id) \(model.definition.version)",
                            "\(commune) — criteria \(model.id) \(model.definition.version)")])
        sheet.header(header)
        var worded: [Reason: String] = [:]
        var number = 0
        for entry in results.listing[section.range] {
            number += 1
            var cells: [XLSXCellValue] = [.number(number)]
            switch entry {
            case .scored(let row):
                cells.append(.text(results.key(row: row)))
                cells.append(.text(ReportWords.oneLine(results.name(row: row))))
                if hasHamlet { cells.append(.text(results.hamlet(row: row) ?? "")) }
                let level = results.levels[row]
                if level == .error {
                    cells += Array(repeating: .empty, count: model.groups.count + 2)
                } else {
                    for group in model.groups.indices { cells.append(.number(results.groupPoints(row: row, group: group))) }
                    cells.append(.number(results.total(row)))
                    cells.append(.number(Int(results.ranks[row])))
                }
                cells.append(.text(ReportWords.result(results, row: row, l)))
                let reasons = results.reasons[row]
                if reasons.isEmpty {
                    cells.append(.empty)
                } else {
                    cells.append(.text(reasons.map { reason in
                        if let known = worded[reason] { return known }
                        let text = reason.message(in: l, model: model)
                        worded[reason] = text
                        return text
                    }.joined(separator: "; ")))
                }
            case .rejected(let index):
                let rejected = results.rejected[index]
                cells.append(.text(rejected.key))
                cells.append(.text(ReportWords.oneLine(rejected.name)))
                if hasHamlet { cells.append(.text(rejected.hamlet ?? "")) }
                cells += Array(repeating: .empty, count: model.groups.count + 2)
                cells.append(.text(CompiledModel.fixedLevelName(.error, l)))
                let place = ReportWords.origin(rejected.origin, sources: sources, l)
                cells.append(.text(place + ": " + rejected.problems.map { ReportWords.problem($0.message(in: l), at: place) }.joined(separator: "; ")))
            }
            sheet.row(cells)
        }
        sheet.signature()
        sheet.finish(landscape: header.count > 10)
    }
}

extension FieldDefinition {
    /// The field's label in the language asked.
    func label(_ language: Language) -> String { language.pick(label, optionalEnglish: labelEnglish) }
}
