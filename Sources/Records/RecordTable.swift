import Criteria
import Machinery
import TextSupport

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
///
/// A survey reader appends rows through views of its reused row buffers
/// (``append(ints:bools:texts:textHashes:origin:)``); once read, a table is only read, from
/// any number of threads.
public final class RecordTable: Sendable {
    public let model: CompiledModel
    /// Whole numbers and yes/no values, one buffer per field (see ``FixedColumns``).
    private let intColumns: FixedColumns<Int32>
    private let boolColumns: FixedColumns<Bool>
    /// The columns that are not fixed-width: the text columns and each row's origin. They are
    /// in a box so that the table holds only constants: one thread appends rows while it reads
    /// a file, and once read the table is only read, from any number of threads.
    private let grown: SendableBox<GrownColumns>

    private struct GrownColumns {
        var texts: [TextColumn]
        var origins: [RowOrigin] = []
    }

    public var textColumns: [TextColumn] { grown.value.texts }
    public var origins: [RowOrigin] { grown.value.origins }

    public var count: Int { grown.value.origins.count }

    /// The number of whole-number fields and of yes/no fields.
    public var intFieldCount: Int { intColumns.width }
    public var boolFieldCount: Int { boolColumns.width }

    /// Every whole-number column, as arrays (a copy, for checks and tests).
    public var ints: [[Int32]] { (0..<intColumns.width).map { Array(intColumns.column($0)) } }
    /// Every yes/no column, as arrays (a copy, for checks and tests).
    public var bools: [[Bool]] { (0..<boolColumns.width).map { Array(boolColumns.column($0)) } }

    /// Every text column as plain strings. This builds a copy: row loops should use
    /// ``text(field:row:)``, ``load(row:into:)`` or ``withColumns(_:)``.
    public var texts: [[String]] { textColumns.map(\.strings) }

    /// The smallest and largest whole number a table stores.
    public static let intRange: ClosedRange<Int64> = Int64(Int32.min)...Int64(Int32.max)

    /// Where each text column's look-ups start (see ``textHash(slot:bytes:)``), for
    /// coded columns with many distinct values, refreshed after every row appended. A fixed
    /// buffer: reading it costs no reference counting.
    @usableFromInline let lookupHints: FixedBuffer<ByteInterner.LookupHint?>

    public init(model: CompiledModel) {
        self.model = model
        let fields = model.definition.fields
        intColumns = FixedColumns(width: fields.filter { $0.type == .int }.count)
        boolColumns = FixedColumns(width: fields.filter { $0.type == .bool }.count)
        let texts = fields.filter { $0.type == .text }.count
        grown = SendableBox(GrownColumns(texts: Array(repeating: TextColumn(), count: texts)))
        lookupHints = FixedBuffer(repeating: nil, count: texts)
    }

    /// The hash (``ByteHash``) the text column of `slot` files these bytes under, for
    /// ``append(ints:bools:texts:textHashes:origin:)``. For a coded column with many distinct
    /// values (names), it also asks for the cache line where the look-up will start, so that the
    /// look-up at the end of the row finds it in the cache rather than waiting for memory. For
    /// other columns it is 0, "not worked out" (a hash that truly is 0 is worked out again).
    @inlinable @inline(__always)
    public func textHash(slot: Int, bytes: ColumnView<UInt8>) -> UInt64 {
        precondition(slot >= 0 && slot < lookupHints.count, "RecordTable: no text slot \(slot)")
        return textHash(uncheckedSlot: slot, bytes: bytes)
    }

    /// ``textHash(slot:bytes:)`` for a slot the caller knows exists (a row loop's field plan).
    @inlinable @inline(__always)
    package func textHash(uncheckedSlot slot: Int, bytes: ColumnView<UInt8>) -> UInt64 {
        guard let hint = lookupHints.view[unchecked: slot] else { return 0 }
        let hash = ByteHash.hash(bytes)
        hint.prefetch(hash)
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
        for k in grown.value.texts.indices { grown.value.texts[k].reserveCapacity(rows) }
        grown.value.origins.reserveCapacity(rows)
    }

    /// Appends one row; each array holds the row's values of that type in field order. Whole
    /// numbers must lie in ``intRange``.
    public func append(ints rowInts: [Int64], bools rowBools: [Bool], texts rowTexts: [String], origin: RowOrigin) {
        precondition(rowInts.count == intColumns.width && rowBools.count == boolColumns.width && rowTexts.count == grown.value.texts.count)
        rowInts.withColumnView { appendNumbers($0) }
        rowBools.withColumnView { appendBools($0) }
        for k in 0..<rowTexts.count { grown.value.texts[k].append(rowTexts[k]) }
        grown.value.origins.append(origin)
    }

