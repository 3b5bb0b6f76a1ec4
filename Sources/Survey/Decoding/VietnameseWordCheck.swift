import Foundation

/// Scores how much a text reads as well-formed Vietnamese, to choose between two readings of the
/// same bytes (Windows-1258 or TCVN3; Unicode or TCVN3 typed with a Western font).
///
/// A word scores when every letter is a Vietnamese letter, it carries at most one tone mark and
/// no capital follows a small letter; a word that breaks one of these costs more than a good word
/// gains, and a control character costs more still. Counting toned letters alone picks wrong:
/// Windows-1258 keeps tone marks as separate bytes, which TCVN3 reads as extra toned letters.
///
/// ```swift
/// VietnameseWordCheck.score("Nguyễn Văn") > VietnameseWordCheck.score("NguyÔn V¨n")   // true
/// ```
enum VietnameseWordCheck {
    static let toneMarks: Set<UInt32> = [0x0300, 0x0301, 0x0303, 0x0309, 0x0323]

    /// Every letter Vietnamese writes beyond ASCII, precomposed, both cases.
    static let letters: Set<Unicode.Scalar> = {
        var set = Set<Unicode.Scalar>()
        let bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for base in bases {
            for tone in ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"] {
                let composed = (String(base) + tone).precomposedStringWithCanonicalMapping
                if composed.unicodeScalars.count == 1 { set.insert(composed.unicodeScalars.first!) }
            }
        }
        set.insert("đ")
        set.insert("Đ")
        return set.filter { $0.value > 0x7F }
    }()

    static func score(_ text: String) -> Int {
        var score = 0
        for scalar in text.unicodeScalars where isControl(scalar) { score -= 5 }
        for word in text.split(whereSeparator: { $0.isWhitespace || ($0.isASCII && !$0.isLetter && !$0.isNumber) }) {
            guard word.unicodeScalars.contains(where: { $0.value > 0x7F }) else { continue }
            score += isWellFormed(word) ? 1 : -3
        }
        return score
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFD: true
        default: false
        }
    }

    static func isWellFormed(_ word: Substring) -> Bool {
        var sawSmall = false
        for scalar in word.unicodeScalars {
            let isASCIILetter = (scalar.value >= 0x41 && scalar.value <= 0x5A) || (scalar.value >= 0x61 && scalar.value <= 0x7A)
            let isDigit = scalar.value >= 0x30 && scalar.value <= 0x39
            guard isASCIILetter || isDigit || letters.contains(scalar) else { return false }
            let isCapital = scalar.properties.isUppercase
            if isCapital && sawSmall { return false }
            if scalar.properties.isLowercase { sawSmall = true }
        }
        let tones = String(word).decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { toneMarks.contains($0.value) }.count
        return tones <= 1
    }
}
