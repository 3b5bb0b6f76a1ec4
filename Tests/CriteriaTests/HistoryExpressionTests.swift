import Criteria
import Foundation
import Testing
import TextSupport

/// `history.years_certified` and `history.last_level` in the expression language (register
/// spec, rule 6): which models read them, what they compile to, and the mistakes an editor
/// can make with them, each refused with the file and line.
@Suite("Criteria: the certified history in expressions")
struct HistoryExpressionTests {
    /// The shipped criteria in a folder of their own, with `edit` applied to one file's text.
    static func load(_ file: String, _ edit: (String) -> String) throws -> (report: CriteriaLoadReport, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            var text = try String(contentsOfFile: CriteriaFixtures.shipped(name), encoding: .utf8)
            if name == file { text = edit(text) }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent(file).path
        return (CriteriaLoader().load(paths: [folder.path]), path)
    }

    static let exemplary = #"when="total ≥ 95"/>"#

    /// The household file with the exemplary level's condition replaced (line 206 of the shipped file).
    static func households(level condition: String) throws -> (report: CriteriaLoadReport, path: String) {
        try load("gia-dinh-hoc-tap.xml") { text in
            text.replacingOccurrences(of: #"label-en="Exemplary" "# + exemplary, with: #"label-en="Exemplary" when="\#(condition)"/>"#)
        }
    }

    @Test("the shipped criteria read no history; a model that does has its slots and says which names")
    func whichModelsRead() throws {
        let shipped = CriteriaLoader().load(paths: [CriteriaFixtures.shippedFolder])
        #expect(shipped.isUsable)
        #expect(shipped.models.allSatisfy { $0.history == nil })

        let (report, _) = try Self.households(level: "total ≥ 95 and history.years_certified ≥ 2")
        #expect(report.isUsable, "\(report.diagnostics.map { $0.message(in: .english) })")
        let households = try #require(report.criteria.model(id: "gia-dinh-hoc-tap"))
        #expect(households.history?.names == ["history.years_certified"])
        #expect(households.history?.lastLevelSlot == nil)
        // The clans and hamlets still read none.
        #expect(report.criteria.model(id: "dong-ho-hoc-tap")?.history == nil)
        #expect(report.criteria.model(id: "cong-dong-hoc-tap")?.history == nil)
    }

    @Test("history.last_level compares with a level id, or a level's label written any way")
    func lastLevelByIdOrLabel() throws {
        for condition in [#"history.last_level = 'tieu-bieu'"#, #"history.last_level = 'Tiêu biểu'"#,
                          #"'dat' = history.last_level"#, #"history.last_level ≠ 'none'"#, #"history.last_level = 'Không đạt'"#,
                          "history.last_level = tieu-bieu", "history.last_level ≠ none", "history.last_level = khong-dat"] {
            let (report, _) = try Self.households(level: "total ≥ 95 and \(condition)")
            #expect(report.isUsable, "\(condition): \(report.diagnostics.map { $0.message(in: .english) })")
            #expect(report.criteria.model(id: "gia-dinh-hoc-tap")?.history?.names == ["history.last_level"])
        }
    }

    /// The one diagnostic of a broken edit, at the exemplary level's line of the household file.
    func diagnostic(_ loaded: (report: CriteriaLoadReport, path: String), line: Int = 206) throws -> CriteriaDiagnostic {
        #expect(!loaded.report.isUsable)
        #expect(loaded.report.diagnostics.count == 1, "\(loaded.report.diagnostics.map { $0.message(in: .english) })")
        let found = try #require(loaded.report.diagnostics.first)
        #expect(found.location.file == loaded.path)
        #expect(found.location.line == line)
        return found
    }

    @Test("an unknown history value is named, with the two there are")
    func unknownHistoryValue() throws {
        let found = try diagnostic(try Self.households(level: "total ≥ 95 and history.years ≥ 2"))
        let vi = found.message(in: .vietnamese), en = found.message(in: .english)
        #expect(vi.contains("gia-dinh-hoc-tap.xml:206"), "\(vi)")
        #expect(vi.contains("không có giá trị lịch sử 'history.years'"), "\(vi)")
        #expect(vi.contains("history.years_certified") && vi.contains("history.last_level"))
        #expect(en.contains("no history value 'history.years'"), "\(en)")
        #expect(vi.contains("cột 16"), "\(vi)")
    }

    @Test("history.last_level compared with a number, or with a text that is no level, is refused")
    func lastLevelMisused() throws {
        let number = try diagnostic(try Self.households(level: "total ≥ 95 and history.last_level = 2"))
        #expect(number.message(in: .vietnamese).contains("history.last_level là mã mức xếp loại (chữ), không so sánh được với số"),
                "\(number.message(in: .vietnamese))")
        #expect(number.message(in: .english).contains("history.last_level is a level id (text), it cannot be compared with a number"))

        let typo = try diagnostic(try Self.households(level: "total ≥ 95 and history.last_level = 'tieubieu'"))
        #expect(typo.message(in: .vietnamese).contains("'tieubieu' không phải mức xếp loại của mô hình này"), "\(typo.message(in: .vietnamese))")
        #expect(typo.message(in: .english).contains("history.last_level can only be: tieu-bieu, dat, khong-dat, none"),
                "\(typo.message(in: .english))")

