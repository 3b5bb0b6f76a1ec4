import Foundation
import Machinery

/// Turns the bytes of a text survey file into UTF-8 (NFC), in the encoding chosen or detected.
///
/// ```swift
/// let decoded = try SurveyTextDecoder.decode(bytes, choice: .automatic)
/// print(decoded.encoding)   // .windows1258
/// ```
enum SurveyTextDecoder {
    struct Decoded {
        /// The decoded bytes; the text starts at `start` (a UTF-8 byte-order mark is skipped, not
        /// copied away, so a file already in UTF-8 is used as it was read).
        var storage: [UInt8]
        var start: Int
        var encoding: TextEncoding
        /// The encoding was guessed from the words (an 8-bit file that is not UTF-8).
        var guessed: Bool

        init(utf8: [UInt8], start: Int = 0, encoding: TextEncoding, guessed: Bool) {
            storage = utf8
            self.start = start
            self.encoding = encoding
            self.guessed = guessed
        }

        /// The text as UTF-8 without a byte-order mark (a copy when there was one).
        var utf8: [UInt8] { start == 0 ? storage : Array(storage[start...]) }

        /// The text as UTF-8 without a byte-order mark, without copying.
        func withText<Result>(_ body: (ColumnView<UInt8>) throws -> Result) rethrows -> Result {
            try storage.withColumnView { try body($0.view(start..<$0.count)) }
        }
    }

    enum Failure: Error, Equatable {
        case notText
        /// Not valid in the encoding asked for; the 1-based line of the first bad byte.
        case invalid(TextEncoding, line: Int)
    }

    /// `threads` > 1 checks a large UTF-8 file in that many parts at once (same answer).
    static func decode(_ bytes: [UInt8], choice: TextEncodingChoice, threads: Int = 1) throws(Failure) -> Decoded {
        let bom = byteOrderMark(bytes)
        switch choice {
        case .utf16:
            return Decoded(utf8: utf16(bytes, bom: bom), encoding: bom == .utf16BigEndian ? .utf16BigEndian : .utf16LittleEndian, guessed: false)
        case .utf8:
            let start = bom == .utf8 ? 3 : 0
            if let bad = firstInvalidUTF8(bytes, from: start) { throw .invalid(.utf8, line: line(of: bad, in: bytes, from: start)) }
            return utf8Text(bytes, from: start)
        case .windows1258, .tcvn3:
            let encoding: TextEncoding = choice == .tcvn3 ? .tcvn3 : .windows1258
            return Decoded(utf8: legacy(bytes, encoding).utf8, encoding: encoding, guessed: false)
        case .automatic:
            break
        }
        switch bom {
        case .utf8:
            // Bad bytes in a file marked UTF-8 are replaced afterwards, each line holding one an
            // error row (``TextRepair``).
            if firstInvalidUTF8(bytes, from: 3) != nil { return Decoded(utf8: bytes, start: 3, encoding: .utf8, guessed: false) }
            return utf8Text(bytes, from: 3)
        case .utf16LittleEndian, .utf16BigEndian:
            return Decoded(utf8: utf16(bytes, bom: bom), encoding: bom!, guessed: false)
        default:
            break
        }
        if looksBinary(bytes) { throw .notText }
        switch scanUTF8(bytes, threads: threads) {
        case .valid(let marks):
            // The text is used as it was read unless it holds bytes of combining marks.
            return marks ? Decoded(utf8: nfc(bytes), encoding: .utf8, guessed: false)
                : Decoded(utf8: bytes, start: 0, encoding: .utf8, guessed: false)
        case .controls:
            // Valid, with control characters: replaced afterwards (``TextRepair``), then composed.
            return Decoded(utf8: nfc(bytes), encoding: .utf8, guessed: false)
        case .invalid:
            // UTF-8 with a few bad bytes (a stray 8-bit byte, a last character cut off) is read
            // as UTF-8: the bad bytes are replaced afterwards and only their lines are error rows.
            if bytes.withColumnView(TextRepair.mostlyUTF8) { return Decoded(utf8: bytes, encoding: .utf8, guessed: false) }
        }
        let windows = legacy(bytes, .windows1258)
        let tcvn = legacy(bytes, .tcvn3)
        let windowsScore = VietnameseWordCheck.score(String(decoding: windows.utf8, as: UTF8.self))
        let tcvnScore = VietnameseWordCheck.score(String(decoding: tcvn.utf8, as: UTF8.self))
        if tcvnScore > windowsScore { return Decoded(utf8: tcvn.utf8, encoding: .tcvn3, guessed: true) }
        return Decoded(utf8: windows.utf8, encoding: .windows1258, guessed: true)
    }

