import Criteria
import Foundation
import Records
import Survey
import TextSupport

/// What one survey file held, read exactly as `score` reads it (``SurveyReader``): per model,
/// the communes, rows read and with errors, the keys of its valid rows, and the units it covers
/// (the hamlets and clans its households name, or the hamlets and clans it lists).
///
/// ```swift
/// let contents = FileContents.read(path: "ho-LK.csv", criteria: criteria)
/// print(contents.parts.map(\.model), contents.coverage)
/// ```
public struct FileContents: Sendable {
    /// One model's rows in the file.
    public struct Part: Sendable {
        public var model: String
        public var communes: [String]
        public var rowsRead: Int
        public var validRows: Int
        public var errorRows: Int
        public var notRecords: Int
        /// Valid rows' keys (their key fields joined by a tab), for duplicates between files.
        public var keys: [String]
        public var units: [Unit]
        /// The hamlets its rows link to (households), or empty.
        public var hamlets: [String]
    }

    /// A unit the file covers. For a file of members (households), `role` is the model of the
    /// group the rows name (`cong-dong-hoc-tap` for hamlet codes) and `rows` how many rows name
    /// it; for a file of groups, `role` is ``Unit/entityRole``, one unit per row, with the
    /// households it declares (`so_ho`) when the model has that field.
    public struct Unit: Sendable, Hashable {
        public var role: String
        public var commune: String
        public var code: String
        public var name: String
        public var rows: Int
        public var declared: Int?

        public static let entityRole = "entity"
    }

    public var parts: [Part]
    /// Notes of the reading (title rows skipped, cleaned values), in both languages.
    public var notes: [RowProblem]
    /// Files or sheets that could not be used at all.
    public var problems: [FileProblem]

    /// The field the register reads as a group's declared number of households.
    public static let declaredField = "so_ho"

    /// Which units the file covers, as one line per model: the replacement rule compares it.
    /// Households: model, communes and the hamlets they link to; clans and hamlets: model and
    /// communes.
    public var coverage: String {
        parts.map { part in
            ([part.model, part.communes.joined(separator: ",")] + (part.hamlets.isEmpty ? [] : [part.hamlets.joined(separator: ",")]))
                .joined(separator: "|")
        }.sorted().joined(separator: "\n")
    }

    /// Reads a file as `score` does.
    public static func read(path: String, criteria: CriteriaSet, threads: Int = 1) -> FileContents {
        let reader = SurveyReader(criteria: criteria, threads: threads)
        let result = reader.read(paths: [path])
        var parts: [Part] = []
        for model in criteria.models {
            guard let count = result.count(model: model.id), count.read + count.notRecords > 0 else { continue }
            let table = result.data.tables[model.id]
            let rejected = result.data.rejected[model.id] ?? []
            var communes = Set<String>()
            var hamlets = Set<String>()
            var keys: [String] = []
            if let table {
                keys.reserveCapacity(table.count)
                // Rows come in runs of the same commune and hamlet: a value is added to its set
                // only when it differs from the row before (compared as bytes, which is cheaper
                // than hashing Vietnamese text).
                var lastCommune = "", lastHamlet = ""
                let keyFields = model.keyFieldIndexes
                for row in 0..<table.count {
                    let commune = table.text(field: model.communeFieldIndex, row: row)
                    if row == 0 || !commune.utf8.elementsEqual(lastCommune.utf8) {
                        communes.insert(commune)
                        lastCommune = commune
                    }
                    if let field = model.hamletFieldIndex {
                        let hamlet = table.text(field: field, row: row)
                        if row == 0 || !hamlet.utf8.elementsEqual(lastHamlet.utf8) {
                            hamlets.insert(hamlet)
                            lastHamlet = hamlet
                        }
                    }
                    var key = table.text(field: keyFields[0], row: row)
                    for field in keyFields.dropFirst() {
                        key += "\t"
                        key += table.text(field: field, row: row)
                    }
                    keys.append(key)
                }
            }
            for row in rejected {
                if !row.commune.isEmpty { communes.insert(row.commune) }
                if let hamlet = row.hamlet, !hamlet.isEmpty { hamlets.insert(hamlet) }
            }
            hamlets.remove("")
            communes.remove("")
            let units = memberUnits(of: model, table: table, rejected: rejected, criteria: criteria)
                + entityUnits(of: model, table: table, criteria: criteria)
            parts.append(Part(model: model.id, communes: communes.sorted(), rowsRead: count.read, validRows: count.valid,
                              errorRows: count.rejected, notRecords: count.notRecords, keys: keys, units: units,
                              hamlets: hamlets.sorted()))
        }
        return FileContents(parts: parts, notes: result.data.notes, problems: result.fileErrors)
    }

    /// The groups a member file's rows name: for each model relating to this one, the field that
    /// links (other than the commune), counted per commune and code.
    static func memberUnits(of model: CompiledModel, table: RecordTable?, rejected: [RejectedRow], criteria: CriteriaSet) -> [Unit] {
        var units: [Unit] = []
        for group in criteria.models {
            for relation in group.relations where relation.model.id == model.id {
                let links = relation.thereFields.filter { $0 != model.communeFieldIndex }
                guard links.count == 1, let link = links.first else { continue }
                var counts: [String: [String: Int]] = [:]
                if let table {
                    // Counted in runs of equal (commune, code), added to the table once per run.
                    var run: (commune: String, code: String, rows: Int) = ("", "", 0)
                    for row in 0..<table.count {
                        let code = table.text(field: link, row: row)
                        guard !code.isEmpty else { continue }
                        let commune = table.text(field: model.communeFieldIndex, row: row)
                        if run.rows > 0 && code.utf8.elementsEqual(run.code.utf8) && commune.utf8.elementsEqual(run.commune.utf8) {
                            run.rows += 1
                            continue
                        }
                        if run.rows > 0 { counts[run.commune, default: [:]][run.code, default: 0] += run.rows }
                        run = (commune, code, 1)
                    }
                    if run.rows > 0 { counts[run.commune, default: [:]][run.code, default: 0] += run.rows }
                }
                for row in rejected {
                    guard let code = row.texts[link], !code.isEmpty else { continue }
                    counts[row.commune, default: [:]][code, default: 0] += 1
                }
                for (commune, codes) in counts {
                    for (code, rows) in codes {
                        units.append(Unit(role: group.id, commune: commune, code: code, name: "", rows: rows, declared: nil))
                    }
                }
            }
        }
        return units.sorted { ($0.role, $0.commune, $0.code) < ($1.role, $1.commune, $1.code) }
    }

    /// A group file's rows (clans, hamlets): one unit each, with `so_ho` when the model has it.
    static func entityUnits(of model: CompiledModel, table: RecordTable?, criteria: CriteriaSet) -> [Unit] {
        guard let table, !model.relations.isEmpty else { return [] }
        let codeFields = model.keyFieldIndexes.filter { $0 != model.communeFieldIndex }
        let declared = model.fieldIndex[declaredField].flatMap { model.fieldTypes[$0] == .int ? $0 : nil }
        return (0..<table.count).map { row in
            Unit(role: Unit.entityRole, commune: table.text(field: model.communeFieldIndex, row: row),
                 code: codeFields.map { table.text(field: $0, row: row) }.joined(separator: " "),
                 name: table.text(field: model.nameFieldIndex, row: row), rows: 1,
                 declared: declared.flatMap { Int(table.text(field: $0, row: row)) })
        }
    }
}
