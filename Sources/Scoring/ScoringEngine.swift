import Criteria
import Dispatch
import TextSupport

/// Scores every model of a run in dependency order, so that clans and hamlets are judged on the
/// same run's household results.
///
/// The engine executes whatever the criteria say: points come from the compiled rules, levels
/// from the compiled decision steps; no number of the reference criteria is written here.
///
/// ```swift
/// let engine = ScoringEngine(criteria: criteria)
/// let results = engine.score(surveyData)
/// for model in results.outputOrder { print(model.model.id, model.count) }
/// ```
public struct ScoringEngine: Sendable {
    public let criteria: CriteriaSet
    /// How many threads score rows of one model at once (1 = single-threaded).
    public var threads: Int

    public init(criteria: CriteriaSet, threads: Int = 1) {
        self.criteria = criteria
        self.threads = max(1, threads)
    }

    public func score(_ data: SurveyData) -> RunResults {
        var done: [String: ModelResults] = [:]
        var ordered: [ModelResults] = []
        for model in criteria.models {
            let table = data.tables[model.id] ?? RecordTable(model: model)
            let results = ModelResults(model: model, table: table, rejected: data.rejected[model.id] ?? [])
            linkMembers(results, done: done)
            scoreRows(results, related: model.relations.map { done[$0.model.id]! })
            Ranking.rank(results)
            done[model.id] = results
            ordered.append(results)
        }
        return RunResults(models: ordered, sources: data.sources)
    }

    /// For each relation, finds each entity's members with one pass over the related table
    /// (a dictionary keyed by the linked field values), never a scan per entity.
    private func linkMembers(_ results: ModelResults, done: [String: ModelResults]) {
        let table = results.table
        for (r, relation) in results.model.relations.enumerated() {
            let related = done[relation.model.id]!
            var byKey: [LinkKey: [Int32]] = [:]
            for row in 0..<related.count where related.levels[row] != .error {
                byKey[LinkKey(relation.thereFields, related.table, row), default: []].append(Int32(row))
            }
            var members: [[Int32]] = []
            members.reserveCapacity(table.count)
            var matched = Set<LinkKey>()
            for row in 0..<table.count {
                let key = LinkKey(relation.hereFields, table, row)
                members.append(byKey[key] ?? [])
                matched.insert(key)
            }
            results.members[r] = members
            noteUnmatched(byKey.filter { !matched.contains($0.key) }, relation: relation, model: results.model, related: related)
        }
    }

    /// Codes used by related rows that name no entity of this model (a blank code means "none").
    private func noteUnmatched(_ unmatched: [LinkKey: [Int32]], relation: CompiledRelation, model: CompiledModel,
                               related: ModelResults) {
        let fields = relation.thereFields
        let commune = related.model.communeFieldIndex
        let codeFields = fields.filter { $0 != commune }
        var notes: [UnmatchedLink] = []
        for rows in unmatched.values {
            let row = Int(rows[0])
            let codes = codeFields.map { related.table.text(field: $0, row: row) }
            guard !codes.contains(where: \.isEmpty) else { continue }
            let field = related.model.definition.fields[codeFields.first ?? fields[0]]
            notes.append(UnmatchedLink(model: model.id, entity: model.definition.entity, entityEnglish: model.definition.entityEnglish,
                                       field: field.id, fieldLabel: field.label,
                                       commune: related.commune(row: row), code: codes.joined(separator: "/"), rows: rows.count))
        }
        related.unmatchedLinks += notes.sorted { ($0.model, $0.commune, $0.code) < ($1.model, $1.commune, $1.code) }
    }

    /// Scores the rows in chunks, one chunk per thread; each thread has its own frames and writes
    /// only its own rows, so the result is the same whatever the number of threads.
    private func scoreRows(_ results: ModelResults, related: [ModelResults]) {
        let rows = results.count
        let chunks = rows < 4096 ? 1 : min(threads, rows / 2048)
        let plan = ScoringPlan(results.model)
        let scoreChunk: @Sendable (Int) -> Void = { chunk in
            let frame = results.model.layout.makeFrame()
            let relatedFrames = related.map { $0.model.layout.makeFrame() }
            let start = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
            for row in start..<end {
                RowScorer.score(row: row, plan: plan, results: results, frame: frame, related: related, relatedFrames: relatedFrames)
            }
        }
        if chunks == 1 { scoreChunk(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: scoreChunk) }
    }
}

/// The linked field values of one row; two fields (commune and code) need no array.
struct LinkKey: Hashable {
    var first: ExactText
    var second: ExactText
    var rest: [ExactText]

    init(_ fields: [Int], _ table: RecordTable, _ row: Int) {
        first = ExactText(fields.count > 0 ? table.text(field: fields[0], row: row) : "")
        second = ExactText(fields.count > 1 ? table.text(field: fields[1], row: row) : "")
        rest = fields.count > 2 ? fields.dropFirst(2).map { ExactText(table.text(field: $0, row: row)) } : []
    }
}

