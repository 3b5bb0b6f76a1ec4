import CSupport

extension String {
    /// Calls `body` with a view of the string's UTF-8 bytes, valid for the call only (the
    /// string is made contiguous first if it is not).
    ///
    /// ```swift
    /// var name = "Long Hữu"
    /// let width = name.withUTF8View { DisplayWidth.of(utf8: $0) }
    /// ```
    @inlinable
    public mutating func withUTF8View<R>(_ body: (ColumnView<UInt8>) throws -> R) rethrows -> R {
        try withUTF8 { try body(ColumnView(base: $0.baseAddress, count: $0.count)) }
    }
}

extension MutableColumnView {
    /// For a column of arrays (a row's reasons): asks the processor to start loading the storage
    /// of the array at `position`, whose slot was asked for earlier with ``prefetch(at:)``.
    ///
    /// An array is one reference to its storage; the word is read as an address and only ever
    /// used as a hint, so an empty array (a shared empty storage) costs nothing.
    @inlinable @inline(__always)
    public func prefetchArrayStorage<Value>(at position: Int) where Element == [Value] {
        guard let base, position >= 0, position < count else { return }
        let word = UnsafeRawPointer(base + position).load(as: UInt.self)
        if let address = UnsafeRawPointer(bitPattern: word) { khuyenhoc_prefetch(address) }
    }
}
