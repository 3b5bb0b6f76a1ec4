import CSupport
import Criteria
import Dispatch
import Machinery
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// One text column of a ``RecordTable``.
///
/// It starts coded: a `UInt32` per row into the column's distinct values (compared by their
/// UTF-8 bytes, as ``ExactText``), which costs 4 bytes a row instead of 16 and keeps one copy
/// of each repeated name. It turns into a plain array of strings for good once it holds more
/// than ``codedLimit`` distinct values making up more than a quarter of its rows, or as soon as
/// its first ``earlyCheck`` distinct values make up nine rows in ten (codes unique to a row).
public struct TextColumn: Sendable {
    /// Distinct values a coded column may hold before it checks whether coding pays.
    public static let codedLimit = 1 << 16
    /// A column whose first this many distinct values make up nine rows in ten (a household
    /// code) turns plain at once: coding would never pay.
    static let earlyCheck = 1 << 14

    public private(set) var isCoded = true
    /// The rows of a plain column.
    private var plain: [String] = []
    /// The rows of a coded column, as indexes into `values`.
    private var codes: [UInt32] = []
    private var values: [String] = []
    /// The bytes of the distinct values back to back: value `k` is `arena[starts[k]..<starts[k + 1]]`
    /// (compared without touching the `String`s).
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    /// Open addressing over `values`, linear probing: a slot holds the upper half of the value's
    /// hash and its code + 1 (0 is empty).
    private var slots: [UInt64] = []
    /// The hash of each distinct value's bytes.
    private var hashes: [UInt64] = []
    /// The code of the last value appended (rows often repeat the row before: same commune).
    private var lastCode: UInt32 = .max
    /// Rows reserved, kept for when the column turns plain.
    private var reserved = 0

    public init() {}

    public var count: Int { isCoded ? codes.count : plain.count }

    /// The number of distinct values of a coded column (0 for a plain one).
    public var distinctCount: Int { isCoded ? values.count : 0 }

    @inline(__always)
    public subscript(row: Int) -> String { isCoded ? values[Int(codes[row])] : plain[row] }

    /// Every row's value.
    public var strings: [String] { isCoded ? codes.map { values[Int($0)] } : plain }

    mutating func reserveCapacity(_ rows: Int) {
        reserved = max(reserved, rows)
        if isCoded {
            if codes.capacity < rows { codes.reserveCapacity(rows) }
        } else if plain.capacity < rows {
            plain.reserveCapacity(rows)
        }
    }

    mutating func append(_ value: String) {
        var copy = value
        copy.withUTF8 { append(bytes: $0, string: value, hash: nil) }
    }

