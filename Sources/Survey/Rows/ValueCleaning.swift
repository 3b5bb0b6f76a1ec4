import Criteria
import Foundation

/// What a value is read as: plain text, a key or code (its look-alike characters matter), or a number.
enum ValueRole: Equatable {
    case text
    /// A key field, the commune, a code linking to a hamlet: compared exactly, so characters that
    /// look alike but differ would make a second household or commune.
    case key
    /// A whole number or a tick box.
    case number
}

/// A value cleaned for storing: NFC, trimmed, invisible characters taken away (each noted), or an
/// error for the cell.
struct CleanedValue {
    var text: String
    /// What was changed, for a note on the row: (Vietnamese, English), without the place.
    var notes: [(String, String)] = []
    /// Why the value cannot be used (the cell is an error): (Vietnamese, English), without the place.
    var problem: (String, String)?
}

/// The slow path of reading a value (taken only when a byte of it is unusual: not ASCII, Latin or
/// Vietnamese, or a no-break space at its edge), linear in its length:
///
/// - a value longer than ``InputLimits/cellCharacters``, or with a run of more than
///   ``InputLimits/combiningMarksInARow`` combining marks, is an error for the cell (and is never
///   normalised: reordering marks costs the square of the run);
/// - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are taken away wherever they are, with
///   a note; no-break spaces (U+00A0, U+202F) around the value are trimmed like other white space
///   (silently for a text, as ever; with a note for a number, which used to be refused);
/// - in keys and numbers, fullwidth ASCII (U+FF01–U+FF5E, an Asian input method) is read as ASCII,
///   with a note;
/// - a key mixing Latin letters with Cyrillic or Greek look-alikes (`Lоng Hữu` with a Cyrillic `о`),
///   or whose every Cyrillic or Greek letter is a look-alike (`НО0001`), is an error naming both
///   spellings (a key that differs from another only by look-alikes is always one of these);
/// - then trimmed and NFC, as ``VietnameseFolding/clean(_:)`` does.
///
/// ```swift
/// let cleaned = ValueCleaning.clean("\u{A0}3\u{A0}", role: .number)   // "3", one note
/// ```
enum ValueCleaning {
    static let invisible: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
    static let noBreakSpaces: Set<UInt32> = [0x00A0, 0x202F]

    /// Cyrillic and Greek letters that look like Latin ones, and the Latin letter each looks like.
    static let lookAlikes: [UInt32: (latin: Character, script: (String, String))] = {
        let cyrillic = ("chữ Kirin", "Cyrillic"), greek = ("chữ Hy Lạp", "Greek")
        var table: [UInt32: (Character, (String, String))] = [:]
        let pairsCyrillic: [(UInt32, Character)] = [
            (0x0410, "A"), (0x0412, "B"), (0x0415, "E"), (0x041A, "K"), (0x041C, "M"), (0x041D, "H"), (0x041E, "O"),
            (0x0420, "P"), (0x0421, "C"), (0x0422, "T"), (0x0423, "Y"), (0x0425, "X"), (0x0406, "I"), (0x0408, "J"),
            (0x0405, "S"), (0x0430, "a"), (0x0435, "e"), (0x043E, "o"), (0x0440, "p"), (0x0441, "c"), (0x0443, "y"),
            (0x0445, "x"), (0x0456, "i"), (0x0458, "j"), (0x0455, "s"), (0x0501, "d"), (0x04BB, "h"), (0x051B, "q"),
            (0x051D, "w"),
        ]
        let pairsGreek: [(UInt32, Character)] = [
            (0x0391, "A"), (0x0392, "B"), (0x0395, "E"), (0x0396, "Z"), (0x0397, "H"), (0x0399, "I"), (0x039A, "K"),
            (0x039C, "M"), (0x039D, "N"), (0x039F, "O"), (0x03A1, "P"), (0x03A4, "T"), (0x03A5, "Y"), (0x03A7, "X"),
            (0x03BF, "o"), (0x03B9, "i"), (0x03BD, "v"), (0x03C1, "p"),
        ]
        for (code, latin) in pairsCyrillic { table[code] = (latin, cyrillic) }
        for (code, latin) in pairsGreek { table[code] = (latin, greek) }
        return table
    }()

    /// The value trimmed, when its bytes need nothing more (``ValueParsing/cleanRange(bytes:)``)
    /// and hold no control character (C0, DEL, C1): the result the full way would give, or `nil`.
    static func plainText(_ raw: String) -> String? {
        var raw = raw
        return raw.withByteView { bytes -> String? in
            guard let range = ValueParsing.cleanRange(bytes: bytes) else { return nil }
            var i = range.lowerBound
            while i < range.upperBound {
                let byte = bytes[unchecked: i]
                if byte < 0x20 || byte == 0x7F { return nil }
                if byte == 0xC2, i + 1 < range.upperBound, bytes[unchecked: i + 1] < 0xA0 { return nil }
                i += 1
            }
            return range.isEmpty ? "" : bytes.view(unchecked: range).string
        }
    }

