import Criteria
import Foundation
import Machinery

/// A byte of a text file that cannot be kept as it is: a byte that is not valid UTF-8 (a stray
/// 8-bit byte, a character cut off at the end of the file) or a control character (C0 other than
/// tab, line feed and carriage return; C1). It is replaced by U+FFFD in the text read, and the
/// record holding it is an error row naming it (``CSVSurveyFile``): no control character, ANSI
/// escape (ESC) or NUL reaches the output.
struct UnusualByte: Equatable {
    enum Kind: Equatable {
        /// A byte that starts no valid UTF-8 sequence.
        case invalidByte(UInt8)
        /// A control character (its code point).
        case control(UInt32)
    }

    /// Where the U+FFFD standing for it starts in the repaired text.
    var offset: Int
    /// Its physical line (1-based, counting line feeds as ``CSVScanner`` does).
    var line: Int
    var kind: Kind

    /// What it is, for a message: `byte 0xA9`, `ký tự điều khiển \u{1B} (ESC)`.
    func words(_ vietnamese: Bool) -> String {
        switch kind {
        case .invalidByte(let byte):
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            return vietnamese ? "byte \(hex) không hợp lệ trong UTF-8 (tệp bị hỏng hoặc bị cắt giữa chừng)"
                : "byte \(hex) is not valid UTF-8 (the file is damaged or cut short)"
        case .control(let code):
            let shown = "\\u{" + String(code, radix: 16, uppercase: true) + "}"
            let name = code == 0 ? " (NUL)" : code == 0x1B ? " (ESC)" : ""
            return vietnamese ? "có ký tự điều khiển \(shown)\(name), không được phép trong dữ liệu"
                : "holds the control character \(shown)\(name), which is not allowed in data"
        }
    }
}

