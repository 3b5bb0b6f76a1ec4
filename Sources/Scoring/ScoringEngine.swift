import Machinery
import Criteria
import Records
import Dispatch
import Foundation
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

    /// Whether rows of a model that depends on nothing but its own row reuse the results of an
    /// earlier row with the same values (``RowMemo``). The results are the same either way.
    public var memoize = true
    /// Rows a thread's memo stores at most (small in tests, to reach a full memo).
    var memoLimit = RowMemo.defaultLimit
    /// Whether aggregates are summed per group of members in one pass over the related rows
    /// (``GroupTotals``) rather than entity by entity; the results are the same (tests compare).
    var groupAggregates = true
    /// Related rows below which group totals are summed on one thread (small in tests).
    var groupMinimumRows = 8192

    public init(criteria: CriteriaSet, threads: Int = 1) {
        self.criteria = criteria
        self.threads = max(1, threads)
    }

    public func score(_ data: SurveyData) -> RunResults {
        var done: [String: ModelResults] = [:]
        var ordered: [ModelResults] = []
        let clock = StepClock()
        for model in criteria.models {
            let table = data.tables[model.id] ?? RecordTable(model: model)
            let results = ModelResults(model: model, table: table, rejected: data.rejected[model.id] ?? [])
            linkMembers(results, done: done)
            clock.mark("\(model.id) link")
            scoreRows(results, related: model.relations.map { done[$0.model.id]! })
            clock.mark("\(model.id) rows")
            Ranking.rank(results, threads: threads)
            clock.mark("\(model.id) rank")
            done[model.id] = results
            ordered.append(results)
        }
        return RunResults(models: ordered, sources: data.sources)
    }

    /// The rows of each group in order (`groupOfRow[row]` is the row's group or -1; `sizes[g]`
    /// its number of rows), each array sized once.
    static func rows(ofGroups groupOfRow: [Int32], sizes: [Int]) -> [[Int32]] {
        // Rows are placed in one flat array, group after group, then each group's part copied
        // out: no array of arrays is touched row by row.
        var starts = [Int](repeating: 0, count: sizes.count + 1)
        for g in sizes.indices { starts[g + 1] = starts[g] + sizes[g] }
        var flat = [Int32](repeating: 0, count: starts[sizes.count])
        var fill = starts
        flat.withUnsafeMutableBufferPointer { flat in
            fill.withUnsafeMutableBufferPointer { fill in
                for (row, group) in groupOfRow.enumerated() where group >= 0 {
                    flat[fill[Int(group)]] = Int32(row)
                    fill[Int(group)] += 1
                }
            }
        }
        return flat.withUnsafeBufferPointer { flat in sizes.indices.map { Array(flat[starts[$0]..<starts[$0 + 1]]) } }
    }

    /// For each relation, finds each entity's members with one pass over the related table,
    /// never a scan per entity: through a table with a cell per pair of codes when the linked
    /// fields are coded text on both sides (``linkCoded(_:relation:related:)``), otherwise
    /// through a dictionary keyed by the linked field values.
    private func linkMembers(_ results: ModelResults, done: [String: ModelResults]) {
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
            results.members[r] = members
            noteUnmatched(byKey.filter { !matched.contains($0.key) }, relation: relation, model: results.model, related: related)
        }
    }

    /// The members of each entity when the linked fields are coded text on both sides (commune
    /// and clan code, commune and hamlet code): the related rows are grouped by their pair of
    /// codes in a table with a cell per pair, and each entity's codes are translated into the
    /// related table's codes once per distinct value. No text is hashed per row. Returns false
    /// (and does nothing) when the fields are not coded or the table would be too large.
    private func linkCoded(_ results: ModelResults, relation r: Int, related: ModelResults) -> Bool {
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
                results.members[r] = members
                var unmatched: [LinkKey: [Int32]] = [:]
                for (group, rows) in groups.enumerated() where !matched[group] {
                    unmatched[LinkKey(relation.thereFields, there, Int(rows[0]))] = rows
                }
                noteUnmatched(unmatched, relation: relation, model: results.model, related: related)
                return true
            }
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
        let model = results.model
        let totals: [(MemberGroups, GroupTotals)?] = related.indices.map { r in
            let hasAggregates = model.aggregates.contains { $0.relation == r }
            guard groupAggregates, hasAggregates, let groups = MemberGroups(members: results.members[r], relatedCount: related[r].count) else { return nil }
            return (groups, GroupTotals.compute(model: model, relation: r, groups: groups, related: related[r], threads: threads,
                                                minimumRows: groupMinimumRows))
        }
        let scoreChunk: @Sendable (Int) -> Void = { chunk in
            let start = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
            // A plan of the thread's own: the closures and arrays it holds are retained by this
            // thread alone (a shared one has its reference counts bounced between the cores).
            let plan = ScoringPlan(results.model)
            RowScorer.withColumns(of: results.table, related: related) { columns, relatedColumns in
                var scorer = RowScorer(plan: plan, results: results, related: related, relatedColumns: relatedColumns)
                scorer.groupTotals = totals
                if memoize, let memo = RowMemo(plan: plan, columns: columns, limit: memoLimit) {
                    memo.start(rows: start..<end)
                    for row in start..<end {
                        if let entry = memo.find(row: row) {
                            memo.copy(entry, to: row, results)
                        } else if scorer.score(row: row, columns: columns) {
                            memo.store(row: row, from: results)
                        }
                    }
                } else {
                    for row in start..<end { scorer.score(row: row, columns: columns) }
                }
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
    /// For each relation with aggregates: adds one member's values to the running totals.
    let accumulate: [((Frame, Accumulators) -> Void)?]
    /// For each relation: writes the totals into the entity's aggregate slots (a problem for a
    /// ratio over no members).
    let store: [(Accumulators, Int, Frame) -> Reason?]
    /// The decision steps in the file's order, chained.
    let decide: (DecisionInput) -> Decision

    init(_ model: CompiledModel) {
        self.model = model
        let indicators = model.groups.flatMap(\.indicators)
        indicatorCount = indicators.count
        groupCount = model.groups.count
        indicatorGroups = model.groups.enumerated().flatMap { g, group in group.indicators.map { _ in g } }
        indicatorIds = indicators.map(\.definition.id)
        (rulePoints, ruleOffsets) = ModelResults.ruleTable(model)
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
        accumulate = relationAggregates.map { indexes in
            indexes.isEmpty ? nil : Self.accumulator(indexes.map { model.aggregates[$0] })
        }
        store = relationAggregates.map { indexes in Self.storer(indexes.map { model.aggregates[$0] }, model: model.id) }
        decide = Self.decider(model)
    }

    /// One member's contribution to every aggregate of a relation, chained into one closure.
    static func accumulator(_ aggregates: [CompiledAggregate]) -> (Frame, Accumulators) -> Void {
        var chain: (Frame, Accumulators) -> Void = { _, _ in }
        for (a, aggregate) in aggregates.enumerated().reversed() {
            let rest = chain
            let filter = aggregate.filter
            switch aggregate.value {
            case .number(let value)?:
                chain = { frame, acc in
                    if filter?(frame) ?? true {
                        acc.counts[a] += 1
                        acc.sums[a] = acc.sums[a] + value(frame)
                    }
                    rest(frame, acc)
                }
            case .boolean(let value)?:
                chain = { frame, acc in
                    if filter?(frame) ?? true {
                        acc.counts[a] += 1
                        let v = value(frame)
                        if v { acc.anys[a] = true } else { acc.alls[a] = false }
                    }
                    rest(frame, acc)
                }
            default:
                chain = { frame, acc in
                    if filter?(frame) ?? true { acc.counts[a] += 1 }
                    rest(frame, acc)
                }
            }
        }
        return chain
    }

    static func storer(_ aggregates: [CompiledAggregate], model: String) -> (Accumulators, Int, Frame) -> Reason? {
        let kinds = aggregates.map(\.kind), slots = aggregates.map(\.slot), texts = aggregates.map(\.text)
        return { acc, members, frame in
            for a in kinds.indices {
                switch kinds[a] {
                case .count: frame.numbers[slots[a]] = Rational(integer: Int64(acc.counts[a]))
                case .sum: frame.numbers[slots[a]] = acc.sums[a]
                case .any: frame.bools[slots[a]] = acc.anys[a]
                case .all: frame.bools[slots[a]] = acc.alls[a]
                case .ratio:
                    guard members > 0 else { return .divisionByZero(expression: texts[a], place: model) }
                    frame.numbers[slots[a]] = Rational(Int64(acc.counts[a]), Int64(members))
                }
            }
            return nil
        }
    }

    /// The decision steps chained into one closure: each step either decides or hands over to
    /// the next; the first step that fails decides `khong-dat` with that step's reasons.
    static func decider(_ model: CompiledModel) -> (DecisionInput) -> Decision {
        // A file whose decision has no levels step certifies whatever passed every check.
        var chain: (DecisionInput, Int) -> Decision = { _, passMark in Decision(level: .certified, reasons: nil, passMark: passMark) }
        let minimums = model.groups.map(\.definition.minimum)
        for (s, step) in model.decision.enumerated().reversed() {
            let next = chain
            switch step {
            case .disqualify(let condition, _, _, _, _, let listing):
                chain = { input, passMark in
                    guard condition(input.frame) else { return next(input, passMark) }
                    var keys: [String] = []
                    if let listing {
                        let context = input.context
                        let other = context.related[listing.relation]
                        let otherFrame = context.relatedFrames[listing.relation]
                        let columns = context.relatedColumns[listing.relation]
                        for member in context.results.members[listing.relation][input.row] {
                            // Only the fields the filter reads, and the member's results.
                            columns.load(row: Int(member), fields: listing.relatedFields, into: otherFrame)
                            if listing.readsResults { other.loadResults(row: Int(member), into: otherFrame) }
                            if listing.filter(otherFrame) { keys.append(other.key(row: Int(member))) }
                        }
                    }
                    return Decision(level: .notCertified, reasons: [.disqualified(step: s, members: keys)], passMark: passMark)
                }
            case .groupMinimums:
                chain = { input, passMark in
                    var reasons: [Reason] = []
                    for g in minimums.indices {
                        let points = input.results.groupPoints(row: input.row, group: g)
                        if points < minimums[g] { reasons.append(.groupBelowMinimum(group: g, points: points, minimum: minimums[g])) }
                    }
                    return reasons.isEmpty ? next(input, passMark) : Decision(level: .notCertified, reasons: reasons, passMark: passMark)
                }
            case .passMark(let marks):
                let conditions = marks.map(\.condition), values = marks.map(\.definition.value)
                chain = { input, passMark in
                    guard let index = conditions.firstIndex(where: { $0?(input.frame) ?? true }) else { return next(input, passMark) }
                    if input.total < values[index] {
                        return Decision(level: .notCertified, reasons: [.belowPassMark(total: input.total, passMark: values[index])],
                                        passMark: index)
                    }
                    return next(input, index)
                }
            case .award(let awards):
                let conditions = awards.map(\.condition), levels = awards.map(\.definition.level)
                chain = { input, passMark in
                    guard let index = conditions.firstIndex(where: { $0?(input.frame) ?? true }) else { return next(input, passMark) }
                    return Decision(level: levels[index], reasons: nil, passMark: passMark)
                }
            }
        }
        return { input in chain(input, -1) }
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

/// Scores rows of one model: aggregates, indicators, groups, total, then the decision steps in
/// order. One scorer per thread: it owns its frames and accumulators.
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

    init(plan: ScoringPlan, results: ModelResults, related: [ModelResults], relatedColumns: [RecordColumns]) {
        self.plan = plan
        self.results = results
        self.related = related
        self.relatedColumns = relatedColumns
        frame = plan.model.layout.makeFrame()
        relatedFrames = related.map { $0.model.layout.makeFrame() }
        accumulators = plan.relationAggregates.map { Accumulators(count: $0.count) }
        context = DecisionContext(frame: frame, results: results, related: related, relatedFrames: relatedFrames,
                                  relatedColumns: relatedColumns)
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
        if !plan.relationAggregates.isEmpty, let problem = fillAggregates(row: row) {
            fail(row: row, reason: problem)
            return false
        }
        let indicators = plan.indicatorCount
        let fired = results.firedRules.unsafeBaseAddress! + row * indicators
        plan.fireRules(frame, fired)
        if frame.divisionByZero != nil {
            fail(row: row, reason: divisionByZeroPlace())
            return false
        }
        let groups = results.groupPoints.unsafeBaseAddress! + row * plan.groupCount
        var total: Int32 = 0
        plan.rulePoints.withUnsafeBufferPointer { rulePoints in
            plan.ruleOffsets.withUnsafeBufferPointer { offsets in
                plan.indicatorGroups.withUnsafeBufferPointer { indicatorGroups in
                    for k in 0..<indicators {
                        let p = rulePoints[offsets[k] + Int(fired[k])]
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

        let decision = withExtendedLifetime(context) {
            plan.decide(DecisionInput(row: row, total: Int(total), context: context))
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

    /// The full frame of a row for explanations (fields, aggregates, results).
    static func explainFrame(row: Int, results: ModelResults, related: [ModelResults]) -> Frame {
        let plan = ScoringPlan(results.model)
        return withColumns(of: results.table, related: related) { columns, relatedColumns in
            let scorer = RowScorer(plan: plan, results: results, related: related, relatedColumns: relatedColumns)
            results.load(row: row, into: scorer.frame)
            _ = scorer.fillAggregates(row: row)
            return scorer.frame
        }
    }
}

/// Running totals of one relation's aggregates: for one entity, or for every group of members
/// at once (``select(_:)`` chooses the group the closures add to).
final class Accumulators {
    let count: Int
    /// The totals of the selected group (``select(_:)``); a per-entity accumulator has one.
    private(set) var counts: UnsafeMutablePointer<Int>
    private(set) var sums: UnsafeMutablePointer<Rational>
    private(set) var anys: UnsafeMutablePointer<Bool>
    private(set) var alls: UnsafeMutablePointer<Bool>
    private let groups: Int
    private let allCounts: UnsafeMutablePointer<Int>
    private let allSums: UnsafeMutablePointer<Rational>
    private let allAnys: UnsafeMutablePointer<Bool>
    private let allAlls: UnsafeMutablePointer<Bool>

    init(count: Int, groups: Int = 1) {
        self.count = count
        self.groups = max(groups, 1)
        let n = max(count, 1) * self.groups
        allCounts = .allocate(capacity: n)
        allSums = .allocate(capacity: n)
        allSums.initialize(repeating: .zero, count: n)
        allAnys = .allocate(capacity: n)
        allAlls = .allocate(capacity: n)
        counts = allCounts
        sums = allSums
        anys = allAnys
        alls = allAlls
        for g in 0..<self.groups {
            select(g)
            reset()
        }
        select(0)
    }

    /// Points the totals at group `g`'s.
    @inline(__always)
    func select(_ g: Int) {
        let offset = g * max(count, 1)
        counts = allCounts + offset
        sums = allSums + offset
        anys = allAnys + offset
        alls = allAlls + offset
    }

    /// Clears the selected group's totals.
    func reset() {
        for a in 0..<count {
            counts[a] = 0
            sums[a] = .zero
            anys[a] = false
            alls[a] = true
        }
    }

    /// Adds the selected totals of an accumulator of one group (a member's own) to the selected group's.
    @inline(__always)
    func add(selected other: Accumulators) {
        for a in 0..<count {
            counts[a] += other.counts[a]
            if other.sums[a] != .zero { sums[a] = sums[a] + other.sums[a] }
            if other.anys[a] { anys[a] = true }
            if !other.alls[a] { alls[a] = false }
        }
    }

    /// Adds another accumulator's totals of every group (of the same shape) to these.
    func add(_ other: Accumulators) {
        precondition(other.count == count && other.groups == groups)
        for i in 0..<(max(count, 1) * groups) where count > 0 {
            allCounts[i] += other.allCounts[i]
            allSums[i] = allSums[i] + other.allSums[i]
            allAnys[i] = allAnys[i] || other.allAnys[i]
            allAlls[i] = allAlls[i] && other.allAlls[i]
        }
    }

    /// Makes the selected group's totals those of `other`'s group `g`.
    func copy(group g: Int, of other: Accumulators) {
        let offset = g * max(other.count, 1)
        for a in 0..<count {
            counts[a] = other.allCounts[offset + a]
            sums[a] = other.allSums[offset + a]
            anys[a] = other.allAnys[offset + a]
            alls[a] = other.allAlls[offset + a]
        }
    }

    deinit {
        let n = max(count, 1) * groups
        allCounts.deallocate()
        allSums.deinitialize(count: n)
        allSums.deallocate()
        allAnys.deallocate()
        allAlls.deallocate()
    }
}

/// What a decision step needs to know about the row being decided: the row and its total, and
/// the scorer's context (held without reference counting: the scorer keeps it alive).
struct DecisionInput {
    let row: Int
    let total: Int
    unowned(unsafe) let context: DecisionContext

    var frame: Frame { context.frame }
    var results: ModelResults { context.results }
}

/// The frames and tables a scorer decides rows with; one per scorer.
final class DecisionContext {
    let frame: Frame
    let results: ModelResults
    let related: [ModelResults]
    let relatedFrames: [Frame]
    let relatedColumns: [RecordColumns]

    init(frame: Frame, results: ModelResults, related: [ModelResults], relatedFrames: [Frame], relatedColumns: [RecordColumns]) {
        self.frame = frame
        self.results = results
        self.related = related
        self.relatedFrames = relatedFrames
        self.relatedColumns = relatedColumns
    }
}

/// The outcome of the decision: the level, its reasons (`nil` when none), the pass mark used.
struct Decision {
    var level: Level
    var reasons: [Reason]?
    var passMark: Int
}

/// Prints the time of each step of a run on standard error when `KHUYENHOC_TIMING` is set
/// (the benchmark uses it to see where the time goes); silent otherwise.
///
/// ```swift
/// let clock = StepClock()
/// read(); clock.mark("read")
/// ```
public final class StepClock {
    private var last = DispatchTime.now()
    private let enabled = ProcessInfo.processInfo.environment["KHUYENHOC_TIMING"] != nil

    public init() {}

    public func mark(_ step: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000
        FileHandle.standardError.write(Data("timing   \(step): \(Int(ms)) ms\n".utf8))
        last = now
    }
}
