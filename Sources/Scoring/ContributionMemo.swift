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
    /// Each entry's additions, `aggregates` of each kind (`width` apart), with room for
    /// `room` entries: the room doubles as entries are stored, so a memo that meets few
    /// distinct members never makes (and writes) room for its whole limit. The views are plain
    /// values (no reference count when read); the buffers keep their storage alive.
    private let width: Int
    private var room: Int
    private var countStorage: FixedBuffer<Int>
    private var sumStorage: FixedBuffer<Rational>
    private var anyStorage: FixedBuffer<Bool>
    private var allStorage: FixedBuffer<Bool>
    @exclusivity(unchecked) private var counts: MutableColumnView<Int>
    @exclusivity(unchecked) private var sums: MutableColumnView<Rational>
    @exclusivity(unchecked) private var anys: MutableColumnView<Bool>
    @exclusivity(unchecked) private var alls: MutableColumnView<Bool>
    /// Entries the first room holds.
    static let firstRoom = 1024

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
        width = max(aggregates, 1)
        room = min(max(limit, 1), Self.firstRoom)
        (countStorage, sumStorage, anyStorage, allStorage) = Self.storage(room * width)
        counts = countStorage.view
        sums = sumStorage.view
        anys = anyStorage.view
        alls = allStorage.view
    }

    /// Buffers for `n` additions of each kind (made as arrays, by code specialised for each
    /// type, and copied at once).
    private static func storage(_ n: Int) -> (FixedBuffer<Int>, FixedBuffer<Rational>, FixedBuffer<Bool>, FixedBuffer<Bool>) {
        (FixedBuffer(zeroedCount: n), FixedBuffer(repeating: .zero, count: n),
         FixedBuffer(repeating: false, count: n), FixedBuffer(repeating: true, count: n))
    }

    /// Doubles the room for entries (up to the limit), keeping the stored ones.
    private func grow() {
        room = min(limit, 2 * room)
        let (newCounts, newSums, newAnys, newAlls) = Self.storage(room * width)
        let used = stored * width
        for i in 0..<used {
            newCounts.view[unchecked: i] = counts[unchecked: i]
            newSums.view[unchecked: i] = sums[unchecked: i]
            newAnys.view[unchecked: i] = anys[unchecked: i]
            newAlls.view[unchecked: i] = alls[unchecked: i]
        }
        (countStorage, sumStorage, anyStorage, allStorage) = (newCounts, newSums, newAnys, newAlls)
        counts = newCounts.view
        sums = newSums.view
        anys = newAnys.view
        alls = newAlls.view
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
        if keyLevel { scratch[unchecked: w] = UInt64(related.levels[row].code); w += 1 }
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
        let from = entry * width
        let counts = counts, sums = sums, anys = anys, alls = alls
        for a in 0..<aggregates {
            totals.add(a, count: counts[unchecked: from + a], sum: sums[unchecked: from + a],
                       any: anys[unchecked: from + a], all: alls[unchecked: from + a])
        }
    }

    /// Stores what the member last looked up added (`one`'s selected totals), unless full.
    @inline(__always)
    func store(_ one: Accumulators) {
        guard stored < limit else { return }
        let entry = stored
        keys.copy(from: scratch, at: 0, count: keyWords, to: entry * keyWords)
        slots.insert(lastHash, entry: entry)
        if entry == room { grow() }
        let to = entry * width
        for a in 0..<aggregates {
            counts[unchecked: to + a] = one.counted(a)
            sums[unchecked: to + a] = one.sum(a)
            anys[unchecked: to + a] = one.any(a)
            alls[unchecked: to + a] = one.all(a)
        }
        stored += 1
    }
}
