import Machinery
import Criteria
import Records

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
/// Rows are looked up in order. Their keys are made a block of rows at a time, column after
/// column (reading twenty columns at once, row by row, would outrun the processor's stream
/// prefetchers), and the look-ups of the rows ahead are started early: a row's slot is asked for
/// ``lookAhead`` rows before it is needed, and the stored entry the slot points to half as many
/// rows before, so that the look-up itself finds both in the cache instead of waiting twice for
/// memory (the memo is larger than the cache). An entry keeps its key and its results side by
/// side, in whole cache lines.
///
/// ```swift
/// if let memo = RowMemo(plan: plan, columns: columns) {   // nil when the model cannot use one
///     memo.start(rows: start..<end)
///     for row in start..<end {
///         if let entry = memo.find(row: row) { memo.copy(entry, to: row, results) }
///         else if scorer.score(row: row, columns: columns) { memo.store(row: row, from: results) }
///     }
/// }
/// ```
final class RowMemo {
    /// Used fields by type: int columns, bool columns, coded text columns (their slots).
    private let ints: [ColumnView<Int32>]
    private let bools: [ColumnView<Bool>]
    private let texts: [ColumnView<UInt32>]
    let keyWords: Int
    /// Words holding the whole numbers and text codes (at least one).
    private let valueWords: Int
    private let indicators: Int
    private let groups: Int
    private let limit: Int
    private var stored = 0

    private let slotTable: OwnedHashSlots
    private let slots: HashSlots
    /// The entries: the key, then the fired rules, the group points, the total, the level, the
    /// pass mark, and whether there are reasons (at these byte offsets).
    private let records: MemoRecords
    private let firedOffset: Int, groupsOffset: Int, totalOffset: Int, levelOffset: Int, passMarkOffset: Int, reasonsOffset: Int
    /// The reasons of each entry (read only for entries that have some).
    private var reasons: [[Reason]] = []

    /// Rows whose look-up is started ahead of them.
    static let lookAhead = 16
    /// Rows whose keys are made together.
    static let block = 2048
    /// The keys (`keyWords` words each) and hashes of the rows `blockStart..<blockEnd`.
    private let blockKeyStorage: FixedBuffer<UInt64>
    private let blockHashStorage: FixedBuffer<UInt64>
    private let blockKeys: MutableColumnView<UInt64>
    private let blockHashes: MutableColumnView<UInt64>
    private var blockStart = 0
    private var blockEnd = 0
    /// The rows being looked up (rows past its end are not read).
    private var rows: Range<Int> = 0..<0

    /// Results stored at most (per thread): for the household model about 16 MB of entries (128
    /// bytes each) and 2 MB of slots, touched only as entries are stored.
    static let defaultLimit = 1 << 17

    /// A memo for rows of `plan`'s model read from `columns`, or nil when the model's results
    /// depend on more than its own row (relations) or a used text field is not coded.
    init?(plan: ScoringPlan, columns: RecordColumns, limit: Int = RowMemo.defaultLimit) {
        let model = plan.model
        // (A model reading fields through a relation, or its certified history, is not memoized: its rows' own values are
        // not all its rule inputs.)
        guard model.relations.isEmpty, model.lookups.isEmpty, model.history == nil, limit > 0, let (ints, bools, texts) = columns.coded(plan.usedFields) else { return nil }
        self.ints = ints
        self.bools = bools
        self.texts = texts
        valueWords = max(1, (ints.count + texts.count + 1) / 2)
        keyWords = valueWords + (bools.count + 63) / 64
        indicators = plan.indicatorCount
        groups = plan.groupCount
        self.limit = limit
        slotTable = OwnedHashSlots(entries: limit)
        slots = slotTable.slots
        firedOffset = keyWords * 8
        let firedBytes = indicators * plan.firedRuleBytes
        groupsOffset = (firedOffset + firedBytes + 3) & ~3
        totalOffset = groupsOffset + 4 * groups
        levelOffset = totalOffset + 4
        passMarkOffset = levelOffset + MemoryLayout<Level>.stride
        reasonsOffset = passMarkOffset + 1
        records = MemoRecords(capacity: limit, keyWords: keyWords, valueBytes: reasonsOffset + 1 - firedOffset)
        blockKeyStorage = FixedBuffer(zeroedCount: Self.block * keyWords)
        blockHashStorage = FixedBuffer(zeroedCount: Self.block)
        blockKeys = blockKeyStorage.view
        blockHashes = blockHashStorage.view
        reasons.reserveCapacity(1024)
    }


    /// Sets the rows that are then looked up, in order.
    func start(rows: Range<Int>) {
        self.rows = rows
        blockStart = rows.lowerBound
        blockEnd = rows.lowerBound
    }

    /// Where the row's key starts in ``blockKeys``.
    @inline(__always)
    private func keyStart(row: Int) -> Int { (row - blockStart) * keyWords }

    @inline(__always)
    private func hash(row: Int) -> UInt64 { blockHashes[unchecked: row - blockStart] }

    /// The key words from `start` in ``blockKeys`` as a view of their own (read from 0: no
    /// overflow check on each word's place).
    @inline(__always)
    private func key(at start: Int) -> MutableColumnView<UInt64> { blockKeys.view(unchecked: start..<start &+ keyWords) }