        // Years are a number: compared with a text, the usual type mistake.
        let years = try diagnostic(try Self.households(level: "total ≥ 95 and history.years_certified = 'dat'"))
        #expect(years.message(in: .english).contains("type mismatch in '='"), "\(years.message(in: .english))")
    }

    @Test("a <check> cannot read history, directly or through a derived value")
    func notInChecks() throws {
        let direct = try diagnostic(try Self.load("gia-dinh-hoc-tap.xml") { text in
            text.replacingOccurrences(of: #"<check field="tre_mien" when="tre_mien ≤ tre_do_tuoi""#,
                                      with: #"<check field="tre_mien" when="tre_mien ≤ tre_do_tuoi + history.years_certified""#)
        }, line: 107)
        #expect(direct.message(in: .english).contains("'history.years_certified' reads the certified history, which a <check> cannot use"),
                "\(direct.message(in: .english))")

        let derived = try diagnostic(try Self.load("gia-dinh-hoc-tap.xml") { text in
            text.replacingOccurrences(of: #"<check field="tre_mien" when="tre_mien ≤ tre_do_tuoi""#,
                                      with: #"<check field="tre_mien" when="tre_mien ≤ tre_do_tuoi + nam_dat""#)
                .replacingOccurrences(of: #"<let name="tre" "#, with: #"<let name="nam_dat" value="history.years_certified"/> <let name="tre" "#)
        }, line: 107)
        #expect(derived.message(in: .vietnamese).contains("'nam_dat' đọc lịch sử công nhận, không dùng được trong <check>"),
                "\(derived.message(in: .vietnamese))")
    }

    @Test("a clan cannot read its households' history inside an aggregate")
    func notInsideAggregates() throws {
        let loaded = try Self.load("dong-ho-hoc-tap.xml") { text in
            text.replacingOccurrences(of: #"value="count(ho where certified)""#,
                                      with: #"value="count(ho where certified and history.years_certified ≥ 1)""#)
        }
        let found = try diagnostic(loaded, line: 53)
        #expect(found.message(in: .english).contains("reads the certified history of related entities: aggregates and lists cannot"),
                "\(found.message(in: .english))")
    }
}

/// ``CertifiedHistory``: years counted back from the year before, worked out by hand.
@Suite("Criteria: the certified history of an entity")
struct CertifiedHistoryTests {
    @Test("consecutive recognised years up to the year before, and the latest level")
    func countsBack() throws {
        let criteria = CriteriaLoader().load(paths: [CriteriaFixtures.shippedFolder]).criteria
        let ho = "gia-dinh-hoc-tap", xa = "Long Hữu"
        func record(_ year: Int, _ key: String, _ level: String, commune: String = xa, model: String = ho) -> CertifiedHistory.Record {
            .init(year: year, model: model, commune: commune, key: key, level: level)
        }
        let history = CertifiedHistory(year: 2027, models: criteria.models, records: [
            // A: recognised 2024–2026 → 3, last tieu-bieu.
            record(2024, "A", "dat"), record(2025, "A", "tieu-bieu"), record(2026, "A", "tieu-bieu"),
            // B: recognised 2024 and 2026, not 2025 → 1 (the run starts in 2026), last dat.
            record(2024, "B", "dat"), record(2025, "B", "khong-dat"), record(2026, "B", "dat"),
            // C: recognised 2025 only, absent in 2026 → 0; last dat.
            record(2025, "C", "dat"),
            // D: an error row kept in 2026 → 0, read as khong-dat.
            record(2025, "D", "dat"), record(2026, "D", "loi"),
            // E: a later year (2027 itself) is not history.
            record(2027, "E", "dat"),
            // A in another commune, and A of the clans: other entities.
            record(2026, "A", "khong-dat", commune: "Long Đức"), record(2026, "A", "dat", model: "dong-ho-hoc-tap"),
        ])
        #expect(history.entry(model: ho, commune: xa, key: "A") == .init(yearsCertified: 3, lastLevel: "tieu-bieu"))
        #expect(history.entry(model: ho, commune: xa, key: "B") == .init(yearsCertified: 1, lastLevel: "dat"))
        #expect(history.entry(model: ho, commune: xa, key: "C") == .init(yearsCertified: 0, lastLevel: "dat"))
        #expect(history.entry(model: ho, commune: xa, key: "D") == .init(yearsCertified: 0, lastLevel: "khong-dat"))
        #expect(history.entry(model: ho, commune: xa, key: "E") == .init(yearsCertified: 0, lastLevel: "none"))
        #expect(history.entry(model: ho, commune: "Long Đức", key: "A") == .init(yearsCertified: 0, lastLevel: "khong-dat"))
        #expect(history.entry(model: "dong-ho-hoc-tap", commune: xa, key: "A") == .init(yearsCertified: 1, lastLevel: "dat"))
        #expect(CertifiedHistory.empty.entry(model: ho, commune: xa, key: "A") == .none)
    }
}
