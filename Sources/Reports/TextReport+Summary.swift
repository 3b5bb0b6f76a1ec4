import Criteria
import Records
import Scoring
import TextSupport

/// "TỔNG HỢP THEO ẤP": per hamlet and for the whole commune, how many entities were scored, how
/// many reached each level, how many rows had errors, and the recognition rate
/// (the certified levels, tiêu biểu + đạt in the shipped files) / scored. Rows that could not be read are counted under the hamlet they
/// name; those whose hamlet could not be read either go on a line of their own, so that the
/// columns add up to the commune's line.
struct HamletSummary {
    let language: Language
    /// The model counted: its levels name the columns.
    let model: CompiledModel
    private var hamlets: [(code: String, counts: LevelCounts)] = []
    private var unknown = LevelCounts()
    private var commune = LevelCounts()

    /// `hamlets`, when given, reads the hamlet of scored rows by its code (counted per code, each
    /// code turned into its text once). `linked` turns hamlets typed another way into the code of
    /// the hamlet they link to (``ModelResults/linkedCodes(field:commune:)``), so that the rows
    /// are counted under it.
    /// `names`: the hamlets' names by code (from the hamlet file), printed instead of the codes.
    init(results: ModelResults, entries: ArraySlice<ListingEntry>, language: Language, hamlets coded: FieldBytes? = nil,
         linked: [String: String] = [:], names: [String: String] = [:]) {
        self.language = language
        self.model = results.model
        var byHamlet: [String: LevelCounts] = [:]
        var byCode: [Int: Int] = [:]
        var codeCounts: [(code: Int, counts: LevelCounts)] = []
        var last = (code: -1, index: -1)
        for entry in entries {
            switch entry {
            case .scored(let row):
                if let coded, let code = coded.code(row: row) {
                    // Rows of a hamlet tend to follow each other: the last code is tried first.
                    var index = last.index
                    if code != last.code {
                        if let known = byCode[code] {
                            index = known
                        } else {
                            index = codeCounts.count
                            byCode[code] = index
                            codeCounts.append((code, LevelCounts()))
                        }
                        last = (code, index)
                    }
                    codeCounts[index].counts.add(results.levels[row])
                    continue
                }
                byHamlet[results.hamlet(row: row) ?? "", default: LevelCounts()].add(results.levels[row])
            case .rejected(let index):
                let hamlet = results.rejected[index].hamlet ?? ""
                if hamlet.isEmpty { unknown.errors += 1 } else { byHamlet[hamlet, default: LevelCounts()].errors += 1 }
            }
        }
        if let coded {
            for (code, counts) in codeCounts {
                let name = coded.value(code: code)
                byHamlet[name] = (byHamlet[name] ?? LevelCounts()) + counts
            }
        }
        if !linked.isEmpty {
            var byLinked: [String: LevelCounts] = [:]
            for (hamlet, counts) in byHamlet {
                let code = linked[hamlet] ?? hamlet
                byLinked[code] = (byLinked[code] ?? LevelCounts()) + counts
            }
            byHamlet = byLinked
        }
        if !names.isEmpty {
            var byName: [String: LevelCounts] = [:]
            for (code, counts) in byHamlet {
                let name = code.isEmpty ? code : names[code] ?? code
                byName[name] = (byName[name] ?? LevelCounts()) + counts
            }
            byHamlet = byName
        }
        hamlets = byHamlet.map { (code: $0.key, counts: $0.value) }
            .map { (key: VietnameseCollation.key($0.code), item: $0) }
            .sorted { ($0.key, $0.item.code) < ($1.key, $1.item.code) }
            .map(\.item)
        commune = hamlets.reduce(unknown) { $0 + $1.counts }
    }

    func lines(width: Int) -> [String] {
        var table = TextTable(columns: [
            TableColumn(language.pick("Ấp", "Hamlet"), .left, floor: 8),
            TableColumn(language.pick("Số hộ chấm", "Scored"), .right),
        ] + model.levels.indices.map { TableColumn(model.levelName(.declared($0), language), .right) } + [
            TableColumn(language.pick("Không đạt", "Not certified"), .right),
            TableColumn(language.pick("Lỗi", "Errors"), .right),
            TableColumn(language.pick("Tỉ lệ công nhận", "Recognition rate"), .right),
        ])
        var rows = hamlets.map { cells($0.code.isEmpty ? language.pick("(không rõ ấp)", "(hamlet unknown)") : DisplayWidth.oneLine($0.code), $0.counts) }
        if unknown.errors > 0 { rows.append(cells(language.pick("(không rõ ấp)", "(hamlet unknown)"), unknown)) }
        let total = cells(language.pick("Toàn xã", "Whole commune"), commune)
        for cells in rows + [total] {
            for (c, cell) in cells.enumerated() { table.columns[c].fit(cell) }
        }
        table.layout(width: width)
        let rule = " " + String(repeating: "─", count: max(0, table.lineWidth - 1))
        return [" " + language.pick("TỔNG HỢP THEO ẤP", "SUMMARY BY HAMLET")] + table.header
            + rows.map(table.row) + [rule, table.row(total)]
    }

    private func cells(_ name: String, _ counts: LevelCounts) -> [String] {
        [name, String(counts.scored)] + model.levels.indices.map { String(counts.declared[$0]) }
            + [String(counts.notCertified), String(counts.errors),
               VietnameseFormat.percent(counts.certified(model), of: counts.scored, language: language)]
    }
}