    static func byteOrderMark<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> TextEncoding? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LittleEndian }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BigEndian }
        return nil
    }

    /// NUL bytes, or many control bytes, mean the file is not text (an image, a `.xls`, …).
    static func looksBinary<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var controls = 0
        for byte in bytes.prefix(65_536) {
            if byte == 0 { return true }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x1A { controls += 1 }
        }
        return controls > max(8, min(bytes.count, 65_536) / 20)
    }

    /// Valid UTF-8 from `start` on: NFC, without copying when it already is.
    static func utf8Text(_ bytes: [UInt8], from start: Int) -> Decoded {
        if hasMarkBytes(bytes, from: start) {
            return Decoded(utf8: TextRepair.nfcLines(bytes, from: start), encoding: .utf8, guessed: false)
        }
        return Decoded(utf8: bytes, start: start, encoding: .utf8, guessed: false)
    }

    /// The offset (from `start`) of the first byte of the first ill-formed UTF-8 sequence, as
    /// the standard library's decoder finds it; `nil` when the bytes are valid UTF-8.
    /// ASCII is skipped eight bytes at a time.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        bytes.withColumnView { buffer -> Int? in
            scan(buffer, from: start, to: buffer.count).invalidAt.map { $0 - start }
        }
    }

    /// One pass of UTF-8 validation over `start..<end`: where the first ill-formed sequence
    /// starts (if any), whether a byte CC or CD (a lead of U+0300…U+036F) was seen before it, and
    /// whether a control character other than tab, line feed and carriage return (C0, or C1
    /// U+0080…U+009F) was. ASCII is skipped eight bytes at a time; a word stops the skip only
    /// when it holds a byte ≥ 0x80 or < 0x20.
    private static func scan(_ buffer: ColumnView<UInt8>, from start: Int, to end: Int) -> (invalidAt: Int?, marks: Bool, controls: Bool) {
        var marks = false
        var controls = false
        var i = start
        while i < end {
            if i + 8 <= end {
                let word = buffer.word(at: i)
                // High bits of bytes ≥ 0x80, and (exactly for the lowest one) of bytes < 0x20.
                let stop = (word | ((word &- 0x2020_2020_2020_2020) & ~word)) & 0x8080_8080_8080_8080
                if stop == 0 {
                    i += 8
                    continue
                }
                // Straight to the first such byte (the word read little-endian: the first byte is the lowest).
                i += stop.trailingZeroBitCount >> 3
            }
            let lead = buffer[unchecked: i]
            if lead < 0x80 {
                if lead < 0x20 && lead != 0x09 && lead != 0x0A && lead != 0x0D { controls = true }
                i += 1
                continue
            }
            if lead & 0xFE == 0xCC { marks = true }
            let length = TextRepair.sequenceLength(buffer, at: i, end: end)
            if length == 0 { return (i, marks, controls) }
            if lead == 0xC2 && buffer[unchecked: i + 1] < 0xA0 { controls = true }
            i += length
        }
        return (nil, marks, controls)
    }

    enum UTF8Scan: Equatable {
        /// Valid; `marks`: some byte can belong to U+0300…U+036F (``hasMarkBytes(_:from:)``).
        case valid(marks: Bool)
        /// Valid UTF-8 that holds a control character other than tab, LF and CR (C0 or C1):
        /// read through ``TextRepair``.
        case controls
        case invalid
    }

    /// ``firstInvalidUTF8(_:from:)`` == nil and ``hasMarkBytes(_:from:)`` in one pass over the
    /// bytes, cut into up to `threads` parts (each cut just before an ASCII byte, where a UTF-8
    /// sequence must start) checked at once. In valid UTF-8 a byte CC or CD is always a lead
    /// byte, so the mark test is made on lead bytes only.
    static func scanUTF8(_ bytes: [UInt8], threads: Int) -> UTF8Scan {
        bytes.withColumnView { scanUTF8($0, threads: threads) }
    }

    static func scanUTF8(_ buffer: ColumnView<UInt8>, threads: Int) -> UTF8Scan {
        do {
            let count = buffer.count
            var cuts = [0]
            let parts = count >= 1 << 22 ? max(1, min(threads, 8)) : 1
            for part in 1..<max(1, parts) {
                var cut = max(count / parts * part, cuts.last!)
                while cut < count && buffer[cut] >= 0x80 { cut += 1 }
                cuts.append(cut)
            }
            cuts.append(count)
            // One result per part, each written by its part only.
            let results = FixedBuffer<UInt8>(repeating: 0, count: cuts.count - 1)
            let view = results.view
            let bounds = cuts
            ParallelWork(threads: bounds.count - 1).run(parts: bounds.count - 1) { part in
                view[part] = scanPart(buffer, from: bounds[part], to: bounds[part + 1])
            }
            if view.contains(where: { $0 & 2 != 0 }) { return .invalid }
            if view.contains(where: { $0 & 4 != 0 }) { return .controls }
            return .valid(marks: view.contains(where: { $0 & 1 != 0 }))
        }
    }

    /// Bits: 1 mark bytes, 2 invalid, 4 control characters.
    private static func scanPart(_ buffer: ColumnView<UInt8>, from start: Int, to end: Int) -> UInt8 {
        let result = scan(buffer, from: start, to: end)
        if result.invalidAt != nil { return 2 }
        return (result.marks ? 1 : 0) | (result.controls ? 4 : 0)
    }

    static func line(of offset: Int, in bytes: [UInt8], from start: Int = 0) -> Int {
        bytes[start...].prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Whether any byte from `start` on can belong to U+0300…U+036F (CC 80 … CD AF), the
    /// combining marks a composition needs.
    static func hasMarkBytes(_ bytes: [UInt8], from start: Int = 0) -> Bool {
        bytes.withColumnView { buffer in
            var found = false
            for i in start..<buffer.count where buffer[unchecked: i] & 0xFE == 0xCC { found = true; break }
            return found
        }
    }

    static func legacy(_ bytes: [UInt8], _ encoding: TextEncoding) -> IconvTranscoder.Output {
        // CP1258 and TCVN5712-1 are part of glibc; a C library without them would be a broken install.
        IconvTranscoder.toUTF8(bytes, from: encoding.iconvName!) ?? IconvTranscoder.Output(utf8: bytes, invalidBytes: 0)
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

    /// Text from a Mac or a web form may come decomposed; everything is stored NFC. Composed
    /// line by line (``TextRepair/nfcLines(_:from:)``): linear in the size of the file.
    static func nfc(_ utf8: [UInt8]) -> [UInt8] {
        // Only bytes of U+0300…U+036F (CC 80 … CD AF) can be combining marks a composition needs.
        guard hasMarkBytes(utf8) else { return utf8 }
        return TextRepair.nfcLines(utf8)
    }
}
