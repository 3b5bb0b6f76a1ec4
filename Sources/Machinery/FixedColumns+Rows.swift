extension FixedColumns {
    /// Stores `value` as column `k`'s value of the row ``openRow()`` returned (before
    /// ``closeRow()`` counts it). `k` and `row` come from the columns themselves.
    ///
    /// ```swift
    /// let row = numbers.openRow()
    /// for k in 0..<numbers.width { numbers.store(values[k], column: k, row: row) }
    /// numbers.closeRow()
    /// ```
    @inlinable @inline(__always)
    package func store(_ value: Value, column k: Int, row: Int) {
        bases[k].unsafelyUnwrapped[row] = value
    }
}
