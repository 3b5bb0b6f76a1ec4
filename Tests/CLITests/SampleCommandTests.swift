import Foundation
import Reports
import Testing
@testable import KhuyenhocCLI

/// `khuyenhoc sample`: the summary line, the folder it creates, and the criteria it follows.
@Suite struct SampleCommandTests {
    static let households = "ho-gia-dinh.csv"

    @Test func summaryLineInBothLanguages() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var s = try Sample.parse(["--households", "1", "--criteria", CLIFixtures.criteriaFolder, folder.path]).write()
        s.households = 1_000_000; s.clans = 50_010; s.hamlets = 4_997; s.communes = 200; s.errorRows = 1_021
        let vi = Sample.summaryLine(s, directory: "/tmp/s", language: .vietnamese)
        #expect(vi == "Đã tạo 3 tệp trong /tmp/s: ho-gia-dinh.csv (1.000.000 hộ, 1.021 dòng cố ý sai), dong-ho.csv (50.010 dòng họ), ap.csv (4.997 ấp) — 200 xã.")
        let en = Sample.summaryLine(s, directory: "/tmp/s", language: .english)
        #expect(en == "Wrote 3 files in /tmp/s: ho-gia-dinh.csv (1,000,000 households, 1,021 deliberately wrong rows), dong-ho.csv (50,010 clans), ap.csv (4,997 hamlets) — 200 communes.")
        s.hamlets = 1; s.communes = 1; s.errorRows = 0
        #expect(Sample.summaryLine(s, directory: "d", language: .english).hasSuffix("ap.csv (1 hamlet) — 1 commune."))
        s.files.removeLast(2)
        #expect(Sample.summaryLine(s, directory: "d", language: .english)
            == "Wrote 1 files in d: ho-gia-dinh.csv (1,000,000 households, 0 deliberately wrong rows) — 1 commune.")
    }

    @Test func commandCreatesTheFolder() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("khuyenhoc-sample-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let command = try Sample.parse(["--households", "250", "--seed", "4", "--lang", "en",
                                        "--criteria", CLIFixtures.criteriaFolder, directory.path])
        try command.run()
        for file in ["ho-gia-dinh.csv", "dong-ho.csv", "ap.csv"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path))
        }
        #expect(throws: (any Error).self) { try Sample.parse(["--households", "0", directory.path]) }
    }

    /// A province adds two household fields to its copy of the criteria; `sample --criteria`
    /// writes them with values within their bounds, and the files score with the same criteria:
    /// every row is in the results, and only the deliberately wrong ones are errors.
    @Test func sampleFollowsTheCriteriaItIsGiven() throws {
        let criteria = try Self.criteriaWithAddedFields()
        let output = try Self.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: criteria)
            try? FileManager.default.removeItem(at: output)
        }
        let summary = try Sample.parse(["--households", "4000", "--seed", "11", "--criteria", criteria.path, output.path]).write()

        let text = try String(contentsOf: output.appendingPathComponent(Self.households), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        #expect(Array(header.suffix(2)) == ["so_buoi_doc_sach", "co_the_thu_vien"])
        #expect(lines.count == 4_000)
        var sessions = Set<Int>()
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let value = try #require(Int(cells[header.count - 2]), "not a whole number: \(line)")
            #expect((1...8).contains(value))
            sessions.insert(value)
        }
        #expect(sessions.count == 8)

        var runner = ScoreRunner(language: .english)
        runner.format = .csv
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.run(inputs: [output.path], criteriaPaths: [criteria.path],
                                output: sink, messages: &messages)
        #expect(status == 0, "\(messages)")
        #expect(!messages.contains("ERROR"), "\(messages)")
        let results = (sink.captured ?? "").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let householdResults = results.filter { $0[0] == "gia-dinh-hoc-tap" }
        #expect(householdResults.count == 4_000, "every generated household is in the results")
        #expect(householdResults.filter { $0[5] == "loi" }.count == summary.errorRows,
                "only the deliberately wrong rows are errors")
        #expect(results.filter { $0[0] == "dong-ho-hoc-tap" && $0[5] != "loi" }.count == summary.clans)
        #expect(results.filter { $0[0] == "cong-dong-hoc-tap" && $0[5] != "loi" }.count == summary.hamlets)
    }

    @Test func brokenCriteriaWriteNothing() throws {
        let output = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let command = try Sample.parse(["--households", "10", "--criteria", CLIFixtures.brokenFile, output.path])
        #expect(throws: (any Error).self) { try command.write() }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(Self.households).path))
    }

    static func temporaryFolder() throws -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-sample-\(UUID().uuidString)")
    }

    /// A copy of the shipped criteria folder whose household model has two more fields.
    static func criteriaWithAddedFields() throws -> URL {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: URL(fileURLWithPath: CLIFixtures.criteriaFolder), to: folder)
        let file = folder.appendingPathComponent("gia-dinh-hoc-tap.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let end = try #require(text.range(of: "  </fields>"))
        let added = """
                <field id="so_buoi_doc_sach" type="int" min="1" max="8" label="Số buổi đọc sách trong tháng" label-en="Reading sessions a month"/>
                <field id="co_the_thu_vien" type="bool" label="Có thẻ thư viện" label-en="Has a library card"/>

            """
        try text.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: added)
            .write(to: file, atomically: true, encoding: .utf8)
        return folder
    }
}
