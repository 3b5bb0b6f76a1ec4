import Foundation

/// The CRC-32 of ZIP archives (polynomial 0xEDB88320), computed eight bytes at a time
/// ("slicing by 8"): a workbook's parts are checked against the checksum their archive stores,
/// at a cost small beside inflating them.
///
/// ```swift
/// var crc = ZipChecksum()
/// crc.update(bytes, from: 0, to: bytes.count)
/// if crc.value != entry.crc32 { /* damaged */ }
/// ```
public struct ZipChecksum: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of the bytes given so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Adds `bytes[start..<end]`.
    public mutating func update(_ bytes: [UInt8], from start: Int, to end: Int) {
        guard start < end, start >= 0, end <= bytes.count else { return }
        bytes.withUnsafeBufferPointer { buffer in update(UnsafeRawBufferPointer(buffer), from: start, to: end) }
    }

    /// Adds the bytes of `data`.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { buffer in update(buffer, from: 0, to: buffer.count) }
    }

    private mutating func update(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        guard start < end else { return }
        var crc = state
        do {
            Self.table.withUnsafeBufferPointer { table in
                var i = start
                while end - i >= 8 {
                    let one = UInt32(buffer[i]) | UInt32(buffer[i + 1]) << 8 | UInt32(buffer[i + 2]) << 16 | UInt32(buffer[i + 3]) << 24
                    let two = UInt32(buffer[i + 4]) | UInt32(buffer[i + 5]) << 8 | UInt32(buffer[i + 6]) << 16 | UInt32(buffer[i + 7]) << 24
                    let low = one ^ crc
                    crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                        ^ table[3 * 256 + Int(two & 0xFF)] ^ table[2 * 256 + Int((two >> 8) & 0xFF)]
                        ^ table[1 * 256 + Int((two >> 16) & 0xFF)] ^ table[Int(two >> 24)]
                    i += 8
                }
                while i < end {
                    crc = table[Int((crc ^ UInt32(buffer[i])) & 0xFF)] ^ (crc >> 8)
                    i += 1
                }
            }
        }
        state = crc
    }

    /// Eight tables of 256: table k gives the effect of a byte followed by k zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        for n in 0..<256 {
            var c = table[n]
            for k in 1..<8 {
                c = table[Int(c & 0xFF)] ^ (c >> 8)
                table[k * 256 + n] = c
            }
        }
        return table
    }()
}

/// A ``ZipChecksum`` computed on a thread of its own from chunks handed over as they come (a
/// part being inflated on the calling thread): the checksum costs no time on the reading path.
///
/// ```swift
/// let checksum = ChecksumThread()
/// for chunk in chunks { checksum.add(chunk) }
/// if checksum.finish() != entry.crc32 { /* damaged */ }
/// ```
public final class ChecksumThread: @unchecked Sendable {
    private let pipe = BatchPipe<Data, Never>(capacity: 64)
    private let done = DispatchSemaphore(value: 0)
    private var checksum = ZipChecksum()
    /// The result, once ``finish()`` has waited for it (asked on the calling thread only).
    private var result: UInt32?

    public init() {
        let thread = Thread { [self] in
            var crc = ZipChecksum()
            while let chunk = pipe.take() { crc.update(chunk) }
            checksum = crc
            done.signal()
        }
        thread.start()
    }

    public func add(_ chunk: Data) { pipe.put(chunk) }

    /// Waits for the chunks given to be counted; the checksum of them all.
    public func finish() -> UInt32 {
        if let result { return result }
        pipe.finish(nil)
        done.wait()
        result = checksum.value
        return checksum.value
    }
}
