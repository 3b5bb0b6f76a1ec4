import Foundation

/// Folding of Vietnamese text for matching: what a clerk means regardless of how it was typed.
///
/// `fold("Số trẻ đến trường")`, `fold("SO TRE DEN TRUONG")` and `fold("so_tre_den_truong")` all give
/// `"so tre den truong"`: Unicode NFC, case folded, tone marks and vowel marks removed, `đ` → `d`,
/// punctuation and runs of white space collapsed to one space.
///
/// ```swift
/// VietnameseFolding.fold("Xã/Phường")   // "xa phuong"
/// ```
public enum VietnameseFolding {
    /// The matching form of a header, a field id, a label or an alias.
    public static func fold(_ text: String) -> String {
        let base = stripMarks(text).lowercased()
        var out = ""
        out.reserveCapacity(base.utf8.count)
        var pendingSpace = false
        for scalar in base.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// Combining marks kept on one letter by folding and cleaning: real writing puts a few on a
    /// letter (Vietnamese two at most); the rest of a longer run is dropped first, so that a
    /// hostile value of thousands of marks is not reordered by Foundation's normalisation, whose
    /// cost grows with the square of the run. A folding rule, not a limit on what is read (that is
    /// `InputLimits.combiningMarksInARow`, an error for the cell).
    public static let marksKeptInARow = 4

    /// The text with no more than ``marksKeptInARow`` combining marks in a row (the text itself,
    /// not copied, when it has none longer).
    public static func boundedMarks(_ text: String) -> String {
        var run = 0
        var long = false
        for scalar in text.unicodeScalars {
            if scalar.properties.canonicalCombiningClass != .notReordered {
                run += 1
                if run > marksKeptInARow { long = true; break }
            } else {
                run = 0
            }
        }
        guard long else { return text }
        var out = String.UnicodeScalarView()
        run = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.canonicalCombiningClass != .notReordered {
                run += 1
                if run > marksKeptInARow { continue }
            } else {
                run = 0
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Removes Vietnamese tone and vowel marks and maps `đ`/`Đ` to `d`/`D`; keeps case.
    public static func stripMarks(_ text: String) -> String {
        let decomposed = boundedMarks(text).decomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue          // combining marks: tones, breve, circumflex, horn
            case 0x0111: out.append("d")            // đ
            case 0x0110: out.append("D")            // Đ
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// NFC form, trimmed of surrounding white space: how every text value is stored.
    public static func clean(_ text: String) -> String {
        boundedMarks(text).trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    }
}
