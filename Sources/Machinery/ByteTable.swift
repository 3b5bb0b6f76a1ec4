/// The UTF-8 bytes of many strings back to back in one buffer, each found by its index: the
/// distinct values of a coded text column, the words of a report's result column.
///
/// A writer's row loop copies a value's bytes from here with no `String` in between: no
/// reference count that several threads would otherwise fight over for a commune's name, no
/// check of the string's representation. ``view`` is what the loop holds (two plain views, no
/// reference to the table).
///
/// ```swift
/// let words = ByteTable(["Đạt", "Không đạt"])
/// let list = words.view                 // valid while `words` lives
/// out.append(list[1])                   // the bytes of "Không đạt"
/// ```
public final class ByteTable: Sendable {
    private let bytes: FixedBuffer<UInt8>
    /// Value `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let starts: FixedBuffer<Int>

    /// The bytes of `values` (a column's distinct values), in order.
    public init(_ values: ColumnView<String>) {
        var total = 0
        for k in 0..<values.count { total += values[unchecked: k].utf8.count }
        bytes = FixedBuffer(repeating: 0, count: total)
        starts = FixedBuffer(repeating: 0, count: values.count + 1)
        // Each value's bytes are copied at once into the place after the one before.
        let target = bytes.storage.baseAddress!, starts = starts.storage
        var offset = 0
        for k in 0..<values.count {
            starts[k] = offset
            var value = values[unchecked: k]
            value.withUTF8 { utf8 in
                if let source = utf8.baseAddress { (target + offset).update(from: source, count: utf8.count) }
                offset += utf8.count
            }
        }
        starts[values.count] = offset
    }

    /// The bytes of `values`, in order.
    public convenience init(_ values: [String]) {
        self.init(values.withColumnView { ByteTable($0) })
    }

    private init(_ table: ByteTable) {
        bytes = table.bytes
        starts = table.starts
    }

    /// The number of values.
    public var count: Int { starts.count - 1 }

    /// Whether a value holds a byte below 0x20 (a line break, a tab, another control
    /// character): eight bytes are looked at a time.
    public var containsControlBytes: Bool {
        let all = bytes.view.readOnly
        let count = all.count
        var i = 0
        // A byte below 0x20 in a word makes `(w - 0x20…) & ~w & 0x80…` non-zero, and no other does.
        while i + 8 <= count {
            let word = all.word(at: i)
            if (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < count {
            if all[unchecked: i] < 0x20 { return true }
            i += 1
        }
        return false
    }

    /// The values, for row loops (valid while the table lives).
    @inlinable
    public var view: View { View(bytes: bytesView, starts: startsView) }

    @usableFromInline var bytesView: ColumnView<UInt8> { bytes.view.readOnly }
    @usableFromInline var startsView: ColumnView<Int> { starts.view.readOnly }

    /// The values of a ``ByteTable`` by index, as views of their bytes.
    @frozen
    public struct View: Sendable {
        @usableFromInline let bytes: ColumnView<UInt8>
        @usableFromInline let starts: ColumnView<Int>

        @inlinable
        init(bytes: ColumnView<UInt8>, starts: ColumnView<Int>) {
            self.bytes = bytes
            self.starts = starts
        }

        /// An empty list.
        @inlinable
        public init() { self.init(bytes: ColumnView(), starts: ColumnView()) }

        /// The number of values.
        @inlinable public var count: Int { max(0, starts.count - 1) }

        /// The bytes of value `index`.
        @inlinable
        public subscript(index: Int) -> ColumnView<UInt8> {
            precondition(index >= 0 && index < count, "ByteTable: index \(index) out of 0..<\(count)")
            return self[unchecked: index]
        }

        /// The bytes of value `index`, which the caller has made sure is in range.
        @inlinable @inline(__always)
        package subscript(unchecked index: Int) -> ColumnView<UInt8> {
            let start = starts[unchecked: index]
            return ColumnView(base: bytes.base.map { $0 + start }, count: starts[unchecked: index + 1] - start)
        }

        /// Asks the processor to start loading where value `index` is found (a hint).
        @inlinable @inline(__always)
        public func prefetch(at index: Int) { starts.prefetch(at: index) }
    }
}
