import Machinery
import Criteria
import Records

/// Scores rows of one model: aggregates, indicators, groups, total, then the level decision
/// (``DecisionEvaluator``). One scorer per thread: it owns its frames and accumulators, and
/// writes only the results of the rows it scores.
///
/// ```swift
/// RowScorer.withColumns(of: results.table, related: related) { columns, relatedColumns in
///     var scorer = RowScorer(plan: plan, results: results, related: related, relatedColumns: relatedColumns)
///     for row in rows { scorer.score(row: row, columns: columns) }
/// }
/// ```
struct RowScorer {
    let plan: ScoringPlan
    let results: ModelResults
    let related: [ModelResults]
    let relatedColumns: [RecordColumns]
    let frame: Frame
    let relatedFrames: [Frame]
    let accumulators: [Accumulators]
    let context: DecisionContext
    /// Per relation: each group's aggregate totals, when summed beforehand (see ``GroupTotals``).
    var groupTotals: [(MemberGroups, GroupTotals)?] = []
    /// Fields read through a relation (`ap.vung_kho_khan`); `nil` for models without such reads.
    let lookups: LookupValues?

    /// `recording`: whether the decision records the steps it takes (for explanations).
    init(plan: ScoringPlan, results: ModelResults, related: [ModelResults], relatedColumns: [RecordColumns], recording: Bool = false) {
        self.plan = plan
        self.results = results
        self.related = related
        self.relatedColumns = relatedColumns
        frame = plan.model.layout.makeFrame()
        lookups = results.lookups
        relatedFrames = related.map { $0.model.layout.makeFrame() }
        accumulators = plan.relationAggregates.map { Accumulators(count: $0.count) }
        context = DecisionContext(frame: frame, results: results, related: related, relatedFrames: relatedFrames,
                                  relatedColumns: relatedColumns, recording: recording)
    }

    /// Runs `body` with direct column views of the table and of every related table.
    static func withColumns<R>(of table: RecordTable, related: [ModelResults],
                               _ body: (RecordColumns, [RecordColumns]) -> R) -> R {
        table.withColumns { columns in
            var relatedColumns: [RecordColumns] = []
            func nest(_ k: Int) -> R {
                if k == related.count { return body(columns, relatedColumns) }
                return related[k].table.withColumns { relatedColumns.append($0); return nest(k + 1) }
            }
            return nest(0)
        }
    }

    /// Scores one row; false when it failed (a division by zero).
    @discardableResult
    mutating func score(row: Int, columns: RecordColumns) -> Bool {
        columns.load(row: row, fields: plan.usedFields, into: frame)
        if let lookups { lookups.load(row: row, into: frame) }
        if !plan.relationAggregates.isEmpty, let problem = fillAggregates(row: row) {
            fail(row: row, reason: problem)
            return false
        }
        let indicators = plan.indicatorCount
        let fired = results.firedRules, firstFired = row * indicators
        plan.fireRules(frame, fired, firstFired)
        if frame.divisionByZero != nil {
            fail(row: row, reason: divisionByZeroPlace())
            return false
        }
        let groups = results.groupPoints, firstGroup = row * plan.groupCount
        let total = fired.withStorage(narrow: { addPoints(fired: $0, from: firstFired, to: groups, at: firstGroup) },
                                      wide: { addPoints(fired: $0, from: firstFired, to: groups, at: firstGroup) })
        for g in 0..<plan.groupCount {
            frame.numbers[plan.groupSlots[g]] = Rational(integer: Int64(groups[unchecked: firstGroup + g]))
        }
        results.totals[row] = total
        frame.numbers[plan.totalSlot] = Rational(integer: Int64(total))

        let decision = withExtendedLifetime(context) {
            plan.decision.decide(DecisionInput(row: row, total: Int(total), context: context))
        }
        if let expression = frame.divisionByZero {
            fail(row: row, reason: .divisionByZero(expression: expression, place: "decision"))
            return false
        }
        results.levels[row] = decision.level
        if let reasons = decision.reasons { results.reasons[row] = reasons }
        results.passMarks[row] = Int8(decision.passMark)
        return true
    }

