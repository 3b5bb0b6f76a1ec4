/// Byte views: a ``ColumnView`` of `UInt8` is how the readers see a file's bytes, a cell, or a
/// string's UTF-8, with the word loads and comparisons their hot loops need.
///
/// ```swift
/// var name = "Long Hữu"
/// let same = name.withByteView { cell.bytesEqual($0) }
/// let word = bytes.word(at: i)          // 8 bytes at once, for scanning (package only)
/// ```
extension ColumnView {
    /// The view's elements as contiguous storage (so `String(decoding:as:)`, `Array(_:)` and
    /// `append(contentsOf:)` copy them at once).
    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements `range`, which the caller has made sure lies inside the view.
    @inlinable @inline(__always)
    package func view(unchecked range: Range<Int>) -> ColumnView<Element> {
        ColumnView(base: base.map { $0 + range.lowerBound }, count: range.count)
    }
}

extension ColumnView where Element == UInt8 {
    /// The 8 bytes from `offset` as one word (the first byte lowest), for scanning eight bytes at
    /// a time; the caller has made sure that `offset + 8 <= count`.
    @inlinable @inline(__always)
    package func word(at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self))
    }

    /// The 8 bytes from `offset` in the machine's order (for hashing, where the order does not
    /// matter and a byte swap would cost); the caller has made sure that `offset + 8 <= count`.
    @inlinable @inline(__always)
    package func nativeWord(at offset: Int) -> UInt64 {
        UnsafeRawPointer(base.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self)
    }

    /// Whether both views hold the same bytes, compared eight at a time (values are short: a call
    /// to `memcmp` would cost more than the comparison).
    @inlinable @inline(__always)
    public func bytesEqual(_ other: ColumnView<UInt8>) -> Bool {
        let count = self.count
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        let a = base.unsafelyUnwrapped, b = other.base.unsafelyUnwrapped
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

    /// The bytes as a `String` (UTF-8; ill-formed sequences become U+FFFD).
    @inlinable
    public var string: String { String(decoding: self, as: UTF8.self) }
}

extension String {
    /// Calls `body` with a view of the string's UTF-8 bytes, valid for the call only (the string
    /// is made contiguous first if it is not).
    @inlinable
    public mutating func withByteView<R>(_ body: (ColumnView<UInt8>) throws -> R) rethrows -> R {
        try withUTF8 { try body(ColumnView($0)) }
    }
}

extension ColumnView {
    /// Walks a view's elements; the positions are the view's own, so reading them needs no check.
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline let view: ColumnView<Element>
        @usableFromInline var position = 0

        @inlinable
        init(view: ColumnView<Element>) { self.view = view }

        @inlinable @inline(__always)
        public mutating func next() -> Element? {
            guard position < view.count else { return nil }
            defer { position += 1 }
            return view[unchecked: position]
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(view: self) }
}

extension MutableColumnView {
    /// The element at `position`, changed in place (a mutating method on it changes the stored
    /// element, with no copy of it); the caller has made sure `position` is in range.
    @inlinable
    package subscript(inPlace position: Int) -> Element {
        get { base.unsafelyUnwrapped[position] }
        nonmutating _modify { yield &base.unsafelyUnwrapped[position] }
    }
}

extension MutableColumnView {
    /// The elements `range`, which the caller has made sure lies inside the view (a row's key
    /// among a block's keys, read from its own first element on).
    @inlinable @inline(__always)
    package func view(unchecked range: Range<Int>) -> MutableColumnView<Element> {
        MutableColumnView(base: base.map { $0 + range.lowerBound }, count: range.count)
    }
}
