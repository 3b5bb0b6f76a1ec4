import Machinery
import Criteria
import Records

/// What each member adds to the running totals, by the values the aggregates can read: the
/// related fields they name and the member's results they name (group points, total, level).
/// Members with
/// the same values add the same counts, sums and yes/no values, and additions of exact fractions
/// do not depend on their order, so a member seen before costs a look-up instead of evaluating
/// every aggregate. A member whose values divided by zero is never stored. One per thread.
final class ContributionMemo {
    private let ints: [ColumnView<Int32>]
    private let bools: [ColumnView<Bool>]
    private let codes: [ColumnView<UInt32>]
    private let related: ModelResults
    private let groups: Int
    /// Which of the member's results are part of the key.
    private let keyGroups: Bool, keyTotal: Bool, keyLevel: Bool
    let keyWords: Int
    private let aggregates: Int
    private let limit: Int
    private var stored = 0
    private let slotTable: OwnedHashSlots
    private let slots: HashSlots
    /// The keys of the entries (`keyWords` words each), and the key being looked up.
    private let keyStorage: FixedBuffer<UInt64>
    private let scratchStorage: FixedBuffer<UInt64>
    private let keys: MutableColumnView<UInt64>
    private let scratch: MutableColumnView<UInt64>
    private var lastHash: UInt64 = 0
    /// Each entry's additions, `aggregates` of each kind.
    private let additions: Accumulators

    static let defaultLimit = 1 << 16

    /// nil when a field the aggregates read is a text column that is not coded.
    /// `results`: the names of the member's results the aggregates read.
    init?(fields: [Int], columns: RecordColumns, related: ModelResults, aggregates: Int, results: Set<String>,
          limit: Int = ContributionMemo.defaultLimit) {
        guard let (ints, bools, codes) = columns.coded(fields) else { return nil }
        self.ints = ints
        self.bools = bools
        self.codes = codes
        self.related = related
        groups = related.groupCount
        // A name other than these (none in the shipped criteria) keys every result.
        let groupIds = Set(related.model.groups.map(\.definition.id))
        let other = !results.isSubset(of: groupIds.union(["total", "level", "certified"]))
        keyGroups = other || !results.isDisjoint(with: groupIds)
        keyTotal = other || results.contains("total")
        keyLevel = other || results.contains("level") || results.contains("certified")
        // One word per field, then per group, the total and the level when they are read.
        keyWords = max(1, ints.count + bools.count + codes.count + (keyGroups ? groups : 0) + (keyTotal ? 1 : 0) + (keyLevel ? 1 : 0))
        self.aggregates = aggregates
        self.limit = limit
        slotTable = OwnedHashSlots(entries: limit)
        slots = slotTable.slots
        keyStorage = FixedBuffer(zeroedCount: limit * keyWords)
        scratchStorage = FixedBuffer(zeroedCount: keyWords)
        keys = keyStorage.view
        scratch = scratchStorage.view
        additions = Accumulators(count: aggregates, groups: limit)
    }


    /// The entry for the member's values, or nil (its key is kept for ``store(_:)``).
    @inline(__always)
    func find(row: Int) -> Int? {
        let scratch = scratch
        var w = 0
        for column in ints { scratch[unchecked: w] = UInt64(UInt32(bitPattern: column[row])); w += 1 }
        for column in bools { scratch[unchecked: w] = column[row] ? 1 : 0; w += 1 }
        for column in codes { scratch[unchecked: w] = UInt64(column[row]); w += 1 }
        if keyGroups {
            for g in 0..<groups { scratch[unchecked: w] = UInt64(UInt32(bitPattern: related.groupPoints[row * groups + g])); w += 1 }
        }
        if keyTotal { scratch[unchecked: w] = UInt64(UInt32(bitPattern: related.totals[row])); w += 1 }
        if keyLevel { scratch[unchecked: w] = UInt64(related.levels[row].meritOrder); w += 1 }
        while w < keyWords { scratch[unchecked: w] = 0; w += 1 }
        lastHash = HashSlots.hash(scratch, at: 0, words: keyWords)
        let keys = keys, keyWords = keyWords
        return slots.find(lastHash) { entry in
            let key = entry * keyWords
            for k in 0..<keyWords where keys[unchecked: key + k] != scratch[unchecked: k] { return false }
            return true
        }
    }

    /// Adds an entry's additions to the selected group of `totals`.
    @inline(__always)
    func add(_ entry: Int, to totals: Accumulators) {
        totals.add(group: entry, of: additions)
    }

    /// Stores what the member last looked up added (`one`'s selected totals), unless full.
    @inline(__always)
    func store(_ one: Accumulators) {
        guard stored < limit else { return }
        let entry = stored
        keys.copy(from: scratch, at: 0, count: keyWords, to: entry * keyWords)
        slots.insert(lastHash, entry: entry)
        additions.set(group: entry, to: one)
        stored += 1
    }
}
