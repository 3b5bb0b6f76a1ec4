import Foundation

/// Where a report goes: standard output or a file, written in large blocks as it is produced so
/// that a province-sized report never sits whole in memory.
///
/// ```swift
/// let sink = try OutputSink(path: "ket-qua.csv")   // nil path: standard output
/// sink.write("model,xa,id\n")
/// sink.close()
/// ```
public final class OutputSink {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    private let blockSize = 1 << 20
    /// Everything written, kept only when capturing (tests and in-memory reports).
    public private(set) var captured: String?

    public init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            ownsHandle = true
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
        }
        buffer.reserveCapacity(blockSize)
    }

    /// A sink that keeps the text in memory (``captured``).
    public init(capturing: Void = ()) {
        handle = FileHandle.nullDevice
        ownsHandle = false
        captured = ""
    }

    public func write(_ text: String) {
        if captured != nil { captured! += text; return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= blockSize { flush() }
    }

    public func write(bytes: [UInt8]) {
        if captured != nil { captured! += String(decoding: bytes, as: UTF8.self); return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= blockSize { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        if ownsHandle { try? handle.close() }
    }
}

/// Bytes of a report being built, held in a local variable by the writer so that appending
/// needs no dynamic exclusivity check (as a class property would); handed to an ``OutputSink``
/// in blocks.
struct ByteBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// A whole number as decimal digits, without making a `String`.
    mutating func append(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Hands full blocks to the sink.
    mutating func flush(to sink: OutputSink, whenOver limit: Int = 1 << 20) {
        guard bytes.count >= limit else { return }
        sink.write(bytes: bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