    /// Adds each indicator's points (of its fired line, read from `fired` at `first`) to its
    /// group's at `firstGroup`; returns their total. Specialised for the width of the fired
    /// rules, asked once by the caller.
    @inline(__always)
    private func addPoints<T: FixedWidthInteger>(fired: MutableColumnView<T>, from first: Int, to groups: MutableColumnView<Int32>,
                                                 at firstGroup: Int) -> Int32 {
        var total: Int32 = 0
        let indicators = plan.indicatorCount
        plan.rulePoints.withColumnView { rulePoints in
            plan.ruleOffsets.withColumnView { offsets in
                plan.indicatorGroups.withColumnView { indicatorGroups in
                    for k in 0..<indicators {
                        let p = rulePoints[unchecked: offsets[unchecked: k] + Int(fired[unchecked: first &+ k])]
                        groups[unchecked: firstGroup + indicatorGroups[unchecked: k]] += p
                        total += p
                    }
                }
            }
        }
        return total
    }

    /// Which indicator divided by zero: the rules are evaluated again one indicator at a time
    /// (only on this rare path).
    private func divisionByZeroPlace() -> Reason {
        let expression = frame.divisionByZero ?? "?"
        for (k, indicator) in plan.model.groups.flatMap(\.indicators).enumerated() {
            frame.divisionByZero = nil
            _ = ScoringPlan.picker(indicator.rules)(frame)
            if frame.divisionByZero != nil { return .divisionByZero(expression: expression, place: plan.indicatorIds[k]) }
        }
        return .divisionByZero(expression: expression, place: plan.model.id)
    }

    private func fail(row: Int, reason: Reason) {
        results.levels[row] = .error
        results.reasons[row] = [reason]
    }

    /// Computes every aggregate of the entity from its members, loading each member once per
    /// relation and only the fields the aggregates read.
    private func fillAggregates(row: Int) -> Reason? {
        for r in related.indices {
            guard let accumulate = plan.accumulate[r] else { continue }
            let acc = accumulators[r]
            if r < groupTotals.count, let (groups, totals) = groupTotals[r] {
                // Summed beforehand for the entity's group, in one pass over the related rows.
                let group = Int(groups.entityGroup[row])
                acc.reset()
                if group >= 0 {
                    if let expression = totals.errors[group] {
                        return .divisionByZero(expression: expression, place: related[r].model.id)
                    }
                    acc.copy(group: group, of: totals.totals)
                }
                if let problem = plan.store[r](acc, group >= 0 ? groups.memberCounts[group] : 0, frame) { return problem }
                continue
            }
            let other = related[r]
            let otherFrame = relatedFrames[r]
            let columns = relatedColumns[r]
            let fields = plan.relationFields[r]
            acc.reset()
            let memberRows = results.members[r][row]
            for member in memberRows {
                let m = Int(member)
                columns.load(row: m, fields: fields, into: otherFrame)
                other.loadResults(row: m, into: otherFrame)
                accumulate(otherFrame, acc)
                if let expression = otherFrame.divisionByZero {
                    return .divisionByZero(expression: expression, place: other.model.id)
                }
            }
            if let problem = plan.store[r](acc, memberRows.count, frame) { return problem }
        }
        return nil
    }

    /// A scored row explained: its full frame (fields, aggregates, results) and the decision
    /// taken again on it by the same ``DecisionEvaluator``, recording its steps.
    static func explain(row: Int, results: ModelResults, related: [ModelResults]) -> (frame: Frame, trace: DecisionTrace) {
        let plan = ScoringPlan(results.model)
        return withColumns(of: results.table, related: related) { columns, relatedColumns in
            let scorer = RowScorer(plan: plan, results: results, related: related, relatedColumns: relatedColumns, recording: true)
            results.load(row: row, into: scorer.frame)
            _ = scorer.fillAggregates(row: row)
            let context = scorer.context
            let decision = withExtendedLifetime(context) {
                plan.decision.decide(DecisionInput(row: row, total: results.total(row), context: context))
            }
            let trace = DecisionTrace(level: decision.level, reasons: decision.reasons ?? [], passMark: decision.passMark,
                                      steps: context.steps)
            return (scorer.frame, trace)
        }
    }
}