    /// `U+200D`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A value as a message shows it: at most 40 characters, control characters as `\u{..}`,
    /// no more than two combining marks on one letter.
    static func shown(_ text: String) -> String {
        var out = ""
        var count = 0
        var marks = 0
        var dropped = false
        for scalar in text.unicodeScalars {
            if count == 40 { out += "…"; return out }
            if scalar.properties.canonicalCombiningClass != .notReordered {
                marks += 1
                if marks > 2 { dropped = true; continue }
            } else {
                marks = 0
            }
            if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return dropped ? out + "…" : out
    }

    static func isLatinLetter(_ value: UInt32) -> Bool {
        (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) || (value >= 0xC0 && value <= 0x24F && value != 0xD7 && value != 0xF7)
            || (value >= 0x1E00 && value <= 0x1EFF)
    }

    static func clean(_ raw: String, role: ValueRole) -> CleanedValue {
        // The usual value (ASCII, Latin and Vietnamese letters, no control character, nothing at
        // its edges but spaces) costs one pass over its bytes: a workbook's every cell comes here.
        if let plain = plainText(raw) { return CleanedValue(text: plain) }
        // Too long: an error, counted only when the bytes already say it may be.
        if raw.utf8.count > InputLimits.cellCharacters {
            let characters = raw.unicodeScalars.count
            if characters > InputLimits.cellCharacters {
                return CleanedValue(text: shown(raw), problem: (
                    "dài \(characters) ký tự, quá giới hạn \(InputLimits.cellCharacters) ký tự của một ô",
                    "is \(characters) characters long, more than the \(InputLimits.cellCharacters) a cell may hold"))
            }
        }
        var scalars = String.UnicodeScalarView()
        var removed: [Unicode.Scalar] = []
        var folded: [(Unicode.Scalar, Unicode.Scalar)] = []
        var run = 0
        for scalar in raw.unicodeScalars {
            if scalar.properties.canonicalCombiningClass != .notReordered {
                run += 1
                if run > InputLimits.combiningMarksInARow {
                    return CleanedValue(text: shown(raw), problem: (
                        "có hơn \(InputLimits.combiningMarksInARow) dấu kết hợp liền nhau trên một chữ, không phải chữ viết hợp lệ",
                        "has more than \(InputLimits.combiningMarksInARow) combining marks in a row on one letter, which is not real writing"))
                }
            } else {
                run = 0
            }
            if invisible.contains(scalar.value) {
                if !removed.contains(scalar) { removed.append(scalar) }
                continue
            }
            if role != .text, scalar.value >= 0xFF01 && scalar.value <= 0xFF5E, let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                if folded.count < 3 { folded.append((scalar, ascii)) }
                scalars.append(ascii)
                continue
            }
            scalars.append(scalar)
        }
        // No-break spaces around the value (trimmed with the other white space) are noted.
        var edgeSpaces: [Unicode.Scalar] = []
        for scalar in scalars.prefix(while: { CharacterSet.whitespacesAndNewlines.contains($0) }) where noBreakSpaces.contains(scalar.value) {
            if !edgeSpaces.contains(scalar) { edgeSpaces.append(scalar) }
        }
        for scalar in scalars.reversed().prefix(while: { CharacterSet.whitespacesAndNewlines.contains($0) }) where noBreakSpaces.contains(scalar.value) {
            if !edgeSpaces.contains(scalar) { edgeSpaces.append(scalar) }
        }
        var cleaned = CleanedValue(text: String(scalars).trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping)
        if !removed.isEmpty {
            let codes = removed.map(codePoint).joined(separator: ", ")
            cleaned.notes.append(("đã bỏ ký tự vô hình \(codes)", "removed the invisible character \(codes)"))
        }
        if !edgeSpaces.isEmpty {
            let codes = edgeSpaces.map(codePoint).joined(separator: ", ")
            cleaned.notes.append(("đã bỏ khoảng trắng không ngắt \(codes) ở đầu hoặc cuối giá trị",
                                  "removed the no-break space \(codes) around the value"))
        }
        if !folded.isEmpty {
            let pairs = folded.map { "'\(Character($0.0))' → '\(Character($0.1))'" }.joined(separator: ", ")
            cleaned.notes.append(("đã đọc ký tự toàn độ rộng (fullwidth) thành ký tự thường: \(pairs)",
                                  "read fullwidth characters as plain ones: \(pairs)"))
        }
        if role == .key {
            // Look-alikes mixed with Latin letters (`Lоng Hữu`), or a value whose every Cyrillic or
            // Greek letter is a look-alike (`НО0001`); a real Cyrillic or Greek word (`Иван`) is left alone.
            var latin = false
            var otherForeign = false
            var found: [(Unicode.Scalar, Character, (String, String))] = []
            for scalar in cleaned.text.unicodeScalars {
                if isLatinLetter(scalar.value) { latin = true }
                if let alike = lookAlikes[scalar.value] {
                    if !found.contains(where: { $0.0 == scalar }) { found.append((scalar, alike.latin, alike.script)) }
                } else if scalar.value >= 0x0370 && scalar.value <= 0x052F && scalar.properties.isAlphabetic {
                    otherForeign = true
                }
            }
            if !found.isEmpty && (latin || !otherForeign) {
                var spelled = String.UnicodeScalarView()
                for scalar in cleaned.text.unicodeScalars {
                    if let alike = lookAlikes[scalar.value] { spelled.append(contentsOf: String(alike.latin).unicodeScalars) } else { spelled.append(scalar) }
                }
                let latinSpelling = shown(String(spelled))
                let vietnamese = found.map { "'\(Character($0.0))' (\(codePoint($0.0)), \($0.2.0))" }.joined(separator: ", ")
                let english = found.map { "'\(Character($0.0))' (\(codePoint($0.0)), \($0.2.1))" }.joined(separator: ", ")
                cleaned.problem = (
                    "\"\(shown(cleaned.text))\" có chữ \(vietnamese) trông giống chữ Latin: khác với \"\(latinSpelling)\"; hãy gõ lại bằng chữ Latin",
                    "\"\(shown(cleaned.text))\" holds \(english) that look like Latin letters: it differs from \"\(latinSpelling)\"; type it again in Latin letters")
            }
        }
        return cleaned
    }
}
