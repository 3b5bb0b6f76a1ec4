/// A growing block of bytes that one thread writes a line or a block at a time: the CSV
/// writer's and the text table's output before it goes to the report's file.
///
/// Appending a byte is a store and an increment: no uniqueness or capacity check of an `Array`
/// on every byte, no reference count. One thread owns one writer; each thread of a round of
/// work fills its own and the round's writers are then written out in order.
///
/// ```swift
/// let out = ByteWriter(capacity: 1 << 20)
/// out.append(number: 42)
/// out.append(0x0A)
/// sink.write(out.bytes)          // a view of the bytes, valid until the next change
/// out.removeAll()
/// ```
///
/// A loop that appends a lot takes the storage out with ``withBuffer(_:)``: its address and
/// count then live in registers for the loop instead of being read and written back through the
/// object on every byte.
public final class ByteWriter: @unchecked Sendable {
    @usableFromInline var buffer: ByteBuffer

    public init(capacity: Int = 1 << 16) {
        buffer = ByteBuffer(capacity: capacity)
    }

    deinit { buffer.release() }

    /// The number of bytes written.
    @inlinable public var count: Int { buffer.count }

    /// The bytes written (valid until the writer changes).
    @inlinable public var bytes: ColumnView<UInt8> { buffer.bytes }

    /// The bytes written, as an array of their own.
    public var array: [UInt8] { Array(buffer.bytes) }

    /// Forgets the bytes written, keeping the room.
    @inlinable public func removeAll() { buffer.length = 0 }

    /// Runs `body` with the storage taken out of the object (and put back after): nothing else
    /// may use this writer meanwhile.
    @inlinable @inline(__always)
    public func withBuffer<R>(_ body: (inout ByteBuffer) -> R) -> R {
        var local = buffer
        defer { buffer = local }
        return body(&local)
    }

    @inlinable @inline(__always) public func reserve(_ extra: Int) { buffer.reserve(extra) }
    @inlinable @inline(__always) public func append(_ byte: UInt8) { buffer.append(byte) }
    @inlinable @inline(__always) public func append(_ bytes: ColumnView<UInt8>) { buffer.append(bytes) }
    @inlinable @inline(__always) public func append(_ bytes: [UInt8]) { buffer.append(bytes) }
    @inlinable @inline(__always) public func append(_ text: String) { buffer.append(text) }
    @inlinable @inline(__always) public func append(spaces n: Int) { buffer.append(spaces: n) }
    @inlinable @inline(__always) public func append(number: Int) { buffer.append(number: number) }
    @inlinable @inline(__always) public func trimSpaces(downTo floor: Int) { buffer.trimSpaces(downTo: floor) }
}

/// The storage of a ``ByteWriter``: `count` bytes written, room for more. Only a writer
/// makes one (and frees it); code appends to it inside ``ByteWriter/withBuffer(_:)``.
@frozen
public struct ByteBuffer {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var length = 0

    /// The number of bytes written.
    @inlinable public var count: Int { length }
    @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    @usableFromInline
    func release() { base.deallocate() }

    /// The bytes written (valid until the buffer changes).
    @inlinable
    public var bytes: ColumnView<UInt8> { ColumnView(base: UnsafePointer(base), count: length) }

    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if length + extra > capacity { grow(length + extra) }
    }

    @usableFromInline
    mutating func grow(_ needed: Int) {
        (base, capacity) = grownStorage(base, count: length, capacity: capacity, needed: max(needed, capacity * 2))
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[length] = byte
        length += 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: ColumnView<UInt8>) {
        guard let source = bytes.base else { return }
        let n = bytes.count
        reserve(n)
        let target = base + length
        if n >= 8 && n <= 16 {
            // Cells are short (codes, names, numbers): two overlapping word copies cost less
            // than a call to memmove.
            let raw = UnsafeRawPointer(source), out = UnsafeMutableRawPointer(target)
            let head = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            out.storeBytes(of: head, as: UInt64.self)
            out.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        } else if n < 8 {
            for i in 0..<n { target[i] = source[i] }
        } else {
            target.update(from: source, count: n)
        }
        length += n
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withColumnView { append($0) }
    }

    /// The text's UTF-8 bytes.
    @inlinable
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8View { append($0) }
    }

    @inlinable @inline(__always)
    public mutating func append(spaces n: Int) {
        guard n > 0 else { return }
        if n <= 16 {
            // A table's gaps and paddings are a few spaces: two word stores (room for 16 bytes
            // made first; bytes past the count are not part of the buffer) cost less than a
            // call to memset.
            reserve(16)
            let out = UnsafeMutableRawPointer(base + length)
            out.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
            out.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 8, as: UInt64.self)
        } else {
            reserve(n)
            (base + length).update(repeating: 0x20, count: n)
        }
        length += n
    }

    /// A whole number in decimal digits, as Swift prints it.
    @inlinable @inline(__always)
    public mutating func append(number: Int) {
        reserve(21)
        if number < 0 {
            base[length] = UInt8(ascii: "-")
            length += 1
        }
        var magnitude = number.magnitude
        var digits = 1
        var limit: UInt = 10
        while magnitude >= limit && digits < 19 { digits += 1; limit &*= 10 }
        if magnitude >= limit { digits += 1 }
        var i = length + digits
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        length += digits
    }

    /// Drops spaces at the end, but none of the first `floor` bytes.
    @inlinable @inline(__always)
    public mutating func trimSpaces(downTo floor: Int) {
        while length > floor && base[length - 1] == 0x20 { length -= 1 }
    }
}
