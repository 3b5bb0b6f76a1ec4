import Machinery
import Criteria
import Records

/// Scores every model of a run in dependency order, so that clans and hamlets are judged on the
/// same run's household results.
///
/// The engine runs the named parts of scoring in turn for each model: ``MemberLinking`` finds
/// each entity's members, a ``RowScorer`` per thread scores rows with a ``ScoringPlan`` (the
/// aggregates through ``GroupTotals`` or ``Accumulators``, the level through the one
/// ``DecisionEvaluator``), and ``Ranking`` ranks and lists them.
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
    /// The certified results of earlier years, for criteria that read `history.…`
    /// (``CompiledModel/history``); without it every entity reads 0 and `none`.
    public var history: CertifiedHistory = .empty
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
            if !model.lookups.isEmpty || model.history != nil {
                results.lookups = LookupValues(model: model, table: table, tables: data.tables, history: history)
            }
            clock.mark("\(model.id) setup")
            MemberLinking.link(results, done: done)
            clock.mark("\(model.id) link")
            scoreRows(results, related: model.relations.map { done[$0.model.id]! })
            Self.markWithoutMemberData(results)
            clock.mark("\(model.id) rows")
            Ranking.rank(results, threads: threads)
            clock.mark("\(model.id) rank")
            done[model.id] = results
            ordered.append(results)
        }
        return RunResults(models: ordered, sources: data.sources)
    }

    /// Rule 5 of the survey spec: an entity that no related row of the run (valid or not) names
    /// through one of its relations (a hamlet whose household file has not arrived) is a row with
    /// an error, not an entity judged on no data.
    static func markWithoutMemberData(_ results: ModelResults) {
        let relations = results.model.relations.count
        guard relations > 0 else { return }
        let members = results.members, rejected = results.rejectedMembers
        for row in 0..<results.count {
            for r in 0..<relations where members[r][row].isEmpty && rejected[r][row] == 0 {
                results.levels[row] = .error
                results.reasons[row] = [.noMemberData(relation: r)]
                results.totals[row] = 0
                results.passMarks[row] = -1
                break
            }
        }
    }

    /// Scores the rows in chunks, one chunk per thread; each thread has its own frames and writes
    /// only its own rows, so the result is the same whatever the number of threads.
    private func scoreRows(_ results: ModelResults, related: [ModelResults]) {
        let rows = results.count
        let work = ParallelWork(threads: threads)
        let chunks = work.parts(items: rows, minimumPerPart: 2048)
        let model = results.model
        // Read by every chunk, written by none.
        let totals: SendableBox<[(MemberGroups, GroupTotals)?]> = SendableBox(related.indices.map { r in
            let hasAggregates = model.aggregates.contains { $0.relation == r }
            guard groupAggregates, hasAggregates, let groups = MemberGroups(members: results.members[r], relatedCount: related[r].count) else { return nil }
            return (groups, GroupTotals.compute(model: model, relation: r, groups: groups, related: related[r], threads: threads,
                                                minimumRows: groupMinimumRows))
        })
        let scoreChunk: @Sendable (Int) -> Void = { chunk in
            let start = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
            // A plan of the thread's own: the closures and arrays it holds are retained by this
            // thread alone (a shared one has its reference counts bounced between the cores).
            let plan = ScoringPlan(results.model)
            RowScorer.withColumns(of: results.table, related: related) { columns, relatedColumns in
                var scorer = RowScorer(plan: plan, results: results, related: related, relatedColumns: relatedColumns)
                scorer.groupTotals = totals.value
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
        work.run(parts: chunks, scoreChunk)
    }
}
