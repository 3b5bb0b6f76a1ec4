import Foundation
import KhuyenhocCLI
import Testing
import TextSupport

/// Runs `khuyenhoc check --sheet MODEL` in-process.
private func sheet(_ model: String, language: Language = .vietnamese, width: Int = 100,
                   paths: [String] = [CLIFixtures.criteriaFolder]) -> (status: Int32, text: String) {
    var output = ""
    let status = SheetRunner(language: language, width: width).run(model: model, paths: paths, output: &output)
    return (status, output)
}

/// The cells of a table line: `| 3.2 | Phương tiện … | 5 | |` → ["3.2", "Phương tiện …", "5", ""].
private func cells(_ line: Substring) -> [String] {
    line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
        .map { $0.trimmingCharacters(in: .whitespaces) }
}

/// The text with wrapped lines joined again (outside the table), so a phrase can be found
/// wherever the line breaks fell.
private func flattened(_ text: String) -> String {
    text.replacingOccurrences(of: "\n +", with: " ", options: .regularExpression)
}

private func row(_ id: String, in text: String) -> [String]? {
    text.split(separator: "\n").first { $0.hasPrefix("| \(id) ") }.map(cells)
}

@Suite("khuyenhoc check --sheet")
struct SheetGoldenTests {
    static let models = ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"]

    @Test("The household sheet matches Golden/sheet-gia-dinh-hoc-tap.txt")
    func householdGolden() throws {
        let (status, text) = sheet("gia-dinh-hoc-tap")
        #expect(status == 0)
        if ProcessInfo.processInfo.environment["KHUYENHOC_UPDATE_GOLDEN"] == "1" {
            try text.write(to: CLIFixtures.goldenSource("sheet-gia-dinh-hoc-tap.txt"), atomically: true, encoding: .utf8)
        }
        let golden = try CLIFixtures.golden("sheet-gia-dinh-hoc-tap.txt")
        #expect(text == golden)
        if text != golden {
            let mine = text.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = golden.split(separator: "\n", omittingEmptySubsequences: false)
            if let first = zip(mine, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                Issue.record("line \(first.offset + 1):\n  got:      \(first.element.0)\n  expected: \(first.element.1)")
            }
        }
    }

    @Test("Every group and indicator is on the sheet with its maximum", arguments: [
        ("TC1", "30"), ("1.1", "10"), ("1.2", "10"), ("1.3", "10"), ("TC2", "30"), ("2.1", "10"), ("2.2", "10"),
        ("2.3", "10"), ("TC3", "20"), ("3.1", "10"), ("3.2", "5"), ("3.3", "5"), ("TC4", "20"), ("4.1", "10"), ("4.2", "10"),
    ])
    func maxima(_ id: String, _ maximum: String) throws {
        let cells = try #require(row(id, in: sheet("gia-dinh-hoc-tap").text))
        #expect(cells.count == 4)
        #expect(cells[2] == maximum)
        #expect(cells[3] == "", "the score column is left blank")
    }

    @Test("No line is wider than --width, and the table's right edge is straight",
          arguments: [60, 72, 100, 132], [Language.vietnamese, .english])
    func widths(_ width: Int, _ language: Language) {
        for model in Self.models {
            let (status, text) = sheet(model, language: language, width: width)
            #expect(status == 0)
            let lines = text.split(separator: "\n").map { String($0).precomposedStringWithCanonicalMapping }
            for line in lines { #expect(line.count <= width, "\(model) \(width): \(line)") }
            let table = lines.filter { $0.hasPrefix("|") || $0.hasPrefix("+") }
            #expect(Set(table.map(\.count)).count == 1, "\(model) \(width)")
            #expect(table.first?.count == width)
        }
    }

    @Test("Long rules wrap onto continuation lines instead of being cut")
    func wrapping() {
        let text = sheet("gia-dinh-hoc-tap", width: 60).text
        let rule = text.split(separator: "\n").map(cells).filter { $0.count == 4 }.map { $0[1] }
            .drop { !$0.hasPrefix("- 5 điểm nếu số trẻ học") }.prefix(5)
        #expect(rule.joined(separator: " ")
            .hasPrefix("- 5 điểm nếu số trẻ học lực đạt trở lên ≥ số trẻ đến trường hoặc số trẻ hạnh kiểm khá trở lên ≥ số trẻ đến trường"))
    }

