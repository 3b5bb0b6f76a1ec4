import Foundation
import Glibc

/// Where a report goes: standard output or a file, written in large blocks as it is produced so
/// that a province-sized report never sits whole in memory.
///
/// A file is opened with `open(2)` (created, or truncated if it exists) and written in place, so
/// that `--output /dev/null` or a named pipe stays what it is: it is never replaced by a new file.
///
/// ```swift
/// let sink = try OutputSink(path: "ket-qua.csv")   // nil path: standard output
/// sink.write("model,xa,id\n")
/// sink.close()
/// ```
public final class OutputSink {
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let blockSize = 1 << 20
    /// Everything written, kept only when capturing (tests and in-memory reports).
    public private(set) var captured: String?

    /// The file could not be opened for writing; `code` is the `errno` value.
    public struct OpenError: Error {
        public var path: String
        public var code: Int32
    }

    public init(path: String?) throws {
        if let path, path != "-" {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OpenError(path: path, code: errno) }
            descriptor = fd
            ownsDescriptor = true
        } else {
            descriptor = STDOUT_FILENO
            ownsDescriptor = false
        }
        buffer.reserveCapacity(blockSize)
    }

    /// A sink that keeps the text in memory (``captured``).
    public init(capturing: Void = ()) {
        descriptor = -1
        ownsDescriptor = false
        captured = ""
    }

    deinit {
        close()
    }

    public func write(_ text: String) {
        if captured != nil { captured! += text; return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= blockSize { flush() }
    }

    /// Appends bytes; a block of a megabyte or more goes out at once without a copy.
    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    /// Appends bytes that live elsewhere (a ``ByteWriter``'s); large blocks (a quarter of the
    /// buffer or more) go out at once, without a copy.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        if captured != nil { captured! += String(decoding: bytes, as: UTF8.self); return }
        if bytes.count >= blockSize / 4 {
            flush()
            writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= blockSize { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer(writeAll)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes a file the sink opened; later writes go nowhere.
    public func close() {
        flush()
        if ownsDescriptor && descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
    }

    /// The `errno` of the first write that failed (a full disk, …); the output is then incomplete
    /// and the caller must say so.
    public private(set) var writeError: Int32?

    /// Writes every byte, retrying after interruptions and short writes. After a write fails,
    /// nothing more is written and ``writeError`` tells why.
    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var next = bytes.baseAddress, descriptor >= 0, writeError == nil else { return }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = errno
                return
            }
            left -= written
            next += written
        }
    }
}

/// A growing block of bytes written through a pointer, for row loops that append a few bytes at
/// a time (an `Array` checks uniqueness and capacity on every append). One thread owns one.
///
/// Its storage is a ``ByteBuffer``; a loop that appends a lot takes it out with
/// ``withBuffer(_:)``, so that its pointer and count live in registers for the loop instead of
/// being read and written back through the object on every byte.
final class ByteWriter: @unchecked Sendable {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 1 << 16) {
        buffer = ByteBuffer(capacity: capacity)
    }

    deinit { buffer.base.deallocate() }

    var base: UnsafeMutablePointer<UInt8> { buffer.base }
    var count: Int { buffer.count }
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer.base, count: buffer.count) }

    func removeAll() { buffer.count = 0 }

    /// Runs `body` with the storage taken out of the object (and put back after): nothing else
    /// may use this writer meanwhile.
    @inline(__always)
    func withBuffer<R>(_ body: (inout ByteBuffer) -> R) -> R {
        var local = buffer
        defer { buffer = local }
        return body(&local)
    }

    @inline(__always) func reserve(_ extra: Int) { buffer.reserve(extra) }
    @inline(__always) func append(_ byte: UInt8) { buffer.append(byte) }
    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(bytes) }
    @inline(__always) func append(spaces n: Int) { buffer.append(spaces: n) }
    @inline(__always) func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { buffer.append($0) } }
    func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append($0) }
    }
    @inline(__always) func append(number: Int) { buffer.append(number: number) }
    @inline(__always) func trimSpaces(downTo floor: Int) { buffer.trimSpaces(downTo: floor) }
}

/// The storage of a ``ByteWriter``: bytes at `base`, `count` of them written, room for `capacity`.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        reserve(n)
        let target = base + count
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
        count += n
    }

    @inline(__always)
    mutating func append(spaces n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).update(repeating: 0x20, count: n)
        count += n
    }

    /// A whole number in decimal digits.
    @inline(__always)
    mutating func append(number: Int) {
        reserve(21)
        if number < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = number.magnitude
        var digits = 1
        var limit: UInt = 10
        while magnitude >= limit && digits < 19 { digits += 1; limit &*= 10 }
        if magnitude >= limit { digits += 1 }
        var i = count + digits
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += digits
    }

    /// Drops spaces at the end.
    @inline(__always)
    mutating func trimSpaces(downTo floor: Int) {
        while count > floor && base[count - 1] == 0x20 { count -= 1 }
    }
}
