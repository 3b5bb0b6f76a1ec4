import Machinery
import Criteria
import Records
import TextSupport

/// The values a model reads through a relation to the entity each row belongs to
/// (`ap.vung_kho_khan`: the household's hamlet's tick box), worked out for every row before the
/// rows are scored, from the related model's survey table (not its results: the related model
/// may be scored later).
///
/// A row links to the related row whose link fields hold the same values (`xa`, `ma_ap`), as
/// typed or, when no value is the same, the same once folded (case, tone marks and spaces
/// aside: `lt` finds `LT`). A row that links to no related row, or to more than one, reads the
/// field's `default`.
///
/// A model whose expressions read its certified history (`history.years_certified`,
/// `history.last_level`) has them here too, by the row's model, commune and key in
/// ``CertifiedHistory``.
///
/// Built only for models with lookups or history: for the others the scorer does nothing more per row.
///
/// ```swift
/// let values = LookupValues(model: households.model, table: households.table, tables: data.tables)
/// values.load(row: 3, into: frame)   // frame slot of `ap.vung_kho_khan` = hamlet LT's value
/// ```
final class LookupValues: Sendable {
    private let slots: FixedBuffer<Int>
    private let kinds: FixedBuffer<UInt8>
    /// Per lookup, the row's value (only the array of the lookup's type is filled).
    private let numbers: [FixedBuffer<Rational>]
    private let bools: [FixedBuffer<Bool>]
    private let texts: [FixedBuffer<String>]
    let count: Int

    init(model: CompiledModel, table: RecordTable, tables: [String: RecordTable], history: CertifiedHistory = .empty) {
        let rows = table.count
        var slotList: [Int] = [], kindList: [UInt8] = []
        var numbers: [FixedBuffer<Rational>] = [], bools: [FixedBuffer<Bool>] = [], texts: [FixedBuffer<String>] = []
        // The related row of each row, per relation (relations are shared by their lookups).
        var linkedRows: [String: [Int]] = [:]
        for lookup in model.lookups {
            let other = tables[lookup.model]
            let linked: [Int]
            if let known = linkedRows[lookup.relation.name] {
                linked = known
            } else {
                linked = Self.link(lookup.relation, model: model, table: table, other: other)
                linkedRows[lookup.relation.name] = linked
            }
            let field = other?.model.fieldIndex[lookup.field]
            func text(_ row: Int) -> String? {
                guard row >= 0, let other, let field else { return nil }
                return other.text(field: field, row: row)
            }
            slotList.append(lookup.slot)
            switch lookup.fallback {
            case .number(let fallback):
                kindList.append(0)
                numbers.append(FixedBuffer((0..<rows).map { row in
                    text(linked[row]).flatMap { Int64($0) }.map { Rational(integer: $0) } ?? fallback
                }))
                bools.append(FixedBuffer([])); texts.append(FixedBuffer([]))
            case .boolean(let fallback):
                kindList.append(1)
                bools.append(FixedBuffer((0..<rows).map { row in text(linked[row]).map { $0 == "1" } ?? fallback }))
                numbers.append(FixedBuffer([])); texts.append(FixedBuffer([]))
            case .text(let fallback):
                kindList.append(2)
                texts.append(FixedBuffer((0..<rows).map { row in text(linked[row]) ?? fallback }))
                numbers.append(FixedBuffer([])); bools.append(FixedBuffer([]))
            }
        }
        if let reads = model.history {
            let entries = (0..<rows).map { row in
                history.entry(model: model.id, commune: table.text(field: model.communeFieldIndex, row: row),
                              key: model.displayKeyFieldIndexes.map { table.text(field: $0, row: row) }.joined(separator: "/"))
            }
            if let slot = reads.yearsCertifiedSlot {
                slotList.append(slot)
                kindList.append(0)
                numbers.append(FixedBuffer(entries.map { Rational(integer: Int64($0.yearsCertified)) }))
                bools.append(FixedBuffer([])); texts.append(FixedBuffer([]))
            }
            if let slot = reads.lastLevelSlot {
                slotList.append(slot)
                kindList.append(2)
                texts.append(FixedBuffer(entries.map(\.lastLevel)))
                numbers.append(FixedBuffer([])); bools.append(FixedBuffer([]))
            }
        }
        slots = FixedBuffer(slotList)
        kinds = FixedBuffer(kindList)
        self.numbers = numbers
        self.bools = bools
        self.texts = texts
        count = slotList.count
    }

    /// Writes the row's looked-up values into their frame slots.
    func load(row: Int, into frame: Frame) {
        for k in 0..<count {
            let slot = slots.view[k]
            switch kinds.view[k] {
            case 0: frame.numbers[slot] = numbers[k].view[row]
            case 1: frame.bools[slot] = bools[k].view[row]
            default: frame.texts[slot] = texts[k].view[row]
            }
        }
    }

    /// Each row's related row (-1: none, or more than one), by the relation's links.
    static func link(_ relation: RelationDefinition, model: CompiledModel, table: RecordTable, other: RecordTable?) -> [Int] {
        guard let other else { return [Int](repeating: -1, count: table.count) }
        let here = relation.links.compactMap { model.fieldIndex[$0.here] }
        let there = relation.links.compactMap { other.model.fieldIndex[$0.there] }
        guard here.count == relation.links.count, there.count == relation.links.count else {
            return [Int](repeating: -1, count: table.count)
        }
        func key(_ t: RecordTable, _ fields: [Int], _ row: Int, folded: Bool) -> [String] {
            fields.map { let v = t.text(field: $0, row: row); return folded ? VietnameseFolding.fold(v).replacingOccurrences(of: " ", with: "") : v }
        }
        var exact: [[String]: Int] = [:], loose: [[String]: Int] = [:]
        for row in 0..<other.count {
            let e = key(other, there, row, folded: false), f = key(other, there, row, folded: true)
            exact[e] = exact[e] == nil ? row : -1
            loose[f] = loose[f] == nil ? row : -1
        }
        return (0..<table.count).map { row in
            if let found = exact[key(table, here, row, folded: false)] { return found }
            return loose[key(table, here, row, folded: true)] ?? -1
        }
    }
}