    /// Appends a value given as UTF-8 bytes (already clean, as a `String` of them would be): a
    /// value seen before costs a hash and a comparison of bytes, and no `String`.
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        append(bytes: bytes, string: nil, hash: nil)
    }

    /// ``append(bytes:)`` given the bytes' ``hash(_:)``.
    mutating func append(bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        append(bytes: bytes, string: nil, hash: hash)
    }

    /// Columns with more distinct values than this get their look-ups prefetched: the slots of
    /// smaller ones stay in the cache anyway.
    static let prefetchFrom = 1 << 12

    /// Where a look-up starts, for prefetching: the slots of a coded column with many distinct
    /// values (`nil` for any other column) and the mask of a hash's slot index. The address
    /// is only ever a hint to the processor (a prefetch never faults): it is not read through.
    @usableFromInline struct Probe {
        @usableFromInline var slots: UnsafePointer<UInt64>?
        @usableFromInline var mask = 0
    }

    var probe: Probe {
        guard isCoded && slots.count >= Self.prefetchFrom else { return Probe() }
        return Probe(slots: slots.withUnsafeBufferPointer { $0.baseAddress }, mask: slots.count - 1)
    }

    @inline(__always)
    private mutating func append(bytes: UnsafeBufferPointer<UInt8>, string: String?, hash knownHash: UInt64?) {
        guard isCoded else {
            plain.append(string ?? String(decoding: bytes, as: UTF8.self))
            return
        }
        if lastCode != .max && same(Int(lastCode), bytes) {
            codes.append(lastCode)
            return
        }
        let hash = knownHash.flatMap { $0 == 0 ? nil : $0 } ?? Self.hash(bytes)
        let (known, slot) = find(bytes, hash)
        if let known {
            codes.append(known)
            lastCode = known
            return
        }
        if values.count >= Self.codedLimit && values.count * 4 > codes.count
            || values.count == Self.earlyCheck && values.count * 10 > codes.count * 9 {
            decode()
            plain.append(string ?? String(decoding: bytes, as: UTF8.self))
            return
        }
        let code = add(string ?? String(decoding: bytes, as: UTF8.self), bytes, hash: hash, slot: slot)
        codes.append(code)
        lastCode = code
    }

    /// The code of a value, given a new one if not yet seen.
    @inline(__always)
    private mutating func encode(_ value: String, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(bytes)
        let (known, slot) = find(bytes, hash)
        if let known { return known }
        return add(value, bytes, hash: hash, slot: slot)
    }

    /// Adds a value not yet seen, whose place in `slots` is `slot`.
    private mutating func add(_ value: String, _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int) -> UInt32 {
        let code = UInt32(values.count)
        values.append(value)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        if values.count * 2 > slots.count {
            rehash()
        } else {
            slots[slot] = Self.entry(code: code, hash: hash)
        }
        return code
    }

    /// The code of the value with these bytes, or the empty slot where it would go.
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> (code: UInt32?, slot: Int) {
        guard !slots.isEmpty else { return (nil, 0) }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash >> 20) & mask
        while true {
            let entry = slots[i]
            if entry == 0 { return (nil, i) }
            // The upper half of the hash is kept beside the code: most misses cost no further read.
            if entry >> 32 == hash >> 32 {
                let code = Int(UInt32(truncatingIfNeeded: entry) - 1)
                if same(code, bytes) { return (UInt32(code), i) }
            }
            i = (i + 1) & mask
        }
    }

    private mutating func rehash() {
        var capacity = max(16, slots.count)
        while capacity < values.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for code in hashes.indices {
            var i = Int(truncatingIfNeeded: hashes[code] >> 20) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Self.entry(code: UInt32(code), hash: hashes[code])
        }
    }

    /// A slot's entry: the upper half of the value's hash, and its code + 1 (never 0).
    @inline(__always)
    private static func entry(code: UInt32, hash: UInt64) -> UInt64 {
        hash & 0xFFFF_FFFF_0000_0000 | UInt64(code + 1)
    }

    /// Whether distinct value `code` has exactly these bytes.
    @inline(__always)
    private func same(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[code], count = starts[code + 1] - start
        guard count == bytes.count else { return false }
        guard count > 0 else { return true }
        return arena.withUnsafeBufferPointer { Self.equal($0.baseAddress! + start, bytes.baseAddress!, count) }
    }

    /// Whether `count` bytes at `a` and `b` are equal, eight at a time (values are short: a call
    /// to `memcmp` would cost more than the comparison).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// A hash of the bytes, eight at a time.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        // Every empty value hashes alike, whether or not its buffer has an address (a column
        // absent from a file, an empty cell): otherwise "" could get two codes.
        guard count > 0, let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        while i < count { tail = tail << 8 | UInt64(base[i]); i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// Turns the column plain.
    private mutating func decode() {
        guard isCoded else { return }
        var rows: [String] = []
        rows.reserveCapacity(max(reserved, codes.count))
        values.withUnsafeBufferPointer { values in
            for code in codes { rows.append(values[Int(code)]) }
        }
        plain = rows
        isCoded = false
        codes = []
        values = []
        arena = []
        starts = [0]
        slots = []
        hashes = []
        lastCode = .max
    }

    /// Appends the rows of `parts` in order; the column ends with room for `total` rows.
    mutating func append(contentsOf parts: [TextColumn], total: Int) {
        reserved = max(reserved, total)
        if isCoded && parts.allSatisfy(\.isCoded) {
            if codes.capacity < total { codes.reserveCapacity(total) }
            for part in parts {
                // Each distinct value of the part gets this column's code for it.
                var map = [UInt32](repeating: 0, count: part.values.count)
                for (index, value) in part.values.enumerated() {
                    var bytes = value
                    map[index] = bytes.withUTF8 { encode(value, $0) }
                }
                map.withUnsafeBufferPointer { map in
                    for code in part.codes { codes.append(map[Int(code)]) }
                }
            }
            lastCode = .max
            if values.count > Self.codedLimit && values.count * 4 > codes.count { decode() }
            return
        }
        decode()
        if plain.capacity < total { plain.reserveCapacity(total) }
        for part in parts {
            if part.isCoded {
                part.values.withUnsafeBufferPointer { values in
                    for code in part.codes { plain.append(values[Int(code)]) }
                }
            } else {
                plain.append(contentsOf: part.plain)
            }
        }
    }

    /// Keeps the rows marked in `keep` (one flag per row).
    mutating func compact(_ keep: [Bool]) {
        if isCoded {
            RecordTable.compact(&codes, keep)
            lastCode = .max
        } else {
            RecordTable.compact(&plain, keep)
        }
    }

    func withView<R>(_ body: (TextColumnView) -> R) -> R {
        if isCoded {
            return codes.withColumnView { codes in
                values.withColumnView { values in
                    body(TextColumnView(plain: ColumnView(), codes: codes, values: values, isCoded: true))
                }
            }
        }
        return plain.withColumnView { plain in
            body(TextColumnView(plain: plain, codes: ColumnView(), values: ColumnView(), isCoded: false))
        }
    }
}

/// A direct view of a ``TextColumn`` (see ``RecordTable/withColumns(_:)``).
public struct TextColumnView {
    let plain: ColumnView<String>
    /// For a coded column: each row's index into `values` (rows with equal bytes share a code).
    public let codes: ColumnView<UInt32>
    /// For a coded column: its distinct values.
    public let values: ColumnView<String>
    public let isCoded: Bool

    public var count: Int { isCoded ? codes.count : plain.count }

    @inline(__always)
    public subscript(row: Int) -> String { isCoded ? values[Int(codes[row])] : plain[row] }

    /// Row `row`'s text, for row loops whose rows are known to be in the table.
    @inline(__always)
    package subscript(unchecked row: Int) -> String {
        isCoded ? values[unchecked: Int(codes[unchecked: row])] : plain[unchecked: row]
    }

    /// Asks the processor to start loading where row `row`'s code (coded) or string (plain) is stored.
    @inline(__always)
    public func prefetch(row: Int) {
        if isCoded { codes.prefetch(at: row) } else { plain.prefetch(at: row) }
    }
}
