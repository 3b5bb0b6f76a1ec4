import Foundation
import Machinery

/// How the register keeps a file's bytes (schema version 3 on): compressed with Zstandard in
/// independent frames (``LZ4Frames``), so that a province's 95 MB household file takes about
/// 18 MB, importing writes a fifth of the bytes, and `score` from the register decompresses on
/// both cores faster than it would read the whole file. Registers of version 2 hold their files
/// as they are (`none`), and are still read.
///
/// ```swift
/// let (compression, payload) = StoredBytes.pack(fileBytes)
/// let bytes = try StoredBytes.unpack(StoredPayload(size: fileBytes.count, compression: compression, payload: payload),
///                                    register: "khuyenhoc.sqlite", sha256: sha)
/// ```
enum StoredBytes {
    static let lz4 = "lz4"
    static let none = "none"

    /// The file's bytes as stored. Compressed on one thread: the import reads the file's rows
    /// on the others meanwhile.
    static func pack(_ bytes: [UInt8]) -> (compression: String, payload: Data) {
        (lz4, Data(LZ4Frames.compress(bytes, threads: 1)))
    }

    /// The file's own bytes again; ``RegisterError/damagedFile(path:sha256:)`` when they cannot be.
    static func unpack(_ stored: StoredPayload, register: String, sha256: String, threads: Int = 2) throws -> [UInt8] {
        switch stored.compression {
        case none:
            guard stored.payload.count == stored.size else { throw RegisterError.damagedFile(path: register, sha256: sha256) }
            return ByteCopy.array(stored.payload)
        case lz4:
            guard let bytes = LZ4Frames.decompress(stored.payload, size: stored.size, threads: threads) else {
                throw RegisterError.damagedFile(path: register, sha256: sha256)
            }
            return bytes
        default:
            throw RegisterError.damagedFile(path: register, sha256: sha256)
        }
    }
}
