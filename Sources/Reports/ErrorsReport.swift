import Criteria
import Records
import Scoring
import TextSupport

/// `khuyenhoc errors`: the rows to send back for correction — for every model and commune (or,
/// with ``ReportSettings/byHamlet``, every hamlet, for the hamlet that sent the file), each on
/// pages of its own, the rows that could not be scored, in the order of the file they came from,
/// each with its file and line, its key and name, and what to fix.
///
/// ```
///            DANH SÁCH DÒNG CẦN SỬA — GIA ĐÌNH HỌC TẬP
///              Ấp Long Khánh — Xã Long Hữu: 2 dòng
///
///  1. ho-gia-dinh.csv dòng 34 — Mã hộ HO0033, Họ và tên chủ hộ Lê Văn Út
///     Cần sửa: trùng mã hộ HO0033 với dòng 41
/// ```
///
/// ```swift
/// ErrorsReport(language: .vietnamese, settings: settings).write(results, to: sink)
/// ```
public struct ErrorsReport {
    public var language: Language
    public var settings: ReportSettings
    /// The files' own rows, by source index (``RunResults/sources``): each row to correct is
    /// shown in its file's columns, header and cell, the cells to fix marked. A file without an
    /// entry (one that can no longer be read) shows the key, name and what to fix only.
    public var fileRows: [Int: FileRows] = [:]

    /// A file's header row and some of its rows, as the file holds them.
    public struct FileRows: Sendable {
        public var header: [String]
        public var rows: [Int32: [String]]

        public init(header: [String], rows: [Int32: [String]]) {
            self.header = header
            self.rows = rows
        }
    }

    /// The rows ``write(_:to:)`` lists, by source index: those whose cells ``fileRows`` may give.
    public static func rowsToCorrect(_ run: RunResults) -> [Int: Set<Int32>] {
        var rows: [Int: Set<Int32>] = [:]
        for results in run.models {
            for rejected in results.rejected { rows[Int(rejected.origin.source), default: []].insert(rejected.origin.row) }
            for row in 0..<results.table.count where results.levels[row] == .error {
                let origin = results.table.origins[row]
                rows[Int(origin.source), default: []].insert(origin.row)
            }
        }
        return rows
    }

    public init(language: Language, settings: ReportSettings) {
        self.language = language
        self.settings = settings
    }

    /// Writes the lists; returns the number of rows to correct.
    @discardableResult
    public func write(_ run: RunResults, to sink: OutputSink) -> Int {
        let pages = PageWriter(settings: settings, language: language, sink: sink)
        let names = HamletNames(run: run, given: settings.hamletNames)
        let width = max(1, settings.width)
        var total = 0
        for results in run.outputOrder {
            results.table.withColumns { columns in
                let cells = CellSources(results: results, columns: columns)
                for section in TextReport.communeSections(results, communes: cells.commune) {
                    let entries = results.listing[section.range]
                    let linked = results.model.definition.hamletField.map { results.linkedCodes(field: $0, commune: section.commune) } ?? [:]
                    let parts: [(hamlet: String?, entries: [ListingEntry])] = settings.byHamlet && results.model.hamletFieldIndex != nil
                        ? TextReport.hamletParts(results, entries: entries, cells: cells, linked: linked, names: names, commune: section.commune)
                            .map { ($0.name, $0.entries) }
                        : [(nil, Array(entries))]
                    for part in parts {
                        let rows = part.entries.filter { entry in
                            if case .scored(let row) = entry { return results.levels[row] == .error }
                            return true
                        }.sorted { a, b in
                            let x = origin(of: a, in: results), y = origin(of: b, in: results)
                            return (x.source, x.row) < (y.source, y.row)
                        }
                        guard !rows.isEmpty else { continue }
                        total += rows.count
                        pages.pageBreak()
                        writePart(results, commune: section.commune, hamlet: part.hamlet, rows: rows,
                                  sources: run.sources, width: width, pages: pages)
                    }
                }
            }
        }
        if total == 0 {
            pages.line(" " + language.pick("Không có dòng nào cần sửa.", "No row needs correcting."))
        }
        pages.finish()
        sink.flush()
        return total
    }

