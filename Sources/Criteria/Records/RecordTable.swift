import CSupport
import Dispatch
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where a survey row came from: which file (and sheet), which row as the clerk sees it.
public struct RowOrigin: Sendable, Hashable {
    /// Index into ``SurveyData/sources``.
    public var source: Int32
    /// The row number shown by a spreadsheet program (the header row counts; 1-based).
    public var row: Int32

    public init(source: Int32, row: Int32) {
        self.source = source
        self.row = row
    }
}

/// A file (and, for a workbook, a sheet) that survey rows were read from.
public struct SurveySource: Sendable, Hashable {
    /// The path as the user gave it (or as found inside a given folder).
    public var path: String
    /// The sheet name for workbooks.
    public var sheet: String?

    public init(path: String, sheet: String? = nil) {
        self.path = path
        self.sheet = sheet
    }

    /// `ho-gia-dinh.csv` or `long-huu.xlsx [Hộ gia đình]`: the file name as a clerk knows it.
    public var displayName: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return sheet.map { "\(name) [\($0)]" } ?? name
    }
}

/// The valid rows of one model, stored by column with one array per field, typed.
///
/// Column `k` of each type is the frame slot `k` of that type (fields take the first slots), so
/// loading a row into a frame is a copy of each column's value, with no name look-up.
///
/// Whole numbers are stored as `Int32` (the survey reader rejects values beyond that range), and
/// a text column that repeats a few values (communes, hamlet and clan codes, even names) stores a
/// `UInt32` code per row into its distinct values; see ``TextColumn``.
///
/// ```swift
/// let table = RecordTable(model: households)
/// table.append(ints: [2, 0, 2], bools: [...], texts: [...], origin: origin)
/// table.load(row: 0, into: frame)
/// ```
public final class RecordTable: @unchecked Sendable {
    public let model: CompiledModel
    /// Whole numbers and yes/no values, one buffer per field (see ``FixedColumns``).
    private let intColumns: FixedColumns<Int32>
    private let boolColumns: FixedColumns<Bool>
    public private(set) var textColumns: [TextColumn]
    public private(set) var origins: [RowOrigin] = []

    public var count: Int { origins.count }

    /// The number of whole-number fields and of yes/no fields.
    public var intFieldCount: Int { intColumns.width }
    public var boolFieldCount: Int { boolColumns.width }

    /// Every whole-number column, as arrays (a copy, for checks and tests).
    public var ints: [[Int32]] { (0..<intColumns.width).map { Array(intColumns.buffer($0)) } }
    /// Every yes/no column, as arrays (a copy, for checks and tests).
    public var bools: [[Bool]] { (0..<boolColumns.width).map { Array(boolColumns.buffer($0)) } }

    /// Every text column as plain strings. This builds a copy: row loops should use
    /// ``text(field:row:)``, ``load(row:into:)`` or ``withColumns(_:)``.
    public var texts: [[String]] { textColumns.map(\.strings) }

    /// The smallest and largest whole number a table stores.
    public static let intRange: ClosedRange<Int64> = Int64(Int32.min)...Int64(Int32.max)

    /// Where each text column's look-ups start (see ``textHash(slot:bytes:)``), refreshed after
    /// every row appended. A plain buffer: reading it costs no reference counting.
    @usableFromInline let probes: UnsafeMutableBufferPointer<TextColumn.Probe>

    public init(model: CompiledModel) {
        self.model = model
        let fields = model.definition.fields
        intColumns = FixedColumns(width: fields.filter { $0.type == .int }.count)
        boolColumns = FixedColumns(width: fields.filter { $0.type == .bool }.count)
        textColumns = Array(repeating: TextColumn(), count: fields.filter { $0.type == .text }.count)
        probes = .allocate(capacity: textColumns.count)
        probes.initialize(repeating: TextColumn.Probe())
    }

    deinit { probes.deallocate() }

