import Criteria
import Foundation
import Testing
import TextSupport

/// One broken criteria file and what `khuyenhoc check` must say about it.
struct BrokenCriteriaCase: Sendable, CustomTestStringConvertible {
    /// The path under `Fixtures/broken/` that is loaded.
    var fixture: String
    /// The file the diagnostic must name, when it is not `fixture` (a file inside a folder).
    var reportedFile: String?
    /// Shipped files loaded alongside, so that only the fixture's own mistake is reported.
    var alongside: [String] = []
    /// The line of the mistake, counted by hand in the fixture.
    var line: Int
    var vietnamese: [String]
    var english: [String]
    /// How many diagnostics in all, when the mistake must be reported exactly so often.
    var count: Int? = 1

    var testDescription: String { fixture }
}

@Suite("Broken criteria files are refused with the line of the mistake")
struct BrokenCriteriaTests {
    static let cases: [BrokenCriteriaCase] = [
        // Indicator 3.2: `phuong_tien` misspelled.
        .init(fixture: "unknown-name.xml", line: 175,
              vietnamese: ["<points>", "tên không xác định 'phuong_tien_hoc_tap'"],
              english: ["unknown name 'phuong_tien_hoc_tap'"]),
        // Indicator 2.3: a tick box used as a number.
        .init(fixture: "type-mismatch-arithmetic.xml", line: 163,
              vietnamese: ["tham_gia_khuyen_hoc + 1", "cột 1", "sai kiểu ở '+': cần số, gặp đúng/sai"],
              english: ["type mismatch in '+': expected number, found boolean"]),
        // Indicator 4.1: a number where a condition is expected.
        .init(fixture: "type-mismatch-condition.xml", line: 186,
              vietnamese: ["when=\"tre_do_tuoi\"", "cần đúng/sai, gặp số"],
              english: ["expected boolean, found number"]),
        // Indicator 3.2 (max 5) gives 6 points.
        .init(fixture: "points-above-maximum.xml", line: 175,
              vietnamese: ["mức điểm 6 lớn hơn điểm tối đa 5"],
              english: ["6 points is above the indicator's maximum of 5"]),
        // Indicator 3.2 raised to max 10: TC3's indicators add up to 10 + 10 + 5 = 25, not 20.
        .init(fixture: "indicators-do-not-add-up.xml", line: 168,
              vietnamese: ["<group>", "các chỉ số của TC3 là 25", "điểm tối đa của nhóm là 20"],
              english: ["the indicators of TC3 add up to 25, not to the group's maximum of 20"]),
        // total="90" on line 8. libxml2 numbers an element by the line where its start tag
        // ends, and `<model …>` runs from line 7 to line 10.
        .init(fixture: "groups-do-not-add-up.xml", line: 10,
              vietnamese: ["<model>", "các tiêu chí là 100", "tổng điểm của thang là 90"],
              english: ["the groups add up to 100, not to the model's total of 90"]),
        // Indicator 3.2: `<otherwise>` on line 175 hides the rule on line 176.
        .init(fixture: "rule-after-otherwise.xml", line: 176,
              vietnamese: ["không bao giờ được áp dụng", "dòng 175"],
              english: ["can never apply", "line 175"]),
        // Indicator 3.3 lost its `<otherwise>`.
        .init(fixture: "missing-otherwise.xml", line: 178,
              vietnamese: ["<indicator>", "chỉ số 3.3 thiếu dòng <otherwise>"],
              english: ["indicator 3.3 has no <otherwise>"]),
        // `nl = nl - nguoi_lon_mien`: reported once, not again at the five rules that use nl.
        .init(fixture: "let-refers-to-itself.xml", line: 129,
              vietnamese: ["<let>", "giá trị dẫn xuất 'nl' tham chiếu chính nó"],
              english: ["derived value 'nl' refers to itself"]),
        // Two models that aggregate over each other; found while visiting mo-hinh-b's relation.
        .init(fixture: "cycle", reportedFile: "cycle/mo-hinh-b.xml", line: 12,
              vietnamese: ["<relation>", "vòng phụ thuộc giữa các mô hình: mo-hinh-a → mo-hinh-b → mo-hinh-a"],
              english: ["a cycle between models: mo-hinh-a → mo-hinh-b → mo-hinh-a"]),
        // The clan file with the household model misspelled in its relation, loaded with the
        // real household file: one message, not one per derived value that uses the relation.
        .init(fixture: "unknown-model.xml", alongside: ["gia-dinh-hoc-tap.xml"], line: 48,
              vietnamese: ["quan hệ 'ho' trỏ tới mô hình 'gia-dinh-hoctap' không có"],
              english: ["relation 'ho' refers to model 'gia-dinh-hoctap', which is not among the loaded criteria files"]),
        .init(fixture: "duplicate-field-id.xml", line: 37,
              vietnamese: ["<field>", "mã trường 'ma_ho' bị trùng"],
              english: ["duplicate field id 'ma_ho'"]),
        .init(fixture: "duplicate-indicator-id.xml", line: 178,
              vietnamese: ["<indicator>", "mã chỉ số '3.2' bị trùng"],
              english: ["duplicate indicator id '3.2'"]),
        // `<otherwise value="0">` never closed: libxml2 notices at `</indicator>` on line 177 and
        // names the open tag's line, 176. Later mismatches follow from it.
        .init(fixture: "unclosed-tag.xml", line: 177,
              // libxml2's English is said again in Vietnamese (issue 12, messages in one language).
              vietnamese: ["XML sai cú pháp", "thẻ mở <otherwise> (dòng 176)"],
              english: ["malformed XML", "otherwise line 176"], count: nil),
        .init(fixture: "element-not-in-schema.xml", line: 176,
              vietnamese: ["không đúng lược đồ (XSD)", "phần tử <else>"],
              english: ["does not follow the schema (XSD)", "'else'"]),
        .init(fixture: "empty.xml", line: 1,
              vietnamese: ["tệp rỗng"], english: ["the file is empty"]),
        // Saved as Windows-1258: the first non-ASCII letter is the ê of "Tiêu" on line 3, byte
        // 39 + 5 + 4 = 48 from the start.
        .init(fixture: "not-utf8-cp1258.xml", line: 3,
              vietnamese: ["không phải UTF-8", "byte 48", "lưu lại với mã hoá UTF-8"],
              english: ["not UTF-8", "offset 48"]),
        .init(fixture: "external-entity.xml", line: 2,
              vietnamese: ["DOCTYPE", "hãy xoá dòng <!DOCTYPE …>"], english: ["DOCTYPE", "remove the <!DOCTYPE …> line"]),
        .init(fixture: "billion-laughs.xml", line: 2,
              vietnamese: ["DOCTYPE"], english: ["criteria files may not use DOCTYPE or entities"]),
        // `tre ≤` is five characters; the end is column 6.
        .init(fixture: "expression-syntax-error.xml", line: 133,
              vietnamese: ["when=\"tre ≤\"", "cột 6 của biểu thức", "kết thúc quá sớm"],
              english: ["column 6 of the expression", "ends too early"]),
        // A 72-character condition opened with '(' and never closed: the end is column 73.
        .init(fixture: "unbalanced-parenthesis.xml", line: 139,
              vietnamese: ["cột 73", "kết thúc quá sớm"], english: ["column 73", "ends too early"]),
        // A raw '<' inside an attribute: the XML itself is broken (write `&lt;` or `≤`).
        .init(fixture: "unescaped-less-than.xml", line: 133,
              vietnamese: ["XML sai cú pháp", "dấu '<' trong giá trị thuộc tính"], english: ["malformed XML", "Unescaped '<'"], count: nil),
        // `total` exists only once points are added up: not inside an indicator rule.
        .init(fixture: "result-in-indicator-rule.xml", line: 190,
              vietnamese: ["cột 22", "'total' chưa có ở bước này"], english: ["'total' is not available here"]),
        .init(fixture: "minimum-above-maximum.xml", line: 184,
              vietnamese: ["điểm tối thiểu 25 của TC4 lớn hơn điểm tối đa 20"],
              english: ["the minimum 25 of TC4 is above its maximum 20"]),
    ]

