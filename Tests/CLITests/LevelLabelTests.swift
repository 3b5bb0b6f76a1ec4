import Foundation
import KhuyenhocCLI
import Reports
import Testing
import TextSupport

/// Issue 15, acceptance 1: a province's own levels. The household file of a test set declares
/// three levels with its own words, best first, and counts only the first two as recognised:
///
/// ```xml
/// <levels certified="xuat-sac kha">
///   <level id="xuat-sac" label="Gia đình học tập xuất sắc" label-en="Outstanding learning family" when="total ≥ 95"/>
///   <level id="kha" label="Khá" label-en="Good" when="total ≥ 90"/>
///   <otherwise id="dat-chuan" label="Đạt chuẩn" label-en="Up to standard"/>
/// </levels>
/// ```
///
/// The sample commune's households are scored with it. Their totals and the shipped levels are
/// those of `Samples/expected.csv` (the independent reference scorer's), so each household's new
/// level follows by hand: `tieu-bieu` (total ≥ 95) → `xuat-sac`; `dat` with a total of 90 or
/// more → `kha`; the other `dat` → `dat-chuan`; `khong-dat` and `loi` stay.
@Suite("Levels a province declares: ids in the CSV, labels everywhere else")
struct LevelLabelTests {
    static let samples = CLIFixtures.repository.appendingPathComponent("Samples")
    static let households = samples.appendingPathComponent("long-huu/ho-gia-dinh.csv").path

