import CSupport

/// A typed, read-only view of elements stored elsewhere: a column of a record table, a result
/// buffer, an array for the length of a call.
///
/// The view does not own its elements: it is valid while its owner (a ``FixedBuffer``, an
/// array inside `withColumnView`, a table's column) is alive and unchanged, as a slice of an
/// array would be. Its subscript checks the index; the machinery's own hot loops, and the
/// package's, use the internal `[unchecked:]` subscript where the index is known to be in range.
///
/// ```swift
/// let totals: ColumnView<Int32> = results.totals.readOnly
/// for row in totals.indices where totals[row] >= 90 { … }
/// ```
@frozen
public struct ColumnView<Element>: RandomAccessCollection, @unchecked Sendable {
    @usableFromInline let base: UnsafePointer<Element>?
    public let count: Int

    @inlinable
    init(base: UnsafePointer<Element>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// An empty view.
    @inlinable
    public init() { self.init(base: nil, count: 0) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "ColumnView: index \(position) out of 0..<\(count)")
        return base.unsafelyUnwrapped[position]
    }

    /// The element at `position`, which the caller has made sure is in range.
    @inlinable
    package subscript(unchecked position: Int) -> Element {
        base.unsafelyUnwrapped[position]
    }

    /// Asks the processor to start loading the element at `position` (a hint: never faults).
    @inlinable
    public func prefetch(at position: Int) {
        if let base { khuyenhoc_prefetch(base + position) }
    }

    /// The elements `range` as a view of their own.
    @inlinable
    public func view(_ range: Range<Int>) -> ColumnView<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return ColumnView(base: base.map { $0 + range.lowerBound }, count: range.count)
    }

    /// The same elements, compared by where they are stored (for a cache keyed by a view).
    @inlinable
    public var storageIdentity: Int { base.map { Int(bitPattern: $0) } ?? 0 }
}

/// A typed view of elements stored elsewhere that may be read and written: a frame's slots, a
/// model's result columns. Threads that each write only their own positions may share one.
///
/// ```swift
/// let totals = FixedBuffer<Int32>(zeroedCount: rows)
/// totals.view[row] = 85
/// ```
@frozen
public struct MutableColumnView<Element>: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>?
    public let count: Int

    @inlinable
    init(base: UnsafeMutablePointer<Element>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// An empty view.
    @inlinable
    public init() { self.init(base: nil, count: 0) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "MutableColumnView: index \(position) out of 0..<\(count)")
            return base.unsafelyUnwrapped[position]
        }
        nonmutating set {
            precondition(position >= 0 && position < count, "MutableColumnView: index \(position) out of 0..<\(count)")
            base.unsafelyUnwrapped[position] = newValue
        }
    }

    /// The element at `position`, which the caller has made sure is in range.
    @inlinable
    package subscript(unchecked position: Int) -> Element {
        get { base.unsafelyUnwrapped[position] }
        nonmutating set { base.unsafelyUnwrapped[position] = newValue }
    }

    /// Asks the processor to start loading the element at `position` (a hint: never faults).
    @inlinable
    public func prefetch(at position: Int) {
        if let base { khuyenhoc_prefetch(base + position) }
    }

    /// The same elements, read-only.
    @inlinable
    public var readOnly: ColumnView<Element> { ColumnView(base: base.map { UnsafePointer($0) }, count: count) }

    /// The elements `range` as a view of their own.
    @inlinable
    public func view(_ range: Range<Int>) -> MutableColumnView<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return MutableColumnView(base: base.map { $0 + range.lowerBound }, count: range.count)
    }
}

extension Array {
    /// Calls `body` with a view of the array's elements, valid for the call only.
    @inlinable
    public func withColumnView<R>(_ body: (ColumnView<Element>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(ColumnView(base: $0.baseAddress, count: $0.count)) }
    }

    /// Calls `body` with a writable view of the array's elements, valid for the call only.
    @inlinable
    public mutating func withMutableColumnView<R>(_ body: (MutableColumnView<Element>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { try body(MutableColumnView(base: $0.baseAddress, count: $0.count)) }
    }
}

extension ContiguousArray {
    /// Calls `body` with a view of the array's elements, valid for the call only.
    @inlinable
    public func withColumnView<R>(_ body: (ColumnView<Element>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(ColumnView(base: $0.baseAddress, count: $0.count)) }
    }
}

extension ColumnView {
    /// A view of memory the caller manages (for the machinery and C interfaces).
    @inlinable
    package init(_ buffer: UnsafeBufferPointer<Element>) { self.init(base: buffer.baseAddress, count: buffer.count) }
}

extension MutableColumnView {
    /// A view of memory the caller manages (for the machinery and C interfaces).
    @inlinable
    package init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.init(base: buffer.baseAddress, count: buffer.count) }
}

extension MutableColumnView {
    /// Where the elements start: only for code being moved into the machinery (a test fails on
    /// any use outside it).
    @inlinable
    package var unsafeBaseAddress: UnsafeMutablePointer<Element>? { base }
}

extension ColumnView {
    /// Where the elements start: only for code being moved into the machinery (a test fails on
    /// any use outside it).
    @inlinable
    package var unsafeBaseAddress: UnsafePointer<Element>? { base }
}