    @Test(arguments: cases)
    func refusedWithLineAndMessage(_ broken: BrokenCriteriaCase) throws {
        let path = CriteriaFixtures.fixture("broken/" + broken.fixture)
        let report = CriteriaFixtures.loader.load(paths: broken.alongside.map(CriteriaFixtures.shipped) + [path])

        #expect(!report.isUsable)
        let reportedFile = CriteriaFixtures.fixture("broken/" + (broken.reportedFile ?? broken.fixture))
        let first = try #require(report.diagnostics.first, "no diagnostic for \(broken.fixture)")
        #expect(first.location.file == reportedFile)
        #expect(first.location.line == broken.line)
        let vietnamese = first.message(in: .vietnamese)
        let english = first.message(in: .english)
        #expect(vietnamese.hasPrefix("\(reportedFile):\(broken.line)"))
        for words in broken.vietnamese { #expect(vietnamese.contains(words), "\(vietnamese)") }
        for words in broken.english { #expect(english.contains(words), "\(english)") }
        if let count = broken.count {
            #expect(report.diagnostics.count == count, "\(report.diagnostics.map(\.description))")
        }
        // Good files loaded alongside stay usable; the broken one never becomes a model.
        #expect(report.models.map(\.file) == broken.alongside.map(CriteriaFixtures.shipped))
    }

    @Test("Every broken fixture is covered by a case")
    func everyFixtureHasACase() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: CriteriaFixtures.fixture("broken"))
        #expect(Set(names) == Set(Self.cases.map(\.fixture)))
        #expect(names.count >= 18)
    }

