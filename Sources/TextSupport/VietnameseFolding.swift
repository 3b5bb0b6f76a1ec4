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

    /// Removes Vietnamese tone and vowel marks and maps `đ`/`Đ` to `d`/`D`; keeps case.
    public static func stripMarks(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping
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
        text.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    }
}
