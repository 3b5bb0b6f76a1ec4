import Criteria
import Foundation
import Machinery
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
        /// Valid rows' keys (their key fields joined by a tab), one per line, for duplicates
        /// between files.
        public var keys: String
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

    /// Rows from which a table's keys are worth a thread of their own.
    static let keysApartRows = 100_000

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

    /// Reads a file as `score` does; a text file from `bytes` when they are given (its bytes,
    /// already read).
    public static func read(path: String, bytes: [UInt8]? = nil, criteria: CriteriaSet, threads: Int = 1) -> FileContents {
        var reader = SurveyReader(criteria: criteria, threads: threads)
        if let bytes, ["csv", "txt", "tsv"].contains((path as NSString).pathExtension.lowercased()) {
            reader.textFilesInMemory[path] = bytes
        }
        let clock = RegisterClock()
        let result = reader.read(paths: [path])
        clock.mark("rows read")
        var parts: [Part] = []
        for model in criteria.models {
            guard let count = result.count(model: model.id), count.read + count.notRecords > 0 else { continue }
            let table = result.data.tables[model.id]
            let rejected = result.data.rejected[model.id] ?? []
            var communes = Set<String>()
            var hamlets = Set<String>()
            // A large table's keys are joined on a thread of their own while the rest is counted
            // (a province file's million keys take as long as its units).
            let keysWork = table.flatMap { table in
                table.count >= keysApartRows ? BackgroundWork { joinedKeys(of: table, fields: model.keyFieldIndexes) } : nil
            }
            // Each row's commune as a number, once for the communes and the units.
            let communeIDs = table.map { FieldIDs(table: $0, field: model.communeFieldIndex) }
            if let table, let communeIDs {
                communes = communeIDs.usedNames
                if let field = model.hamletFieldIndex { hamlets = FieldIDs(table: table, field: field).usedNames }
            }
            for row in rejected {
                if !row.commune.isEmpty { communes.insert(row.commune) }
                if let hamlet = row.hamlet, !hamlet.isEmpty { hamlets.insert(hamlet) }
            }
            hamlets.remove("")
            communes.remove("")
            clock.mark("communes and hamlets of \(model.id)")
            let units = memberUnits(of: model, table: table, communeIDs: communeIDs, rejected: rejected, criteria: criteria)
                + entityUnits(of: model, table: table, criteria: criteria)
            let keys = keysWork?.wait() ?? table.map { joinedKeys(of: $0, fields: model.keyFieldIndexes) } ?? ""
            clock.mark("units of \(model.id)")
            parts.append(Part(model: model.id, communes: communes.sorted(), rowsRead: count.read, validRows: count.valid,
                              errorRows: count.rejected, notRecords: count.notRecords, keys: keys, units: units,
                              hamlets: hamlets.sorted()))
        }
        return FileContents(parts: parts, notes: result.data.notes, problems: result.fileErrors)
    }

    /// The groups a member file's rows name: for each model relating to this one, the field that
    /// links (other than the commune), counted per commune and code.
    static func memberUnits(of model: CompiledModel, table: RecordTable?, communeIDs: FieldIDs?, rejected: [RejectedRow],
                            criteria: CriteriaSet) -> [Unit] {
        var units: [Unit] = []
        for group in criteria.models {
            for relation in group.relations where relation.model.id == model.id {
                let links = relation.thereFields.filter { $0 != model.communeFieldIndex }
                guard links.count == 1, let link = links.first else { continue }
                var counts: [String: [String: Int]] = [:]
                if let table, let communeIDs {
                    // Counted by the fields' small numbers, in runs of equal (commune, code): one
                    // table update per run, and names looked at once per pair.
                    let codes = FieldIDs(table: table, field: link)
                    var pairs: [Int: Int] = [:]
                    var run = (pair: -1, rows: 0)
                    let width = codes.names.count
                    let empty = codes.names.map(\.isEmpty)
                    for row in 0..<table.count {
                        let code = Int(codes.ids[row])
                        guard !empty[code] else { continue }
                        let pair = Int(communeIDs.ids[row]) * width + code
                        if pair == run.pair { run.rows += 1; continue }
                        if run.rows > 0 { pairs[run.pair, default: 0] += run.rows }
                        run = (pair, 1)
                    }
                    if run.rows > 0 { pairs[run.pair, default: 0] += run.rows }
                    for (pair, rows) in pairs {
                        counts[communeIDs.names[pair / width], default: [:]][codes.names[pair % width], default: 0] += rows
                    }
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

/// A field's rows as small numbers, and the names they stand for: the column's own codes when
/// it is a coded text column (communes, hamlets, clans), otherwise numbers given in order of
/// first appearance (rows in runs of the same value cost one comparison each).
struct FieldIDs {
    var ids: [Int32]
    var names: [String]

    init(table: RecordTable, field: Int) {
        let direct: (ids: [Int32], names: [String])? = table.withColumns { columns in
            guard columns.types[field] == .text, case let view = columns.texts[columns.slots[field]], view.isCoded else { return nil }
            return ((0..<view.count).map { Int32(truncatingIfNeeded: view.codes[$0]) }, (0..<view.values.count).map { view.values[$0] })
        }
        if let direct {
            (ids, names) = direct
            return
        }
        var numbers: [String: Int32] = [:]
        var ids = [Int32](repeating: 0, count: table.count)
        var names: [String] = []
        var last = "", lastID: Int32 = -1
        for row in 0..<table.count {
            let value = table.text(field: field, row: row)
            if lastID < 0 || !value.utf8.elementsEqual(last.utf8) {
                if let known = numbers[value] {
                    lastID = known
                } else {
                    lastID = Int32(names.count)
                    numbers[value] = lastID
                    names.append(value)
                }
                last = value
            }
            ids[row] = lastID
        }
        self.ids = ids
        self.names = names
    }

    /// The names some row uses (a coded column may keep values of rows since removed).
    var usedNames: Set<String> {
        var used = [Bool](repeating: false, count: names.count)
        for id in ids { used[Int(id)] = true }
        return Set(names.indices.filter { used[$0] }.map { names[$0] })
    }
}

extension FileContents {
    /// Every row's key (its key fields joined by a tab), one per line, built as bytes.
    /// A coded text column's value is appended from its distinct values' bytes, a plain one's
    /// from the row's string, anything else through its text.
    static func joinedKeys(of table: RecordTable, fields: [Int]) -> String {
        table.withColumns { columns in
            let views = fields.map { field in columns.types[field] == .text ? columns.texts[columns.slots[field]] : nil }
            let coded = views.map { view -> [[UInt8]]? in
                guard let view, view.isCoded else { return nil }
                return (0..<view.values.count).map { Array(view.values[$0].utf8) }
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(table.count * 16)
            for row in 0..<table.count {
                if row > 0 { bytes.append(0x0A) }
                for k in fields.indices {
                    if k > 0 { bytes.append(0x09) }
                    if let values = coded[k], let view = views[k] {
                        bytes.append(contentsOf: values[Int(view.codes[row])])
                    } else if let view = views[k] {
                        bytes.append(contentsOf: view[row].utf8)
                    } else {
                        bytes.append(contentsOf: table.text(field: fields[k], row: row).utf8)
                    }
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension FileContents.Unit {
    /// Units as the register keeps them (schema 3): a line each, role, commune, code, name,
    /// rows and declared households (empty when not declared) separated by tabs; a backslash,
    /// tab or line break inside a value is written `\\`, `\t`, `\n`, `\r`.
    static func lines(_ units: [FileContents.Unit]) -> String {
        var text = ""
        for unit in units {
            for value in [unit.role, unit.commune, unit.code, unit.name] {
                text += escaped(value)
                text += "\t"
            }
            text += String(unit.rows)
            text += "\t"
            if let declared = unit.declared { text += String(declared) }
            text += "\n"
        }
        return text
    }

    /// The units ``lines(_:)`` wrote (lines that are not six fields are left out).
    static func units(fromLines text: String) -> [FileContents.Unit] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6, let rows = Int(fields[4]) else { return nil }
            return FileContents.Unit(role: unescaped(fields[0]), commune: unescaped(fields[1]), code: unescaped(fields[2]),
                                     name: unescaped(fields[3]), rows: rows, declared: fields[5].isEmpty ? nil : Int(fields[5]))
        }
    }

    private static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static func unescaped(_ value: Substring) -> String {
        guard value.utf8.contains(0x5C) else { return String(value) }
        var out = ""
        var escaping = false
        for character in value.unicodeScalars {
            if escaping {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
