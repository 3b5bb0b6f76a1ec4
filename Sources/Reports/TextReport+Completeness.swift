import Criteria
import Records
import Scoring
import TextSupport

/// Rule 5 of the survey spec: per commune, whether each hamlet's household data has arrived —
/// the households the hamlet declares (`so_ho`), the household rows received that link to it,
/// those with errors, and a mark on hamlets that have none (they are not scored).
///
/// Which model is the hamlet and which the household comes from the criteria: a model whose
/// relation links on the related model's hamlet field (`<identity … hamlet="ma_ap"/>`).
///
/// ```
///  DỮ LIỆU HỘ GIA ĐÌNH THEO ẤP
///  Mã ấp  Tên ấp, khóm  Số hộ khai báo  Dòng nhận được  Dòng có lỗi
///  LK     Long Khánh                80              76            2
///  LH     Long Hội                  80               0            0  ← chưa có dữ liệu hộ gia đình
/// ```
struct CompletenessTable {
    /// The entity model's field that declares how many households it has: the reference
    /// criteria's `so_ho`. When the model has no such whole-number field the column shows "—".
    static let declaredField = "so_ho"

    let results: ModelResults
    let relation: Int
    let language: Language

    /// The table for a model whose entities gather the households of a hamlet, nil for other models.
    init?(results: ModelResults, language: Language) {
        let model = results.model
        guard let r = model.relations.firstIndex(where: { relation in
            relation.model.hamletFieldIndex.map { relation.thereFields.contains($0) } ?? false
        }) else { return nil }
        self.results = results
        relation = r
        self.language = language
    }

    /// The lines for the scored entities of one commune's listing, in input order.
    func lines(entries: ArraySlice<ListingEntry>, width: Int) -> [String] {
        let model = results.model
        let related = model.relations[relation].model
        let declared = model.definition.fields.firstIndex { $0.id == Self.declaredField && $0.type == .int }
        let rows = entries.compactMap { entry -> Int? in
            if case .scored(let row) = entry { return row }
            return nil
        }.sorted()
        guard !rows.isEmpty else { return [] }
        let codeField = model.displayKeyFieldIndexes.first.map { model.definition.fields[$0] }
        let nameField = model.definition.fields[model.nameFieldIndex]
        var table = TextTable(columns: [
            TableColumn(codeField.map { language.pick($0.label, $0.labelEnglish ?? $0.label) } ?? language.pick("Mã", "Code"), .left),
            TableColumn(language.pick(nameField.label, nameField.labelEnglish ?? nameField.label), .left, floor: 8),
            TableColumn(language.pick("Số hộ khai báo", "Declared households"), .right),
            TableColumn(language.pick("Dòng nhận được", "Rows received"), .right),
            TableColumn(language.pick("Dòng có lỗi", "Rows with errors"), .right),
            TableColumn(language.pick("Ghi chú", "Note"), .left),
        ])
        let members = results.members[relation], rejected = results.rejectedMembers[relation]
        let none = language.pick("← chưa có dữ liệu \(related.definition.entity)",
                                 "← no \(related.definition.entityEnglish ?? related.definition.entity) data yet")
        var cells: [[String]] = []
        for row in rows {
            let errors = Int(rejected[row])
            let received = members[row].count + errors
            cells.append([results.key(row: row), Self.oneLine(results.name(row: row)),
                          declared.map { results.table.text(field: $0, row: row) } ?? "—",
                          String(received), String(errors), received == 0 ? none : ""])
        }
        // The mark's column only when some hamlet has no data.
        if cells.allSatisfy({ $0[5].isEmpty }) {
            table.columns.removeLast()
            cells = cells.map { Array($0.dropLast()) }
        }
        for line in cells {
            for (c, cell) in line.enumerated() { table.columns[c].fit(cell) }
        }
        table.layout(width: width, flexible: 1)
        let title = language.pick("DỮ LIỆU \(related.definition.entity.uppercased()) THEO \(Self.firstWord(model.definition.entity).uppercased())",
                                  "\((related.definition.entityEnglish ?? related.definition.entity).uppercased()) DATA BY "
                                    + (model.definition.entityEnglish ?? model.definition.entity).uppercased())
        return [" " + title] + table.header + cells.map { Self.trimmed(table.row($0)) }
    }

    /// "ấp, khóm" → "ấp".
    static func firstWord(_ entity: String) -> String {
        entity.split(separator: ",").first.map(String.init) ?? entity
    }

    /// Line breaks and tabs in a name as spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
