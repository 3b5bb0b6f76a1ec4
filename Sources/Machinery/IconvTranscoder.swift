import Glibc

/// Converts 8-bit text (Windows-1258, TCVN3) to UTF-8 with the C library's `iconv`: the only
/// place its raw buffer pointers are handled.
///
/// glibc composes a base letter and a following tone mark into one precomposed letter, so the
/// output is NFC. Both converters hold back the last character while waiting for a possible
/// combining mark: the final flush call is what writes it.
///
/// ```swift
/// let text = IconvTranscoder.toUTF8(bytes, from: "CP1258")   // nil: glibc does not know it
/// ```
public enum IconvTranscoder {
    public struct Output {
        public var utf8: [UInt8]
        /// Bytes the encoding does not define (each became U+FFFD).
        public var invalidBytes: Int

        public init(utf8: [UInt8], invalidBytes: Int) {
            self.utf8 = utf8
            self.invalidBytes = invalidBytes
        }
    }

    /// `nil` when the C library does not know the encoding.
    public static func toUTF8(_ input: [UInt8], from charset: String) -> Output? {
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }

        // One input byte gives at most one letter of 3 UTF-8 bytes (U+1EA0…U+1EF9), plus slack
        // for the held-back character.
        var output = [UInt8](repeating: 0, count: input.count * 3 + 16)
        var written = 0
        var invalid = 0
        var source = input
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

        source.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                let inBase = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                let outBase = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inPointer: UnsafeMutablePointer<CChar>? = inBase
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBase
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1 { break }
                    guard errno == EILSEQ || errno == EINVAL, outLeft >= 3 else { break }
                    // A byte the encoding leaves undefined: show U+FFFD and go on.
                    for byte in replacement {
                        outPointer!.pointee = CChar(bitPattern: byte)
                        outPointer! += 1
                    }
                    outLeft -= 3
                    inPointer! += 1
                    inLeft -= 1
                    invalid += 1
                }
                _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
                written = outBuffer.count - outLeft
            }
        }
        output.removeSubrange(written...)
        return Output(utf8: output, invalidBytes: invalid)
    }
}
