import Criteria
import Records
import Foundation
import Reports
import Scoring
import Testing
import TextSupport

@Suite("Text report")
struct TextReportTests {
    static func settings(width: Int = 100) -> ReportSettings {
        var settings = ReportSettings()
        settings.width = width
        settings.year = 2024
        return settings
    }

    static func officialSettings(width: Int = 80, pageLines: Int = 18) -> ReportSettings {
        var settings = settings(width: width)
        settings.paginate = true
        settings.pageLines = pageLines
        settings.organization = "Hội Khuyến học xã Long Hữu"
        settings.place = "Long Hữu"
        settings.date = ReportDate(year: 2024, month: 11, day: 5)
        settings.signer = "Nguyễn Văn A"
        return settings
    }

    static func report(_ language: Language, _ settings: ReportSettings, run: RunResults = ReportFixture.run()) -> String {
        ReportFixture.text { TextReport(language: language, settings: settings).write(run, to: $0) }
    }

    /// The lines from the one starting with `first` up to the next blank line.
    static func block(_ text: String, startingWith first: String) -> String {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(first) }) else { return "" }
        let end = lines[start...].firstIndex(where: \.isEmpty) ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n") + "\n"
    }

    @Test("the ranked lists of all three models, with footnotes and error rows", arguments: [Language.vietnamese, .english])
    func rankedList(language: Language) {
        ReportFixture.expectGolden(Self.report(language, Self.settings()), "ranked-\(language.rawValue).txt")
    }

    @Test("the summary by hamlet counts levels, errors and the recognition rate", arguments: [Language.vietnamese, .english])
    func summary(language: Language) {
        let text = Self.report(language, Self.settings())
        let summary = Self.block(text, startingWith: language.pick(" TỔNG HỢP THEO ẤP", " SUMMARY BY HAMLET"))
        ReportFixture.expectGolden(summary, "summary-\(language.rawValue).txt")
    }

    @Test("the official layout, paginated", arguments: [Language.vietnamese, .english])
    func official(language: Language) {
        ReportFixture.expectGolden(Self.report(language, Self.officialSettings()), "official-\(language.rawValue).txt")
    }
}

@Suite("Text report layout")
struct TextReportLayoutTests {
    /// Long names, half of them decomposed (NFD) as some spreadsheets store them.
    static let longNames = [
        "Nguyễn Thị Ngọc Bích Trâm Phương Thảo Huyền Trang",
        "Huỳnh Lê Hoàng Bảo Ngọc Khánh Linh Thuỳ Dương".decomposedStringWithCanonicalMapping,
        "Kim Thị Sa Rươl Chanh Đa Ra Rết Sóc Kha Thạch Ngọc Huyền Trân Sơn Thị Sóc Kha Lâm Thị Bảo Ngọc Châu",
        "Trương Văn Đạt Hữu Nghĩa Quốc Khánh Việt Nam".decomposedStringWithCanonicalMapping,
    ]

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\u{0C}", with: "").components(separatedBy: "\n")
    }

    @Test("no line is wider than the report, with long and decomposed names",
          arguments: [80, 132], [Language.vietnamese, .english])
    func noLineTooWide(width: Int, language: Language) {
        let run = ReportFixture.run(names: Self.longNames)
        var plain = TextReportTests.settings(width: width)
        plain.year = 2024
        let official = TextReportTests.officialSettings(width: width, pageLines: 30)
        for settings in [plain, official] {
            let text = TextReportTests.report(language, settings, run: run)
            let tooWide = Self.lines(text).filter { DisplayWidth.of($0) > width }
            #expect(tooWide.isEmpty, "lines wider than \(width): \(tooWide)")
            #expect(text.contains("…"), "long names are cut with an ellipsis")
        }
    }

    @Test("a cut name keeps its tone marks whole and ends with …")
    func cutNamesKeepMarks() {
        let run = ReportFixture.run(names: Self.longNames)
        let text = TextReportTests.report(.vietnamese, TextReportTests.settings(width: 80), run: run)
        // HO02 carries the decomposed "Huỳnh Lê Hoàng…": cut between letters, never between a letter and its marks.
        let row = Self.lines(text).first { $0.contains("HO02") }!
        let name = Array(Self.longNames[1].unicodeScalars)
        let start = row.range(of: "Hu")!.lowerBound
        let cut = Array(String(row[start..<row.range(of: "…")!.lowerBound]).unicodeScalars)
        #expect(cut.count > 5)
        #expect(name.starts(with: cut))
        #expect(name[cut.count].properties.generalCategory != .nonspacingMark)
    }

    @Test("pages hold at most page-lines lines, repeat the table header and are numbered from page 2")
    func pagination() {
        let settings = TextReportTests.officialSettings(width: 80, pageLines: 18)
        let text = TextReportTests.report(.vietnamese, settings)
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        #expect(pages.count == 5)
        for (p, page) in pages.enumerated() {
            let lines = page.components(separatedBy: "\n").dropLast()
            #expect(lines.count <= 18, "page \(p + 1) has \(lines.count) lines")
            if p == 0 {
                #expect(!page.contains("Trang "))
            } else {
                #expect(lines.first?.trimmingCharacters(in: .whitespaces) == "Trang \(p + 1)/5")
            }
        }
        // Rows 9–11 of the household table continue on page 2 under a repeated header.
        let second = pages[1].components(separatedBy: "\n")
        #expect(second[2].hasPrefix(" STT Mã hộ"))
        #expect(second[4].hasPrefix("   9 HO05"))
    }

    @Test("a province-sized list is written in one pass", .timeLimit(.minutes(1)))
    func largeList() {
        let criteria = ReportFixture.criteria
        var data = SurveyData()
        data.sources = ReportFixture.sources
        let table = RecordTable(model: criteria.model(id: "gia-dinh-hoc-tap")!)
        let profiles = ReportFixture.households()
        for i in 0..<12_000 {
            var values = profiles[i % profiles.count]
            values["ma_ho"] = .text("HO\(100_000 + i)")
            values["chu_ho"] = .text(TextReportLayoutTests.longNames[i % 4] + " \(i)")
            values["ma_ap"] = .text("A\(i % 40)")
            ReportFixture.append(values, to: table, row: Int32(i + 2), source: 0)
        }
        data.tables["gia-dinh-hoc-tap"] = table
        let run = ScoringEngine(criteria: criteria).score(data)
        let text = TextReportTests.report(.vietnamese, TextReportTests.settings(width: 132), run: run)
        #expect(Self.lines(text).filter { $0.contains(" HO1") }.count == 12_000)
        #expect(Self.lines(text).allSatisfy { DisplayWidth.of($0) <= 132 })
    }
}
