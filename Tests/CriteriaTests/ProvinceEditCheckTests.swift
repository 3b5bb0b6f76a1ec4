import Criteria
import Foundation
import Testing

/// The shipped criteria folder with one file edited as a province would: each edit replaces a
/// text that must be in the file. Written to a folder of its own (removed by ``remove()``).
struct EditedCriteria {
    let folder: String
    let file: String
    /// The line of the first edited text in the edited file (1-based).
    let line: Int

    init(_ edits: [(String, String)], in name: String = "gia-dinh-hoc-tap.xml") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for shipped in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            try FileManager.default.copyItem(atPath: CriteriaFixtures.shipped(shipped), toPath: url.appendingPathComponent(shipped).path)
        }
        folder = url.path
        file = url.appendingPathComponent(name).path
        var text = try String(contentsOfFile: file, encoding: .utf8)
        var first: Int?
        for (old, new) in edits {
            let range = try #require(text.range(of: old), "\(old) is not in \(name)")
            text.replaceSubrange(range, with: new)
            if first == nil { first = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1 }
        }
        line = first ?? 0
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func load() -> CriteriaLoadReport { CriteriaLoader().load(paths: [folder]) }
}

/// Issue 15, acceptance 3: what `check` said OK to, or cascaded into other files. Each edit of
/// the household file gives exactly its own error, at the edited line; the clan and hamlet
/// files, which relate to it, are "not checked" (a note), never given errors of their own.
@Suite("Province edits that cannot be right are errors of their own file and line")
struct ProvinceEditCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var old: String
        var new: String
        var problem: CriteriaDiagnostic.Problem
        var vietnamese: String
        /// Where the error is reported from the edited line: an indicator's problem at its
        /// `<indicator>` line, the line above its first point line.
        var lineOffset = 0
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "a pass mark of 700 in a 100-point model",
              old: #"<otherwise value="80"/>"#, new: #"<otherwise value="700"/>"#,
              problem: .passMarkAboveTotal(value: 700, total: 100),
              vietnamese: "mức đạt 700 lớn hơn tổng điểm 100 của thang"),
        .init(name: "a level at total ≥ 950",
              old: #"when="total ≥ 95""#, new: #"when="total ≥ 950""#,
              problem: .thresholdUnreachable(name: "total", value: "950", maximum: 100),
              vietnamese: "total so với 950 không bao giờ đúng: total chỉ từ 0 đến 100 điểm"),
        .init(name: "a level below zero",
              old: #"when="total ≥ 95""#, new: #"when="total ≥ -5""#,
              problem: .thresholdBelowZero(name: "total", value: "-5"),
              vietnamese: "so sánh total với -5, một số âm"),
        .init(name: "a pass mark condition on a group beyond its maximum",
              old: #"<mark value="70" when="vung_kho_khan""#, new: #"<mark value="70" when="vung_kho_khan and TC3 > 20""#,
              problem: .thresholdUnreachable(name: "TC3", value: "20", maximum: 20),
              vietnamese: "TC3 chỉ từ 0 đến 20 điểm"),
        .init(name: "a group minimum above its maximum",
              old: #"<group id="TC4" max="20" min="10""#, new: #"<group id="TC4" max="20" min="25""#,
              problem: .minimumAboveMaximum(group: "TC4", minimum: 25, maximum: 20),
              vietnamese: "điểm tối thiểu 25 của TC4 lớn hơn điểm tối đa 20"),
        .init(name: "points above the indicator's maximum",
              old: #"<points value="5" when="phuong_tien"/>"#, new: #"<points value="6" when="phuong_tien"/>"#,
              problem: .pointsAboveMaximum(points: 6, maximum: 5),
              vietnamese: "mức điểm 6 lớn hơn điểm tối đa 5"),
        .init(name: "an indicator whose best line is below its maximum",
              old: #"<points value="5" when="phuong_tien"/>"#, new: #"<points value="4" when="phuong_tien"/>"#,
              problem: .indicatorMaximumNotReached(indicator: "3.2", maximum: 5, best: 4),
              vietnamese: "chỉ số 3.2 có điểm tối đa 5 nhưng dòng điểm cao nhất chỉ cho 4 điểm", lineOffset: -1),
    ]

    @Test(arguments: cases)
    func oneErrorAtTheEditedLine(_ edit: Case) throws {
        let edited = try EditedCriteria([(edit.old, edit.new)])
        defer { edited.remove() }
        let report = edited.load()
        #expect(!report.isUsable)
        #expect(report.diagnostics.map(\.problem) == [edit.problem], "\(report.diagnostics.map(\.description))")
        // (A group's problem is reported at the group, whose start tag is the edited line.)
        let line = edited.line + edit.lineOffset
        let error = try #require(report.diagnostics.first)
        #expect(error.location.file == edited.file && error.location.line == line)
        #expect(error.message(in: .vietnamese).contains(edit.vietnamese), "\(error.message(in: .vietnamese))")
        #expect(error.message(in: .vietnamese).hasPrefix("\(edited.file):\(line)"))
        // The clan and the hamlet relate to the households: set aside with a note, no error.
        #expect(Set(report.notes.map { ($0.location.file as NSString).lastPathComponent }) == ["dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"])
        #expect(report.notes.allSatisfy {
            if case .relatedModelBroken(_, "gia-dinh-hoc-tap", edited.file?) = $0.problem { return true } else { return false }
        })
        #expect(report.models.isEmpty)
    }

    @Test("A line after one whose condition always holds is a warning at its line; the file stays usable")
    func lineAfterAlwaysTrue() throws {
        // tre_do_tuoi has min="0": `tre_do_tuoi ≥ 0` holds for every household, so 1.3's next
        // line (`tre_ngoan`, one line below) is never reached.
        let edited = try EditedCriteria([(#"<points value="10" when="tre_do_tuoi = 0"/>"#, #"<points value="10" when="tre_do_tuoi ≥ 0"/>"#)])
        defer { edited.remove() }
        let report = edited.load()
        #expect(report.isUsable)
        #expect(report.warnings.map(\.problem) == [.ruleAfterAlwaysTrue(after: edited.line)])
        #expect(report.warnings.first?.location.line == edited.line + 1)
        #expect(report.warnings.first?.location.file == edited.file)
        #expect(report.warnings.first?.message(in: .english).contains("the condition on line \(edited.line) always holds") == true)
    }

    @Test("A field no rule, check or relation reads is a warning at the field's line")
    func fieldNeverRead() throws {
        // Without the poor-household mark, nothing reads ho_ngheo.
        let edited = try EditedCriteria([(#"<mark value="70" when="ho_ngheo" note="hộ nghèo" note-en="poor household"/>"#, "")])
        defer { edited.remove() }
        let report = edited.load()
        #expect(report.isUsable)
        #expect(report.warnings.map(\.problem) == [.fieldNeverRead("ho_ngheo")])
        let text = try String(contentsOfFile: edited.file, encoding: .utf8)
        let fieldLine = text.components(separatedBy: "\n").firstIndex { $0.contains(#"<field id="ho_ngheo""#) }! + 1
        #expect(report.warnings.first?.location.line == fieldLine)
    }

    @Test("The shipped criteria have no warning: every field is read, no line is hidden")
    func shippedHaveNoWarnings() {
        let report = CriteriaLoader().load(paths: [CriteriaFixtures.shippedFolder])
        #expect(report.isUsable)
        #expect(report.warnings.isEmpty, "\(report.warnings.map(\.description))")
        #expect(report.notes.isEmpty)
    }

    @Test("A misspelled name in the household file: its one error; the clan and hamlet files not checked, no error of theirs")
    func brokenHouseholdDoesNotBlameOthers() throws {
        let edited = try EditedCriteria([(#"<points value="10" when="tham_gia_khuyen_hoc"/>"#, #"<points value="10" when="tham_gia_khuyen_hocc"/>"#)])
        defer { edited.remove() }
        let report = edited.load()
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.allSatisfy { $0.location.file == edited.file })
        #expect(!report.diagnostics.contains { if case .unknownModel = $0.problem { return true } else { return false } })
        #expect(report.notes.count == 2)
    }
}