    /// A folder holding the shipped household file with the three levels above.
    static func threeLevelCriteria() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-levels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: CLIFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        // The shipped lines, one by one (their indentation is left as it is).
        let edits = [
            (#"<levels certified="tieu-bieu dat">"#, #"<levels certified="xuat-sac kha">"#),
            (#"<level id="tieu-bieu" label="Tiêu biểu" label-en="Exemplary" when="total ≥ 95"/>"#,
             #"<level id="xuat-sac" label="Gia đình học tập xuất sắc" label-en="Outstanding learning family" when="total ≥ 95"/>"#
                + #"<level id="kha" label="Khá" label-en="Good" when="total ≥ 90"/>"#),
            (#"<otherwise id="dat" label="Đạt" label-en="Certified"/>"#,
             #"<otherwise id="dat-chuan" label="Đạt chuẩn" label-en="Up to standard"/>"#),
        ]
        for (shipped, edited) in edits {
            #expect(text.contains(shipped), "\(shipped)")
            text = text.replacingOccurrences(of: shipped, with: edited)
        }
        try text.write(to: folder.appendingPathComponent("gia-dinh-hoc-tap.xml"), atomically: true, encoding: .utf8)
        return folder.path
    }

    static func score(_ criteria: String, _ format: ScoreFormat, _ language: Language = .vietnamese) -> (Int32, String) {
        var runner = ScoreRunner(language: language)
        runner.format = format
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.run(inputs: [households], criteriaPaths: [criteria], output: sink, messages: &messages)
        return (status, sink.captured ?? "")
    }

    /// Household key → (total, level) of `Samples/expected.csv`.
    static func reference() throws -> [String: (total: Int?, level: String)] {
        let text = try String(contentsOf: samples.appendingPathComponent("expected.csv"), encoding: .utf8)
        var rows: [String: (Int?, String)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("gia-dinh-hoc-tap,") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[cells[2]] = (Int(cells[4]), cells[5])
        }
        return rows
    }

    /// The level the three-level file gives a household, from its reference total and level.
    static func renamed(_ total: Int?, _ level: String) -> String {
        switch level {
        case "tieu-bieu": "xuat-sac"
        case "dat": (total ?? 0) >= 90 ? "kha" : "dat-chuan"
        default: level
        }
    }

    @Test("CSV: the declared ids, for every household, as worked out from the reference")
    func csvKeepsIds() throws {
        let criteria = try Self.threeLevelCriteria()
        defer { try? FileManager.default.removeItem(atPath: criteria) }
        let (status, csv) = Self.score(criteria, .csv)
        #expect(status == 0)
        let reference = try Self.reference()
        var seen = 0
        var counts: [String: Int] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let expected = try #require(reference[cells[2]], "\(cells[2])")
            #expect(cells[5] == Self.renamed(expected.total, expected.level), "\(cells[2])")
            counts[cells[5], default: 0] += 1
            seen += 1
        }
        #expect(seen == 360)
        // 83 tiêu biểu; of the 139 đạt, 50 have 90 points or more.
        #expect(counts == ["xuat-sac": 83, "kha": 50, "dat-chuan": 89, "khong-dat": 134, "loi": 4])
        // Hand-picked: HO0210 (100 points), HO0284 (90), HO0355 (85).
        #expect(csv.contains("HO0210,Châu Văn Kiệt,100,xuat-sac,1,"))
        #expect(csv.contains("HO0284,Bùi Thị Bích,90,kha,84,"))
        #expect(csv.contains("HO0355,Danh Thị Chanh Ty,85,dat-chuan,134,"))
        #expect(!csv.contains("tieu-bieu") && !csv.contains(",dat,"))
    }

    @Test("Text report: the labels in the result column and the summary's columns; the rate counts the certified set", arguments: [Language.vietnamese, .english])
    func textShowsLabels(_ language: Language) throws {
        let criteria = try Self.threeLevelCriteria()
        defer { try? FileManager.default.removeItem(atPath: criteria) }
        let (status, text) = Self.score(criteria, .text, language)
        #expect(status == 0)
        let lines = text.split(separator: "\n").map(String.init)
        func line(_ key: String) -> String { lines.first { $0.contains(key) } ?? "" }
        if language == .vietnamese {
            #expect(line("HO0210").hasSuffix("Gia đình học tập xuất sắc"))
            #expect(line("HO0284").hasSuffix("Khá"))
            // (HO0355 is in a disadvantaged area: the pass mark that applied is noted, as with `Đạt (vùng KK)`.)
            #expect(line("HO0355").hasSuffix("Đạt chuẩn (vùng KK)"))
            #expect(!text.contains("Tiêu biểu"))
            // The summary has a column per level, in the declared order; 133 of 356 recognised.
            let header = try #require(lines.first { $0.contains("Số hộ chấm") })
            let a = try #require(header.range(of: "Gia đình học tập xuất sắc")), b = try #require(header.range(of: "Khá")),
                c = try #require(header.range(of: "Đạt chuẩn")), d = try #require(header.range(of: "Không đạt"))
            #expect(a.upperBound <= b.lowerBound && b.upperBound <= c.lowerBound && c.upperBound <= d.lowerBound)
            let commune = try #require(lines.first { $0.contains("Toàn xã") })
            #expect(commune.split(separator: " ").suffix(7).map(String.init) == ["356", "83", "50", "89", "134", "4", "37,4%"])
        } else {
            #expect(line("HO0210").hasSuffix("Outstanding learning family"))
            #expect(line("HO0284").hasSuffix("Good"))
            #expect(line("HO0355").hasSuffix("Up to standard (disadv. area)"))
            #expect(!text.contains("Exemplary"))
            let commune = try #require(lines.first { $0.contains("Whole commune") })
            #expect(commune.split(separator: " ").suffix(7).map(String.init) == ["356", "83", "50", "89", "134", "4", "37.4%"])
        }
    }

    @Test("JSON: the id and its label per household, the model's levels with the certified set")
    func jsonShowsLabels() throws {
        let criteria = try Self.threeLevelCriteria()
        defer { try? FileManager.default.removeItem(atPath: criteria) }
        let (status, text) = Self.score(criteria, .json)
        #expect(status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let model = try #require((document["models"] as? [[String: Any]])?.first)
        let levels = try #require(model["levels"] as? [[String: Any]])
        #expect(levels.map { $0["id"] as? String } == ["xuat-sac", "kha", "dat-chuan"])
        #expect(levels.map { $0["label"] as? String } == ["Gia đình học tập xuất sắc", "Khá", "Đạt chuẩn"])
        #expect(levels.map { $0["certified"] as? Bool } == [true, true, false])
        let results = try #require(document["results"] as? [[String: Any]])
        let ho0284 = try #require(results.first { $0["id"] as? String == "HO0284" })
        #expect(ho0284["level"] as? String == "kha" && ho0284["levelLabel"] as? String == "Khá")
        let ho0355 = try #require(results.first { $0["id"] as? String == "HO0355" })
        #expect(ho0355["level"] as? String == "dat-chuan" && ho0355["levelLabel"] as? String == "Đạt chuẩn")
    }

    @Test("explain: the level step and the result name the label", arguments: [Language.vietnamese, .english])
    func explainShowsLabels(_ language: Language) throws {
        let criteria = try Self.threeLevelCriteria()
        defer { try? FileManager.default.removeItem(atPath: criteria) }
        let runner = ScoreRunner(language: language)
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.explain(key: "HO0284", model: nil, inputs: [Self.households], criteriaPaths: [criteria],
                                    output: sink, messages: &messages)
        #expect(status == 0)
        let text = sink.captured ?? ""
        if language == .vietnamese {
            #expect(text.contains("Xếp mức: total ≥ 90 → Khá"))
            #expect(text.contains("Kết quả: Khá — hạng 84"))
        } else {
            #expect(text.contains("Level: total ≥ 90 → Good"))
            #expect(text.contains("Result: Good — rank 84"))
        }
    }

    @Test("The scoring sheet: the level rules and the boxes to tick name the labels, best first")
    func sheetShowsLabels() throws {
        let criteria = try Self.threeLevelCriteria()
        defer { try? FileManager.default.removeItem(atPath: criteria) }
        var output = ""
        let status = SheetRunner(language: .vietnamese, width: 120).run(model: "gia-dinh-hoc-tap", paths: [criteria], output: &output)
        #expect(status == 0)
        #expect(output.contains("Gia đình học tập xuất sắc nếu tổng điểm ≥ 95; Khá nếu tổng điểm ≥ 90; Đạt chuẩn trong các trường hợp còn lại."))
        #expect(output.contains("[ ] Gia đình học tập xuất sắc   [ ] Khá   [ ] Đạt chuẩn   [ ] Không đạt"))
        var english = ""
        _ = SheetRunner(language: .english, width: 120).run(model: "gia-dinh-hoc-tap", paths: [criteria], output: &english)
        #expect(english.contains("[ ] Outstanding learning family   [ ] Good   [ ] Up to standard   [ ] Not certified"))
    }
}
