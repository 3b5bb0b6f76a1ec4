/// Excel's date serial numbers, for the rare text field that holds a date-formatted cell.
///
/// No shipped field is a date; when a text field's cell is a number with a date format, the text
/// stored is the ISO date (`2024-03-05`), which reads the same in every locale. The 1900 system
/// keeps Lotus 1-2-3's mistake of a 29 February 1900 (serial 60); the 1904 system (old Mac
/// workbooks, `date1904="1"`) counts from 1 January 1904.
///
/// ```swift
/// ExcelDate.isoDate(serial: 45356, date1904: false)   // "2024-03-05"
/// ```
enum ExcelDate {
    static func isoDate(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let days: Int
        if date1904 {
            days = daysFromCivil(1904, 1, 1) + whole
        } else {
            if whole == 60 { return "1900-02-29" }
            if whole == 0 { return "1900-01-00" }
            // Serials after the fictitious 29 February are one day ahead of the calendar.
            days = daysFromCivil(1899, 12, 31) + (whole < 60 ? whole : whole - 1)
        }
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether a number format shows a date: the built-in date formats, or a format code with
    /// day, month or year letters outside quotes and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuotes = false
        var inBrackets = false
        var previousWasEscape = false
        for character in code.lowercased() {
            if previousWasEscape { previousWasEscape = false; continue }
            switch character {
            case "\\": previousWasEscape = true
            case "\"": inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            case "d", "m", "y": if !inQuotes && !inBrackets { return true }
            default: break
            }
        }
        return false
    }
}

import Foundation