    /// The hash the text column of `slot` files these bytes under, for
    /// ``append(ints:bools:textBytes:textHashes:origin:)``. For a coded column with many distinct
    /// values (names), it also asks for the cache line where the look-up will start, so that the
    /// look-up at the end of the row finds it in the cache rather than waiting for memory. For
    /// other columns it is 0, "not worked out" (a hash that truly is 0 is worked out again).
    @inlinable @inline(__always)
    public func textHash(slot: Int, bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let probe = probes[slot]
        guard let base = probe.slots else { return 0 }
        let hash = TextColumn.hash(bytes)
        khuyenhoc_prefetch(base + (Int(truncatingIfNeeded: hash >> 20) & probe.mask))
        return hash
    }

    /// A table holding the rows of `parts` in order; each part's columns are released as soon as
    /// they are copied, so at most one column exists twice at any moment.
    public static func joined(_ parts: [RecordTable]) -> RecordTable {
        precondition(!parts.isEmpty)
        let table = RecordTable(model: parts[0].model)
        table.append(contentsOf: parts)
        return table
    }

    /// Makes room for `rows` rows in all (not more), so that appending up to that many rows
    /// never copies a column.
    public func reserveCapacity(_ rows: Int) {
        intColumns.reserve(rows)
        boolColumns.reserve(rows)
        for k in textColumns.indices { textColumns[k].reserveCapacity(rows) }
        origins.reserveCapacity(rows)
    }

    /// Appends one row; each array holds the row's values of that type in field order. Whole
    /// numbers must lie in ``intRange``.
    public func append(ints rowInts: [Int64], bools rowBools: [Bool], texts rowTexts: [String], origin: RowOrigin) {
        precondition(rowInts.count == intColumns.width && rowBools.count == boolColumns.width && rowTexts.count == textColumns.count)
        rowInts.withUnsafeBufferPointer { appendNumbers($0) }
        rowBools.withUnsafeBufferPointer { appendBools($0) }
        for k in 0..<rowTexts.count { textColumns[k].append(rowTexts[k]) }
        origins.append(origin)
    }

    /// Appends one row given through pointers: whole numbers (in ``intRange``), yes/no values,
    /// and each text field's clean UTF-8 bytes, in slot order.
    public func append(ints rowInts: UnsafeBufferPointer<Int64>, bools rowBools: UnsafeBufferPointer<Bool>,
                       textBytes rowTexts: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, origin: RowOrigin) {
        precondition(rowInts.count == intColumns.width && rowBools.count == boolColumns.width && rowTexts.count == textColumns.count)
        appendNumbers(rowInts)
        appendBools(rowBools)
        textColumns.withUnsafeMutableBufferPointer { columns in
            for k in 0..<rowTexts.count { columns[k].append(bytes: rowTexts[k]) }
        }
        origins.append(origin)
    }

    /// ``append(ints:bools:textBytes:origin:)`` with each text's ``textHash(slot:bytes:)`` worked
    /// out beforehand, while the rest of the row was read.
    public func append(ints rowInts: UnsafeBufferPointer<Int64>, bools rowBools: UnsafeBufferPointer<Bool>,
                       textBytes rowTexts: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>,
                       textHashes: UnsafeBufferPointer<UInt64>, origin: RowOrigin) {
        precondition(rowInts.count == intColumns.width && rowBools.count == boolColumns.width && rowTexts.count == textColumns.count
                     && textHashes.count == rowTexts.count)
        appendNumbers(rowInts)
        appendBools(rowBools)
        textColumns.withUnsafeMutableBufferPointer { columns in
            for k in 0..<rowTexts.count {
                columns[k].append(bytes: rowTexts[k], hash: textHashes[k])
                probes[k] = columns[k].probe
            }
        }
        origins.append(origin)
    }


    /// Appends a row's whole numbers (each in ``intRange``) to the number columns.
    @inline(__always)
    private func appendNumbers(_ values: UnsafeBufferPointer<Int64>) {
        let row = intColumns.openRow()
        for k in 0..<values.count {
            guard let value = Int32(exactly: values[k]) else {
                preconditionFailure("RecordTable: \(values[k]) is outside the stored range \(Self.intRange)")
            }
            intColumns.bases[k]![row] = value
        }
        intColumns.closeRow()
    }

    @inline(__always)
    private func appendBools(_ values: UnsafeBufferPointer<Bool>) {
        let row = boolColumns.openRow()
        for k in 0..<values.count { boolColumns.bases[k]![row] = values[k] }
        boolColumns.closeRow()
    }

