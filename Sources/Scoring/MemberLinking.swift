import Machinery
import Criteria
import Records
import TextSupport

/// Finds, for each relation of a model (a clan's households, a hamlet's households), each
/// entity's member rows in the related model's table: with one pass over the related table,
/// never a scan per entity.
///
/// Through a table with a cell per pair of codes when the linked fields are coded text on both
/// sides (commune and clan code), otherwise through a dictionary keyed by the linked field
/// values. Codes used by related rows that name no entity are noted in
/// ``ModelResults/unmatchedLinks`` of the related model.
///
/// ```swift
/// MemberLinking.link(clans, done: ["gia-dinh-hoc-tap": households])
/// clans.members[0][row]     // the rows of the clan's households
/// ```
enum MemberLinking {
    /// The rows of each group in order (`groupOfRow[row]` is the row's group or -1; `sizes[g]`
    /// its number of rows), each array sized once (a counting sort).
    static func rows(ofGroups groupOfRow: [Int32], sizes: [Int]) -> [[Int32]] {
        groupOfRow.withColumnView { groupOfRow in
            CountingSort(sizes: sizes, items: groupOfRow.count) { Int(groupOfRow[unchecked: $0]) }.itemsByGroup()
        }
    }

    /// For each relation, finds each entity's members with one pass over the related table,
    /// never a scan per entity: through a table with a cell per pair of codes when the linked
    /// fields are coded text on both sides (``linkCoded(_:relation:related:)``), otherwise
    /// through a dictionary keyed by the linked field values.
    static func link(_ results: ModelResults, done: [String: ModelResults]) {
        let table = results.table
        for (r, relation) in results.model.relations.enumerated() {
            let related = done[relation.model.id]!
            if linkCoded(results, relation: r, related: related) { continue }
            var byKey: [LinkKey: [Int32]] = [:]
            related.table.withColumns { columns in
                if let coded = CodedLink(relation.thereFields, columns) {
                    // Text coded by distinct value: group rows by their pair of codes, then turn
                    // each distinct pair (not each row) into its strings.
                    // Two passes: number the groups and count their rows, then fill arrays of
                    // exactly the right size (no array grows row by row).
                    var groupOfRow = [Int32](repeating: -1, count: related.count)
                    var sizes: [Int] = []
                    var groupOfKey: [UInt64: Int32] = [:]
                    for row in 0..<related.count where related.levels[row] != .error {
                        let key = coded.key(row)
                        if let group = groupOfKey[key] {
                            groupOfRow[row] = group
                            sizes[Int(group)] += 1
                        } else {
                            groupOfKey[key] = Int32(sizes.count)
                            groupOfRow[row] = Int32(sizes.count)
                            sizes.append(1)
                        }
                    }
                    for rows in Self.rows(ofGroups: groupOfRow, sizes: sizes) {
                        byKey[LinkKey(relation.thereFields, columns, Int(rows[0]))] = rows
                    }
                } else {
                    for row in 0..<related.count where related.levels[row] != .error {
                        byKey[LinkKey(relation.thereFields, columns, row), default: []].append(Int32(row))
                    }
                }
            }
            var members: [[Int32]] = []
            members.reserveCapacity(table.count)
            var matched = Set<LinkKey>()
            table.withColumns { columns in
                for row in 0..<table.count {
                    let key = LinkKey(relation.hereFields, columns, row)
                    members.append(byKey[key] ?? [])
                    matched.insert(key)
                }
            }
            var targets = LinkTargets(results, relation: r)
            resolveUnmatched(byKey.filter { !matched.contains($0.key) }, targets: &targets, results: results, relation: r,
                             related: related, members: &members)
            results.members[r] = members
            linkRejected(targets: &targets, results: results, relation: r, related: related)
        }
    }

    /// Related rows whose codes named no entity exactly (rule 4 of the survey spec): each
    /// distinct code (not each row) is looked up folded and by name among the entities of its
    /// commune (``LinkResolver``). A code that names one entity adds its rows to the entity's
    /// members and is noted as read that way; the others are noted as unknown.
    private static func resolveUnmatched(_ unmatched: [LinkKey: [Int32]], targets: inout LinkTargets?, results: ModelResults,
                                         relation r: Int, related: ModelResults, members: inout [[Int32]]) {
        let relation = results.model.relations[r]
        guard !unmatched.isEmpty else { return }
        guard targets != nil else {
            noteUnmatched(unmatched, relation: relation, model: results.model, related: related)
            return
        }
        var unknown: [LinkKey: [Int32]] = [:]
        var candidates: [LinkKey: [String]] = [:]
        var resolved: [ResolvedLink] = []
        for (key, rows) in unmatched {
            let (commune, typed) = targets!.parts(of: key)
            guard !typed.isEmpty else { unknown[key] = rows; continue }
            let (resolution, entityRows) = targets!.resolve(commune: commune, typed: typed)
            switch resolution {
            case .exact(let c), .variant(let c):
                let entity = entityRows[c]
                members[entity] = (members[entity] + rows).sorted()
                resolved.append(targets!.note(typed: typed, commune: commune, entity: entity, rows: rows.count))
            case .ambiguous(let several):
                unknown[key] = rows
                candidates[key] = several.map { results.key(row: entityRows[$0]) }
            case .unknown:
                unknown[key] = rows
            }
        }
        related.resolvedLinks += resolved.sorted { ($0.model, $0.commune, $0.typed) < ($1.model, $1.commune, $1.typed) }
        noteUnmatched(unknown, relation: relation, model: results.model, related: related, candidates: candidates)
    }

