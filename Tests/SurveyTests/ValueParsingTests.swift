import Machinery
import Testing
@testable import Survey

@Suite("Values")
struct ValueParsingTests {
    @Test("whole numbers as clerks type them", arguments: [
        ("3", WholeNumberParse.value(3)), ("03", .value(3)), ("3.0", .value(3)), (" 3 ", .value(3)), ("3.", .value(3)),
        ("-2", .value(-2)), ("", .blank), ("   ", .blank),
        ("2,5", .invalid), ("2.5", .invalid), ("abc", .invalid), ("3a", .invalid), ("- 3", .invalid), (".", .invalid),
        ("1 2", .invalid), ("99999999999999999999", .invalid),
    ])
    func wholeNumbers(text: String, expected: WholeNumberParse) {
        #expect(ValueParsing.wholeNumber(text.utf8) == expected)
    }

    @Test("Excel numbers: 1E+1 is 10, 2.5 is not whole")
    func excelNumbers() {
        #expect(ValueParsing.wholeNumber(excelNumber: "1E+1") == .value(10))
        #expect(ValueParsing.wholeNumber(excelNumber: "4.0000000000000000") == .value(4))
        #expect(ValueParsing.wholeNumber(excelNumber: "2.5") == .invalid)
    }

    @Test("tick boxes: every spelling of yes and no, any case, blank is no", arguments: [
        ("có", true), ("Có", true), ("CÓ", true), ("co", true), ("x", true), ("X", true), ("1", true), ("đạt", true),
        ("Đạt", true), ("dat", true), ("yes", true), ("Y", true), ("TRUE", true), ("✓", true), (" x ", true),
        ("không", false), ("Không", false), ("khong", false), ("0", false), ("no", false), ("N", false),
        ("false", false), ("chưa đạt", false), ("Chưa Đạt", false), ("", false), ("  ", false),
        // The spec's round-2 words.
        ("c", true), ("C", true), ("v", true), ("V", true), ("√", true), ("✔", true), (" √ ", true),
        ("ko", false), ("KO", false), ("k", false), ("K", false), ("chưa", false), ("Chưa", false),
        ("không có", false), ("Không có", false), (" KHÔNG CÓ ", false), ("chưa có", false), ("Chưa có", false),
    ])
    func yesNo(text: String, expected: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withColumnView { ValueParsing.yesNo(bytes: $0) } == expected)
        #expect(ValueParsing.yesNo(text) == expected)
    }

    @Test("the quick one-byte answers are the ones the full reading gives")
    func quickAnswersAgree() {
        for byte in UInt8(0x21)...UInt8(0x7E) {
            let bytes = [byte]
            let quick = bytes.withColumnView { ValueParsing.quickYesNo($0, start: 0, end: 1) }
            if let quick { #expect(quick == ValueParsing.yesNo(String(decoding: bytes, as: UTF8.self)), "\(byte)") }
        }
    }

    @Test("anything else is not a tick box", arguments: ["có lẽ", "2", "ok", "?"])
    func notYesNo(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withColumnView { ValueParsing.yesNo(bytes: $0) } == nil)
    }

    @Test("Excel date serials: the 1900 leap-year quirk and the 1904 system")
    func excelDates() {
        #expect(ExcelDate.isoDate(serial: 1, date1904: false) == "1900-01-01")
        #expect(ExcelDate.isoDate(serial: 59, date1904: false) == "1900-02-28")
        #expect(ExcelDate.isoDate(serial: 60, date1904: false) == "1900-02-29")
        #expect(ExcelDate.isoDate(serial: 61, date1904: false) == "1900-03-01")
        #expect(ExcelDate.isoDate(serial: 45292, date1904: false) == "2024-01-01")
        #expect(ExcelDate.isoDate(serial: 45356, date1904: false) == "2024-03-05")
        #expect(ExcelDate.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(ExcelDate.isoDate(serial: 366, date1904: true) == "1905-01-01")
        #expect(ExcelDate.isDateFormat(id: 14, code: nil))
        #expect(ExcelDate.isDateFormat(id: 164, code: "dd/mm/yyyy"))
        #expect(!ExcelDate.isDateFormat(id: 165, code: "0.00"))
        #expect(!ExcelDate.isDateFormat(id: 166, code: "[Red]0;\"dm\"0"))
    }
}