    /// Appends every row of another table of the same model (used to join chunks read in parallel).
    /// `other` is left empty.
    public func append(contentsOf other: RecordTable) {
        append(contentsOf: [other])
    }

    /// Appends the rows of each table in order, column by column: each column is sized once and
    /// each part's column is released as soon as it is copied. The parts are left empty.
    public func append(contentsOf parts: [RecordTable]) {
        let total = count + parts.reduce(0) { $0 + $1.count }
        let others = parts.filter { $0 !== self }
        guard !others.isEmpty else { return }
        // The columns are independent: for many rows they are joined on two threads, each
        // column by one thread only (most of the time goes into the fresh pages they fill).
        let join = ColumnJoin(table: self, others: others, total: total)
        let tasks = 3 + textColumns.count
        textColumns.withUnsafeMutableBufferPointer { texts in
            join.texts = texts
            if total - count < 1 << 16 {
                for task in 0..<tasks { join.run(task) }
            } else {
                DispatchQueue.concurrentPerform(iterations: tasks) { join.run($0) }
            }
        }
        for part in others {
            part.textColumns = part.textColumns.map { _ in TextColumn() }
            part.origins = []
        }
    }

    /// The work of ``append(contentsOf:)``: one task per kind of fixed column, per text column,
    /// and for the origins; a task touches its own columns only.
    private final class ColumnJoin: @unchecked Sendable {
        let table: RecordTable
        let others: [RecordTable]
        let total: Int
        var texts = UnsafeMutableBufferPointer<TextColumn>(start: nil, count: 0)

        init(table: RecordTable, others: [RecordTable], total: Int) {
            self.table = table
            self.others = others
            self.total = total
        }

        func run(_ task: Int) {
            switch task {
            case 0: table.intColumns.append(contentsOf: others.map(\.intColumns), total: total)
            case 1: table.boolColumns.append(contentsOf: others.map(\.boolColumns), total: total)
            case 2: table.appendOrigins(of: others, total: total)
            default:
                let k = task - 3
                texts[k].append(contentsOf: others.map { $0.textColumns[k] }, total: total)
            }
        }
    }

    private func appendOrigins(of others: [RecordTable], total: Int) {
        if origins.capacity < total { origins.reserveCapacity(total) }
        for part in others { origins.append(contentsOf: part.origins) }
    }

    /// Keeps only the rows whose index is not in `removed` (duplicate keys found after reading).
    public func remove(rows removed: Set<Int>) {
        guard !removed.isEmpty else { return }
        let n = count
        var keep = [Bool](repeating: true, count: n)
        for row in removed where row >= 0 && row < n { keep[row] = false }
        intColumns.compact(keep)
        boolColumns.compact(keep)
        for k in textColumns.indices { textColumns[k].compact(keep) }
        Self.compact(&origins, keep)
    }

    /// Moves the kept values to the front, in order, and drops the rest.
    static func compact<Value>(_ column: inout [Value], _ keep: [Bool]) {
        var write = 0
        for read in column.indices where keep[read] {
            if write != read { column.swapAt(write, read) }
            write += 1
        }
        column.removeLast(column.count - write)
    }

    /// Copies row `row`'s field values into the frame's field slots and starts the row.
    public func load(row: Int, into frame: Frame) {
        frame.begin(row: row)
        for k in 0..<intColumns.width { frame.numbers[k] = Rational(integer: Int64(intColumns.bases[k]![row])) }
        for k in 0..<boolColumns.width { frame.bools[k] = boolColumns.bases[k]![row] }
        for k in 0..<textColumns.count { frame.texts[k] = textColumns[k][row] }
    }