    @Test("The English sheet")
    func english() {
        let (status, text) = sheet("gia-dinh-hoc-tap", language: .english)
        #expect(status == 0)
        #expect(text.contains("SCORING SHEET \"LEARNING FAMILY\""))
        #expect(text.contains("- 10 points if children who must attend school ≤ 0"))
        #expect(text.contains("- 0 points otherwise"))
        #expect(flattened(text).contains(
            "3. Pass mark: 70 points if disadvantaged area (disadv. area); 70 points if poor or near-poor household (poor household); 80 points otherwise."))
        #expect(text.contains("Exemplary if the total ≥ 95; Certified otherwise."))
        #expect(!text.contains("điểm nếu"))
    }

    @Test("Clan and hamlet sheets say what their aggregates count")
    func aggregates() {
        let clan = sheet("dong-ho-hoc-tap").text
        #expect(clan.contains("- Số hộ đạt Gia đình học tập = số hộ gia đình đạt"))
        #expect(clan.contains("- 40 điểm nếu tỉ lệ hộ đạt Gia đình học tập ≥ 0,7"))
        #expect(flattened(clan).contains("1. Không đạt nếu có hộ vi phạm (lý do: có hộ vi phạm pháp luật, mắc tệ nạn xã hội)"))
        let hamlet = sheet("cong-dong-hoc-tap").text
        #expect(hamlet.contains("- 40 điểm nếu vùng khó khăn và tỉ lệ hộ đạt Gia đình học tập ≥ 0,6"))
        #expect(flattened(hamlet).contains(
            "- Tỉ lệ trẻ đến trường = nếu số trẻ phải đến trường = 0 thì 1, ngược lại số trẻ đến trường / số trẻ phải đến trường"))
    }

    @Test("An edited criteria file prints an edited sheet")
    func editedFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-sheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var xml = try String(contentsOfFile: CLIFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        // 3.2 worth 4 instead of 5, 3.3 worth 6 instead of 5 (TC3 still 20), pass mark 75 instead of 80.
        let edits = [
            ("<indicator id=\"3.2\" max=\"5\"", "<indicator id=\"3.2\" max=\"4\""),
            ("<points value=\"5\" when=\"phuong_tien\"/>", "<points value=\"4\" when=\"phuong_tien\"/>"),
            ("<indicator id=\"3.3\" max=\"5\"", "<indicator id=\"3.3\" max=\"6\""),
            ("<points value=\"5\" when=\"quy_khuyen_hoc\"/>", "<points value=\"6\" when=\"quy_khuyen_hoc\"/>"),
            ("<otherwise value=\"80\"/>", "<otherwise value=\"75\"/>"),
        ]
        for (old, new) in edits {
            #expect(xml.contains(old))
            xml = xml.replacingOccurrences(of: old, with: new)
        }
        let file = folder.appendingPathComponent("gia-dinh-hoc-tap.xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)

        let (status, text) = sheet("gia-dinh-hoc-tap", paths: [file.path])
        #expect(status == 0)
        #expect(text != (try CLIFixtures.golden("sheet-gia-dinh-hoc-tap.txt")))
        #expect(row("3.2", in: text)?[2] == "4")
        #expect(row("3.3", in: text)?[2] == "6")
        #expect(row("TC3", in: text)?[2] == "20")
        #expect(text.contains("- 4 điểm nếu có phương tiện học tập"))
        #expect(!text.contains("- 5 điểm nếu có phương tiện học tập"))
        #expect(text.contains("- 6 điểm nếu có quỹ khuyến học gia đình"))
        #expect(flattened(text).contains("75 điểm trong các trường hợp còn lại. Không đạt nếu tổng điểm dưới điểm đạt."))
        #expect(!flattened(text).contains("80 điểm trong các trường hợp còn lại"))
    }

    @Test("An unknown model: exit 1 and the models that exist")
    func unknownModel() {
        let (status, text) = sheet("gia-dinh")
        #expect(status == 1)
        #expect(text.contains("Không có mô hình 'gia-dinh'"))
        for id in Self.models { #expect(text.contains(id)) }
    }

    @Test("A broken criteria file: exit 1 and its problems, no sheet")
    func brokenCriteria() {
        let (status, text) = sheet("gia-dinh-hoc-tap", paths: [CLIFixtures.brokenFile])
        #expect(status == 1)
        #expect(text.contains(":175 <points>"))
        #expect(!text.contains("PHIẾU CHẤM ĐIỂM"))
    }
}
