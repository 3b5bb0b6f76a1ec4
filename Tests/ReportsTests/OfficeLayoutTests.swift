import Foundation
import Records
import Reports
import Scoring
import Testing
import TextSupport

/// Issue 16, part 2: the official layout after Nghị định 30/2020/NĐ-CP, paper sizes, the annex
/// of recognised entities, one list per hamlet, and the rows to send back for correction.
@Suite("Office-ready text layout")
struct OfficeLayoutTests {
    static func official(_ paper: Paper) -> ReportSettings {
        var settings = ReportSettings()
        settings.apply(paper: paper)
        settings.year = 2024
        settings.parentOrganization = "Hội Khuyến học thị xã Duyên Hải"
        settings.organization = "Hội Khuyến học xã Long Hữu"
        settings.number = "15/DS-KH"
        settings.place = "Long Hữu"
        settings.date = ReportDate(year: 2025, month: 3, day: 5)
        settings.signer = "Nguyễn Văn An"
        settings.recipients = ["UBND xã Long Hữu", "Hội Khuyến học thị xã Duyên Hải"]
        return settings
    }

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\u{0C}", with: "").components(separatedBy: "\n")
    }

    @Test("the official layout on A4 portrait and landscape", arguments: [Paper.a4Portrait, .a4Landscape], [Language.vietnamese, .english])
    func officialGolden(paper: Paper, language: Language) {
        let text = TextReportTests.report(language, Self.official(paper))
        ReportFixture.expectGolden(text, "official-\(paper.rawValue)-\(language.rawValue).txt")
        // Every line within the paper's width, every page within its lines.
        #expect(Self.lines(text).allSatisfy { DisplayWidth.of($0) <= paper.columns })
        for page in text.split(separator: "\u{0C}") {
            #expect(page.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count <= paper.lines)
        }
    }

    @Test("A4 portrait is 78 columns by 60 lines, landscape 119 by 40")
    func paperSizes() {
        var settings = ReportSettings()
        settings.apply(paper: .a4Portrait)
        #expect(settings.width == 78 && settings.pageLines == 60 && settings.paginate)
        settings.apply(paper: .a4Landscape)
        #expect(settings.width == 119 && settings.pageLines == 40)
    }

    @Test("the heading: parent body, issuing body, the number on the date's line")
    func heading() {
        let text = TextReportTests.report(.vietnamese, Self.official(.a4Portrait))
        let lines = Self.lines(text)
        #expect(lines[0].hasPrefix(" HỘI KHUYẾN HỌC THỊ XÃ DUYÊN HẢI"))
        #expect(lines[0].hasSuffix("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(lines[1].contains("HỘI KHUYẾN HỌC XÃ LONG HỮU"))
        #expect(lines[1].hasSuffix("Độc lập - Tự do - Hạnh phúc"))
        #expect(lines[3].contains("Số: 15/DS-KH"))
        #expect(lines[3].hasSuffix("Long Hữu, ngày 05 tháng 3 năm 2025"))
    }

    @Test("without --number the Số line is left to fill in by hand")
    func blankNumber() {
        var settings = Self.official(.a4Portrait)
        settings.number = nil
        #expect(TextReportTests.report(.vietnamese, settings).contains("Số: ……"))
    }

    @Test("a long issuing body wraps between words, never inside a place name")
    func headingWraps() {
        // 22 columns: "HỘI KHUYẾN HỌC THỊ XÃ" would fit, but "THỊ XÃ DUYÊN HẢI" is a place.
        #expect(TextReport.headingLines("Hội Khuyến học thị xã Duyên Hải", width: 22) == ["HỘI KHUYẾN HỌC", "THỊ XÃ DUYÊN HẢI"])
        #expect(TextReport.headingLines("Ủy ban nhân dân xã Long Hữu", width: 20) == ["ỦY BAN NHÂN DÂN", "XÃ LONG HỮU"])
        #expect(TextReport.headingLines("Hội Khuyến học\nxã Long Hữu", width: 40) == ["HỘI KHUYẾN HỌC", "XÃ LONG HỮU"])
        #expect(TextReport.headingLines("Hội Khuyến học\\nxã Long Hữu", width: 40) == ["HỘI KHUYẾN HỌC", "XÃ LONG HỮU"])
        #expect(TextReport.headingLines("Hội Khuyến học xã Long Hữu", width: 40) == ["HỘI KHUYẾN HỌC XÃ LONG HỮU"])
    }

    @Test("recipients as typed, the file copy added; KT. with PHÓ CHỦ TỊCH; room to sign and seal")
    func signature() {
        var settings = Self.official(.a4Portrait)
        settings.capacity = .deputy
        let text = TextReportTests.report(.vietnamese, settings)
        let lines = Self.lines(text)
        let start = lines.firstIndex { $0.hasPrefix(" Nơi nhận:") }!
        #expect(lines[start].hasSuffix("KT. CHỦ TỊCH"))
        #expect(lines[start + 1].hasPrefix(" - UBND xã Long Hữu;") && lines[start + 1].hasSuffix("PHÓ CHỦ TỊCH"))
        #expect(lines[start + 2] == " - Hội Khuyến học thị xã Duyên Hải;")
        #expect(lines[start + 3] == " - Lưu: VT.")
        let signer = lines.firstIndex { $0.hasSuffix("Nguyễn Văn An") }!
        // Between the title and the name: at least four blank lines on the right.
        #expect(signer - (start + 1) - 1 >= 4)
        #expect(lines[(start + 4)..<signer].allSatisfy { $0.isEmpty })
    }

    @Test("the annex lists only tiêu biểu and đạt, without footnotes, error rows or circumstances")
    func onlyCertified() {
        var settings = TextReportTests.settings(width: 78)
        settings.onlyCertified = true
        let text = TextReportTests.report(.vietnamese, settings)
        ReportFixture.expectGolden(text, "only-certified-vi.txt")
        // HO05, HO08, HO09 were not certified; HO12 had an error: none of them is named.
        for key in ["HO05", "HO08", "HO09", "HO12", "Không đạt", "¹", "hộ nghèo", "vùng KK", "Lỗi"] {
            #expect(!text.contains(key), "\(key) must not be in the annex")
        }
        // The 8 certified households: HO01–HO04, HO06, HO07, HO10, HO11.
        #expect(text.contains("Tổng cộng: 8 hộ gia đình (Tiêu biểu 3, Đạt 5)."))
        ReportFixture.expectGolden(TextReportTests.report(.english, settings), "only-certified-en.txt")
    }

    @Test("one list per hamlet, each a document on its own pages")
    func byHamlet() {
        var settings = Self.official(.a4Portrait)
        settings.byHamlet = true
        let text = TextReportTests.report(.vietnamese, settings)
        ReportFixture.expectGolden(text, "by-hamlet-vi.txt")
        ReportFixture.expectGolden(TextReportTests.report(.english, settings), "by-hamlet-en.txt")
        let pages = text.components(separatedBy: "\u{0C}")
        let khanh = pages.first { $0.contains("Ấp Long Khánh — Xã Long Hữu") }!
        let dinh = pages.first { $0.contains("Ấp Long Định — Xã Long Hữu") }!
        // Long Khánh: HO01, HO03, HO05, HO06, HO09, HO10; Long Định: HO02, HO04, HO07, HO08, HO11.
        for key in ["HO01", "HO03", "HO05", "HO06", "HO09", "HO10"] { #expect(khanh.contains(key) && !dinh.contains(key)) }
        for key in ["HO02", "HO04", "HO07", "HO08", "HO11"] { #expect(dinh.contains(key) && !khanh.contains(key)) }
        #expect(khanh.contains("HỘI KHUYẾN HỌC XÃ LONG HỮU") && khanh.contains("Nguyễn Văn An"))
    }

    /// The fixture with two more rows that could not be read, in the hamlets LK and LD.
    static func runWithErrors() -> RunResults {
        var data = ReportFixture.surveyData()
        data.rejected["gia-dinh-hoc-tap"]! += [
            RejectedRow(origin: RowOrigin(source: 0, row: 14), commune: "Long Hữu", key: "HO13", name: "Ngô Văn Tư",
                        problems: [RowProblem(vietnamese: "ho-gia-dinh.csv dòng 14, cột \"Số trẻ được miễn\": số trẻ được miễn (3) lớn hơn số trẻ trong độ tuổi (2)",
                                              english: "ho-gia-dinh.csv row 14, column \"Số trẻ được miễn\": exempted children (3) more than children of the age (2)")],
                        hamlet: "LK"),
            RejectedRow(origin: RowOrigin(source: 0, row: 15), commune: "Long Hữu", key: "HO14", name: "Lê Thị Năm",
                        problems: [RowProblem(vietnamese: "cột \"Trẻ ngoan, lễ phép\": \"có lẽ\" không phải có/không",
                                              english: "column \"Trẻ ngoan, lễ phép\": \"có lẽ\" is not yes/no")],
                        hamlet: "LD"),
        ]
        return ScoringEngine(criteria: ReportFixture.criteria).score(data)
    }

    @Test("errors --by-hamlet: the rows to correct, one page per hamlet, each with what to fix in its file's columns",
          arguments: [Language.vietnamese, .english])
    func errorsByHamlet(language: Language) {
        var settings = ReportSettings()
        settings.apply(paper: .a4Portrait)
        settings.byHamlet = true
        var report = ErrorsReport(language: language, settings: settings)
        // The household file's own columns (a short file of five columns, as a hamlet may send).
        report.fileRows[0] = ErrorsReport.FileRows(
            header: ["Mã hộ", "Họ và tên chủ hộ", "Mã ấp", "Số trẻ trong độ tuổi phổ cập", "Số trẻ được miễn", "Trẻ ngoan, lễ phép"],
            rows: [13: ["HO12", "Lý Văn Mười", "", "2", "0", "x"],
                   14: ["HO13", "Ngô Văn Tư", "LK", "2", "3", "x"],
                   15: ["HO14", "Lê Thị Năm", "LD", "1", "0", "có lẽ"]])
        let text = ReportFixture.text { report.write(Self.runWithErrors(), to: $0) }
        ReportFixture.expectGolden(text, "errors-by-hamlet-\(language.rawValue).txt")
        let pages = text.components(separatedBy: "\u{0C}")
        // Long Định, Long Khánh, then the row whose hamlet could not be read: three pages.
        #expect(pages.count == 3)
        #expect(pages[0].contains("HO14") && !pages[0].contains("HO13") && !pages[0].contains("HO12"))
        #expect(pages[1].contains("HO13") && !pages[1].contains("HO14"))
        #expect(pages[2].contains("HO12"))
        if language == .vietnamese {
            #expect(pages[0].contains("Ấp Long Định — Xã Long Hữu: 1 dòng"))
            #expect(pages[1].contains("Cần sửa: cột \"Số trẻ được miễn\": số trẻ được miễn (3) lớn hơn số trẻ\n"))
            // The cell to fix is marked in the file's own column.
            #expect(pages[1].contains("Số trẻ được miễn              3 ◄"))
            #expect(pages[0].contains("Trẻ ngoan, lễ phép            có lẽ ◄"))
        }
    }

    @Test("the annex per hamlet: one page per hamlet with its recognised households, none for rows without a hamlet")
    func annexByHamlet() {
        var settings = TextReportTests.settings(width: 78)
        settings.paginate = true
        settings.pageLines = 60
        settings.onlyCertified = true
        settings.byHamlet = true
        let text = TextReportTests.report(.vietnamese, settings)
        let pages = text.components(separatedBy: "\u{0C}")
        // Long Định, Long Khánh, then the clans' and the hamlets' annexes; HO12 (no hamlet, an error) has no page.
        #expect(pages.count == 4)
        #expect(pages[0].contains("Ấp Long Định") && pages[0].contains("Tổng cộng: 4 hộ gia đình (Tiêu biểu 1, Đạt 3)."))
        #expect(pages[1].contains("Ấp Long Khánh") && pages[1].contains("Tổng cộng: 4 hộ gia đình (Tiêu biểu 2, Đạt 2)."))
        #expect(!text.contains("HO12") && !text.contains("không rõ ấp"))
    }

    @Test("errors: a run without rows to correct says so")
    func noErrors() {
        var data = ReportFixture.surveyData()
        data.rejected["gia-dinh-hoc-tap"] = []
        let run = ScoringEngine(criteria: ReportFixture.criteria).score(data)
        let text = ReportFixture.text { ErrorsReport(language: .vietnamese, settings: ReportSettings()).write(run, to: $0) }
        #expect(text == " Không có dòng nào cần sửa.\n")
    }

    @Test("hamlets are named from the hamlet file where known, by code where not")
    func hamletNames() {
        let text = TextReportTests.report(.vietnamese, TextReportTests.settings(width: 119))
        #expect(text.contains(" Long Khánh "))
        let summary = TextReportTests.block(text, startingWith: " TỔNG HỢP THEO ẤP")
        #expect(summary.contains(" Long Định ") && summary.contains(" Long Khánh ") && !summary.contains(" LK "))
    }
}

@Suite("Dates as a clerk types them")
struct ReportDateTests {
    @Test("day/month/year and year-month-day are read", arguments: [
        ("05/11/2024", 2024, 11, 5), ("5/11/2024", 2024, 11, 5), ("2024-11-05", 2024, 11, 5),
        ("05-11-2024", 2024, 11, 5), ("05.11.2024", 2024, 11, 5), ("29/02/2024", 2024, 2, 29), ("31/12/2025", 2025, 12, 31),
    ])
    func accepted(typed: String, year: Int, month: Int, day: Int) {
        #expect(ReportDate(typed: typed) == ReportDate(year: year, month: month, day: day))
    }

    @Test("impossible dates are refused with the reason")
    func refused() {
        #expect(ReportDate.read("30/02/2024") == .failure(.impossible(day: 30, month: 2, year: 2024)))
        #expect(ReportDate.read("29/02/2025") == .failure(.impossible(day: 29, month: 2, year: 2025)))
        #expect(ReportDate.read("31/04/2025") == .failure(.impossible(day: 31, month: 4, year: 2025)))
        #expect(ReportDate.read("2024-13-01") == .failure(.impossible(day: 1, month: 13, year: 2024)))
        #expect(ReportDate.read("5 tháng 11") == .failure(.notADate("5 tháng 11")))
        #expect(ReportDate.Problem.impossible(day: 30, month: 2, year: 2024).message(in: .vietnamese)
                == "tháng 2 năm 2024 chỉ có 29 ngày, không có ngày 30")
        #expect(ReportDate.Problem.impossible(day: 31, month: 4, year: 2025).message(in: .english)
                == "month 4 of 2025 has 30 days, there is no day 31")
    }
}
