import CLibCrypto

/// SHA-256 (FIPS 180-4) of a file's bytes: the name under which the register keeps them, so the
/// same bytes are stored once and "is this the file hamlet LK sent?" can be checked anywhere
/// with `sha256sum`. Computed by the system's OpenSSL libcrypto (a province's household file
/// of 100 MB in a tenth of a second, where a plain Swift loop took more than a second).
///
/// ```swift
/// SHA256.hex(of: Array("abc".utf8))
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum SHA256 {
    /// The 32-byte digest.
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = CLibCrypto.SHA256(bytes, bytes.count, &digest)
        return digest
    }

    /// The digest in lower-case hexadecimal, as `sha256sum` prints it.
    public static func hex(of bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest(of: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
