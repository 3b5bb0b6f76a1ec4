import Criteria

extension ModelResults {
    /// The full frame of a scored row, as the engine saw it when it decided the level: the
    /// row's fields, its aggregates over related models, and its results. Explanations read
    /// the values of rule names from it through ``CompiledModel/symbols``.
    ///
    /// ```swift
    /// let frame = results.frame(forRow: row, in: run)
    /// print(results.model.symbols["ty_le"]!.display(frame))   // "0,8"
    /// ```
    public func frame(forRow row: Int, in run: RunResults) -> Frame {
        explanation(forRow: row, in: run).frame
    }

    /// A scored row explained: its full frame (see ``frame(forRow:in:)``) and the level decision
    /// as the engine takes it (the same evaluator, run again with its steps recorded).
    ///
    /// ```swift
    /// let explanation = results.explanation(forRow: row, in: run)
    /// explanation.trace.level == results.levels[row]      // true
    /// ```
    public func explanation(forRow row: Int, in run: RunResults) -> RowExplanation {
        let related = model.relations.compactMap { run.model(id: $0.model.id) }
        let (frame, trace) = RowScorer.explain(row: row, results: self, related: related.count == model.relations.count ? related : [])
        return RowExplanation(frame: frame, trace: trace)
    }
}

/// A scored row's frame and its decision trace (see ``ModelResults/explanation(forRow:in:)``).
public struct RowExplanation {
    /// The row's values, aggregates and results, by slot.
    public let frame: Frame
    /// The level decision, step by step.
    public let trace: DecisionTrace
}
