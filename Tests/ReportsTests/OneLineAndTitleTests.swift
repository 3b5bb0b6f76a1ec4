@testable import Reports
import Testing
import TextSupport

/// Issue 12: text cells with line breaks or tabs print on one line; titles are centred over the
/// table; an error line names its place once. (The whole report on a workbook with such cells:
/// `Tests/IntakeRulesTests/Rule6CellTests.swift`.)
@Suite("One-line cells, titles over the table, places named once")
struct OneLineAndTitleTests {
    @Test("line breaks and tabs become one space each; other text is returned as it is")
    func oneLine() {
        #expect(DisplayWidth.oneLine("Danh Thị\nKol") == "Danh Thị Kol")
        #expect(DisplayWidth.oneLine("Kim\tBô") == "Kim Bô")
        #expect(DisplayWidth.oneLine("Lê\r\nVăn") == "Lê Văn")
        #expect(DisplayWidth.oneLine("Nguyễn Văn A") == "Nguyễn Văn A")
        #expect(!DisplayWidth.needsOneLine("Nguyễn Văn A"))
        #expect(DisplayWidth.wrap("một\nhai\tba", width: 40) == ["một hai ba"])
    }

    @Test("a title is centred over a table narrower than the page, never before its margin nor past the page")
    func centred() {
        // A 20-column title over a 60-column table on a 132-column page: 20 spaces before it.
        let title = String(repeating: "x", count: 20)
        #expect(TextReport.centred(title, over: 60, width: 132) == String(repeating: " ", count: 20) + title)
        // Wider than the table: it starts at the table's one-space margin.
        #expect(TextReport.centred(title, over: 10, width: 132) == " " + title)
        // Never past the page.
        #expect(TextReport.centred(title, over: 10, width: 20) == title)
    }

    @Test("a problem loses the place its line already names")
    func placeOnce() {
        let place = "ho-gia-dinh.csv dòng 34"
        #expect(ReportWords.problem("ho-gia-dinh.csv dòng 34: trùng mã hộ HO0033 với dòng 41", at: place) == "trùng mã hộ HO0033 với dòng 41")
        #expect(ReportWords.problem("ho-gia-dinh.csv dòng 34, cột \"Mã hộ\": trống", at: place) == "cột \"Mã hộ\": trống")
        // Another place (the other row of a duplicate) is kept.
        #expect(ReportWords.problem("ho-gia-dinh.csv dòng 341: x", at: place) == "ho-gia-dinh.csv dòng 341: x")
        #expect(ReportWords.problem("chưa có dữ liệu", at: place) == "chưa có dữ liệu")
    }
}
