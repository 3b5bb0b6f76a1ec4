import Criteria

/// The results of rows already scored, by the values their rules read, for a model whose
/// results depend on nothing else (no relation, so no aggregate and no member listing).
///
/// Scoring such a row is a pure function of its used field values: every indicator, the groups,
/// the total, the level, the pass mark and the reasons follow from them alone. Survey values are
/// small counts and tick boxes, so a province repeats the same few hundred thousand combinations
/// over and over (the generated million households have about 200,000 distinct rows), and a row
/// seen before costs a hash and a copy instead of evaluating every rule.
///
/// Each scoring thread has its own memo (nothing is shared). A key holds every used field value
/// exactly (whole numbers in 32 bits, yes/no as bits, coded texts by code), so two rows with the
/// same key have the same results; a row whose rules divided by zero is never stored. When the
/// table is full, rows are still scored, just no longer stored.
///
/// ```swift
/// if let memo = RowMemo(plan: plan, columns: columns) {   // nil when the model cannot use one
///     if let entry = memo.find(row: row) { memo.copy(entry, to: row, results) }
///     else if scorer.score(row: row, columns: columns) { memo.store(row: row, from: results) }
/// }
/// ```
final class RowMemo {
    /// Used fields by type: int columns, bool columns, coded text columns (their slots).
    private let ints: [UnsafeBufferPointer<Int32>]
    private let bools: [UnsafeBufferPointer<Bool>]
    private let texts: [UnsafeBufferPointer<UInt32>]
    let keyWords: Int
    /// Words holding the whole numbers and text codes (at least one).
    private let valueWords: Int
    private let indicators: Int
    private let groups: Int
    private let capacity: Int
    private let limit: Int
    private var stored = 0

    /// The stored keys, by entry, `keyWords` words each.
    private let keys: UnsafeMutablePointer<UInt64>
    /// `capacity` slots; a slot holds the upper half of its key's hash and its entry + 1 (0 is
    /// empty), so a probe reads a stored key only when the hashes agree.
    private let entries: UnsafeMutablePointer<UInt64>
    /// The key of the row being looked up.
    private let scratch: UnsafeMutablePointer<UInt64>
    private var lastHash: UInt64 = 0

    // Stored results, entry after entry.
    private let fired: UnsafeMutablePointer<Int8>
    private let groupPoints: UnsafeMutablePointer<Int32>
    private let totals: UnsafeMutablePointer<Int32>
    private let levels: UnsafeMutablePointer<Level>
    private let passMarks: UnsafeMutablePointer<Int8>
    private var reasons: [[Reason]] = []

    /// Results stored at most (per thread); about 10 MB for the household model.
    static let defaultLimit = 1 << 17

