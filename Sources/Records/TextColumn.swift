import Machinery
import TextSupport


/// One text column of a ``RecordTable``.
///
/// It starts coded: a `UInt32` per row into the column's distinct values (compared by their
/// UTF-8 bytes, as ``ExactText``), which costs 4 bytes a row instead of 16 and keeps one copy
/// of each repeated name. It turns into a plain array of strings for good once it holds more
/// than ``codedLimit`` distinct values making up more than a quarter of its rows, or as soon as
/// its first ``earlyCheck`` distinct values make up nine rows in ten (codes unique to a row).
///
/// The distinct values are looked up by their bytes in a ``ByteInterner`` (the program's one
/// open-addressing table and byte hash), whose numbers are the codes.
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
    /// The distinct values' bytes, numbered as `values` (made at the first value).
    private var interner: ByteInterner?
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
        copy.withByteView { append(bytes: $0, string: value, hash: 0) }
    }

    /// Appends a value given as UTF-8 bytes (already clean, as a `String` of them would be): a
    /// value seen before costs a hash and a comparison of bytes, and no `String`. `hash` is the
    /// bytes' ``ByteHash``, or 0 when not worked out.
    mutating func append(bytes: ColumnView<UInt8>, hash: UInt64 = 0) {
        append(bytes: bytes, string: nil, hash: hash)
    }

    /// Columns with more distinct values than this get their look-ups prefetched: the slots of
    /// smaller ones stay in the cache anyway.
    static let prefetchFrom = 1 << 11

    /// For a coded column with many distinct values, where its look-ups start, to prefetch them
    /// (`nil` for any other column), kept up to date as values are added. Only ever a hint to
    /// the processor.
    private(set) var lookupHint: ByteInterner.LookupHint?

    @inline(__always)
    private mutating func append(bytes: ColumnView<UInt8>, string: String?, hash knownHash: UInt64) {
        guard isCoded else {
            plain.append(string ?? bytes.string)
            return
        }
        if lastCode != .max, let interner, interner.equals(Int(lastCode), bytes) {
            codes.append(lastCode)
            return
        }
        let hash = knownHash != 0 ? knownHash : ByteHash.hash(bytes)
        if let known = interner?.find(bytes, hash: hash) {
            let code = UInt32(known)
            codes.append(code)
            lastCode = code
            return
        }
        if values.count >= Self.codedLimit && values.count * 4 > codes.count
            || values.count == Self.earlyCheck && values.count * 10 > codes.count * 9 {
            decode()
            plain.append(string ?? bytes.string)
            return
        }
        let code = add(string ?? bytes.string, bytes, hash: hash)
        codes.append(code)
        lastCode = code
    }

    /// The code of a value, given a new one if not yet seen.
    @inline(__always)
    private mutating func encode(_ value: String, _ bytes: ColumnView<UInt8>) -> UInt32 {
        let hash = ByteHash.hash(bytes)
        if let known = interner?.find(bytes, hash: hash) { return UInt32(known) }
        return add(value, bytes, hash: hash)
    }

    /// Adds a value not yet seen.
    private mutating func add(_ value: String, _ bytes: ColumnView<UInt8>, hash: UInt64) -> UInt32 {
        if interner == nil {
            interner = ByteInterner()
        } else if !isKnownUniquelyReferenced(&interner!) {
            // A copy of this column shares the table: it gets a table of its own first.
            interner = interner!.copy()
        }
        values.append(value)
        let code = interner!.insert(bytes, hash: hash)
        lookupHint = interner!.count > Self.prefetchFrom ? interner!.lookupHint : nil
        return UInt32(code)
    }

    /// Turns the column plain.
    private mutating func decode() {
        guard isCoded else { return }
        var rows: [String] = []
        rows.reserveCapacity(max(reserved, codes.count))
        values.withColumnView { values in
            for code in codes { rows.append(values[unchecked: Int(code)]) }
        }
        plain = rows
        isCoded = false
        codes = []
        values = []
        interner = nil
        lookupHint = nil
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
                    map[index] = bytes.withByteView { encode(value, $0) }
                }
                map.withColumnView { map in
                    for code in part.codes { codes.append(map[unchecked: Int(code)]) }
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
                part.values.withColumnView { values in
                    for code in part.codes { plain.append(values[unchecked: Int(code)]) }
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
public struct TextColumnView: Sendable {
    @usableFromInline let plain: ColumnView<String>
    /// For a coded column: each row's index into `values` (rows with equal bytes share a code).
    public let codes: ColumnView<UInt32>
    /// For a coded column: its distinct values.
    public let values: ColumnView<String>
    public let isCoded: Bool

    @inlinable
    public var count: Int { isCoded ? codes.count : plain.count }

    @inlinable @inline(__always)
    public subscript(row: Int) -> String { isCoded ? values[Int(codes[row])] : plain[row] }

    /// Row `row`'s text, for row loops whose rows are known to be in the table.
    @inlinable @inline(__always)
    package subscript(unchecked row: Int) -> String {
        isCoded ? values[unchecked: Int(codes[unchecked: row])] : plain[unchecked: row]
    }

    /// Asks the processor to start loading where row `row`'s code (coded) or string (plain) is stored.
    @inlinable @inline(__always)
    public func prefetch(row: Int) {
        if isCoded { codes.prefetch(at: row) } else { plain.prefetch(at: row) }
    }
}
