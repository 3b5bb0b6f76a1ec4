import Machinery
import Criteria
import Records

/// Entities that share their members (normally one entity per group: a clan and its
/// households), and which group each related row belongs to.
///
/// Built from the member lists the link found; nil when a related row would belong to two
/// different groups (a relation on fields that are not the entities' keys), where aggregates
/// are then summed entity by entity.
struct MemberGroups: Sendable {
    /// For each entity row: its group, or -1 when it has no member.
    let entityGroup: [Int32]
    /// For each related row: its group, or -1.
    let rowGroup: [Int32]
    /// Members of each group.
    let memberCounts: [Int]

    var count: Int { memberCounts.count }

    init?(members: [[Int32]], relatedCount: Int) {
        var entityGroup = [Int32](repeating: -1, count: members.count)
        var rowGroup = [Int32](repeating: -1, count: relatedCount)
        var memberCounts: [Int] = []
        var firstEntity: [Int] = []
        for (entity, rows) in members.enumerated() where !rows.isEmpty {
            let known = rowGroup[Int(rows[0])]
            if known >= 0 {
                // The same members as an entity met before, or the groups overlap.
                guard members[firstEntity[Int(known)]] == rows else { return nil }
                entityGroup[entity] = known
                continue
            }
            let group = Int32(memberCounts.count)
            for row in rows {
                guard rowGroup[Int(row)] < 0 else { return nil }
                rowGroup[Int(row)] = group
            }
            entityGroup[entity] = group
            memberCounts.append(rows.count)
            firstEntity.append(entity)
        }
        self.entityGroup = entityGroup
        self.rowGroup = rowGroup
        self.memberCounts = memberCounts
    }
}

/// The running totals of one relation's aggregates for every group, computed in one pass over
/// the related rows in their own order (so each member's values are read where they lie, not
/// sought entity by entity), on several threads whose totals are then added up. Sums are exact
/// fractions, so the order of the additions does not change them.
final class GroupTotals {
    let totals: Accumulators
    /// For each group, the division by zero met at its first failing member (lowest row), if any.
    let errors: [String?]

    init(totals: Accumulators, errors: [String?]) {
        self.totals = totals
        self.errors = errors
    }

    /// `minimumRows`: fewer related rows are summed on one thread.
    /// `memoize`: members with the same values add what an earlier one added (see ``ContributionMemo``).
    static func compute(model: CompiledModel, relation r: Int, groups: MemberGroups, related: ModelResults,
                        threads: Int, minimumRows: Int = 8192, memoize: Bool = true) -> GroupTotals {
        let rows = related.count
        let parts = rows < minimumRows ? 1 : max(1, min(threads, rows))
        // Each part's totals, written by that part only.
        let work = FixedBuffer<SendableBox<(Accumulators, [String?])>?>(repeating: nil, count: parts)
        let run: @Sendable (Int) -> Void = { part in
            // A plan of the thread's own (see ``ScoringEngine``).
            let plan = ScoringPlan(model)
            let accumulate = plan.accumulate[r]!
            let fields = plan.relationFields[r]
            let aggregates = plan.relationAggregates[r].count
            let totals = Accumulators(count: aggregates, groups: groups.count)
            var errors = [String?](repeating: nil, count: groups.count)
            let frame = related.model.layout.makeFrame()
            // What one member adds, worked out on a total of its own.
            let one = Accumulators(count: aggregates)
            related.table.withColumns { columns in
                let read = plan.relationAggregates[r].reduce(into: Set<String>()) { $0.formUnion(model.aggregates[$1].relatedResults) }
                let memo = memoize ? ContributionMemo(fields: fields, columns: columns, related: related, aggregates: aggregates,
                                                      results: read) : nil
                groups.rowGroup.withColumnView { rowGroup in
                    for row in (rows * part / parts)..<(rows * (part + 1) / parts) {
                        let group = Int(rowGroup[unchecked: row])
                        guard group >= 0, errors[group] == nil else { continue }
                        totals.select(group)
                        if let memo {
                            if let entry = memo.find(row: row) {
                                memo.add(entry, to: totals)
                                continue
                            }
                            one.reset()
                            columns.load(row: row, fields: fields, into: frame)
                            related.loadResults(row: row, into: frame)
                            accumulate(frame, one)
                            totals.add(selected: one)
                            if let expression = frame.divisionByZero { errors[group] = expression } else { memo.store(one) }
                        } else {
                            columns.load(row: row, fields: fields, into: frame)
                            related.loadResults(row: row, into: frame)
                            accumulate(frame, totals)
                            if let expression = frame.divisionByZero { errors[group] = expression }
                        }
                    }
                }
            }
            work.view[part] = SendableBox((totals, errors))
        }
        ParallelWork(threads: threads).run(parts: parts, run)
        let (totals, errors) = work.view[0]!.value
        var merged = errors
        for part in 1..<parts {
            let (other, otherErrors) = work.view[part]!.value
            totals.add(other)
            // The lowest failing row is in the earliest part.
            for g in merged.indices where merged[g] == nil { merged[g] = otherErrors[g] }
        }
        return GroupTotals(totals: totals, errors: merged)
    }
}