/// Linear repairs of a text file's UTF-8 made once per file, only for files that need them:
/// CR-only line ends, stray bytes and control characters (``repair(_:crOnly:)``), decomposed
/// letters (``nfcLines(_:from:)``).
///
/// ```swift
/// if TextRepair.crOnly(view) || scan != .valid(marks: false) { let (text, unusual) = TextRepair.repair(view, crOnly: …) }
/// ```
enum TextRepair {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Whether the file's line ends are lone carriage returns (Excel for Mac's "CSV (Macintosh)"):
    /// its first line break is a CR not followed by a LF.
    static func crOnly(_ bytes: ColumnView<UInt8>) -> Bool {
        var i = 0
        let end = bytes.count
        while i < end {
            let byte = bytes[unchecked: i]
            if byte == 0x0A { return false }
            if byte == 0x0D { return i + 1 >= end || bytes[unchecked: i + 1] != 0x0A }
            i += 1
        }
        return false
    }

    /// The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none
    /// (or the sequence runs past `end`, the end of the bytes unless given). The one UTF-8
    /// validity rule of the decoder: its fast scan and the repair of damaged files both ask it.
    @inline(__always)
    static func sequenceLength(_ bytes: ColumnView<UInt8>, at i: Int, end: Int? = nil) -> Int {
        let end = end ?? bytes.count
        let lead = bytes[unchecked: i]
        if lead < 0x80 { return 1 }
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard i + length <= end, bytes[unchecked: i + 1] >= low, bytes[unchecked: i + 1] <= high else { return 0 }
        for k in 2..<length where bytes[unchecked: i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// Whether a file that is not valid UTF-8 is still UTF-8 with a few bad bytes (a stray 8-bit
    /// byte, a character cut off at the end): its valid multi-byte sequences outnumber its
    /// invalid bytes at least two to one. Windows-1258 and TCVN3 text makes valid sequences only
    /// by chance, far fewer than its invalid bytes.
    static func mostlyUTF8(_ bytes: ColumnView<UInt8>) -> Bool {
        var valid = 0, invalid = 0
        var i = 0
        let end = bytes.count
        while i < end {
            if bytes[unchecked: i] < 0x80 { i += 1; continue }
            let length = sequenceLength(bytes, at: i)
            if length == 0 { invalid += 1; i += 1 } else { valid += 1; i += length }
        }
        return valid > 0 && valid >= 2 * invalid
    }

    /// The text with every invalid byte and every control character (C0 other than tab, LF and
    /// CR; C1) replaced by U+FFFD, each one listed; with `crOnly`, a lone CR becomes a LF. Stops
    /// at the first byte past ``InputLimits/unusualBytesPerFile`` replaced ones: the list then
    /// holds one more than the limit and the text is incomplete (the file is refused).
    static func repair(_ bytes: ColumnView<UInt8>, crOnly: Bool) -> (text: [UInt8], unusual: [UnusualByte]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var unusual: [UnusualByte] = []
        var line = 1
        var i = 0
        let end = bytes.count
        func replace(_ kind: UnusualByte.Kind) {
            unusual.append(UnusualByte(offset: out.count, line: line, kind: kind))
            out += replacement
        }
        while i < end && unusual.count <= InputLimits.unusualBytesPerFile {
            let byte = bytes[unchecked: i]
            if byte < 0x80 {
                switch byte {
                case 0x0A:
                    line += 1
                    out.append(byte)
                case 0x0D:
                    if crOnly && (i + 1 >= end || bytes[unchecked: i + 1] != 0x0A) {
                        out.append(0x0A)
                        line += 1
                    } else {
                        out.append(byte)
                    }
                case 0x09:
                    out.append(byte)
                case 0..<0x20:
                    replace(.control(UInt32(byte)))
                default:
                    out.append(byte)
                }
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            if length == 0 {
                replace(.invalidByte(byte))
                i += 1
            } else if byte == 0xC2 && bytes[unchecked: i + 1] < 0xA0 {
                replace(.control(UInt32(bytes[unchecked: i + 1])))
                i += 2
            } else {
                for k in 0..<length { out.append(bytes[unchecked: i + k]) }
                i += length
            }
        }
        return (out, unusual)
    }

    /// Valid UTF-8 in NFC, normalised line by line (only the lines holding a byte CC or CD, the
    /// leads of U+0300…U+036F): linear in the file's size, where normalising the whole text at
    /// once grows with its square. A line with a run of more than
    /// ``InputLimits/combiningMarksInARow`` such marks is left as it is (its cell is an error,
    /// ``ValueCleaning``).
    static func nfcLines(_ bytes: [UInt8], from start: Int = 0) -> [UInt8] {
        bytes.withColumnView { view in
            var out: [UInt8] = []
            out.reserveCapacity(view.count - start)
            var lineStart = start
            while lineStart < view.count {
                var lineEnd = lineStart
                var marks = false
                var run = 0, longest = 0
                while lineEnd < view.count && view[unchecked: lineEnd] != 0x0A {
                    let byte = view[unchecked: lineEnd]
                    if byte & 0xFE == 0xCC && lineEnd + 1 < view.count {
                        let code = (UInt32(byte & 0x1F) << 6) | UInt32(view[unchecked: lineEnd + 1] & 0x3F)
                        if code <= 0x36F {
                            marks = true
                            run += 1
                            longest = max(longest, run)
                            lineEnd += 2
                            continue
                        }
                    }
                    if byte & 0xC0 != 0x80 { run = 0 }
                    lineEnd += 1
                }
                let line = view.view(unchecked: lineStart..<lineEnd)
                if marks && longest <= InputLimits.combiningMarksInARow {
                    out += line.string.precomposedStringWithCanonicalMapping.utf8
                } else {
                    for k in lineStart..<lineEnd { out.append(view[unchecked: k]) }
                }
                if lineEnd < view.count { out.append(0x0A) }
                lineStart = lineEnd + 1
            }
            return out
        }
    }
}