    /// Runs `body` with direct pointers to every column, for loops over many rows that must not
    /// pay a retain and an exclusivity check per value. The pointers are valid only inside `body`,
    /// and the table must not be changed meanwhile.
    public func withColumns<R>(_ body: (RecordColumns) -> R) -> R {
        var intPointers: [UnsafeBufferPointer<Int32>] = []
        var boolPointers: [UnsafeBufferPointer<Bool>] = []
        var textViews: [TextColumnView] = []
        func texts(_ k: Int) -> R {
            if k == textColumns.count {
                return body(RecordColumns(ints: intPointers, bools: boolPointers, texts: textViews,
                                          types: model.fieldTypes, slots: model.fieldSlots))
            }
            return textColumns[k].withView { textViews.append($0); return texts(k + 1) }
        }
        intPointers = (0..<intColumns.width).map { intColumns.buffer($0) }
        boolPointers = (0..<boolColumns.width).map { boolColumns.buffer($0) }
        return withExtendedLifetime((intColumns, boolColumns)) { texts(0) }
    }

    /// The value of a field in a row, as text (for keys, names, messages).
    public func text(field index: Int, row: Int) -> String {
        let slot = model.fieldSlots[index]
        switch model.fieldTypes[index] {
        case .text: return textColumns[slot][row]
        case .int: return String(intColumns.buffer(slot)[row])
        case .bool: return boolColumns.buffer(slot)[row] ? "1" : "0"
        }
    }
}

/// Values in a buffer of their own, for row loops (on several threads): reading them takes no
/// reference count, where an array would be retained on every use.
public final class FixedBuffer<Element>: @unchecked Sendable {
    public let values: UnsafeMutableBufferPointer<Element>
    public var count: Int { values.count }

    public init(_ elements: [Element]) {
        values = .allocate(capacity: elements.count)
        _ = values.initialize(from: elements)
    }

    deinit {
        _ = values.deinitialize()
        values.deallocate()
    }
}

/// Columns of one fixed-width type (the whole numbers or the yes/no values of a table), each in
/// a buffer of its own, all holding the same number of rows: appending a row checks the room
/// once for all of them, and stores each value with no array's uniqueness and capacity checks.
final class FixedColumns<Value: BitwiseCopyable>: @unchecked Sendable {
    /// Column `k`'s values (`nil` before any room was made).
    private(set) var bases: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>
    let width: Int
    private(set) var count = 0
    private(set) var capacity = 0

    init(width: Int) {
        self.width = width
        bases = .allocate(capacity: max(width, 1))
        bases.initialize(repeating: nil, count: max(width, 1))
    }

    deinit {
        for k in 0..<width { free(bases[k]) }
        bases.deallocate()
    }

    /// Column `k`'s rows (valid until the columns change).
    @inline(__always)
    func buffer(_ k: Int) -> UnsafeBufferPointer<Value> {
        UnsafeBufferPointer(start: bases[k], count: count)
    }

    /// Makes room for `rows` rows in all.
    func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        for k in 0..<width {
            guard let grown = realloc(bases[k], rows * MemoryLayout<Value>.stride) else {
                fatalError("RecordTable: out of memory for \(rows) rows")
            }
            bases[k] = grown.bindMemory(to: Value.self, capacity: rows)
        }
        capacity = rows
    }

    /// The index of a new row, whose value each column then gets; ``closeRow()`` counts it.
    @inline(__always)
    func openRow() -> Int {
        if count == capacity { reserve(max(1024, capacity * 2)) }
        return count
    }

    @inline(__always)
    func closeRow() { count += 1 }

    /// Appends the rows of `parts` in order, column by column, freeing each part's column once
    /// copied; the parts are left empty.
    func append(contentsOf parts: [FixedColumns<Value>], total: Int) {
        reserve(total)
        for k in 0..<width {
            var at = count
            for part in parts {
                if part.count > 0 { (bases[k]! + at).update(from: part.bases[k]!, count: part.count) }
                at += part.count
                free(part.bases[k])
                part.bases[k] = nil
            }
        }
        for part in parts {
            count += part.count
            part.count = 0
            part.capacity = 0
        }
    }

    /// Keeps the rows marked in `keep` (one flag per row), in order.
    func compact(_ keep: [Bool]) {
        guard count > 0 else { return }
        var kept = 0
        for k in 0..<width {
            let column = bases[k]!
            var write = 0
            for read in 0..<count where keep[read] {
                column[write] = column[read]
                write += 1
            }
            kept = write
        }
        if width > 0 { count = kept } else { count = keep.lazy.filter { $0 }.count }
    }
}

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
            return codes.withUnsafeBufferPointer { codes in
                values.withUnsafeBufferPointer { values in
                    body(TextColumnView(plain: UnsafeBufferPointer(start: nil, count: 0), codes: codes, values: values, isCoded: true))
                }
            }
        }
        return plain.withUnsafeBufferPointer { plain in
            body(TextColumnView(plain: plain, codes: UnsafeBufferPointer(start: nil, count: 0),
                                values: UnsafeBufferPointer(start: nil, count: 0), isCoded: false))
        }
    }
}

