import Machinery
import Criteria
import Records

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
