import Machinery
import Criteria

/// What the per-row loop of one model needs, prepared once: the indicators' rules chained into a
/// single closure, the points of every rule in a flat table, the fields worth loading, the
/// aggregates grouped by relation, and the level decision (``DecisionEvaluator``). The loop then
/// copies no structure that holds strings or closures, which would cost a retain and a release
/// per row.
///
/// ```swift
/// let plan = ScoringPlan(model)          // one per thread (see ``ScoringEngine``)
/// plan.fireRules(frame, results.firedRules, row * plan.indicatorCount)
/// ```
final class ScoringPlan {
    let model: CompiledModel
    let indicatorCount: Int
    let groupCount: Int
    /// Fires each indicator's first matching rule and writes its line (index in the indicator's
    /// rules) at `fired[start + k]` for indicator `k`: a chain for each width of the fired
    /// rules (one byte or two), so that no link asks the width (see ``fireRules(_:_:_:)``).
    let fireNarrow: (Frame, MutableColumnView<UInt8>, Int) -> Void
    let fireWide: (Frame, MutableColumnView<UInt16>, Int) -> Void
    /// Bytes a fired rule takes in the results and the row memo (see ``SmallCountBuffer``).
    let firedRuleBytes: Int
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
    /// The level decision.
    let decision: DecisionEvaluator

    init(_ model: CompiledModel) {
        self.model = model
        let indicators = model.groups.flatMap(\.indicators)
        indicatorCount = indicators.count
        groupCount = model.groups.count
        indicatorGroups = model.groups.enumerated().flatMap { g, group in group.indicators.map { _ in g } }
        indicatorIds = indicators.map(\.definition.id)
        (rulePoints, ruleOffsets) = ModelResults.ruleTable(model)
        firedRuleBytes = SmallCountBuffer.bytesPerValue(maximum: ModelResults.largestFiredRule(model))
        // The compiler refuses an indicator with more lines than a fired rule can name.
        precondition(indicators.allSatisfy { $0.rules.count <= CompiledIndicator.maximumLines },
                     "ScoringPlan: an indicator has more than \(CompiledIndicator.maximumLines) point lines")
        let rules = indicators.map(\.rules)
        fireNarrow = Self.chain(rules, UInt8.self)
        fireWide = Self.chain(rules, UInt16.self)
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
        decision = DecisionEvaluator(model)
    }

    /// Fires each indicator's first matching rule into `fired` from `start` (the width asked
    /// once, here, then a chain of that width).
    @inline(__always)
    func fireRules(_ frame: Frame, _ fired: SmallCounts, _ start: Int) {
        fired.withStorage(narrow: { fireNarrow(frame, $0, start) }, wide: { fireWide(frame, $0, start) })
    }

    /// The indicators' pickers chained into one closure that writes indicator `k`'s line at
    /// `fired[start + k]` (each line fits: ``SmallCountBuffer``). One function per width, not a
    /// generic one: closures made in a generic function are not specialised.
    static func chain(_ rules: [[CompiledRule]], _: UInt8.Type) -> (Frame, MutableColumnView<UInt8>, Int) -> Void {
        var chain: (Frame, MutableColumnView<UInt8>, Int) -> Void = { _, _, _ in }
        for (k, indicatorRules) in rules.enumerated().reversed() {
            // (Made here: a picker kept in an array is called through a thunk.)
            let pick = picker(indicatorRules)
            let rest = chain
            chain = { frame, fired, start in
                fired[unchecked: start &+ k] = UInt8(truncatingIfNeeded: pick(frame))
                rest(frame, fired, start)
            }
        }
        return chain
    }

    static func chain(_ rules: [[CompiledRule]], _: UInt16.Type) -> (Frame, MutableColumnView<UInt16>, Int) -> Void {
        var chain: (Frame, MutableColumnView<UInt16>, Int) -> Void = { _, _, _ in }
        for (k, indicatorRules) in rules.enumerated().reversed() {
            // (Made here: a picker kept in an array is called through a thunk.)
            let pick = picker(indicatorRules)
            let rest = chain
            chain = { frame, fired, start in
                fired[unchecked: start &+ k] = UInt16(truncatingIfNeeded: pick(frame))
                rest(frame, fired, start)
            }
        }
        return chain
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
                        acc.count(a)
                        acc.add(a, value(frame))
                    }
                    rest(frame, acc)
                }
            case .boolean(let value)?:
                chain = { frame, acc in
                    if filter?(frame) ?? true {
                        acc.count(a)
                        acc.note(a, value(frame))
                    }
                    rest(frame, acc)
                }
            default:
                chain = { frame, acc in
                    if filter?(frame) ?? true { acc.count(a) }
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
                case .count: frame.numbers[slots[a]] = Rational(integer: Int64(acc.counted(a)))
                case .sum:
                    let sum = acc.sum(a)
                    if sum.isOverflow { return .overflow(expression: texts[a], place: model) }
                    frame.numbers[slots[a]] = sum
                case .any: frame.bools[slots[a]] = acc.any(a)
                case .all: frame.bools[slots[a]] = acc.all(a)
                case .ratio:
                    guard members > 0 else { return .divisionByZero(expression: texts[a], place: model) }
                    frame.numbers[slots[a]] = Rational(Int64(acc.counted(a)), Int64(members))
                }
            }
            return nil
        }
    }

    /// Rules beyond which an indicator's rules are tried in a loop rather than chained (a chain
    /// of closures calls one inside the other, as deep as the rules are many).
    static let chainedRules = 32

    /// The first rule whose condition holds (the compiler guarantees a fallback at the end).
    static func picker(_ rules: [CompiledRule]) -> (Frame) -> Int {
        if rules.count > chainedRules {
            let conditions = rules.map(\.condition)
            return { frame in
                for (i, condition) in conditions.enumerated() where condition?(frame) ?? true { return i }
                return conditions.count - 1
            }
        }
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