    /// Counts, for each entity, the related rows with errors (``ModelResults/rejected``) that
    /// name it, exactly or as rule 4 reads their code (``ModelResults/rejectedMembers``): an
    /// entity named only by rows with errors still has data. Variants are noted as for valid rows.
    private static func linkRejected(targets: inout LinkTargets?, results: ModelResults, relation r: Int, related: ModelResults) {
        var counts = [Int32](repeating: 0, count: results.count)
        defer { results.rejectedMembers[r] = counts }
        guard targets != nil, !related.rejected.isEmpty else { return }
        let relation = results.model.relations[r]
        let codeField = relation.thereFields[targets!.codePosition]
        let hamletField = related.model.hamletFieldIndex
        var known: [ExactText: [ExactText: (entity: Int, variant: Bool)?]] = [:]
        var variants: [ExactText: [ExactText: Int]] = [:]
        for rejected in related.rejected {
            let typed = (codeField == hamletField ? rejected.hamlet : nil) ?? rejected.texts[codeField] ?? ""
            guard !typed.isEmpty else { continue }
            let commune = targets!.communePosition == nil ? "" : rejected.commune
            let c = ExactText(commune), t = ExactText(typed)
            let found: (entity: Int, variant: Bool)?
            if let cached = known[c]?[t] {
                found = cached
            } else {
                let (resolution, entityRows) = targets!.resolve(commune: commune, typed: typed)
                switch resolution {
                case .exact(let k): found = (entityRows[k], false)
                case .variant(let k): found = (entityRows[k], true)
                case .unknown, .ambiguous: found = nil
                }
                known[c, default: [:]][t] = .some(found)
            }
            guard let found else { continue }
            counts[found.entity] += 1
            if found.variant { variants[c, default: [:]][t, default: 0] += 1 }
        }
        // Variants the valid rows used too are noted once, with the rows of both counted.
        for (c, typedCounts) in variants {
            for (t, rows) in typedCounts {
                guard let found = known[c]?[t], let entity = found?.entity else { continue }
                if let i = related.resolvedLinks.firstIndex(where: { $0.model == results.model.id && $0.field == related.model.definition.fields[codeField].id
                    && $0.commune == c.string && $0.typed == t.string }) {
                    related.resolvedLinks[i].rows += rows
                } else {
                    related.resolvedLinks.append(targets!.note(typed: t.string, commune: c.string, entity: entity, rows: rows))
                }
            }
        }
    }

    /// The members of each entity when the linked fields are coded text on both sides (commune
    /// and clan code, commune and hamlet code): the related rows are grouped by their pair of
    /// codes in a table with a cell per pair, and each entity's codes are translated into the
    /// related table's codes once per distinct value. No text is hashed per row. Returns false
    /// (and does nothing) when the fields are not coded or the table would be too large.
    private static func linkCoded(_ results: ModelResults, relation r: Int, related: ModelResults) -> Bool {
        let relation = results.model.relations[r]
        return related.table.withColumns { there -> Bool in
            results.table.withColumns { here -> Bool in
                guard let thereLink = CodedLink(relation.thereFields, there), let cells = thereLink.denseCells,
                      let hereLink = CodedLink(relation.hereFields, here),
                      relation.thereFields.count == relation.hereFields.count else { return false }
                // Group the related rows by cell, counting first so each group is sized once.
                var groupOfCell = [Int32](repeating: -1, count: cells)
                var groupOfRow = [Int32](repeating: -1, count: related.count)
                var sizes: [Int] = []
                var cellOfGroup: [Int] = []
                for row in 0..<related.count where related.levels[row] != .error {
                    let cell = thereLink.cell(row)
                    var group = groupOfCell[cell]
                    if group < 0 {
                        group = Int32(sizes.count)
                        groupOfCell[cell] = group
                        sizes.append(0)
                        cellOfGroup.append(cell)
                    }
                    groupOfRow[row] = group
                    sizes[Int(group)] += 1
                }
                let groups = Self.rows(ofGroups: groupOfRow, sizes: sizes)

                // Each distinct value of this table's fields, as the related table's code (-1: none).
                func translation(_ hereField: Int, _ thereField: Int) -> [Int32] {
                    let thereValues = there.texts[there.slots[thereField]].values
                    var codeOf: [ExactText: Int32] = [:]
                    for (code, value) in thereValues.enumerated() { codeOf[ExactText(value)] = Int32(code) }
                    return here.texts[here.slots[hereField]].values.map { codeOf[ExactText($0)] ?? -1 }
                }
                let firstMap = translation(relation.hereFields[0], relation.thereFields[0])
                let secondMap = relation.hereFields.count == 2 ? translation(relation.hereFields[1], relation.thereFields[1]) : []
                var matched = [Bool](repeating: false, count: groups.count)
                var members: [[Int32]] = []
                members.reserveCapacity(results.count)
                for row in 0..<results.count {
                    let first = firstMap[Int(hereLink.first[row])]
                    let second = hereLink.second.map { secondMap[Int($0[row])] } ?? 0
                    guard first >= 0, second >= 0 else { members.append([]); continue }
                    let group = groupOfCell[Int(first) * thereLink.secondValues + Int(second)]
                    guard group >= 0 else { members.append([]); continue }
                    matched[Int(group)] = true
                    members.append(groups[Int(group)])
                }
                var unmatched: [LinkKey: [Int32]] = [:]
                for (group, rows) in groups.enumerated() where !matched[group] {
                    unmatched[LinkKey(relation.thereFields, there, Int(rows[0]))] = rows
                }
                var targets = LinkTargets(results, relation: r)
                resolveUnmatched(unmatched, targets: &targets, results: results, relation: r, related: related, members: &members)
                results.members[r] = members
                linkRejected(targets: &targets, results: results, relation: r, related: related)
                return true
            }
        }
    }

