import Criteria
import Dispatch

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
final class GroupTotals: @unchecked Sendable {
    let totals: Accumulators
    /// For each group, the division by zero met at its first failing member (lowest row), if any.
    let errors: [String?]

    init(totals: Accumulators, errors: [String?]) {
        self.totals = totals
        self.errors = errors
    }

    /// `minimumRows`: fewer related rows are summed on one thread.
    static func compute(model: CompiledModel, relation r: Int, groups: MemberGroups, related: ModelResults,
                        threads: Int, minimumRows: Int = 8192) -> GroupTotals {
        let rows = related.count
        let parts = rows < minimumRows ? 1 : max(1, min(threads, rows))
        let work = UncheckedParts(count: parts)
        let run: @Sendable (Int) -> Void = { part in
            // A plan of the thread's own (see ``Engine/scoreRows``).
            let plan = ScoringPlan(model)
            let accumulate = plan.accumulate[r]!
            let fields = plan.relationFields[r]
            let totals = Accumulators(count: plan.relationAggregates[r].count, groups: groups.count)
            var errors = [String?](repeating: nil, count: groups.count)
            let frame = related.model.layout.makeFrame()
            related.table.withColumns { columns in
                groups.rowGroup.withUnsafeBufferPointer { rowGroup in
                    for row in (rows * part / parts)..<(rows * (part + 1) / parts) {
                        let group = Int(rowGroup[row])
                        guard group >= 0, errors[group] == nil else { continue }
                        columns.load(row: row, fields: fields, into: frame)
                        related.loadResults(row: row, into: frame)
                        totals.select(group)
                        accumulate(frame, totals)
                        if let expression = frame.divisionByZero { errors[group] = expression }
                    }
                }
            }
            work.set(part, (totals, errors))
        }
        if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
        let (totals, errors) = work.get(0)
        var merged = errors
        for part in 1..<parts {
            let (other, otherErrors) = work.get(part)
            totals.add(other)
            // The lowest failing row is in the earliest part.
            for g in merged.indices where merged[g] == nil { merged[g] = otherErrors[g] }
        }
        return GroupTotals(totals: totals, errors: merged)
    }
}

/// Each thread's totals, written by that thread only.
private final class UncheckedParts: @unchecked Sendable {
    private let parts: UnsafeMutableBufferPointer<(Accumulators, [String?])?>
    init(count: Int) {
        parts = .allocate(capacity: count)
        parts.initialize(repeating: nil)
    }
    deinit {
        _ = parts.deinitialize()
        parts.deallocate()
    }
    func set(_ part: Int, _ value: (Accumulators, [String?])) { parts[part] = value }
    func get(_ part: Int) -> (Accumulators, [String?]) { parts[part]! }
}
