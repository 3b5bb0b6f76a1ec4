import ArgumentParser
import Foundation
@testable import KhuyenhocCLI
import Reports
import Testing
import TextSupport

/// Issue 16, part 2, at the command line: dates as a clerk types them, the year/date warning,
/// `--bom`, `khuyenhoc errors` on the sample commune, and the new reports recognised as earlier
/// reports when they are left in a survey folder.
@Suite struct OfficeOptionsTests {
    static let samples = CLIFixtures.repository.appendingPathComponent("Samples")

    /// The answer of the entry point to a command line that does not parse or validate.
    static func usage(_ arguments: [String]) -> (text: String, status: Int32) {
        do {
            _ = try Khuyenhoc.parseAsRoot(arguments)
            return ("", 0)
        } catch {
            return Khuyenhoc.answer(to: error, arguments: arguments, environment: [:])
        }
    }

    @Test("an impossible --date is refused (exit 2) with the reason, in the run's language")
    func impossibleDate() {
        let vi = Self.usage(["score", "Samples/long-huu", "--date", "30/02/2024"])
        #expect(vi.status == 2)
        #expect(vi.text.contains("--date: tháng 2 năm 2024 chỉ có 29 ngày, không có ngày 30"))
        let en = Self.usage(["score", "Samples/long-huu", "--date", "2025-04-31", "--lang", "en"])
        #expect(en.status == 2)
        #expect(en.text.contains("--date: month 4 of 2025 has 30 days, there is no day 31"))
        #expect(Self.usage(["score", "Samples/long-huu", "--paper", "a5"]).status == 2)
        #expect(Self.usage(["score", "Samples/long-huu", "--only", "failed"]).status == 2)
    }

    @Test("05/11/2024 is read as a clerk types it; --year other than the date's year is warned about")
    func typedDateAndWarning() throws {
        let options = try ReportOptions.parse(["--date", "05/11/2024"])
        let settings = try options.settings(language: .vietnamese)
        #expect(settings.date == ReportDate(year: 2024, month: 11, day: 5))
        #expect(settings.year == 2024)
        #expect(options.warnings(.vietnamese).isEmpty)
        let disagreeing = try ReportOptions.parse(["--date", "05/11/2024", "--year", "2023"])
        #expect(disagreeing.warnings(.vietnamese) == ["Cảnh báo: --year 2023 khác năm của --date (2024); tiêu đề ghi năm 2023"])
        #expect(disagreeing.warnings(.english) == ["Warning: --year 2023 is not the year of --date (2024); the titles say 2023"])
    }

    @Test("--paper sets width and lines; --capacity kt; --recipient repeatable")
    func layoutOptions() throws {
        let settings = try ReportOptions.parse(["--paper", "a4-landscape", "--capacity", "kt", "--recipient", "UBND xã Long Hữu",
                                                "--recipient", "Lưu: VT, HKH"]).settings(language: .vietnamese)
        #expect(settings.width == 119 && settings.pageLines == 40 && settings.paginate)
        #expect(settings.capacity == .deputy)
        #expect(settings.recipients == ["UBND xã Long Hữu", "Lưu: VT, HKH"])
        let narrow = try ReportOptions.parse(["--paper", "a4-portrait", "--width", "100", "--page-lines", "50"]).settings(language: .vietnamese)
        #expect(narrow.width == 100 && narrow.pageLines == 50)
    }

    @Test("--bom starts the CSV with a UTF-8 byte-order mark; the rest is the contract's bytes")
    func byteOrderMark() throws {
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .csv
        runner.csvByteOrderMark = true
        let sink = OutputSink(capturing: ())
        var messages = ""
        _ = runner.run(inputs: [Self.samples.appendingPathComponent("long-huu").path], criteriaPaths: [CLIFixtures.criteriaFolder],
                       output: sink, messages: &messages)
        let bytes = Array((sink.captured ?? "").utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let expected = try String(contentsOf: Self.samples.appendingPathComponent("expected.csv"), encoding: .utf8)
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == expected)
    }

