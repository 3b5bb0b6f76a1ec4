import Foundation
import KhuyenhocCLI
import Testing
import Reports
import TextSupport

/// Issue 15, acceptance 3 at the command: `check FILE` alone, a broken file among good ones,
/// warnings, and `--sample`.
@Suite("khuyenhoc check: one file at a time, each file its own mistakes")
struct CheckProvinceEditsTests {
    /// A copy of the shipped folder with the household file edited (old text → new text).
    static func folder(editing edits: [(String, String)]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            try FileManager.default.copyItem(atPath: CLIFixtures.shipped(name), toPath: url.appendingPathComponent(name).path)
        }
        let file = url.appendingPathComponent("gia-dinh-hoc-tap.xml").path
        var text = try String(contentsOfFile: file, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return url.path
    }

    static func check(_ paths: [String], _ language: Language = .vietnamese, sample: [String] = []) -> (Int32, String) {
        var runner = CheckRunner(language: language)
        runner.sample = sample
        var output = ""
        let status = runner.run(paths: paths, output: &output)
        return (status, output)
    }

    @Test("check on the shipped clan file alone: OK, with the files it used beside it", arguments: [Language.vietnamese, .english])
    func shippedClanAlone(_ language: Language) {
        let (status, output) = Self.check([CLIFixtures.shipped("dong-ho-hoc-tap.xml")], language)
        #expect(status == 0)
        #expect(output.contains("OK  dong-ho-hoc-tap"))
        #expect(!output.contains("LỖI") && !output.contains("ERROR") && !output.contains("không có trong các tệp"))
        let used = language.pick("Dùng kèm \(CLIFixtures.shipped("gia-dinh-hoc-tap.xml"))", "Using \(CLIFixtures.shipped("gia-dinh-hoc-tap.xml"))")
        #expect(output.contains(used), "\(output)")
        // Only the named file is reported on.
        #expect(output.components(separatedBy: "\n").filter { $0.hasPrefix("OK  ") }.count == 1)
    }

    @Test("Each shipped file alone is OK")
    func eachShippedFileAlone() {
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            let (status, output) = Self.check([CLIFixtures.shipped(name)])
            #expect(status == 0, "\(name): \(output)")
            #expect(!output.contains("CẢNH BÁO"), "\(name): \(output)")
        }
    }

    @Test("A pass mark of 700 in the household file: one error at its line; clan and hamlet not checked, no error of theirs")
    func brokenHouseholdInTheFolder() throws {
        let folder = try Self.folder(editing: [(#"<otherwise value="80"/>"#, #"<otherwise value="700"/>"#)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let household = (folder as NSString).appendingPathComponent("gia-dinh-hoc-tap.xml")
        let text = try String(contentsOfFile: household, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains(#"<otherwise value="700"/>"#) }! + 1

        let (status, output) = Self.check([folder])
        #expect(status == 1)
        let errors = output.components(separatedBy: "\n").filter { $0.hasPrefix("LỖI ") }
        #expect(errors == ["LỖI \(household):\(line) <otherwise>: mức đạt 700 lớn hơn tổng điểm 100 của thang: không ai đạt được"])
        #expect(output.contains("CHƯA KIỂM TRA \((folder as NSString).appendingPathComponent("dong-ho-hoc-tap.xml"))"))
        #expect(output.contains("1 lỗi trong tệp tiêu chí"))

        // The clan file alone, beside the broken household file: not checked, and why.
        let clan = (folder as NSString).appendingPathComponent("dong-ho-hoc-tap.xml")
        let (clanStatus, clanOutput) = Self.check([clan], .english)
        #expect(clanStatus == 1)
        #expect(!clanOutput.contains("ERROR"))
        #expect(clanOutput.contains("NOT CHECKED \(clan):48 <relation>: not checked: relation 'ho' refers to model 'gia-dinh-hoc-tap' (\(household)), which has errors; fix that file first"))
    }

    @Test("--sample: a level no household of the sample reaches is a warning at the level's line")
    func levelNoSampleEntityReaches() throws {
        // Totals are multiples of 5 in the sample: no household has 91 to 94 points.
        let folder = try Self.folder(editing: [(
            #"<level id="tieu-bieu" label="Tiêu biểu" label-en="Exemplary" when="total ≥ 95"/>"#,
            #"<level id="tieu-bieu" label="Tiêu biểu" label-en="Exemplary" when="total ≥ 95"/>"#
                + "\n      " + #"<level id="kha" label="Khá" label-en="Good" when="total ≥ 91"/>"#)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let household = (folder as NSString).appendingPathComponent("gia-dinh-hoc-tap.xml")
        let text = try String(contentsOfFile: household, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains(#"id="kha""#) }! + 1
        let sample = CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path
        let (status, output) = Self.check([household], sample: [sample])
        #expect(status == 0)
        #expect(output.contains("CẢNH BÁO \(household):\(line) <level>: không có đối tượng nào trong 356 đối tượng của dữ liệu mẫu đạt mức 'Khá' (kha)"), "\(output)")
        #expect(output.components(separatedBy: "\n").filter { $0.hasPrefix("CẢNH BÁO") }.count == 1)
    }

    @Test("A validity period: check shows it; scoring a year outside it warns in the messages and in the list")
    func validityPeriod() throws {
        let folder = try Self.folder(editing: [(#"entity="hộ gia đình" entity-en="household">"#,
                                                #"entity="hộ gia đình" entity-en="household" valid-from="2021" valid-to="2025">"#)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = Self.check([folder])
        #expect(status == 0)
        #expect(output.contains("    hiệu lực: 2021–2025"))
        let households = CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path
        for (year, warned) in [(2026, true), (2025, false), (2021, false), (2020, true)] {
            var runner = ScoreRunner(language: .vietnamese)
            runner.report.year = year
            let sink = OutputSink(capturing: ())
            var messages = ""
            #expect(runner.run(inputs: [households], criteriaPaths: [folder], output: sink, messages: &messages) == 0)
            let warning = "năm \(year) nằm ngoài thời gian hiệu lực của bộ tiêu chí gia-dinh-hoc-tap 2024.1 (2021–2025)"
            #expect(messages.contains("CẢNH BÁO " + warning) == warned, "\(year)")
            #expect((sink.captured ?? "").contains("CẢNH BÁO: " + warning) == warned, "\(year)")
            #expect((sink.captured ?? "").contains("Hiệu lực: 2021–2025"))
        }
        // From after to: an error at the <model> tag.
        let reversed = try Self.folder(editing: [(#"entity="hộ gia đình" entity-en="household">"#,
                                                  #"entity="hộ gia đình" entity-en="household" valid-from="2026" valid-to="2025">"#)])
        defer { try? FileManager.default.removeItem(atPath: reversed) }
        let (reversedStatus, reversedOutput) = Self.check([reversed], .english)
        #expect(reversedStatus == 1)
        #expect(reversedOutput.contains("valid-from (2026) is after valid-to (2025)"))
    }
}
