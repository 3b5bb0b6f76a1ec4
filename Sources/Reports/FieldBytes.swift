import Machinery
import CSupport
import Criteria
import Records
import TextSupport

/// The distinct values of a coded text column as UTF-8 bytes back to back, each with its display
/// width, measured once: the writers' row loops copy a cell's bytes without touching a `String`
/// (whose reference count two threads would otherwise fight over for a commune's name).
final class DistinctBytes: @unchecked Sendable {
    let arena: UnsafeMutableBufferPointer<UInt8>
    /// Value `k` is `arena[starts[k]..<starts[k + 1]]`.
    let starts: UnsafeMutableBufferPointer<Int>
    let widths: UnsafeMutableBufferPointer<Int>
    /// Whether the value needs quoting in a CSV field (a comma, quote or line break in it).
    let needsQuotes: UnsafeMutableBufferPointer<Bool>

    init(_ values: ColumnView<String>) {
        var total = 0
        for value in values { total += value.utf8.count }
        arena = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: values.count + 1)
        widths = .allocate(capacity: max(values.count, 1))
        needsQuotes = .allocate(capacity: max(values.count, 1))
        var offset = 0
        for (k, value) in values.enumerated() {
            starts[k] = offset
            var value = value
            value.withUTF8 { bytes in
                if let source = bytes.baseAddress {
                    (arena.baseAddress! + offset).update(from: source, count: bytes.count)
                }
                widths[k] = DisplayWidth.of(utf8: bytes)
                needsQuotes[k] = CSVWriter.needsQuotes(bytes)
                offset += bytes.count
            }
        }
        starts[values.count] = offset
    }

    /// The bytes of a list of strings.
    static func make(_ values: [String]) -> DistinctBytes {
        values.withColumnView { DistinctBytes($0) }
    }

    /// A view for row loops (valid while this object lives).
    var list: ByteList {
        ByteList(arena: UnsafePointer(arena.baseAddress!), starts: UnsafePointer(starts.baseAddress!),
                 widths: UnsafePointer(widths.baseAddress!))
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        widths.deallocate()
        needsQuotes.deallocate()
    }
}

/// One text field of a table, read as bytes: coded columns through their ``DistinctBytes``,
/// plain ones from each row's `String`. Valid inside ``RecordTable/withColumns(_:)`` while the
/// ``DistinctBytes`` it was made with lives.
struct FieldBytes: @unchecked Sendable {
    private let view: TextColumnView
    private let arena: UnsafePointer<UInt8>?
    private let starts: UnsafePointer<Int>?
    private let widths: UnsafePointer<Int>?
    private let quotes: UnsafePointer<Bool>?

    /// `distinct` must have been made from `view.values` when the column is coded.
    init(view: TextColumnView, distinct: DistinctBytes?) {
        self.view = view
        if view.isCoded, let distinct {
            arena = UnsafePointer(distinct.arena.baseAddress)
            starts = UnsafePointer(distinct.starts.baseAddress)
            widths = UnsafePointer(distinct.widths.baseAddress)
            quotes = UnsafePointer(distinct.needsQuotes.baseAddress)
        } else {
            arena = nil
            starts = nil
            widths = nil
            quotes = nil
        }
    }

    /// The field of `columns` at `slot` (its slot among text fields), with the distinct values of
    /// a coded column measured now; the ``DistinctBytes`` returned must outlive the use.
    static func make(_ columns: RecordColumns, slot: Int) -> (FieldBytes, DistinctBytes?) {
        let view = columns.texts[slot]
        let distinct = view.isCoded ? DistinctBytes(view.values) : nil
        return (FieldBytes(view: view, distinct: distinct), distinct)
    }

    /// Asks for the cache line of the row's code or string (a hint; it never faults).
    @inline(__always)
    func prefetch(row: Int) {
        view.prefetch(row: row)
    }

    /// For a coded column, asks for where the row's value starts among the distinct values
    /// (the row's code was asked for by ``prefetch(row:)`` earlier).
    @inline(__always)
    func prefetchValue(row: Int) {
        if let starts, view.isCoded { khuyenhoc_prefetch(starts + Int(view.codes[row])) }
    }

    /// The row's code, for a coded column.
    @inline(__always)
    func code(row: Int) -> Int? { view.isCoded ? Int(view.codes[row]) : nil }

    /// The value of a code of a coded column.
    func value(code: Int) -> String { view.values[code] }

    /// Calls `body` with the row's bytes.
    @inline(__always)
    func withBytes<R>(row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let arena, let starts {
            let code = Int(view.codes[row])
            return body(UnsafeBufferPointer(start: arena + starts[code], count: starts[code + 1] - starts[code]))
        }
        var text = view[row]
        return text.withUTF8(body)
    }

    /// The row's width in display columns.
    @inline(__always)
    func width(row: Int) -> Int {
        if let widths { return widths[Int(view.codes[row])] }
        return withBytes(row: row) { DisplayWidth.of(utf8: $0) }
    }

    /// The width of the row's value, given its bytes (measured again only for a plain column).
    @inline(__always)
    func width(of bytes: UnsafeBufferPointer<UInt8>, row: Int) -> Int {
        if let widths { return widths[Int(view.codes[row])] }
        return DisplayWidth.of(utf8: bytes)
    }

    /// Whether the row's value, given its bytes, needs quoting in a CSV field (looked up for a
    /// coded column, scanned for a plain one).
    @inline(__always)
    func needsQuotes(of bytes: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
        if let quotes { return quotes[Int(view.codes[row])] }
        return CSVWriter.needsQuotes(bytes)
    }
}

/// The values of a ``DistinctBytes``, by index.
struct ByteList: @unchecked Sendable {
    let arena: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int>
    let widths: UnsafePointer<Int>

    @inline(__always)
    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + starts[index], count: starts[index + 1] - starts[index])
    }

    @inline(__always)
    func width(_ index: Int) -> Int { widths[index] }
}