/// What the per-row loop of one model needs, prepared once: the indicators' rules chained into a
/// single closure, the points of every rule in a flat table, the fields worth loading, and the
/// aggregates grouped by relation. The loop then copies no structure that holds strings or
/// closures, which would cost a retain and a release per row.
final class ScoringPlan: @unchecked Sendable {
    let model: CompiledModel
    let indicatorCount: Int
    let groupCount: Int
    /// Fires each indicator's first matching rule and writes its index.
    let fireRules: (Frame, UnsafeMutablePointer<Int8>) -> Void
    let rulePoints: [Int32]
    let ruleOffsets: [Int]
    let indicatorGroups: [Int]
    let indicatorIds: [String]
    let groupSlots: [Int]
    let totalSlot: Int
    let usedFields: [Int]
    /// For each relation: its aggregates (indexes in `model.aggregates`) and the related fields they read.
    let relationAggregates: [[Int]]
    let relationFields: [[Int]]

    init(_ model: CompiledModel) {
        self.model = model
        let indicators = model.groups.flatMap(\.indicators)
        indicatorCount = indicators.count
        groupCount = model.groups.count
        indicatorGroups = model.groups.enumerated().flatMap { g, group in group.indicators.map { _ in g } }
        indicatorIds = indicators.map(\.definition.id)
        var offsets: [Int] = []
        var points: [Int32] = []
        for indicator in indicators {
            offsets.append(points.count)
            points += indicator.rules.map { Int32($0.points) }
        }
        ruleOffsets = offsets
        rulePoints = points
        var chain: (Frame, UnsafeMutablePointer<Int8>) -> Void = { _, _ in }
        for (k, indicator) in indicators.enumerated().reversed() {
            let pick = Self.picker(indicator.rules)
            let rest = chain
            chain = { frame, fired in
                fired[k] = Int8(truncatingIfNeeded: pick(frame))
                rest(frame, fired)
            }
        }
        fireRules = chain
        groupSlots = model.resultSlots.groups
        totalSlot = model.resultSlots.total
        usedFields = model.usedFields
        relationAggregates = model.relations.indices.map { r in model.aggregates.indices.filter { model.aggregates[$0].relation == r } }
        relationFields = model.relations.indices.map { r in
            var fields = Set<Int>()
            for aggregate in model.aggregates where aggregate.relation == r { fields.formUnion(aggregate.relatedFields) }
            return fields.sorted()
        }
    }

    /// The first rule whose condition holds (the compiler guarantees a fallback at the end).
    static func picker(_ rules: [CompiledRule]) -> (Frame) -> Int {
        var next: (Frame) -> Int = { _ in rules.count - 1 }
        for (i, rule) in rules.enumerated().reversed() {
            if let condition = rule.condition {
                let otherwise = next
                next = { frame in condition(frame) ? i : otherwise(frame) }
            } else {
                next = { _ in i }
            }
        }
        return next
    }
}

/// Scores one row: aggregates, indicators, groups, total, then the decision steps in order.
enum RowScorer {
    static func score(row: Int, plan: ScoringPlan, results: ModelResults, frame: Frame, related: [ModelResults],
                      relatedFrames: [Frame]) {
        results.table.load(row: row, fields: plan.usedFields, into: frame)
        if !plan.relationAggregates.isEmpty,
           let problem = fillAggregates(row: row, plan: plan, results: results, frame: frame, related: related,
                                        relatedFrames: relatedFrames) {
            fail(row: row, results: results, reason: problem)
            return
        }
        let indicators = plan.indicatorCount
        let fired = results.firedRules.baseAddress! + row * indicators
        plan.fireRules(frame, fired)
        if frame.divisionByZero != nil {
            fail(row: row, results: results, reason: divisionByZeroPlace(row: row, plan: plan, frame: frame))
            return
        }
        let points = results.indicatorPoints.baseAddress! + row * indicators
        let groups = results.groupPoints.baseAddress! + row * plan.groupCount
        var total: Int32 = 0
        plan.rulePoints.withUnsafeBufferPointer { rulePoints in
            plan.ruleOffsets.withUnsafeBufferPointer { offsets in
                plan.indicatorGroups.withUnsafeBufferPointer { indicatorGroups in
                    for k in 0..<indicators {
                        let p = rulePoints[offsets[k] + Int(fired[k])]
                        points[k] = p
                        groups[indicatorGroups[k]] += p
                        total += p
                    }
                }
            }
        }
        for g in 0..<plan.groupCount {
            frame.numbers[plan.groupSlots[g]] = Rational(integer: Int64(groups[g]))
        }
        results.totals[row] = total
        frame.numbers[plan.totalSlot] = Rational(integer: Int64(total))

        let (level, reasons, passMark) = decide(row: row, results: results, frame: frame, total: Int(total),
                                                related: related, relatedFrames: relatedFrames)
        if let expression = frame.divisionByZero {
            fail(row: row, results: results, reason: .divisionByZero(expression: expression, place: "decision"))
            return
        }
        results.levels[row] = level
        if !reasons.isEmpty { results.reasons[row] = reasons }
        results.passMarks[row] = Int8(passMark)
    }