    /// Appends one row given as views, in slot order: whole numbers (in ``intRange``), yes/no
    /// values, each text field's clean UTF-8 bytes, and each text's ``textHash(slot:bytes:)``
    /// worked out beforehand while the rest of the row was read (0: not worked out; `textHashes`
    /// may be empty when none was).
    ///
    /// ```swift
    /// table.append(ints: row.ints, bools: row.bools, texts: row.texts, textHashes: row.hashes, origin: origin)
    /// ```
    public func append(ints rowInts: ColumnView<Int64>, bools rowBools: ColumnView<Bool>, texts rowTexts: ColumnView<ColumnView<UInt8>>,
                       textHashes: ColumnView<UInt64> = ColumnView(), origin: RowOrigin) {
        precondition(rowInts.count == intColumns.width && rowBools.count == boolColumns.width && rowTexts.count == grown.value.texts.count
                     && (textHashes.isEmpty || textHashes.count == rowTexts.count))
        appendNumbers(rowInts)
        appendBools(rowBools)
        let hashed = !textHashes.isEmpty
        let hints = lookupHints.view
        grown.value.texts.withMutableColumnView { columns in
            for k in 0..<rowTexts.count {
                columns[inPlace: k].append(bytes: rowTexts[unchecked: k], hash: hashed ? textHashes[unchecked: k] : 0)
                if hashed { hints[unchecked: k] = columns[unchecked: k].lookupHint }
            }
        }
        grown.value.origins.append(origin)
    }

    /// Appends a row's whole numbers (each in ``intRange``) to the number columns.
    @inline(__always)
    private func appendNumbers(_ values: ColumnView<Int64>) {
        let row = intColumns.openRow()
        for k in 0..<values.count {
            guard let value = Int32(exactly: values[unchecked: k]) else {
                preconditionFailure("RecordTable: \(values[k]) is outside the stored range \(Self.intRange)")
            }
            intColumns.store(value, column: k, row: row)
        }
        intColumns.closeRow()
    }

    @inline(__always)
    private func appendBools(_ values: ColumnView<Bool>) {
        let row = boolColumns.openRow()
        for k in 0..<values.count { boolColumns.store(values[unchecked: k], column: k, row: row) }
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
        // The columns are independent: for many rows they are joined on several threads, one
        // task per kind of fixed column, per text column, and for the origins, each task
        // touching its own columns only (most of the time goes into the fresh pages they fill).
        let tasks = 3 + grown.value.texts.count
        let texts = SendableBox(grown.value.texts)
        grown.value.texts = []
        let join: @Sendable (Int) -> Void = { [self] task in
            switch task {
            case 0: intColumns.append(contentsOf: others.map(\.intColumns), total: total)
            case 1: boolColumns.append(contentsOf: others.map(\.boolColumns), total: total)
            case 2: appendOrigins(of: others, total: total)
            default:
                let k = task - 3
                texts.value[k].append(contentsOf: others.map { $0.grown.value.texts[k] }, total: total)
            }
        }
        if total - count < ParallelWork.minimumPerPart {
            for task in 0..<tasks { join(task) }
        } else {
            ParallelWork(threads: tasks).run(parts: tasks, join)
        }
        grown.value.texts = texts.value
        for part in others {
            part.grown.value.texts = part.grown.value.texts.map { _ in TextColumn() }
            part.grown.value.origins = []
        }
    }

    private func appendOrigins(of others: [RecordTable], total: Int) {
        if grown.value.origins.capacity < total { grown.value.origins.reserveCapacity(total) }
        for part in others { grown.value.origins.append(contentsOf: part.grown.value.origins) }
    }

    /// Keeps only the rows whose index is not in `removed` (duplicate keys found after reading).
    public func remove(rows removed: Set<Int>) {
        guard !removed.isEmpty else { return }
        let n = count
        var keep = [Bool](repeating: true, count: n)
        for row in removed where row >= 0 && row < n { keep[row] = false }
        intColumns.compact(keep)
        boolColumns.compact(keep)
        for k in grown.value.texts.indices { grown.value.texts[k].compact(keep) }
        Self.compact(&grown.value.origins, keep)
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
        for k in 0..<intColumns.width { frame.numbers[k] = Rational(integer: Int64(intColumns.column(k)[unchecked: row])) }
        for k in 0..<boolColumns.width { frame.bools[k] = boolColumns.column(k)[unchecked: row] }
        for k in 0..<grown.value.texts.count { frame.texts[k] = grown.value.texts[k][row] }
    }

    /// Runs `body` with direct views of every column, for loops over many rows that must not
    /// pay a retain and an exclusivity check per value. The views are valid only inside `body`,
    /// and the table must not be changed meanwhile.
    public func withColumns<R>(_ body: (RecordColumns) -> R) -> R {
        var intPointers: [ColumnView<Int32>] = []
        var boolPointers: [ColumnView<Bool>] = []
        var textViews: [TextColumnView] = []
        func texts(_ k: Int) -> R {
            if k == grown.value.texts.count {
                return body(RecordColumns(ints: intPointers, bools: boolPointers, texts: textViews,
                                          types: model.fieldTypes, slots: model.fieldSlots))
            }
            return grown.value.texts[k].withView { textViews.append($0); return texts(k + 1) }
        }
        intPointers = (0..<intColumns.width).map { intColumns.column($0) }
        boolPointers = (0..<boolColumns.width).map { boolColumns.column($0) }
        return withExtendedLifetime((intColumns, boolColumns)) { texts(0) }
    }

    /// The value of a field in a row, as text (for keys, names, messages).
    public func text(field index: Int, row: Int) -> String {
        let slot = model.fieldSlots[index]
        switch model.fieldTypes[index] {
        case .text: return grown.value.texts[slot][row]
        case .int: return String(intColumns.column(slot)[row])
        case .bool: return boolColumns.column(slot)[row] ? "1" : "0"
        }
    }
}
