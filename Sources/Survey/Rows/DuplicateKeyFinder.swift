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

        var hashes = [UInt64](repeating: Self.offsetBasis, count: total)
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
