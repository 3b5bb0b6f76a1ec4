import Foundation
import KhuyenhocCLI
import Reports
import Testing

/// `khuyenhoc score` on the shipped sample commune reproduces the output of the independent
/// reference scorer (`Tools/reference_scorer.py`), whose rows were also worked out by hand in
/// `Samples/README.md`.
@Suite struct ScoreSampleTests {
    static let samples = CLIFixtures.repository.appendingPathComponent("Samples")

    func score(_ input: String, format: ScoreFormat = .csv, threads: Int = 1) -> (status: Int32, output: String, messages: String) {
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = format
        runner.threads = threads
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.run(inputs: [Self.samples.appendingPathComponent(input).path], criteriaPaths: [CLIFixtures.criteriaFolder], output: sink, messages: &messages)
        return (status, sink.captured ?? "", messages)
    }

    func expected() throws -> String {
        try String(contentsOf: Self.samples.appendingPathComponent("expected.csv"), encoding: .utf8)
    }

    @Test func csvFolderReproducesExpectedCSV() throws {
        let result = score("long-huu")
        #expect(result.status == 0)
        #expect(result.output == (try expected()))
        #expect(result.messages.contains("gia-dinh-hoc-tap: đọc 360 dòng: 356 hợp lệ, 4 lỗi"))
    }

    @Test func workbookGivesTheSameResults() throws {
        let result = score("long-huu.xlsx")
        #expect(result.status == 0)
        // Only the place named in error messages differs: the workbook's sheet instead of the CSV file.
        let adjusted = try expected().replacingOccurrences(of: "ho-gia-dinh.csv dòng", with: "long-huu.xlsx [Hộ gia đình] dòng")
        #expect(result.output == adjusted)
    }

    /// The printed list an association would file: official layout, pages of 60 lines, width 132.
    @Test func officialReportIsTheCommittedOne() throws {
        var runner = ScoreRunner(language: .vietnamese)
        runner.report.width = 132
        runner.report.paginate = true
        runner.report.organization = "Hội Khuyến học xã Long Hữu"
        runner.report.place = "Long Hữu"
        runner.report.date = ReportDate(year: 2024, month: 11, day: 5)
        runner.report.year = 2024
        runner.report.signer = "Nguyễn Văn An"
        let sink = OutputSink(capturing: ())
        var messages = ""
        _ = runner.run(inputs: [Self.samples.appendingPathComponent("long-huu").path], criteriaPaths: [CLIFixtures.criteriaFolder], output: sink, messages: &messages)
        let expected = try String(contentsOf: Self.samples.appendingPathComponent("expected-report.txt"), encoding: .utf8)
        #expect(sink.captured == expected)
        // The hamlet summary agrees with expected.csv (counted there independently): LD 70 scored, 17/28/25;
        // the error rows are counted in the hamlet they name (LK: the two HO0033 rows).
        #expect(expected.contains(" LD               70         17   28         25    0            64,3%"))
        #expect(expected.contains(" LK               74         28   28         18    2            75,7%"))
    }

    @Test func parallelScoringGivesTheSameBytes() throws {
        #expect(score("long-huu", threads: 2).output == score("long-huu", threads: 1).output)
    }

    @Test func aFolderWithoutSurveyFilesExitsWithOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var runner = ScoreRunner(language: .english)
        runner.format = .csv
        var messages = ""
        let status = runner.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder],
                                output: OutputSink(capturing: ()), messages: &messages)
        #expect(status == 1)
        #expect(messages.contains("no survey file"))
    }

    @Test func aMissingInputFileExitsWithOne() {
        let result = score("no-such-folder")
        #expect(result.status == 1)
        #expect(result.messages.contains("không tìm thấy"))
    }
}
