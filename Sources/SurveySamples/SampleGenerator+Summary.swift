extension SampleGenerator {
    /// What ``SampleGenerator/write(to:)`` wrote: the files, and how many rows of each kind.
    ///
    /// ```swift
    /// let summary = try generator.write(to: folder)
    /// print("\(summary.households) households, \(summary.errorRows) deliberately wrong")
    /// ```
    public struct Summary: Sendable, Equatable {
        /// The file names written, households first.
        public var files = [SampleGenerator.householdFileName, SampleGenerator.clanFileName, SampleGenerator.hamletFileName]
        public var communes = 0
        public var households = 0
        /// Clan rows written (0 without a clan model).
        public var clans = 0
        /// Hamlet rows written (0 without a hamlet model).
        public var hamlets = 0
        /// Household rows written with a deliberate data error (the scorer must mark them `loi`).
        public var errorRows = 0
        /// Household rows with `vi_pham` ticked (disqualified).
        public var disqualified = 0
        /// Household rows without a clan code.
        public var withoutClan = 0

        public init() {}
    }
}