    /// Makes the keys and hashes of the block of rows starting at `first`, a column at a time,
    /// and asks for the slots of its first rows.
    private func fillBlock(from first: Int) {
        blockStart = first
        blockEnd = min(rows.upperBound, first + Self.block)
        let count = blockEnd - first
        let keyWords = keyWords
        let blockKeys = blockKeys
        for i in 0..<(count * keyWords) { blockKeys[unchecked: i] = 0 }
        // Whole numbers and text codes two to a word, then the yes/no values as bits.
        var word = 0
        var shift: UInt64 = 0
        @inline(__always) func next() {
            if shift == 0 { shift = 32 } else { shift = 0; word += 1 }
        }
        // Each column is read from the block's first row on, and a key word's place is
        // `r * keyWords + word` < count * keyWords: the arithmetic wraps (it cannot overflow), and
        // asks for no overflow check on every value.
        let rows = first..<blockEnd
        for column in ints {
            let values = column.view(unchecked: rows)
            for r in 0..<count { blockKeys[unchecked: r &* keyWords &+ word] |= UInt64(UInt32(bitPattern: values[unchecked: r])) << shift }
            next()
        }
        for column in texts {
            let values = column.view(unchecked: rows)
            for r in 0..<count { blockKeys[unchecked: r &* keyWords &+ word] |= UInt64(values[unchecked: r]) << shift }
            next()
        }
        word = valueWords
        var bit: UInt64 = 0
        for column in bools {
            let values = column.view(unchecked: rows)
            for r in 0..<count where values[unchecked: r] { blockKeys[unchecked: r &* keyWords &+ word] |= 1 << bit }
            bit += 1
            if bit == 64 { bit = 0; word += 1 }
        }
        for r in 0..<count { blockHashes[unchecked: r] = HashSlots.hash(key(at: r &* keyWords), at: 0, words: keyWords) }
        for r in 0..<min(count, Self.lookAhead) { slots.prefetch(blockHashes[unchecked: r]) }
        for r in 0..<min(count, Self.lookAhead / 2) { fetchEntry(row: first + r) }
    }

    /// Reads the row's first slot (asked for earlier) and asks for the entry it points to.
    @inline(__always)
    private func fetchEntry(row: Int) {
        guard let entry = slots.firstEntry(hash(row: row)) else { return }
        records.prefetch(entry)
    }

    /// The stored entry for the row's values, or nil (the row's key is kept for ``store(row:from:)``).
    /// Rows must be looked up in the order of the range given to ``start(rows:)``.
    @inline(__always)
    func find(row: Int) -> Int? {
        if row >= blockEnd { fillBlock(from: row) }
        if row + Self.lookAhead < blockEnd { slots.prefetch(hash(row: row + Self.lookAhead)) }
        if row + Self.lookAhead / 2 < blockEnd { fetchEntry(row: row + Self.lookAhead / 2) }
        let key = key(at: keyStart(row: row))
        let records = records
        return slots.find(hash(row: row)) { records.keyMatches($0, key, at: 0) }
    }

    /// Writes a stored entry's results as row `row`'s.
    @inline(__always)
    func copy(_ entry: Int, to row: Int, _ results: ModelResults) {
        records.copy(entry: entry, offset: firedOffset, count: indicators, to: results.firedRules, at: row * indicators)
        records.copy(entry: entry, offset: groupsOffset, count: groups, to: results.groupPoints, at: row * groups)
        results.totals[unchecked: row] = records.load(entry: entry, offset: totalOffset, as: Int32.self)
        results.levels[unchecked: row] = records.load(entry: entry, offset: levelOffset, as: Level.self)
        results.passMarks[unchecked: row] = records.load(entry: entry, offset: passMarkOffset, as: Int8.self)
        if records.load(entry: entry, offset: reasonsOffset, as: Bool.self) { results.reasons[row] = reasons[entry] }
    }

    /// Stores row `row`'s results under the key last looked up by ``find(row:)`` (which found
    /// nothing), unless the memo is full.
    @inline(__always)
    func store(row: Int, from results: ModelResults) {
        guard stored < limit else { return }
        let entry = stored
        records.setKey(of: entry, from: key(at: keyStart(row: row)), at: 0)
        slots.insert(hash(row: row), entry: entry)
        records.copy(from: results.firedRules, at: row * indicators, count: indicators, entry: entry, offset: firedOffset)
        records.copy(from: results.groupPoints, at: row * groups, count: groups, entry: entry, offset: groupsOffset)
        records.store(results.totals[unchecked: row], entry: entry, offset: totalOffset)
        records.store(results.levels[unchecked: row], entry: entry, offset: levelOffset)
        records.store(results.passMarks[unchecked: row], entry: entry, offset: passMarkOffset)
        let rowReasons = results.reasons[row]
        records.store(!rowReasons.isEmpty, entry: entry, offset: reasonsOffset)
        reasons.append(rowReasons)
        stored += 1
    }
}

extension RecordColumns {
    /// The columns of `fields` by type: whole numbers, yes/no values, and the codes of text
    /// fields (the memos compare values by code); nil when a text field is not coded.
    func coded(_ fields: [Int]) -> (ints: [ColumnView<Int32>], bools: [ColumnView<Bool>], codes: [ColumnView<UInt32>])? {
        var ints: [ColumnView<Int32>] = [], bools: [ColumnView<Bool>] = [], codes: [ColumnView<UInt32>] = []
        for field in fields {
            let slot = slots[field]
            switch types[field] {
            case .int: ints.append(self.ints[slot])
            case .bool: bools.append(self.bools[slot])
            case .text:
                guard texts[slot].isCoded else { return nil }
                codes.append(texts[slot].codes)
            }
        }
        return (ints, bools, codes)
    }
}

