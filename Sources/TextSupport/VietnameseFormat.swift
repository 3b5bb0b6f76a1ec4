/// Numbers and dates written the way Vietnamese (or English) official documents write them.
///
/// Percentages are computed from whole numbers, so no binary floating point decides a rounding:
/// half a tenth rounds up (1/16 → 6,3%).
///
/// ```swift
/// VietnameseFormat.percent(29, of: 40, language: .vietnamese)   // "72,5%"
/// VietnameseFormat.percent(29, of: 40, language: .english)      // "72.5%"
/// VietnameseFormat.dateLine(place: "Long Hữu", year: 2024, month: 11, day: 5, language: .vietnamese)
/// // "Long Hữu, ngày 05 tháng 11 năm 2024"
/// VietnameseFormat.dateLine(place: "Long Hữu", year: 2025, month: 3, day: 5, language: .vietnamese)
/// // "Long Hữu, ngày 05 tháng 3 năm 2025"
/// ```
public enum VietnameseFormat {
    /// `part / whole` as a percentage with one decimal, rounded half up; "—" when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int, language: Language) -> String {
        guard whole != 0 else { return "—" }
        let negative = (part < 0) != (whole < 0) && part != 0
        let p = part.magnitude, w = whole.magnitude
        // Tenths of a percent, rounded half up: floor((2 · 1000 · p + w) / (2 · w)).
        let tenths = (2 * 1000 * p + w) / (2 * w)
        let separator = language == .vietnamese ? "," : "."
        return (negative ? "-" : "") + "\(tenths / 10)\(separator)\(tenths % 10)%"
    }

    /// The date line of an official document: "Long Hữu, ngày 05 tháng 11 năm 2024" or
    /// "Long Hữu, 5 November 2024". Without a place: "Ngày 05 tháng 11 năm 2024".
    ///
    /// As Nghị định 30/2020/NĐ-CP (appendix I) writes dates: a day below 10 and the months 1 and
    /// 2 take a leading zero ("ngày 05", "tháng 01", "tháng 02"); the other months do not
    /// ("tháng 3", "tháng 11") — so that nobody can add a digit before a 1 or a 2.
    public static func dateLine(place: String?, year: Int, month: Int, day: Int, language: Language) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December"]
        let name = (1...12).contains(month) ? months[month - 1] : String(month)
        return placed(place, vietnamese: "ngày \(twoDigits(day)) tháng \(month <= 2 ? twoDigits(month) : String(month)) năm \(year)",
                      english: "\(day) \(name) \(year)", language: language)
    }

    /// The date line with blanks to fill in by hand, for a document printed before it is dated.
    public static func blankDateLine(place: String?, language: Language) -> String {
        placed(place, vietnamese: "ngày …… tháng …… năm ……", english: "…… (date)", language: language)
    }

    /// "Long Hữu, ngày …"; without a place the Vietnamese date starts with a capital: "Ngày …".
    private static func placed(_ place: String?, vietnamese: String, english: String, language: Language) -> String {
        let date = language.pick(vietnamese, english)
        if let place, !place.isEmpty { return "\(place), \(date)" }
        return language == .vietnamese ? date.prefix(1).uppercased() + date.dropFirst() : date
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : String(value)
    }
}
