import Criteria
import Foundation
import Machinery
import ZIPFoundation

/// The ZIP container of a workbook, read with every bound of ``InputLimits`` in force.
///
/// The central directory is read here (names, sizes, checksums, flags, where each entry's data
/// starts); ZIPFoundation only inflates, from compressed bytes this reader hands it, never more
/// than the entry's compressed size. A part is refused *before* inflating when its stored size is
/// over ``InputLimits/workbookPartBytes`` or ``InputLimits/workbookInflateRatio`` times its
/// compressed size, or when the workbook's parts together would inflate to more than that ratio
/// times the file; inflating stops at once when the data goes past the stored size. Every part
/// read is checked against its CRC-32; an encrypted entry is named as such.
///
/// ```swift
/// let zip = try XLSXZip(path: "long-huu.xlsx")
/// if let entry = zip.entry("xl/workbook.xml") { let bytes = try zip.read(entry) }
/// ```
final class XLSXZip {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    private let handle: FileHandle
    private let fileSize: UInt64
    private var entries: [String: Entry] = [:]
    private var entriesByLowercasedName: [String: Entry] = [:]
    /// Bytes inflated so far from all parts (held to the inflate ratio against the whole file).
    private var inflated: UInt64 = 0

    /// Bytes read from the file at a time.
    static let chunk = 256 * 1024
    /// Parts at least this large have their checksum computed on a thread of their own.
    static let checksumThreadBytes: UInt64 = 4 << 20

