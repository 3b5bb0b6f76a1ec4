import Machinery
import Criteria
import Records

/// Finds the rows of one model that share a key: the records of its table, then its rejected rows
/// whose every key field could be read, in that order (the order of input within each).
///
/// A row's key is its key fields' values (as ``RecordTable/text(field:row:)`` gives them) joined
/// with U+001F. Instead of building that string for every row, each row gets a 64-bit FNV-1a hash
/// of the joined bytes, computed a column at a time from the stored values; rows are grouped by
/// hash in an open-addressing table and, when two hashes meet, their joined keys are built and
/// compared, so the groups are exactly those of the joined strings (values are NFC, so equal
/// strings have equal bytes).
///
/// ```swift
/// for (key, members) in DuplicateKeyFinder(intake: intake, threads: 2).groups() { … }
/// ```
struct DuplicateKeyFinder {
    let intake: ModelIntake
    /// At most this many threads hash and search a large table (1: all on the calling thread).
    var threads = 2

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func feed(_ hash: inout UInt64, _ text: String) {
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
    }

    /// FNV-1a of each row's joined key bytes.
    static func joinedHashes(table: RecordTable, keyFields: [Int], rejectedKeys: [String?]) -> [UInt64] {
        let model = table.model
        let records = table.count
        var hashes = [UInt64](repeating: Self.offsetBasis, count: records + rejectedKeys.count)
        hashes.withMutableColumnView { hashes in
            for (position, field) in keyFields.enumerated() {
                let slot = model.fieldSlots[field]
                switch model.definition.fields[field].type {
                case .text:
                    let column = table.textColumns[slot]
                    for row in 0..<records {
                        if position > 0 { hashes[row] = (hashes[row] ^ 0x1F) &* Self.prime }
                        Self.feed(&hashes[row], column[row])
                    }
                case .int, .bool:
                    for row in 0..<records {
                        if position > 0 { hashes[row] = (hashes[row] ^ 0x1F) &* Self.prime }
                        Self.feed(&hashes[row], table.text(field: field, row: row))
                    }
                }
            }
            for (index, key) in rejectedKeys.enumerated() {
                if let key { Self.feed(&hashes[records + index], key) }
            }
        }
        return hashes
    }

    /// The hash of one key value's bytes (the same function for stored values and for the
    /// values of rejected rows' keys).
    @inline(__always)
    static func valueHash(_ text: String) -> UInt64 { ByteHash.hash(text) }

    /// Whether a key value holds U+001F, the separator of joined keys.
    @inline(__always)
    static func holdsSeparator(_ bytes: ColumnView<UInt8>) -> Bool {
        for byte in bytes where byte == 0x1F { return true }
        return false
    }

