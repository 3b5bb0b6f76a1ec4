import Foundation

/// Writes byte buffers to a file in blocks of about a megabyte, so a million-household file never
/// sits whole in memory.
struct BlockSink {
    static let blockSize = 1 << 20
    private let handle: FileHandle

    /// Creates (or empties) the file at `url`.
    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// A fresh buffer with room for one block.
    static func makeBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(blockSize + 64 * 1024)
        return buffer
    }

    /// Writes and empties `buffer` once it holds a block or more.
    func drain(_ buffer: inout [UInt8]) throws {
        if buffer.count >= Self.blockSize {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the rest of `buffer` and closes the file.
    func finish(_ buffer: inout [UInt8]) throws {
        if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
        buffer.removeAll()
        try handle.close()
    }
}
