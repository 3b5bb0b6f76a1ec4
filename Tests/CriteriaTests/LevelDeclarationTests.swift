import Criteria
import Foundation
import Testing
import TextSupport

/// Levels as a criteria file declares them (`<levels certified>`, `<level id label label-en>`):
/// what is read, and the mistakes `check` reports at their line.
@Suite("Declared levels: ids, labels, the certified set")
struct LevelDeclarationTests {
    static let shippedLevel = #"<level id="tieu-bieu" label="Tiêu biểu" label-en="Exemplary" when="total ≥ 95"/>"#

    @Test("Three levels, best first, with their labels; only the named ones recognised")
    func threeLevels() throws {
        let edited = try EditedCriteria([
            (#"<levels certified="tieu-bieu dat">"#, #"<levels certified="xuat-sac">"#),
            (Self.shippedLevel, #"<level id="xuat-sac" label="Xuất sắc" when="total ≥ 95"/><level id="kha" label="Khá" label-en="Good" when="total ≥ 90"/>"#),
        ])
        defer { edited.remove() }
        let report = edited.load()
        #expect(report.isUsable, "\(report.diagnostics.map(\.description))")
        let model = try #require(report.models.first { $0.id == "gia-dinh-hoc-tap" })
        #expect(model.levels.map(\.id) == ["xuat-sac", "kha", "dat"])
        #expect(model.levels.map(\.certified) == [true, false, false])
        #expect(model.levelName(.declared(0), .english) == "Xuất sắc")   // no label-en: the label
        #expect(model.levelName(.declared(1), .english) == "Good")
        #expect(model.levelName(.declared(2), .vietnamese) == "Đạt")
        #expect(model.levelName(.notCertified, .vietnamese) == "Không đạt")
        #expect(model.level(id: "kha") == .declared(1) && model.level(id: "khong-dat") == .notCertified)
        #expect(Level.declared(2) < .notCertified && Level.notCertified < .error)
    }

    @Test("The first version's level=\"…\" is still read, with the built-in words")
    func firstVersionSyntax() throws {
        let edited = try EditedCriteria([
            (#"<levels certified="tieu-bieu dat">"#, "<levels>"),
            (Self.shippedLevel, #"<level level="tieu-bieu" when="total ≥ 95"/>"#),
            (#"<otherwise id="dat" label="Đạt" label-en="Certified"/>"#, #"<otherwise level="dat"/>"#),
        ])
        defer { edited.remove() }
        let report = edited.load()
        #expect(report.isUsable)
        let model = try #require(report.models.first { $0.id == "gia-dinh-hoc-tap" })
        #expect(model.levels.map(\.id) == ["tieu-bieu", "dat"])
        #expect(model.levels.map { $0.label } == ["Tiêu biểu", "Đạt"])
        #expect(model.levelName(.declared(0), .english) == "Exemplary")
        #expect(model.levels.allSatisfy { $0.certified })
    }

    struct Mistake: Sendable, CustomTestStringConvertible {
        var name: String
        var edits: [(String, String)]
        var problem: CriteriaDiagnostic.Problem
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        .init(name: "a new level without a label",
              edits: [(Self.shippedLevel, #"<level id="xuat-sac" when="total ≥ 95"/>"#),
                      (#"certified="tieu-bieu dat""#, #"certified="xuat-sac dat""#)],
              problem: .levelWithoutLabel("xuat-sac")),
        .init(name: "khong-dat declared as a level",
              edits: [(Self.shippedLevel, #"<level id="khong-dat" label="Chưa đạt" when="total &lt; 50"/>"#),
                      (#"certified="tieu-bieu dat""#, #"certified="dat""#)],
              problem: .reservedLevelId("khong-dat")),
        .init(name: "a certified id that is no level",
              edits: [(#"certified="tieu-bieu dat""#, #"certified="tieu-bieu dat kha""#)],
              problem: .unknownLevel(attribute: "certified", id: "kha")),
    ]

    @Test(arguments: mistakes)
    func mistakeAtItsLine(_ mistake: Mistake) throws {
        let edited = try EditedCriteria(mistake.edits)
        defer { edited.remove() }
        let report = edited.load()
        #expect(!report.isUsable)
        let own = report.diagnostics.filter { $0.location.file == edited.file }
        #expect(own.map(\.problem) == [mistake.problem], "\(report.diagnostics.map(\.description))")
        #expect(report.diagnostics.count == own.count)
        // Reported at the element of the first edit: the <level>, or <levels> for `certified`.
        #expect(own.first?.location.line == edited.line, "\(own.map(\.description)) vs line \(edited.line)")
        #expect(own.first?.message(in: .vietnamese).isEmpty == false)
    }
}
