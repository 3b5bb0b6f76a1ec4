import Criteria
import Foundation
import Records
import Scoring
import Testing

/// Issue 15, acceptance 2: "pass mark 70 for every household of a disadvantaged hamlet",
/// written with the hamlet's own tick box read through a relation (`ap.vung_kho_khan`) instead
/// of the household's column.
@Suite("A household reads its hamlet's survey fields through a relation")
struct RelationFieldTests {
    /// The household file with a relation to its hamlet, and the lower pass mark on the hamlet's
    /// `vung_kho_khan` (the shipped hamlet file declares `default="false"` for it).
    static let throughHamlet: [String: [(String, String)]] = [
        "gia-dinh-hoc-tap.xml": [
            (#"  <let name="tre""#,
             "  <relation name=\"ap\" model=\"cong-dong-hoc-tap\">\n    <link here=\"xa\" there=\"xa\"/>\n"
                + "    <link here=\"ma_ap\" there=\"ma_ap\"/>\n  </relation>\n\n" + #"  <let name="tre""#),
            (#"<mark value="70" when="vung_kho_khan""#, #"<mark value="70" when="ap.vung_kho_khan""#),
        ],
    ]

    /// 75 points: 4.2 (10), 3.3 (5) and 2.3 (10) lost; every group still at its minimum or above.
    static var seventyFive: [String: Any] { ["gia_dinh_van_hoa": false, "quy_khuyen_hoc": false, "tham_gia_khuyen_hoc": false] }
    /// 70 points: 3.2 (5) lost as well (TC3 = 10, its minimum).
    static var seventy: [String: Any] { seventyFive.merging(["phuong_tien": false]) { $1 } }
    /// 60 points: 1.3 (10) lost as well (TC1 = 20).
    static var sixty: [String: Any] { seventy.merging(["tre_ngoan": false]) { $1 } }

    static func hamlet(_ code: String, disadvantaged: Bool) -> [String: Any] {
        ["ma_ap": code, "ten_ap": "Ấp \(code)", "xa": "Long Hữu", "so_ho": 10, "vung_kho_khan": disadvantaged,
         "tu_sach_cong_dong": true, "chi_hoi_khuyen_hoc": true, "hoat_dong_hoc_tap": 4]
    }

    /// Hamlet A is disadvantaged, B is not; Z has no row. Each household's own tick box is given
    /// by `own` (the hamlet's, or the opposite).
    static func data(_ criteria: CriteriaSet, own: (String) -> Bool) -> SurveyData {
        var b = DataBuilder(criteria: criteria)
        b.add("cong-dong-hoc-tap", hamlet("A", disadvantaged: true))
        b.add("cong-dong-hoc-tap", hamlet("B", disadvantaged: false))
        let households: [(String, String, [String: Any])] = [
            ("H1", "A", seventyFive), ("H2", "B", seventyFive), ("H3", "A", sixty),
            ("H4", "a", seventy),   // the hamlet's code typed in lower case
            ("H5", "Z", seventyFive),
        ]
        for (key, code, values) in households {
            b.add("gia-dinh-hoc-tap", perfectHousehold(key, hamlet: code, values.merging(["vung_kho_khan": own(code)]) { $1 }))
        }
        return b.data
    }

    @Test("Five households worked out by hand: the hamlet's tick box sets the pass mark, whatever the household's own says")
    func fiveHouseholdsByHand() throws {
        let criteria = try loadCriteria(editing: Self.throughHamlet)
        let households = try #require(criteria.model(id: "gia-dinh-hoc-tap"))
        #expect(households.lookups.map(\.name) == ["ap.vung_kho_khan"])
        // Every household's own column says "not disadvantaged": only the hamlet's counts.
        let run = ScoringEngine(criteria: criteria).score(Self.data(criteria, own: { _ in false }))
        let r = try #require(run.model(id: "gia-dinh-hoc-tap"))
        func result(_ key: String) -> (Int, String, [String]) {
            let row = r.row(key: key)!
            return (r.total(row), r.levelId(row: row), r.reasonTexts(row))
        }
        // H1: hamlet A is disadvantaged → pass mark 70; 75 ≥ 70 → đạt, noted "vùng KK".
        #expect(result("H1") == (75, "dat", []))
        #expect(r.passMark(row: r.row(key: "H1")!)?.definition.note == "vùng KK")
        // H2: hamlet B is not → 80; 75 < 80.
        #expect(result("H2") == (75, "khong-dat", ["tổng 75 điểm, dưới mức đạt 80"]))
        // H3: hamlet A → 70; 60 < 70.
        #expect(result("H3") == (60, "khong-dat", ["tổng 60 điểm, dưới mức đạt 70"]))
        // H4: "a" is hamlet A once folded → 70; 70 ≥ 70.
        #expect(result("H4") == (70, "dat", []))
        // H5: hamlet Z has no row → the field's default, false → 80; 75 < 80.
        #expect(result("H5") == (75, "khong-dat", ["tổng 75 điểm, dưới mức đạt 80"]))
    }

    @Test("Where the household's own column agrees with its hamlet, the two rules give the same results", arguments: [true, false])
    func sameAsOwnColumnWhenTheyAgree(_ memoize: Bool) throws {
        let viaHamlet = try loadCriteria(editing: Self.throughHamlet)
        let shipped = try loadCriteria()
        let agree: (String) -> Bool = { $0.uppercased() == "A" }
        var a = ScoringEngine(criteria: viaHamlet)
        a.memoize = memoize
        var b = ScoringEngine(criteria: shipped)
        b.memoize = memoize
        let x = try #require(a.score(Self.data(viaHamlet, own: agree)).model(id: "gia-dinh-hoc-tap"))
        let y = try #require(b.score(Self.data(shipped, own: agree)).model(id: "gia-dinh-hoc-tap"))
        #expect(x.count == 5 && y.count == 5)
        for row in 0..<x.count {
            let key = x.key(row: row)
            let other = try #require(y.row(key: key))
            #expect(x.total(row) == y.total(other), "\(key)")
            #expect(x.levelId(row: row) == y.levelId(row: other), "\(key)")
            #expect(x.reasonTexts(row) == y.reasonTexts(other), "\(key)")
            #expect(x.passMark(row: row)?.definition.value == y.passMark(row: other)?.definition.value, "\(key)")
        }
    }

    @Test("Reading the hamlet's field is no cycle; counting the hamlet's results is one, named model by model")
    func cycleOnlyWhenResultsAreRead() throws {
        _ = try loadCriteria(editing: Self.throughHamlet)
        var edits = Self.throughHamlet
        edits["gia-dinh-hoc-tap.xml"]! += [(#"<let name="nl""#, #"<let name="ap_dat" value="count(ap where certified)"/>  <let name="nl""#)]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-cycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            var text = try String(contentsOfFile: shippedCriteria + "/" + name, encoding: .utf8)
            for (old, new) in edits[name] ?? [] { text = text.replacingOccurrences(of: old, with: new) }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let report = CriteriaLoader().load(paths: [folder.path])
        let cycles = report.diagnostics.compactMap { d -> [String]? in
            if case .modelCycle(let ids) = d.problem { return ids } else { return nil }
        }
        #expect(cycles.count == 1)
        #expect(Set(cycles.first ?? []) == ["gia-dinh-hoc-tap", "cong-dong-hoc-tap"])
        #expect(report.diagnostics.first?.message(in: .vietnamese).contains("vòng phụ thuộc giữa các mô hình") == true)
    }

    @Test("A field read through a relation needs a default: an error at the line that reads it")
    func defaultRequired() throws {
        var edits = Self.throughHamlet
        edits["cong-dong-hoc-tap.xml"] = [(#"type="bool" default="false" label="Vùng khó khăn""#, #"type="bool" label="Vùng khó khăn""#)]
        #expect(throws: (any Error).self) { try loadCriteria(editing: edits) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-default-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            var text = try String(contentsOfFile: shippedCriteria + "/" + name, encoding: .utf8)
            for (old, new) in edits[name] ?? [] { text = text.replacingOccurrences(of: old, with: new) }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let report = CriteriaLoader().load(paths: [folder.path])
        let household = folder.appendingPathComponent("gia-dinh-hoc-tap.xml").path
        let text = try String(contentsOfFile: household, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("ap.vung_kho_khan") }! + 1
        let errors = report.diagnostics.filter { $0.location.file == household }
        #expect(errors.count == 1)
        #expect(errors.first?.location.line == line)
        #expect(errors.first?.message(in: .english).contains("needs a default attribute") == true)
    }
}
