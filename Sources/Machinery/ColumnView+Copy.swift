extension MutableColumnView {
    /// Copies `source[sourceStart..<sourceStart + count]` to `self[start..<start + count]`
    /// (both ranges checked once, not element by element): a row's results copied as a block.
    ///
    /// ```swift
    /// results.firedRules.copy(from: saved, at: 0, count: indicators, to: row * indicators)
    /// ```
    @inlinable @inline(__always)
    public func copy(from source: MutableColumnView<Element>, at sourceStart: Int, count: Int, to start: Int) {
        precondition(count >= 0 && sourceStart >= 0 && sourceStart + count <= source.count && start >= 0 && start + count <= self.count,
                     "MutableColumnView.copy: range out of bounds")
        guard count > 0 else { return }
        (base.unsafelyUnwrapped + start).update(from: source.base.unsafelyUnwrapped + sourceStart, count: count)
    }
}