    init(path: String) throws(XLSXWorkbook.Failure) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .notAWorkbook }
        self.handle = handle
        do {
            fileSize = try handle.seekToEnd()
        } catch {
            throw .damaged("ZIP: \(error)")
        }
        try readDirectory()
    }

    deinit { try? handle.close() }

    /// The entry of `name`, or (as Excel does) of the same name in other letter case.
    func entry(_ name: String) -> Entry? {
        entries[name] ?? entriesByLowercasedName[name.lowercased()]
    }

    // MARK: Central directory

    private func bytes(at offset: UInt64, count: Int) throws(XLSXWorkbook.Failure) -> [UInt8] {
        guard count >= 0, offset <= fileSize, UInt64(count) <= fileSize - offset else { throw .damaged("ZIP: cut short") }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw XLSXWorkbook.Failure.damaged("ZIP: cut short") }
            return [UInt8](data)
        } catch let failure as XLSXWorkbook.Failure {
            throw failure
        } catch {
            throw .damaged("ZIP: \(error)")
        }
    }

    private func readDirectory() throws(XLSXWorkbook.Failure) {
        // The end-of-central-directory record: 22 bytes and a comment of up to 65,535.
        let tailCount = Int(min(fileSize, 22 + 65_535))
        let tail = try bytes(at: fileSize - UInt64(tailCount), count: tailCount)
        var end = tailCount - 22
        while end >= 0 && !(tail[end] == 0x50 && tail[end + 1] == 0x4B && tail[end + 2] == 5 && tail[end + 3] == 6) { end -= 1 }
        guard end >= 0 else { throw .damaged("ZIP: no central directory (the file is cut short or not a ZIP archive)") }
        var count = UInt64(Self.u16(tail, end + 10))
        var directorySize = UInt64(Self.u32(tail, end + 12))
        var directoryOffset = UInt64(Self.u32(tail, end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the record gives where the ZIP64 record is.
            let locatorAt = fileSize - UInt64(tailCount) + UInt64(end)
            guard locatorAt >= 20 else { throw .damaged("ZIP: damaged ZIP64 directory") }
            let locator = try bytes(at: locatorAt - 20, count: 20)
            guard Self.u32(locator, 0) == 0x0706_4B50 else { throw .damaged("ZIP: damaged ZIP64 directory") }
            let record = try bytes(at: Self.u64(locator, 8), count: 56)
            guard Self.u32(record, 0) == 0x0606_4B50 else { throw .damaged("ZIP: damaged ZIP64 directory") }
            count = Self.u64(record, 32)
            directorySize = Self.u64(record, 40)
            directoryOffset = Self.u64(record, 48)
        }
        guard directoryOffset <= fileSize, directorySize <= fileSize - directoryOffset, count <= directorySize / 46 + 1 else {
            throw .damaged("ZIP: the central directory lies outside the file (the file is cut short)")
        }
        let directory = try bytes(at: directoryOffset, count: Int(directorySize))
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, Self.u32(directory, p) == 0x0201_4B50 else { throw .damaged("ZIP: damaged central directory") }
            let nameLength = Int(Self.u16(directory, p + 28))
            let extraLength = Int(Self.u16(directory, p + 30))
            let commentLength = Int(Self.u16(directory, p + 32))
            guard p + 46 + nameLength + extraLength + commentLength <= directory.count else { throw .damaged("ZIP: damaged central directory") }
            var entry = Entry(
                name: String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                flags: Self.u16(directory, p + 8), method: Self.u16(directory, p + 10), crc32: Self.u32(directory, p + 16),
                compressedSize: UInt64(Self.u32(directory, p + 20)), uncompressedSize: UInt64(Self.u32(directory, p + 24)),
                localHeaderOffset: UInt64(Self.u32(directory, p + 42)))
            // ZIP64 sizes and offset, in the extra field 0x0001, in this order, for those at 0xFFFFFFFF.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = Self.u16(directory, e), size = Int(Self.u16(directory, e + 2))
                guard e + 4 + size <= extraEnd else { break }
                if id == 1 {
                    var f = e + 4
                    func next() -> UInt64? {
                        guard f + 8 <= e + 4 + size else { return nil }
                        defer { f += 8 }
                        return Self.u64(directory, f)
                    }
                    if entry.uncompressedSize == 0xFFFF_FFFF, let value = next() { entry.uncompressedSize = value }
                    if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                    if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                }
                e += 4 + size
            }
            if entries[entry.name] == nil { entries[entry.name] = entry }
            let lowercased = entry.name.lowercased()
            if entriesByLowercasedName[lowercased] == nil { entriesByLowercasedName[lowercased] = entry }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    // MARK: Reading a part

    private enum Stop: Error {
        case tooLarge
        case cutShort
        case read(String)
    }

    /// The bytes of an entry, inflated and checked (sizes, ratio, checksum).
    func read(_ entry: Entry) throws(XLSXWorkbook.Failure) -> [UInt8] {
        let name = entry.name
        guard entry.flags & 1 == 0 else { throw .problem(.encryptedPart(part: name)) }
        let size = entry.uncompressedSize
        guard size <= UInt64(InputLimits.workbookPartBytes) else {
            throw .problem(.partTooLarge(part: name, bytes: size))
        }
        // A compressed size larger than the file is a lie; the file bounds it.
        let compressed = min(entry.compressedSize, fileSize)
        let ratio = UInt64(InputLimits.workbookInflateRatio)
        let floor = UInt64(InputLimits.workbookRatioFloorBytes)
        if size > floor && size / ratio > compressed {
            throw .problem(.inflateRatio(part: name, compressed: entry.compressedSize, inflated: size))
        }
        if inflated + size > floor && (inflated + size) / ratio > fileSize {
            throw .problem(.inflateRatio(part: "*", compressed: fileSize, inflated: inflated + size))
        }
        inflated += size

        let header = try bytes(at: entry.localHeaderOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else { throw .damaged("\(name): damaged local header") }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        guard dataOffset <= fileSize, entry.compressedSize <= fileSize - dataOffset else { throw .damaged("\(name): cut short") }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(size))
        // A large part's checksum is computed on another core while it is inflated.
        var checksum = ZipChecksum()
        let checksumThread = size >= Self.checksumThreadBytes ? ChecksumThread() : nil
        func count(_ data: Data, from start: Int) {
            if let checksumThread { checksumThread.add(data) } else { checksum.update(bytes, from: start, to: bytes.count) }
        }
        let limit = Int(size)
        defer { _ = checksumThread?.finish() }
        do {
            try handle.seek(toOffset: dataOffset)
            switch entry.method {
            case 0:
                guard entry.compressedSize == size else { throw Stop.cutShort }
                while bytes.count < limit {
                    guard let data = try handle.read(upToCount: min(Self.chunk, limit - bytes.count)), !data.isEmpty else { throw Stop.cutShort }
                    let start = bytes.count
                    bytes.append(contentsOf: data)
                    count(data, from: start)
                }
            case 8:
                // ZIPFoundation's inflate loop asks for `bufferSize` bytes each time and reads that
                // many whatever it is given, so each chunk handed over is padded to that size; once
                // the compressed bytes are all given, another request means the data is cut short.
                var remaining = Int(entry.compressedSize)
                var given = false
                let handle = self.handle
                _ = try Data.decompress(size: Int64(entry.compressedSize), bufferSize: Self.chunk, skipCRC32: true, provider: { _, wanted in
                    guard remaining > 0 || !given else { throw Stop.cutShort }
                    given = true
                    var data = try handle.read(upToCount: min(wanted, remaining)) ?? Data()
                    guard data.count == min(wanted, remaining) else { throw Stop.cutShort }
                    remaining -= data.count
                    if data.count < wanted { data.append(Data(count: wanted - data.count)) }
                    return data
                }, consumer: { data in
                    guard data.count <= limit - bytes.count else { throw Stop.tooLarge }
                    let start = bytes.count
                    bytes.append(contentsOf: data)
                    count(data, from: start)
                })
            default:
                throw Stop.read("compression method \(entry.method) is not supported")
            }
        } catch Stop.tooLarge {
            throw .damaged("\(name): inflates to more than the \(size) bytes the archive records")
        } catch Stop.cutShort {
            throw .damaged("\(name): cut short")
        } catch Stop.read(let why) {
            throw .damaged("\(name): \(why)")
        } catch {
            throw .damaged("\(name): the compressed data is damaged")
        }
        guard bytes.count == limit else { throw .damaged("\(name): cut short") }
        guard (checksumThread?.finish() ?? checksum.value) == entry.crc32 else { throw .problem(.badChecksum(part: name)) }
        return bytes
    }

    // MARK: Little-endian fields

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    private static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }
}