    @Test("An external entity is refused before anything is read from /etc/passwd")
    func externalEntityNeverRead() {
        let report = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.fixture("broken/external-entity.xml")])
        #expect(report.models.isEmpty)
        #expect(report.diagnostics.map(\.problem) == [.doctypeRefused])
        for diagnostic in report.diagnostics {
            for language in Language.allCases {
                let message = diagnostic.message(in: language)
                #expect(!message.contains("root:"))
                #expect(!message.contains("/bin/"))
            }
        }
    }

    @Test("A billion-laughs document is refused, not expanded")
    func billionLaughsRefused() {
        // Expanded, &lol9; would be 3 × 10⁹ bytes; the refusal comes from the bytes before parsing.
        let report = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.fixture("broken/billion-laughs.xml")])
        #expect(report.models.isEmpty)
        #expect(report.diagnostics.map(\.problem) == [.doctypeRefused])
        #expect(report.diagnostics.first?.location.line == 2)
    }

    @Test("The shipped criteria load without a problem, households first")
    func shippedCriteriaAreUsable() {
        let report = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.shippedFolder])
        #expect(report.isUsable)
        #expect(report.diagnostics.isEmpty)
        #expect(report.models.count == 3)
        #expect(report.models.first?.id == "gia-dinh-hoc-tap")
        #expect(Set(report.models.map(\.id)) == ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"])
    }

    @Test("A clan file loaded without the household file names the missing model")
    func relationNeedsTheRelatedFile() {
        let report = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.shipped("dong-ho-hoc-tap.xml")])
        #expect(!report.isUsable)
        #expect(report.diagnostics.map(\.problem) == [.unknownModel(relation: "ho", model: "gia-dinh-hoc-tap")])
    }

    @Test("A folder without criteria files is not usable")
    func emptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = CriteriaFixtures.loader.load(paths: [folder.path])
        #expect(!report.isUsable)
        #expect(report.diagnostics.map(\.problem) == [.noModels])
        #expect(report.diagnostics.first?.message(in: .vietnamese).contains("không tìm thấy tệp tiêu chí") == true)
    }
}
