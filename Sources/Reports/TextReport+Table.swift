import Criteria
import Scoring
import TextSupport

/// The ranked table of one model and commune: cells of every ranked row, column widths fitted
/// to the report width, and the footnotes of the rows that were not certified.
///
/// Built in one pass over the rows; footnotes are numbered by distinct reason text through a
/// dictionary, so a commune of ten thousand households costs no more per row than one of ten.
struct RankedTable {
    private(set) var table: TextTable
    private(set) var rows: [[String]] = []
    /// Footnote texts; footnote `n` is `footnotes[n - 1]`.
    private(set) var footnotes: [String] = []

    /// The name column is never made narrower than this while there is other room to take.
    private static let comfortableName = 24

    init(results: ModelResults, entries: ArraySlice<ListingEntry>, language: Language, width: Int) {
        let model = results.model
        let definition = model.definition
        func label(_ index: Int) -> String {
            let field = definition.fields[index]
            return language.pick(field.label, optionalEnglish: field.labelEnglish)
        }
        let keyLabel = model.keyFieldIndexes.filter { $0 != model.communeFieldIndex }.map(label).joined(separator: "/")
        let hasHamlet = model.hamletFieldIndex != nil

        // Cells may be cut: a key to 8 columns, a hamlet code to 6, a result to its level word.
        var columns = [TextColumn(language.pick("STT", "No."), .right, width: 3),
                       TextColumn(keyLabel, .left, floor: 8),
                       TextColumn(label(model.nameFieldIndex), .left)]
        if hasHamlet { columns.append(TextColumn(language.pick("Ấp", "Hamlet"), .left, floor: 6)) }
        columns += model.groups.map { TextColumn($0.definition.id, .right, width: 3) }
        columns += [TextColumn(language.pick("Tổng", "Total"), .right, width: 3),
                    TextColumn(language.pick("Hạng", "Rank"), .right, width: 3),
                    TextColumn(language.pick("Kết quả", "Result"), .left,
                               floor: DisplayWidth.of(ReportWords.level(.notCertified, language)) + 3)]
        let nameColumn = 2

        var footnoteNumbers: [String: Int] = [:]
        // Most reasons repeat ("TC1 được 10 điểm, …"): word each distinct list once.
        var wordedReasons: [[Reason]: String] = [:]
        var position = 0
        for entry in entries {
            guard case .scored(let row) = entry, results.levels[row] != .error else { continue }
            position += 1
            var cells = [String(position), results.key(row: row), results.name(row: row)]
            if hasHamlet { cells.append(results.hamlet(row: row) ?? "") }
            for g in 0..<model.groups.count { cells.append(String(results.groupPoints(row: row, group: g))) }
            cells.append(String(results.totals[row]))
            cells.append(String(results.ranks[row]))
            var result = ReportWords.result(results, row: row, language)
            if results.levels[row] == .notCertified, !results.reasons[row].isEmpty {
                let reasons = results.reasons[row]
                let text: String
                if let known = wordedReasons[reasons] {
                    text = known
                } else {
                    text = reasons.map { $0.message(in: language, model: model) }.joined(separator: "; ")
                    wordedReasons[reasons] = text
                }
                let number: Int
                if let known = footnoteNumbers[text] {
                    number = known
                } else {
                    footnotes.append(text)
                    number = footnotes.count
                    footnoteNumbers[text] = number
                }
                result += " " + ReportWords.superscript(number)
            }
            cells.append(result)
            for (c, cell) in cells.enumerated() { columns[c].fit(cell) }
            rows.append(cells)
        }

        // The name column takes what is left of the width once every other column is as wide as
        // its cells, with narrower gaps and two-line titles when the name would otherwise be cramped.
        var layout = TextTable(columns: columns)
        layout.layout(width: width, flexible: nameColumn, comfortable: Self.comfortableName)
        table = layout
    }
}
