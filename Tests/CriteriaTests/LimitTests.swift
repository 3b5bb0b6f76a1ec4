import Criteria
import Foundation
import Testing

/// What results store in fixed-width numbers is a limit `check` names, not one that scores
/// wrongly: a file beyond it is refused with the count and the limit.
@Suite("Limits of the stored results are refused by name")
struct LimitTests {
    /// The shipped household file with `original` replaced, loaded from a folder of its own.
    static func load(replacing original: String, with replacement: String) throws -> CriteriaLoadReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOfFile: CriteriaFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: replacement)
        try text.write(to: folder.appendingPathComponent("gia-dinh-hoc-tap.xml"), atomically: true, encoding: .utf8)
        return CriteriaFixtures.loader.load(paths: [folder.path])
    }

    @Test("more pass marks than a result can name are refused, naming the limit")
    func passMarks() throws {
        let original = #"<mark value="70" when="ho_ngheo" note="hộ nghèo" note-en="poor household"/>"#
        let extra = (0..<CompiledModel.maximumPassMarks).map { #"<mark value="75" when="tre_do_tuoi = \#($0)"/>"# }
        let report = try Self.load(replacing: original, with: ([original] + extra).joined(separator: "\n      "))
        #expect(!report.isUsable)
        let messages = report.diagnostics.map { $0.message(in: .english) }
        #expect(messages.contains { $0.contains("130 pass marks") && $0.contains("at most \(CompiledModel.maximumPassMarks)") },
                "\(messages)")
    }

    @Test("as many pass marks as a result can name are accepted")
    func passMarksAtTheLimit() throws {
        let original = #"<mark value="70" when="ho_ngheo" note="hộ nghèo" note-en="poor household"/>"#
        let extra = (0..<(CompiledModel.maximumPassMarks - 3)).map { #"<mark value="75" when="tre_do_tuoi = \#($0)"/>"# }
        let report = try Self.load(replacing: original, with: ([original] + extra).joined(separator: "\n      "))
        #expect(report.isUsable, "\(report.diagnostics.map { $0.message(in: .english) })")
        #expect(report.criteria.model(id: "gia-dinh-hoc-tap")?.passMarkRules.count == CompiledModel.maximumPassMarks)
    }
}
