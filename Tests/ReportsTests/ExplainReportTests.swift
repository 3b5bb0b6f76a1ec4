import Foundation
import Reports
import Scoring
import Testing
import TextSupport

@Suite("Explain report")
struct ExplainReportTests {
    static func card(_ key: String, model: String? = nil, _ language: Language) -> (found: Bool, text: String) {
        let run = ReportFixture.run()
        var found = false
        let text = ReportFixture.text { found = ExplainReport(language: language).write(key: key, model: model, run: run, to: $0) }
        return (found, text)
    }

    @Test("the score card of a family that passed on the lower mark of a disadvantaged area",
          arguments: [Language.vietnamese, .english])
    func family(language: Language) {
        let (found, text) = Self.card("HO04", language)
        #expect(found)
        ReportFixture.expectGolden(text, "explain-family-\(language.rawValue).txt")
    }

    @Test("the score card of a clan disqualified by one of its households", arguments: [Language.vietnamese, .english])
    func clan(language: Language) {
        let (found, text) = Self.card("DH01", model: "dong-ho-hoc-tap", language)
        #expect(found)
        ReportFixture.expectGolden(text, "explain-clan-\(language.rawValue).txt")
    }

    @Test("the score card of a hamlet that reached 40 points through its disadvantaged-area rule",
          arguments: [Language.vietnamese, .english])
    func hamlet(language: Language) {
        let (found, text) = Self.card("LD", model: "cong-dong-hoc-tap", language)
        #expect(found)
        ReportFixture.expectGolden(text, "explain-hamlet-\(language.rawValue).txt")
    }

    @Test("an unreadable row shows its problems")
    func rejectedRow() {
        let (found, text) = Self.card("HO12", .vietnamese)
        #expect(found)
        #expect(text.contains("ho-gia-dinh.csv dòng 13"))
        #expect(text.contains("cột \"Số trẻ đến trường\": \"2,5\" không phải số nguyên"))
    }

    @Test("an unknown key is reported with the keys that look like it")
    func unknownKey() {
        let (found, text) = Self.card("HO1", .vietnamese)
        #expect(!found)
        #expect(text.hasPrefix("Không tìm thấy mã \"HO1\"."))
        // Keys containing what was typed come first, then keys one or two edits away.
        #expect(text.contains("Mã gần giống: HO10, HO11, HO12, HO01"))
        let english = Self.card("ho01", model: "gia-dinh-hoc-tap", .english)
        #expect(!english.found)
        #expect(english.text.contains("Similar keys: HO01"))
    }

    @Test("an unknown model lists the models")
    func unknownModel() {
        let (found, text) = Self.card("HO01", model: "gia-dinh", .english)
        #expect(!found)
        #expect(text.contains("gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap"))
    }
}
