import KhuyenhocCLI
import Testing
import TextSupport

@Suite("khuyenhoc check")
struct CheckRunnerTests {
    @Test("The shipped criteria folder: exit 0 and one OK line per model")
    func shippedFolder() {
        var output = ""
        let status = CheckRunner(language: .vietnamese).run(paths: [CLIFixtures.criteriaFolder], output: &output)
        #expect(status == 0)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("OK  ") })
        for id in ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"] {
            #expect(lines.filter { $0.contains(" \(id) ") }.count == 1, "\(id) in \(lines)")
        }
        #expect(output.contains("gia-dinh-hoc-tap 2024.1 (Gia đình học tập): 4 tiêu chí, 11 chỉ số, 100 điểm"))
        #expect(!output.contains("LỖI"))
    }

    @Test("A broken file: exit 1, the file and line, and how to go on")
    func brokenFile() {
        var output = ""
        let status = CheckRunner(language: .vietnamese).run(paths: [CLIFixtures.brokenFile], output: &output)
        #expect(status == 1)
        #expect(output.contains("LỖI \(CLIFixtures.brokenFile):175 <points>"))
        #expect(output.contains("tên không xác định 'phuong_tien_hoc_tap'"))
        #expect(output.contains("1 lỗi trong tệp tiêu chí"))
        #expect(!output.contains("OK  "))

        var english = ""
        _ = CheckRunner(language: .english).run(paths: [CLIFixtures.brokenFile], output: &english)
        #expect(english.contains("ERROR \(CLIFixtures.brokenFile):175 <points>"))
        #expect(english.contains("unknown name 'phuong_tien_hoc_tap'"))
    }

    @Test("Good files next to a broken one: the good ones are still reported OK, but the exit is 1")
    func mixed() {
        // A clan file whose relation names a household model that does not exist (line 48).
        let brokenClan = CLIFixtures.repository.appendingPathComponent("Tests/CriteriaTests/Fixtures/broken/unknown-model.xml").path
        var output = ""
        let status = CheckRunner(language: .vietnamese).run(
            paths: [CLIFixtures.shipped("gia-dinh-hoc-tap.xml"), CLIFixtures.shipped("cong-dong-hoc-tap.xml"), brokenClan], output: &output)
        #expect(status == 1)
        #expect(output.contains("OK  gia-dinh-hoc-tap"))
        #expect(output.contains("OK  cong-dong-hoc-tap"))
        #expect(output.contains("LỖI \(brokenClan):48 <relation>"))
        #expect(!output.contains("OK  dong-ho-hoc-tap"))
    }
}
