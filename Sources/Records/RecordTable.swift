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
        var intPointers: [ColumnView<Int32>] = []
        var boolPointers: [ColumnView<Bool>] = []
        var textViews: [TextColumnView] = []
        func texts(_ k: Int) -> R {
            if k == textColumns.count {
                return body(RecordColumns(ints: intPointers, bools: boolPointers, texts: textViews,
                                          types: model.fieldTypes, slots: model.fieldSlots))
            }
            return textColumns[k].withView { textViews.append($0); return texts(k + 1) }
        }
        intPointers = (0..<intColumns.width).map { intColumns.column($0) }
        boolPointers = (0..<boolColumns.width).map { boolColumns.column($0) }
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
