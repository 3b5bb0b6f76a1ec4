import Criteria

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
/// for (key, members) in DuplicateKeyFinder(intake: intake).groups() { … }
/// ```
struct DuplicateKeyFinder {
    let intake: ModelIntake

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
        hashes.withUnsafeMutableBufferPointer { hashes in
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

    @inline(__always)
    static func valueHash(_ text: String) -> UInt64 {
        var hash = offsetBasis
        feed(&hash, text)
        return hash
    }

    @inline(__always)
    static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
    }

    /// A hash per row combined from a hash of each key value, computed once per distinct value of
    /// a coded column. Equal joined keys get equal hashes as long as no key value holds U+001F
    /// (then joined keys are equal exactly when their values are); `nil` when one does, or when a
    /// rejected row's key does not split into one value per key field.
    static func fieldHashes(table: RecordTable, keyFields: [Int], rejectedKeys: [String?]) -> [UInt64]? {
        let model = table.model
        let records = table.count
        var hashes = [UInt64](repeating: Self.offsetBasis, count: records + rejectedKeys.count)
        var usable = true
        hashes.withUnsafeMutableBufferPointer { hashes in
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
                            valueHashes.withUnsafeBufferPointer { valueHashes in
                                for row in 0..<records { hashes[row] = combine(hashes[row], valueHashes[Int(column.codes[row])]) }
                            }
                        } else {
                            for row in 0..<records {
                                let value = column[row]
                                if value.utf8.contains(0x1F) { usable = false; return }
                                hashes[row] = combine(hashes[row], valueHash(value))
                            }
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
                    var hash = offsetBasis
                    for byte in value { hash = (hash ^ UInt64(byte)) &* prime }
                    hashes[records + index] = combine(hashes[records + index], hash)
                }
            }
        }
        return usable ? hashes : nil
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

        let hashes = Self.fieldHashes(table: table, keyFields: keyFields, rejectedKeys: rejectedKeys)
            ?? Self.joinedHashes(table: table, keyFields: keyFields, rejectedKeys: rejectedKeys)

        func joinedKey(_ member: Int) -> String {
            member < records ? keyFields.map { table.text(field: $0, row: member) }.joined(separator: "\u{1F}")
                : rejectedKeys[member - records]!
        }

        // Open addressing, linear probing; a slot holds member + 1 (0 is empty).
        var capacity = 16
        while capacity < total * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: 0, count: capacity)
        // The members of each key found more than once, by its first member.
        var groupMembers: [Int: [Int]] = [:]
        slots.withUnsafeMutableBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                for member in 0..<total {
                    if member >= records && rejectedKeys[member - records] == nil { continue }
                    let hash = hashes[member]
                    let mixed = (hash ^ (hash >> 32)) &* 0x9E37_79B9_7F4A_7C15
                    var i = Int(truncatingIfNeeded: mixed >> 32) & mask
                    var found = -1
                    while slots[i] != 0 {
                        let other = Int(slots[i]) - 1
                        if hashes[other] == hash && joinedKey(other) == joinedKey(member) { found = other; break }
                        i = (i + 1) & mask
                    }
                    if found < 0 {
                        slots[i] = Int32(member + 1)
                    } else {
                        groupMembers[found, default: [found]].append(member)
                    }
                }
            }
        }
        return groupMembers.keys.sorted().map { first in
            (key: joinedKey(first), members: groupMembers[first]!.map { $0 < records ? (true, $0) : (false, $0 - records) })
        }
    }
}