/// What each member adds to the running totals, by the values the aggregates can read: the
/// related fields they name and the member's results they name (group points, total, level).
/// Members with
/// the same values add the same counts, sums and yes/no values, and additions of exact fractions
/// do not depend on their order, so a member seen before costs a look-up instead of evaluating
/// every aggregate. A member whose values divided by zero is never stored. One per thread.
final class ContributionMemo {
    private let ints: [ColumnView<Int32>]
    private let bools: [ColumnView<Bool>]
    private let codes: [ColumnView<UInt32>]
    private let related: ModelResults
    private let groups: Int
    /// Which of the member's results are part of the key.
    private let keyGroups: Bool, keyTotal: Bool, keyLevel: Bool
    let keyWords: Int
    private let aggregates: Int
    private let limit: Int
    private var stored = 0
    private let slotTable: OwnedHashSlots
    private let slots: HashSlots
    /// The keys of the entries (`keyWords` words each), and the key being looked up.
    private let keyStorage: FixedBuffer<UInt64>
    private let scratchStorage: FixedBuffer<UInt64>
    private let keys: MutableColumnView<UInt64>
    private let scratch: MutableColumnView<UInt64>
    private var lastHash: UInt64 = 0
    /// Each entry's additions, `aggregates` of each kind.
    private let additions: Accumulators

    static let defaultLimit = 1 << 16

    /// nil when a field the aggregates read is a text column that is not coded.
    /// `results`: the names of the member's results the aggregates read.
    init?(fields: [Int], columns: RecordColumns, related: ModelResults, aggregates: Int, results: Set<String>,
          limit: Int = ContributionMemo.defaultLimit) {
        guard let (ints, bools, codes) = columns.coded(fields) else { return nil }
        self.ints = ints
        self.bools = bools
        self.codes = codes
        self.related = related
        groups = related.groupCount
        // A name other than these (none in the shipped criteria) keys every result.
        let groupIds = Set(related.model.groups.map(\.definition.id))
        let other = !results.isSubset(of: groupIds.union(["total", "level", "certified"]))
        keyGroups = other || !results.isDisjoint(with: groupIds)
        keyTotal = other || results.contains("total")
        keyLevel = other || results.contains("level") || results.contains("certified")
        // One word per field, then per group, the total and the level when they are read.
        keyWords = max(1, ints.count + bools.count + codes.count + (keyGroups ? groups : 0) + (keyTotal ? 1 : 0) + (keyLevel ? 1 : 0))
        self.aggregates = aggregates
        self.limit = limit
        slotTable = OwnedHashSlots(entries: limit)
        slots = slotTable.slots
        keyStorage = FixedBuffer(zeroedCount: limit * keyWords)
        scratchStorage = FixedBuffer(zeroedCount: keyWords)
        keys = keyStorage.view
        scratch = scratchStorage.view
        additions = Accumulators(count: aggregates, groups: limit)
    }


    /// The entry for the member's values, or nil (its key is kept for ``store(_:)``).
    @inline(__always)
    func find(row: Int) -> Int? {
        let scratch = scratch
        var w = 0
        for column in ints { scratch[unchecked: w] = UInt64(UInt32(bitPattern: column[row])); w += 1 }
        for column in bools { scratch[unchecked: w] = column[row] ? 1 : 0; w += 1 }
        for column in codes { scratch[unchecked: w] = UInt64(column[row]); w += 1 }
        if keyGroups {
            for g in 0..<groups { scratch[unchecked: w] = UInt64(UInt32(bitPattern: related.groupPoints[row * groups + g])); w += 1 }
        }
        if keyTotal { scratch[unchecked: w] = UInt64(UInt32(bitPattern: related.totals[row])); w += 1 }
        if keyLevel { scratch[unchecked: w] = UInt64(related.levels[row].meritOrder); w += 1 }
        while w < keyWords { scratch[unchecked: w] = 0; w += 1 }
        lastHash = HashSlots.hash(scratch, at: 0, words: keyWords)
        let keys = keys, keyWords = keyWords
        return slots.find(lastHash) { entry in
            let key = entry * keyWords
            for k in 0..<keyWords where keys[unchecked: key + k] != scratch[unchecked: k] { return false }
            return true
        }
    }

    /// Adds an entry's additions to the selected group of `totals`.
    @inline(__always)
    func add(_ entry: Int, to totals: Accumulators) {
        totals.add(group: entry, of: additions)
    }

    /// Stores what the member last looked up added (`one`'s selected totals), unless full.
    @inline(__always)
    func store(_ one: Accumulators) {
        guard stored < limit else { return }
        let entry = stored
        keys.copy(from: scratch, at: 0, count: keyWords, to: entry * keyWords)
        slots.insert(lastHash, entry: entry)
        additions.set(group: entry, to: one)
        stored += 1
    }
}