/// A direct view of a ``TextColumn`` (see ``RecordTable/withColumns(_:)``).
public struct TextColumnView {
    let plain: UnsafeBufferPointer<String>
    /// For a coded column: each row's index into `values` (rows with equal bytes share a code).
    public let codes: UnsafeBufferPointer<UInt32>
    /// For a coded column: its distinct values.
    public let values: UnsafeBufferPointer<String>
    public let isCoded: Bool

    public var count: Int { isCoded ? codes.count : plain.count }

    @inline(__always)
    public subscript(row: Int) -> String { isCoded ? values[Int(codes[row])] : plain[row] }

    /// Where row `row`'s code (coded) or string (plain) is stored, for a cache prefetch hint.
    @inline(__always)
    public func address(row: Int) -> UnsafeRawPointer? {
        isCoded ? UnsafeRawPointer(codes.baseAddress.map { $0 + row }) : UnsafeRawPointer(plain.baseAddress.map { $0 + row })
    }
}

/// Direct views of a table's columns (see ``RecordTable/withColumns(_:)``).
public struct RecordColumns {
    public let ints: [UnsafeBufferPointer<Int32>]
    public let bools: [UnsafeBufferPointer<Bool>]
    public let texts: [TextColumnView]
    public let types: [FieldType]
    public let slots: [Int]

    /// Copies the listed fields of `row` into the frame and starts the row.
    @inline(__always)
    public func load(row: Int, fields: [Int], into frame: Frame) {
        frame.begin(row: row)
        for field in fields {
            let slot = slots[field]
            switch types[field] {
            case .int: frame.numbers[slot] = Rational(integer: Int64(ints[slot][row]))
            case .bool: frame.bools[slot] = bools[slot][row]
            case .text: frame.texts[slot] = texts[slot][row]
            }
        }
    }

    /// The value of a text field (the field's slot among text fields).
    @inline(__always)
    public func text(slot: Int, row: Int) -> String { texts[slot][row] }
}

/// A survey row that could not be scored, with every problem found in it.
public struct RejectedRow: Sendable {
    public var origin: RowOrigin
    /// The commune, key and name as far as they could be read ("" when not).
    public var commune: String
    public var key: String
    public var name: String
    public var problems: [RowProblem]
    /// The hamlet as far as it could be read ("" when not; `nil` for models without one), so that
    /// hamlet summaries count the row where it belongs.
    public var hamlet: String?

    public init(origin: RowOrigin, commune: String, key: String, name: String, problems: [RowProblem],
                hamlet: String? = nil) {
        self.origin = origin
        self.commune = commune
        self.key = key
        self.name = name
        self.problems = problems
        self.hamlet = hamlet
    }
}

/// One problem of a survey row, ready to be shown in either language.
public struct RowProblem: Sendable, Hashable, LocalizedMessage {
    public var vietnamese: String
    public var english: String

    public init(vietnamese: String, english: String) {
        self.vietnamese = vietnamese
        self.english = english
    }

    public func message(in language: Language) -> String { language.pick(vietnamese, english) }
}

/// Everything read from the survey files of one run: valid rows per model, rejected rows, notes.
public struct SurveyData: Sendable {
    public var sources: [SurveySource] = []
    /// Valid rows, by model id.
    public var tables: [String: RecordTable] = [:]
    /// Rows with errors, by model id, in input order.
    public var rejected: [String: [RejectedRow]] = [:]
    /// Notes for the clerk (unknown columns, files that matched no model, …).
    public var notes: [RowProblem] = []

    public init() {}
}