    /// Which indicator divided by zero: the rules are evaluated again one indicator at a time
    /// (only on this rare path).
    private static func divisionByZeroPlace(row: Int, plan: ScoringPlan, frame: Frame) -> Reason {
        let expression = frame.divisionByZero ?? "?"
        for (k, indicator) in plan.model.groups.flatMap(\.indicators).enumerated() {
            frame.divisionByZero = nil
            _ = ScoringPlan.picker(indicator.rules)(frame)
            if frame.divisionByZero != nil { return .divisionByZero(expression: expression, place: plan.indicatorIds[k]) }
        }
        return .divisionByZero(expression: expression, place: plan.model.id)
    }

    private static func fail(row: Int, results: ModelResults, reason: Reason) {
        results.levels[row] = .error
        results.reasons[row] = [reason]
    }

    /// Applies the decision steps in the order the criteria file declares; the first step that
    /// fails decides `khong-dat`, with that step's reasons.
    private static func decide(row: Int, results: ModelResults, frame: Frame, total: Int,
                               related: [ModelResults], relatedFrames: [Frame]) -> (Level, [Reason], Int) {
        let model = results.model
        var passMarkIndex = -1
        for (s, step) in model.decision.enumerated() {
            switch step {
            case .disqualify(let condition, _, _, _, _, let listing):
                guard condition(frame) else { continue }
                var keys: [String] = []
                if let listing {
                    let other = related[listing.relation]
                    let otherFrame = relatedFrames[listing.relation]
                    for member in results.members[listing.relation][row] {
                        other.load(row: Int(member), into: otherFrame)
                        if listing.filter(otherFrame) { keys.append(other.key(row: Int(member))) }
                    }
                }
                return (.notCertified, [.disqualified(step: s, members: keys)], passMarkIndex)
            case .groupMinimums:
                var reasons: [Reason] = []
                for (g, group) in model.groups.enumerated() {
                    let points = results.groupPoints(row: row, group: g)
                    if points < group.definition.minimum {
                        reasons.append(.groupBelowMinimum(group: g, points: points, minimum: group.definition.minimum))
                    }
                }
                if !reasons.isEmpty { return (.notCertified, reasons, passMarkIndex) }
            case .passMark(let marks):
                guard let index = marks.firstIndex(where: { $0.condition?(frame) ?? true }) else { continue }
                passMarkIndex = index
                let mark = marks[index].definition.value
                if total < mark { return (.notCertified, [.belowPassMark(total: total, passMark: mark)], passMarkIndex) }
            case .award(let awards):
                if let award = awards.first(where: { $0.condition?(frame) ?? true }) {
                    return (award.definition.level, [], passMarkIndex)
                }
            }
        }
        // A file whose decision has no levels step certifies whatever passed every check.
        return (.certified, [], passMarkIndex)
    }

    /// Computes every aggregate of the entity from its members, loading each member once per
    /// relation and only the fields the aggregates read.
    static func fillAggregates(row: Int, plan: ScoringPlan, results: ModelResults, frame: Frame, related: [ModelResults],
                               relatedFrames: [Frame]) -> Reason? {
        let model = plan.model
        for (r, other) in related.enumerated() {
            let indexes = plan.relationAggregates[r]
            guard !indexes.isEmpty else { continue }
            let aggregates = indexes.map { model.aggregates[$0] }
            let otherFrame = relatedFrames[r]
            let fields = plan.relationFields[r]
            var counts = Array(repeating: 0, count: aggregates.count)
            var sums = Array(repeating: Rational.zero, count: aggregates.count)
            var anys = Array(repeating: false, count: aggregates.count)
            var alls = Array(repeating: true, count: aggregates.count)
            let memberRows = results.members[r][row]
            for member in memberRows {
                other.load(row: Int(member), fields: fields, into: otherFrame)
                for (a, aggregate) in aggregates.enumerated() {
                    if let filter = aggregate.filter, !filter(otherFrame) { continue }
                    counts[a] += 1
                    switch aggregate.value {
                    case .number(let value)?: sums[a] = sums[a] + value(otherFrame)
                    case .boolean(let value)?:
                        let v = value(otherFrame)
                        anys[a] = anys[a] || v
                        alls[a] = alls[a] && v
                    default: break
                    }
                }
                if let expression = otherFrame.divisionByZero {
                    return .divisionByZero(expression: expression, place: other.model.id)
                }
            }
            for (a, aggregate) in aggregates.enumerated() {
                switch aggregate.kind {
                case .count: frame.numbers[aggregate.slot] = Rational(integer: Int64(counts[a]))
                case .sum: frame.numbers[aggregate.slot] = sums[a]
                case .any: frame.bools[aggregate.slot] = anys[a]
                case .all: frame.bools[aggregate.slot] = alls[a]
                case .ratio:
                    guard !memberRows.isEmpty else { return .divisionByZero(expression: aggregate.text, place: model.id) }
                    frame.numbers[aggregate.slot] = Rational(Int64(counts[a]), Int64(memberRows.count))
                }
            }
        }
        return nil
    }
}
