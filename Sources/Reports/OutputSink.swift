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

    /// Appends text without the per-call checks of ``write(_:)``; call ``endLine()`` after each line.
    @inline(__always)
    func append(_ text: String) {
        if captured != nil { captured! += text } else { buffer.append(contentsOf: text.utf8) }
    }

    func append(bytes: [UInt8]) {
        if captured != nil { captured! += String(decoding: bytes, as: UTF8.self) } else { buffer.append(contentsOf: bytes) }
    }

    /// Appends a whole number as decimal digits, without making a `String`.
    func append(_ number: Int) {
        guard captured == nil else { captured! += String(number); return }
        if number < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
    }

    /// Ends a line and flushes when a block is full.
    func endLine() {
        if captured != nil { captured! += "\n"; return }
        buffer.append(0x0A)
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
