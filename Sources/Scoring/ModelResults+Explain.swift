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
        let related = model.relations.compactMap { run.model(id: $0.model.id) }
        guard related.count == model.relations.count else {
            let frame = model.layout.makeFrame()
            load(row: row, into: frame)
            return frame
        }
        return RowScorer.explainFrame(row: row, results: self, related: related)
    }
}
