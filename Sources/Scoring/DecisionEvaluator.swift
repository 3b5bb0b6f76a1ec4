import Machinery
import Criteria
import Records

/// The level decision of one model: its steps in the file's order, each either deciding or
/// handing over to the next; the first step that fails decides `khong-dat` with that step's
/// reasons, a `<levels>` step awards its level, and a file with no levels step certifies what
/// passed every check.
///
/// This is the only code that decides a level. Scoring runs it for every row; explanations run
/// it again on the row's frame with a context that records the steps taken
/// (``DecisionContext/recording``), and read the outcome from the ``DecisionTrace``.
///
/// ```swift
/// let evaluator = DecisionEvaluator(model)
/// let decision = evaluator.decide(DecisionInput(row: row, total: total, context: context))
/// results.levels[row] = decision.level
/// ```
struct DecisionEvaluator {
    /// The steps chained into one closure (no array of steps is walked per row).
    let decide: (DecisionInput) -> Decision

    init(_ model: CompiledModel) {
        // A file whose decision has no levels step awards its one implicit level (`dat`) to
        // whatever passed every check (the last declared level otherwise: not reached, as a
        // `<levels>` step must end with `<otherwise>`).
        let fallback = Level.declared(max(0, model.levels.count - 1))
        var chain: (DecisionInput, Int) -> Decision = { _, passMark in Decision(level: fallback, reasons: nil, passMark: passMark) }
        let minimums = model.groups.map(\.definition.minimum)
        // Each pass-mark step's first mark among the model's (``CompiledModel/passMarkRules``).
        var firstMark = model.passMarkRules.count
        for (s, step) in model.decision.enumerated().reversed() {
            let next = chain
            switch step {
            case .disqualify(let condition, _, _, _, _, let listing):
                chain = { input, passMark in
                    let fired = condition(input.frame)
                    if input.context.recording { input.context.steps.append(.disqualify(step: s, fired: fired)) }
                    guard fired else { return next(input, passMark) }
                    var keys: [String] = []
                    if let listing {
                        let context = input.context
                        if listing.relation < context.related.count {
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
                    if input.context.recording {
                        let below = minimums.indices.map { input.results.groupPoints(row: input.row, group: $0) < minimums[$0] }
                        input.context.steps.append(.groupMinimums(step: s, below: below))
                    }
                    return reasons.isEmpty ? next(input, passMark) : Decision(level: .notCertified, reasons: reasons, passMark: passMark)
                }
            case .passMark(let marks):
                let conditions = marks.map(\.condition), values = marks.map(\.definition.value)
                firstMark -= marks.count
                let first = firstMark
                chain = { input, passMark in
                    guard let index = conditions.firstIndex(where: { $0?(input.frame) ?? true }) else { return next(input, passMark) }
                    let passed = input.total >= values[index]
                    if input.context.recording { input.context.steps.append(.passMark(step: s, mark: index, passed: passed)) }
                    if !passed {
                        return Decision(level: .notCertified, reasons: [.belowPassMark(total: input.total, passMark: values[index])],
                                        passMark: first + index)
                    }
                    return next(input, first + index)
                }
            case .award(let awards):
                let conditions = awards.map(\.condition), levels = awards.map(\.definition.level)
                chain = { input, passMark in
                    guard let index = conditions.firstIndex(where: { $0?(input.frame) ?? true }) else { return next(input, passMark) }
                    if input.context.recording { input.context.steps.append(.award(step: s, award: index)) }
                    return Decision(level: levels[index], reasons: nil, passMark: passMark)
                }
            }
        }
        decide = { input in chain(input, -1) }
    }
}

/// What a decision step needs to know about the row being decided: the row and its total, and
/// the scorer's context (held without reference counting: the scorer keeps it alive).
struct DecisionInput {
    let row: Int
    let total: Int
    private let contextReference: UnownedReference<DecisionContext>

    init(row: Int, total: Int, context: DecisionContext) {
        self.row = row
        self.total = total
        contextReference = UnownedReference(context)
    }

    var context: DecisionContext { contextReference.value }
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
    /// Whether the steps taken are recorded in ``steps`` (for explanations; off while scoring).
    let recording: Bool
    var steps: [DecisionStepTaken] = []

    init(frame: Frame, results: ModelResults, related: [ModelResults], relatedFrames: [Frame], relatedColumns: [RecordColumns],
         recording: Bool = false) {
        self.recording = recording
        self.frame = frame
        self.results = results
        self.related = related
        self.relatedFrames = relatedFrames
        self.relatedColumns = relatedColumns
    }
}

/// The outcome of the decision: the level, its reasons (`nil` when none), and the pass mark that
/// applied (its place in ``CompiledModel/passMarkRules``, -1 when none was reached).
struct Decision {
    var level: Level
    var reasons: [Reason]?
    var passMark: Int
}

/// How the decision went for one row, step by step, as the one ``DecisionEvaluator`` took it:
/// what the score card of `explain` shows.
///
/// ```swift
/// let explanation = results.explanation(forRow: row, in: run)
/// for step in explanation.trace.steps { … }          // the steps taken, in order
/// ```
public struct DecisionTrace: Sendable, Equatable {
    public var level: Level
    /// The reasons of a level other than the one earned (empty when none).
    public var reasons: [Reason]
    /// The pass mark that applied (its place in ``CompiledModel/passMarkRules``), -1 when none.
    public var passMark: Int
    /// The steps taken, in order; the last one decided (unless every step handed over).
    public var steps: [DecisionStepTaken]
}

/// One step of the decision as it was taken for a row. `step` is its place in
/// ``CompiledModel/decision``.
public enum DecisionStepTaken: Sendable, Equatable {
    /// A `<disqualify>` step: whether its condition held (the row is then `khong-dat`).
    case disqualify(step: Int, fired: Bool)
    /// The group minimums: for each group, whether its points were below its minimum.
    case groupMinimums(step: Int, below: [Bool])
    /// A `<pass-mark>` step with a mark that applied (its place among the step's marks), and
    /// whether the total reached it. A step none of whose marks applied is not taken.
    case passMark(step: Int, mark: Int, passed: Bool)
    /// A `<levels>` step: the level rule that applied (its place among the step's rules). A
    /// step none of whose rules applied is not taken.
    case award(step: Int, award: Int)
}