    /// The row in its file's columns, one `column: value` a line, the columns its problems name
    /// marked `◄`: the clerk of the hamlet finds the cells in the file's own order.
    static func cellLines(header: [String], cells: [String], problems: [String], indent: String, width: Int) -> [String] {
        let columns = max(header.count, cells.count)
        guard columns > 0 else { return [] }
        let labels = (0..<columns).map { c in c < header.count && !header[c].isEmpty ? DisplayWidth.oneLine(header[c]) : "(\(c + 1))" }
        let labelWidth = min(labels.map(DisplayWidth.of).max() ?? 0, max(8, width - indent.count - 18))
        var lines: [String] = []
        for c in 0..<columns {
            let label = labels[c]
            let value = c < cells.count ? DisplayWidth.oneLine(cells[c]) : ""
            let named = problems.contains { $0.contains("\"\(label)\"") }
            let left = " " + indent + "  " + DisplayWidth.padRight(DisplayWidth.truncate(label, to: labelWidth), to: labelWidth) + "  "
            let room = max(4, width - DisplayWidth.of(left) - 2)
            lines.append((left + DisplayWidth.truncate(value, to: room) + (named ? " ◄" : "")).trimmingTrailingSpaces())
        }
        return lines
    }

    private func origin(of entry: ListingEntry, in results: ModelResults) -> RowOrigin {
        switch entry {
        case .scored(let row): results.table.origins[row]
        case .rejected(let index): results.rejected[index].origin
        }
    }

    private func writePart(_ results: ModelResults, commune: String, hamlet: String?, rows: [ListingEntry],
                           sources: [SurveySource], width: Int, pages: PageWriter) {
        let model = results.model
        let definition = model.definition
        let title = language.pick("DANH SÁCH DÒNG CẦN SỬA — ", "ROWS TO CORRECT — ") + model.title(language).uppercased()
        let place = (hamlet.map { HamletNames.titled($0, language) + " — " } ?? "")
            + ReportWords.commune(DisplayWidth.oneLine(commune), language)
        let count = language.pick("\(rows.count) dòng", rows.count == 1 ? "1 row" : "\(rows.count) rows")
        var lines = [DisplayWidth.center(title, in: width), DisplayWidth.center(place + ": " + count, in: width), ""]
        let keyLabel = model.displayKeyFieldIndexes.map { language.pick(definition.fields[$0].label, optionalEnglish: definition.fields[$0].labelEnglish) }
            .joined(separator: "/")
        let nameLabel = language.pick(definition.fields[model.nameFieldIndex].label,
                                      optionalEnglish: definition.fields[model.nameFieldIndex].labelEnglish)
        let marker = language.pick("Cần sửa: ", "To fix: ")
        for (i, entry) in rows.enumerated() {
            let origin: RowOrigin, key: String, name: String, problems: [String]
            switch entry {
            case .scored(let row):
                origin = results.table.origins[row]
                key = results.key(row: row)
                name = results.name(row: row)
                problems = results.reasons[row].map { $0.message(in: language, model: model) }
            case .rejected(let index):
                let rejected = results.rejected[index]
                origin = rejected.origin
                key = rejected.key
                name = rejected.name
                problems = rejected.problems.map { $0.message(in: language) }
            }
            let where_ = ReportWords.origin(origin, sources: sources, language)
            let number = "\(i + 1). "
            let indent = String(repeating: " ", count: number.count + 1)
            var head = where_
            var who: [String] = []
            if !key.isEmpty { who.append(keyLabel + " " + ReportWords.oneLine(key)) }
            if !name.isEmpty { who.append(nameLabel + " " + ReportWords.oneLine(name)) }
            if !who.isEmpty { head += " — " + who.joined(separator: ", ") }
            lines += DisplayWidth.wrap(number + head, width: width - 1, indent: indent).map { " " + $0 }
            let said = problems.map { ReportWords.problem($0, at: where_) }
            for problem in said {
                lines += DisplayWidth.wrap(marker + problem, width: width - 1 - indent.count, indent: "  ")
                    .map { " " + indent + $0 }
            }
            if let file = fileRows[Int(origin.source)], let cells = file.rows[origin.row] {
                lines += Self.cellLines(header: file.header, cells: cells, problems: said, indent: indent, width: width)
            }
            pages.block(lines)
            lines = []
        }
    }
}