    /// Codes used by related rows that name no entity of this model (a blank code means "none").
    private static func noteUnmatched(_ unmatched: [LinkKey: [Int32]], relation: CompiledRelation, model: CompiledModel,
                               related: ModelResults, candidates: [LinkKey: [String]] = [:]) {
        let fields = relation.thereFields
        let commune = related.model.communeFieldIndex
        let codeFields = fields.filter { $0 != commune }
        var notes: [UnmatchedLink] = []
        for (key, rows) in unmatched {
            let row = Int(rows[0])
            let codes = codeFields.map { related.table.text(field: $0, row: row) }
            guard !codes.contains(where: \.isEmpty) else { continue }
            let field = related.model.definition.fields[codeFields.first ?? fields[0]]
            notes.append(UnmatchedLink(model: model.id, entity: model.definition.entity, entityEnglish: model.definition.entityEnglish,
                                       field: field.id, fieldLabel: field.label, fieldLabelEnglish: field.labelEnglish,
                                       commune: related.commune(row: row), code: codes.joined(separator: "/"), rows: rows.count,
                                       candidates: candidates[key] ?? []))
        }
        related.unmatchedLinks += notes.sorted { ($0.model, $0.commune, $0.code) < ($1.model, $1.commune, $1.code) }
    }
}

/// The linked field values of one row; two fields (commune and code) need no array.
struct LinkKey: Hashable {
    var first: ExactText
    var second: ExactText
    var rest: [ExactText]

    init(_ fields: [Int], _ columns: RecordColumns, _ row: Int) {
        first = ExactText(fields.count > 0 ? columns.anyText(field: fields[0], row: row) : "")
        second = ExactText(fields.count > 1 ? columns.anyText(field: fields[1], row: row) : "")
        rest = fields.count > 2 ? fields.dropFirst(2).map { ExactText(columns.anyText(field: $0, row: row)) } : []
    }
}

/// The codes of one or two coded text fields packed into one integer per row.
struct CodedLink {
    let first: ColumnView<UInt32>
    let second: ColumnView<UInt32>?
    /// The number of distinct values of the second field (1 when there is none).
    let secondValues: Int
    /// The number of pairs of codes, when small enough for a table with a cell per pair.
    let denseCells: Int?

    init?(_ fields: [Int], _ columns: RecordColumns) {
        guard (1...2).contains(fields.count),
              fields.allSatisfy({ columns.types[$0] == .text && columns.texts[columns.slots[$0]].isCoded }) else { return nil }
        let firstView = columns.texts[columns.slots[fields[0]]]
        first = firstView.codes
        let secondView = fields.count == 2 ? columns.texts[columns.slots[fields[1]]] : nil
        second = secondView?.codes
        secondValues = max(1, secondView?.values.count ?? 1)
        let (cells, overflow) = max(1, firstView.values.count).multipliedReportingOverflow(by: secondValues)
        denseCells = !overflow && cells <= 1 << 22 ? cells : nil
    }

    /// The cell of a row's pair of codes in a table of ``denseCells`` cells.
    @inline(__always)
    func cell(_ row: Int) -> Int {
        Int(first[unchecked: row]) * secondValues + Int(second?[unchecked: row] ?? 0)
    }

    @inline(__always)
    func key(_ row: Int) -> UInt64 {
        UInt64(first[unchecked: row]) << 32 | UInt64(second?[unchecked: row] ?? 0)
    }
}

extension RecordColumns {
    /// A field's value as text, whatever its type (as ``RecordTable/text(field:row:)``).
    @inline(__always)
    func anyText(field: Int, row: Int) -> String {
        let slot = slots[field]
        switch types[field] {
        case .text: return text(slot: slot, row: row)
        case .int: return String(ints[slot][row])
        case .bool: return bools[slot][row] ? "1" : "0"
        }
    }
}

