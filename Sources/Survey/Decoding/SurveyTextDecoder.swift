/// Turns the bytes of a text survey file into UTF-8 (NFC), in the encoding chosen or detected.
///
/// ```swift
/// let decoded = try SurveyTextDecoder.decode(bytes, choice: .automatic)
/// print(decoded.encoding)   // .windows1258
/// ```
enum SurveyTextDecoder {
    struct Decoded {
        /// The text as UTF-8 without a byte-order mark.
        var utf8: [UInt8]
        var encoding: TextEncoding
        /// The encoding was guessed from the words (an 8-bit file that is not UTF-8).
        var guessed: Bool
    }

    enum Failure: Error, Equatable {
        case notText
        /// Not valid in the encoding asked for; the 1-based line of the first bad byte.
        case invalid(TextEncoding, line: Int)
    }

    static func decode(_ bytes: [UInt8], choice: TextEncodingChoice) throws(Failure) -> Decoded {
        let bom = byteOrderMark(bytes)
        switch choice {
        case .utf16:
            return Decoded(utf8: utf16(bytes, bom: bom), encoding: bom == .utf16BigEndian ? .utf16BigEndian : .utf16LittleEndian, guessed: false)
        case .utf8:
            let body = bom == .utf8 ? Array(bytes.dropFirst(3)) : bytes
            if let bad = firstInvalidUTF8(body) { throw .invalid(.utf8, line: line(of: bad, in: body)) }
            return Decoded(utf8: nfc(body), encoding: .utf8, guessed: false)
        case .windows1258, .tcvn3:
            let encoding: TextEncoding = choice == .tcvn3 ? .tcvn3 : .windows1258
            return Decoded(utf8: legacy(bytes, encoding).utf8, encoding: encoding, guessed: false)
        case .automatic:
            break
        }
        switch bom {
        case .utf8:
            let body = Array(bytes.dropFirst(3))
            if let bad = firstInvalidUTF8(body) { throw .invalid(.utf8, line: line(of: bad, in: body)) }
            return Decoded(utf8: nfc(body), encoding: .utf8, guessed: false)
        case .utf16LittleEndian, .utf16BigEndian:
            return Decoded(utf8: utf16(bytes, bom: bom), encoding: bom!, guessed: false)
        default:
            break
        }
        if looksBinary(bytes) { throw .notText }
        if firstInvalidUTF8(bytes) == nil {
            return Decoded(utf8: nfc(bytes), encoding: .utf8, guessed: false)
        }
        let windows = legacy(bytes, .windows1258)
        let tcvn = legacy(bytes, .tcvn3)
        let windowsScore = VietnameseWordCheck.score(String(decoding: windows.utf8, as: UTF8.self))
        let tcvnScore = VietnameseWordCheck.score(String(decoding: tcvn.utf8, as: UTF8.self))
        if tcvnScore > windowsScore { return Decoded(utf8: tcvn.utf8, encoding: .tcvn3, guessed: true) }
        return Decoded(utf8: windows.utf8, encoding: .windows1258, guessed: true)
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> TextEncoding? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LittleEndian }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BigEndian }
        return nil
    }

    /// NUL bytes, or many control bytes, mean the file is not text (an image, a `.xls`, …).
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        var controls = 0
        for byte in bytes.prefix(65_536) {
            if byte == 0 { return true }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x1A { controls += 1 }
        }
        return controls > max(8, min(bytes.count, 65_536) / 20)
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumed = 0
        // Count bytes by re-encoding each scalar: simpler than tracking the decoder's state.
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    static func legacy(_ bytes: [UInt8], _ encoding: TextEncoding) -> IconvConverter.Output {
        // CP1258 and TCVN5712-1 are part of glibc; a C library without them would be a broken install.
        IconvConverter.decode(bytes, from: encoding.iconvName!) ?? IconvConverter.Output(utf8: bytes, invalidBytes: 0)
    }

    static func utf16(_ bytes: [UInt8], bom: TextEncoding?) -> [UInt8] {
        let bigEndian = bom == .utf16BigEndian
        let start = bom == .utf16LittleEndian || bom == .utf16BigEndian ? 2 : 0
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var i = start
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return nfc(Array(String(decoding: units, as: UTF16.self).utf8))
    }

    /// Text from a Mac or a web form may come decomposed; everything is stored NFC.
    static func nfc(_ utf8: [UInt8]) -> [UInt8] {
        // Only bytes of U+0300…U+036F (CC 80 … CD AF) can be combining marks a composition needs.
        guard utf8.contains(where: { $0 == 0xCC || $0 == 0xCD }) else { return utf8 }
        return Array(String(decoding: utf8, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}

import Foundation