    /// A memo for rows of `plan`'s model read from `columns`, or nil when the model's results
    /// depend on more than its own row (relations) or a used text field is not coded.
    init?(plan: ScoringPlan, columns: RecordColumns, limit: Int = RowMemo.defaultLimit) {
        let model = plan.model
        guard model.relations.isEmpty, limit > 0 else { return nil }
        var ints: [UnsafeBufferPointer<Int32>] = []
        var bools: [UnsafeBufferPointer<Bool>] = []
        var texts: [UnsafeBufferPointer<UInt32>] = []
        for field in plan.usedFields {
            let slot = columns.slots[field]
            switch columns.types[field] {
            case .int: ints.append(columns.ints[slot])
            case .bool: bools.append(columns.bools[slot])
            case .text:
                guard columns.texts[slot].isCoded else { return nil }
                texts.append(columns.texts[slot].codes)
            }
        }
        self.ints = ints
        self.bools = bools
        self.texts = texts
        valueWords = max(1, (ints.count + texts.count + 1) / 2)
        keyWords = valueWords + (bools.count + 63) / 64
        indicators = plan.indicatorCount
        groups = plan.groupCount
        self.limit = limit
        var capacity = 1024
        while capacity < limit * 2 { capacity <<= 1 }
        self.capacity = capacity
        keys = .allocate(capacity: limit * keyWords)
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: 0, count: capacity)
        scratch = .allocate(capacity: keyWords)
        fired = .allocate(capacity: limit * max(indicators, 1))
        groupPoints = .allocate(capacity: limit * max(groups, 1))
        totals = .allocate(capacity: limit)
        levels = .allocate(capacity: limit)
        passMarks = .allocate(capacity: limit)
        reasons.reserveCapacity(1024)
    }

    deinit {
        keys.deallocate()
        entries.deallocate()
        scratch.deallocate()
        fired.deallocate()
        groupPoints.deallocate()
        totals.deallocate()
        levels.deallocate()
        passMarks.deallocate()
    }

    /// The stored entry for the row's values, or nil (the row's key is kept for ``store(row:from:)``).
    @inline(__always)
    func find(row: Int) -> Int? {
        // Whole numbers and text codes two to a word, then the yes/no values as bits.
        var w = 0
        var half = 0
        var word: UInt64 = 0
        @inline(__always) func put(_ value: UInt32) {
            word |= UInt64(value) << (half * 32)
            half += 1
            if half == 2 { scratch[w] = word; w += 1; word = 0; half = 0 }
        }
        for column in ints { put(UInt32(bitPattern: column[row])) }
        for column in texts { put(column[row]) }
        if half != 0 { scratch[w] = word; w += 1; word = 0; half = 0 }
        while w < valueWords { scratch[w] = 0; w += 1 }
        var bit = 0
        for column in bools {
            if column[row] { word |= 1 << UInt64(bit) }
            bit += 1
            if bit == 64 { scratch[w] = word; w += 1; word = 0; bit = 0 }
        }
        if bit != 0 { scratch[w] = word; w += 1 }
        while w < keyWords { scratch[w] = 0; w += 1 }

        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for k in 0..<keyWords {
            hash = (hash ^ scratch[k]) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
        }
        lastHash = hash
        var i = Int(truncatingIfNeeded: hash >> 7) & (capacity - 1)
        while entries[i] != 0 {
            let slot = entries[i]
            if slot >> 32 == hash >> 32 {
                let entry = Int(UInt32(truncatingIfNeeded: slot)) - 1
                if same(keys + entry * keyWords) { return entry }
            }
            i = (i + 1) & (capacity - 1)
        }
        return nil
    }

    @inline(__always)
    private func same(_ key: UnsafeMutablePointer<UInt64>) -> Bool {
        for k in 0..<keyWords where key[k] != scratch[k] { return false }
        return true
    }

    /// Writes a stored entry's results as row `row`'s.
    @inline(__always)
    func copy(_ entry: Int, to row: Int, _ results: ModelResults) {
        (results.firedRules.baseAddress! + row * indicators).update(from: fired + entry * indicators, count: indicators)
        (results.groupPoints.baseAddress! + row * groups).update(from: groupPoints + entry * groups, count: groups)
        results.totals[row] = totals[entry]
        results.levels[row] = levels[entry]
        results.passMarks[row] = passMarks[entry]
        if !reasons[entry].isEmpty { results.reasons[row] = reasons[entry] }
    }

    /// Stores row `row`'s results under the key last looked up by ``find(row:)`` (which found
    /// nothing), unless the memo is full.
    @inline(__always)
    func store(row: Int, from results: ModelResults) {
        guard stored < limit else { return }
        var i = Int(truncatingIfNeeded: lastHash >> 7) & (capacity - 1)
        while entries[i] != 0 { i = (i + 1) & (capacity - 1) }
        let entry = stored
        (keys + entry * keyWords).update(from: scratch, count: keyWords)
        entries[i] = lastHash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
        (fired + entry * indicators).update(from: results.firedRules.baseAddress! + row * indicators, count: indicators)
        (groupPoints + entry * groups).update(from: results.groupPoints.baseAddress! + row * groups, count: groups)
        totals[entry] = results.totals[row]
        (levels + entry).initialize(to: results.levels[row])
        passMarks[entry] = results.passMarks[row]
        reasons.append(results.reasons[row])
        stored += 1
    }
}