    @inline(__always)
    static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
    }

    /// A hash per row combined from a hash of each key value, computed once per distinct value of
    /// a coded column. Equal joined keys get equal hashes as long as no key value holds U+001F
    /// (then joined keys are equal exactly when their values are); `nil` when one does, or when a
    /// rejected row's key does not split into one value per key field.
    static func fieldHashes(table: RecordTable, keyFields: [Int], rejectedKeys: [String?], threads: Int = 2) -> [UInt64]? {
        let model = table.model
        let records = table.count
        var hashes = [UInt64](repeating: Self.offsetBasis, count: records + rejectedKeys.count)
        var usable = true
        hashes.withMutableColumnView { hashes in
            table.withColumns { columns in
                for field in keyFields where usable {
                    let slot = model.fieldSlots[field]
                    switch model.definition.fields[field].type {
                    case .text:
                        let column = columns.texts[slot]
                        if column.isCoded {
                            var valueHashes = [UInt64](repeating: 0, count: column.values.count)
                            for (code, value) in column.values.enumerated() {
                                if value.utf8.contains(0x1F) { usable = false; return }
                                valueHashes[code] = valueHash(value)
                            }
                            valueHashes.withColumnView { valueHashes in
                                for row in 0..<records {
                                    hashes[unchecked: row] = combine(hashes[unchecked: row], valueHashes[Int(column.codes[unchecked: row])])
                                }
                            }
                        } else if !plainHashes(column, into: hashes, records: records, threads: threads) {
                            usable = false
                            return
                        }
                    case .int:
                        let column = columns.ints[slot]
                        for row in 0..<records { hashes[row] = combine(hashes[row], valueHash(String(column[row]))) }
                    case .bool:
                        let column = columns.bools[slot]
                        let yes = valueHash("1"), no = valueHash("0")
                        for row in 0..<records { hashes[row] = combine(hashes[row], column[row] ? yes : no) }
                    }
                }
            }
            guard usable else { return }
            for (index, key) in rejectedKeys.enumerated() {
                guard let key else { continue }
                let values = key.utf8.split(separator: 0x1F, omittingEmptySubsequences: false)
                guard values.count == keyFields.count else { usable = false; return }
                for value in values {
                    let hash = Array(value).withColumnView { ByteHash.hash($0) }
                    hashes[records + index] = combine(hashes[records + index], hash)
                }
            }
        }
        return usable ? hashes : nil
    }

    /// Adds each row's value of a plain text column to its hash, on two threads for a large
    /// table (each thread its own rows); false when a value holds U+001F.
    static func plainHashes(_ column: TextColumnView, into hashes: MutableColumnView<UInt64>, records: Int,
                            threads: Int) -> Bool {
        let parts = ParallelWork(threads: min(2, threads)).parts(items: records, minimumPerPart: 1 << 15)
        // One flag per part, each set by its part only.
        let sawSeparator = FixedBuffer(repeating: false, count: parts)
        let flags = sawSeparator.view
        ParallelWork(threads: parts).run(parts: parts) { part in
            for row in (records * part / parts)..<(records * (part + 1) / parts) {
                var value = column[unchecked: row]
                let hash: UInt64? = value.withByteView { bytes in
                    DuplicateKeyFinder.holdsSeparator(bytes) ? nil : ByteHash.hash(bytes)
                }
                guard let hash else {
                    flags[part] = true
                    return
                }
                hashes[unchecked: row] = DuplicateKeyFinder.combine(hashes[unchecked: row], hash)
            }
        }
        return !flags.contains(true)
    }

    /// Groups of two rows or more: the joined key (as the first row of the group has it) and the
    /// members in order. Groups come in the order of their first member.
    func groups() -> [(key: String, members: [(record: Bool, index: Int)])] {
        let table = intake.table
        let model = table.model
        let keyFields = model.keyFieldIndexes
        let records = table.count
        let rejectedKeys = intake.rejectedKeys
        let total = records + rejectedKeys.count
        guard total > 1 else { return [] }

        let hashes = Self.fieldHashes(table: table, keyFields: keyFields, rejectedKeys: rejectedKeys, threads: threads)
            ?? Self.joinedHashes(table: table, keyFields: keyFields, rejectedKeys: rejectedKeys)

        func joinedKey(_ member: Int) -> String {
            member < records ? keyFields.map { table.text(field: $0, row: member) }.joined(separator: "\u{1F}")
                : rejectedKeys[member - records]!
        }

        // Rows are first spread into buckets by the top bits of their hash, keeping input order
        // within each bucket; each bucket then gets its own small open-addressing table, which
        // stays in cache (one table for a million rows would miss it on nearly every row).
        // Buckets are independent and are searched on two threads.
        let bucketBits = total < 1 << 14 ? 0 : 8
        let buckets = 1 << bucketBits
        func bucket(_ hash: UInt64) -> Int { bucketBits == 0 ? 0 : Int(truncatingIfNeeded: hash >> UInt64(64 - bucketBits)) }
        var starts = [Int](repeating: 0, count: buckets + 1)
        for member in 0..<total {
            if member >= records && rejectedKeys[member - records] == nil { continue }
            starts[bucket(hashes[member]) + 1] += 1
        }
        for b in 0..<buckets { starts[b + 1] += starts[b] }
        var order = [Int32](repeating: 0, count: starts[buckets])
        // Each placed row's hash beside it: the search then reads the hashes in order rather
        // than each one from wherever its row lies.
        var orderHashes = [UInt64](repeating: 0, count: starts[buckets])
        var fill = starts
        for member in 0..<total {
            if member >= records && rejectedKeys[member - records] == nil { continue }
            let b = bucket(hashes[member])
            order[fill[b]] = Int32(member)
            orderHashes[fill[b]] = hashes[member]
            fill[b] += 1
        }
        let search = BucketSearch(orderHashes: orderHashes, order: order, starts: starts, sameKey: { joinedKey($0) == joinedKey($1) })
        let threads = total < 1 << 16 ? 1 : min(2, max(1, self.threads))
        // Each thread's groups, written by that thread only.
        let found = SendableBox([[Int: [Int]]](repeating: [:], count: threads))
        let box = SendableBox(search)
        ParallelWork(threads: threads).run(parts: threads) { t in
            var groups: [Int: [Int]] = [:]
            for b in stride(from: t, to: buckets, by: threads) { box.value.run(bucket: b, into: &groups) }
            found.value[t] = groups
        }
        var groupMembers: [Int: [Int]] = [:]
        for part in found.value { groupMembers.merge(part) { a, _ in a } }
        return groupMembers.keys.sorted().map { first in
            (key: joinedKey(first), members: groupMembers[first]!.map { $0 < records ? (true, $0) : (false, $0 - records) })
        }
    }
}

/// The search for equal keys in one bucket of rows (see ``DuplicateKeyFinder/groups()``).
private struct BucketSearch {
    /// The rows of every bucket, bucket after bucket, each in input order, and their hashes.
    let orderHashes: [UInt64]
    let order: [Int32]
    let starts: [Int]
    /// Whether two rows (with equal hashes) have equal keys; only ever asked for rare collisions.
    let sameKey: (Int, Int) -> Bool

    /// A hash's bits well spread, for the slot table (a row's hash combines its values' hashes
    /// by multiplication, which leaves its low bits poorly mixed).
    @inline(__always)
    static func spread(_ hash: UInt64) -> UInt64 {
        var mixed = (hash ^ (hash >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        return mixed
    }

    /// Adds each group of rows sharing a key to `groups`, by its first row.
    func run(bucket b: Int, into groups: inout [Int: [Int]]) {
        let first = starts[b], count = starts[b + 1] - first
        guard count > 1 else { return }
        // The table's entries are positions in the bucket; each one's hash is read from
        // `orderHashes`, in order.
        HashSlots.withTemporary(entries: count) { slots in
            orderHashes.withColumnView { orderHashes in
                for entry in 0..<count {
                    let position = first + entry
                    let member = Int(order[position])
                    let hash = orderHashes[unchecked: position]
                    let spread = Self.spread(hash)
                    if let earlier = slots.find(spread, { other in
                        orderHashes[unchecked: first + other] == hash && sameKey(Int(order[first + other]), member)
                    }) {
                        let found = Int(order[first + earlier])
                        groups[found, default: [found]].append(member)
                    } else {
                        slots.insert(spread, entry: entry)
                    }
                }
            }
        }
    }
}