    @Test("errors --by-hamlet on the sample: the four rows to correct, a page per hamlet, in the file's columns")
    func errorsOnSample() {
        var runner = ScoreRunner(language: .vietnamese)
        runner.errorsOnly = true
        runner.report.apply(paper: .a4Portrait)
        runner.report.byHamlet = true
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.run(inputs: [Self.samples.appendingPathComponent("long-huu").path], criteriaPaths: [CLIFixtures.criteriaFolder],
                                output: sink, messages: &messages)
        #expect(status == 0)
        let pages = (sink.captured ?? "").components(separatedBy: "\u{0C}")
        // Samples/README.md: HO0246 (row 247, hamlet LDI), HO0153 (row 154, LT), rows 34 and 41 (HO0033, LK).
        #expect(pages.count == 3)
        #expect(pages[0].contains("Ấp Long Điền — Xã Long Hữu: 1 dòng") && pages[0].contains("ho-gia-dinh.csv dòng 247"))
        // The cell to fix, in the file's column, marked.
        func cell(_ page: String, _ column: String) -> String? {
            page.components(separatedBy: "\n").first { $0.hasPrefix("       \(column) ") }
                .map { $0.dropFirst(7 + column.count).trimmingCharacters(in: .whitespaces) }
        }
        #expect(cell(pages[0], "Số trẻ đến trường") == "2,5 ◄")
        #expect(pages[1].contains("Ấp Long Khánh — Xã Long Hữu: 2 dòng") && pages[1].contains("dòng 34") && pages[1].contains("dòng 41"))
        #expect(pages[2].contains("Ấp Long Thạnh — Xã Long Hữu: 1 dòng") && pages[2].contains("ho-gia-dinh.csv dòng 154"))
        #expect(cell(pages[2], "Số trẻ được miễn") == "5 ◄")
        #expect(cell(pages[2], "Số trẻ đến trường") == "3")
    }

    @Test("errors on the sample workbook: the rows in the sheet's own columns")
    func errorsOnWorkbook() {
        var runner = ScoreRunner(language: .english)
        runner.errorsOnly = true
        runner.report.width = 100
        let sink = OutputSink(capturing: ())
        var messages = ""
        _ = runner.run(inputs: [Self.samples.appendingPathComponent("long-huu.xlsx").path], criteriaPaths: [CLIFixtures.criteriaFolder],
                       output: sink, messages: &messages)
        let lines = (sink.captured ?? "").components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix(" 3. long-huu.xlsx [Hộ gia đình] row 154 — Household code HO0153") })
        // Row 154 of the sheet: 3 children of the age, 5 exempted (marked), 3 at school.
        let row = lines.drop { !$0.contains("row 154") }
        #expect(row.contains { $0.hasPrefix("       Số trẻ được miễn ") && $0.hasSuffix(" 5 ◄") })
        #expect(row.contains { $0.hasPrefix("       Số trẻ trong độ tuổi phổ cập ") && $0.hasSuffix(" 3") })
    }

    @Test("an annex or a list of rows to correct left in the survey folder is skipped as an earlier report")
    func newReportsAreEarlierReports() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["ho-gia-dinh.csv", "dong-ho.csv", "ap.csv"] {
            try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("long-huu/\(name)"), to: folder.appendingPathComponent(name))
        }
        var annex = ScoreRunner(language: .vietnamese)
        annex.report.onlyCertified = true
        let annexSink = OutputSink(capturing: ())
        var messages = ""
        _ = annex.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder], output: annexSink, messages: &messages)
        try (annexSink.captured ?? "").write(to: folder.appendingPathComponent("phu-luc.txt"), atomically: true, encoding: .utf8)
        var errors = ScoreRunner(language: .vietnamese)
        errors.errorsOnly = true
        let errorsSink = OutputSink(capturing: ())
        _ = errors.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder], output: errorsSink, messages: &messages)
        try (errorsSink.captured ?? "").write(to: folder.appendingPathComponent("can-sua.txt"), atomically: true, encoding: .utf8)

        var again = ScoreRunner(language: .vietnamese)
        again.format = .csv
        var notes = ""
        let status = again.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder], output: OutputSink(capturing: ()), messages: &notes)
        #expect(status == 0)
        #expect(notes.contains("phu-luc.txt: kết quả cũ của khuyenhoc"))
        #expect(notes.contains("can-sua.txt: kết quả cũ của khuyenhoc"))
    }
}
