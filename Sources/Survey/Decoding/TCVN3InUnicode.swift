import Machinery
/// Finds text that is really TCVN3 (ABC) bytes stored as Western letters: a workbook typed with a
/// `.VnTime` font shows "Nguyễn Văn" on screen but holds "NguyÔn V¨n".
///
/// A text qualifies when each of its characters is one byte of Windows-1252 (or Latin-1), at least
/// one is outside ASCII, and reading those bytes as TCVN3 gives better-formed Vietnamese.
///
/// ```swift
/// TCVN3InUnicode.repair("NguyÔn V¨n")   // "Nguyễn Văn"
/// TCVN3InUnicode.repair("Lê An")        // nil: already Vietnamese
/// ```
enum TCVN3InUnicode {
    /// The TCVN3 reading when it reads better than the text as stored; `nil` otherwise.
    static func repair(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var sawHigh = false
        for scalar in text.unicodeScalars {
            guard let byte = windows1252Byte(scalar) else { return nil }
            if byte >= 0x80 { sawHigh = true }
            bytes.append(byte)
        }
        guard sawHigh, let converted = IconvTranscoder.toUTF8(bytes, from: "TCVN5712-1"), converted.invalidBytes == 0 else {
            return nil
        }
        let reading = String(decoding: converted.utf8, as: UTF8.self)
        return VietnameseWordCheck.score(reading) > VietnameseWordCheck.score(text) ? reading : nil
    }

    /// The Windows-1252 byte a scalar was typed as (Latin-1 for U+0080…U+00FF).
    static func windows1252Byte(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value <= 0xFF { return UInt8(scalar.value) }
        switch scalar.value {
        case 0x20AC: return 0x80
        case 0x201A: return 0x82
        case 0x0192: return 0x83
        case 0x201E: return 0x84
        case 0x2026: return 0x85
        case 0x2020: return 0x86
        case 0x2021: return 0x87
        case 0x02C6: return 0x88
        case 0x2030: return 0x89
        case 0x0160: return 0x8A
        case 0x2039: return 0x8B
        case 0x0152: return 0x8C
        case 0x017D: return 0x8E
        case 0x2018: return 0x91
        case 0x2019: return 0x92
        case 0x201C: return 0x93
        case 0x201D: return 0x94
        case 0x2022: return 0x95
        case 0x2013: return 0x96
        case 0x2014: return 0x97
        case 0x02DC: return 0x98
        case 0x2122: return 0x99
        case 0x0161: return 0x9A
        case 0x203A: return 0x9B
        case 0x0153: return 0x9C
        case 0x017E: return 0x9E
        case 0x0178: return 0x9F
        default: return nil
        }
    }
}
