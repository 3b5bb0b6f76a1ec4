import Foundation
import KhuyenhocCLI
import Reports
import Testing

/// Issue 13: a name typed as a formula goes into the CSV output as text, so a spreadsheet that
/// opens the results does not run it (CSV injection).
@Suite struct FormulaCellTests {
    @Test("names beginning with =, +, -, @ are written quoted with an apostrophe; other names as before")
    func formulaLookingNamesAreWrittenAsText() throws {
        let samples = CLIFixtures.repository.appendingPathComponent("Samples/long-huu")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-formula-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["ap.csv", "dong-ho.csv"] {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        var lines = try String(contentsOf: samples.appendingPathComponent("ho-gia-dinh.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let names = ["HO0001": "=HYPERLINK(\"\"http://x/\"\")", "HO0002": "+84 Lý Văn Mây", "HO0003": "-Lâm Văn Tỷ", "HO0004": "@SUM(A1)"]
        for (index, line) in lines.enumerated() {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > 1, let name = names[cells[0]] else { continue }
            cells[1] = name.contains("\"") ? "\"\(name)\"" : name
            lines[index] = cells.joined(separator: ",")
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("ho-gia-dinh.csv"))

        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .csv
        let sink = OutputSink(capturing: ())
        var messages = ""
        #expect(runner.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder], output: sink, messages: &messages) == 0)
        let output = sink.captured ?? ""
        func line(_ key: String) -> String? { output.split(separator: "\n").first { $0.contains(",\(key),") }.map(String.init) }
        #expect(line("HO0001")?.contains(",HO0001,\"'=HYPERLINK(\"\"http://x/\"\")\",") == true, "\(line("HO0001") ?? "")")
        #expect(line("HO0002")?.contains(",HO0002,\"'+84 Lý Văn Mây\",") == true, "\(line("HO0002") ?? "")")
        #expect(line("HO0003")?.contains(",HO0003,\"'-Lâm Văn Tỷ\",") == true, "\(line("HO0003") ?? "")")
        #expect(line("HO0004")?.contains(",HO0004,\"'@SUM(A1)\",") == true, "\(line("HO0004") ?? "")")
        // An ordinary name is written as it was.
        #expect(line("HO0005")?.contains(",HO0005,Dương Quốc Vũ,") == true, "\(line("HO0005") ?? "")")
    }
}
