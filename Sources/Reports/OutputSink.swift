import Foundation
import Glibc
import Machinery

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
    /// Whether the output is a terminal: control characters are then shown, not sent
    /// (``TerminalText``); files and pipes get the bytes as they are.
    private var isTerminal = false
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
        isTerminal = isatty(descriptor) == 1
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
        bytes.withColumnView { write($0) }
    }

    /// Appends bytes that live elsewhere (a ``ByteWriter``'s); large blocks (a quarter of the
    /// buffer or more) go out at once, without a copy.
    func write(_ bytes: ColumnView<UInt8>) {
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
        buffer.withColumnView(writeAll)
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
    private func writeAll(_ bytes: ColumnView<UInt8>) {
        guard descriptor >= 0, writeError == nil else { return }
        if isTerminal, let shown = TerminalText.escapingControls(Array(bytes)) {
            writeError = shown.withColumnView { ByteOutput.writeAll($0, to: descriptor) }
            return
        }
        writeError = ByteOutput.writeAll(bytes, to: descriptor)
    }
}
