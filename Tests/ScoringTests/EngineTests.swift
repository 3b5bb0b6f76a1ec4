import Criteria
import Foundation
import Scoring
import Testing
import TextSupport

/// Households worked out by hand from reference-criteria.md §1.
@Suite struct HouseholdScoringTests {
    let criteria: CriteriaSet
    init() throws { criteria = try loadCriteria() }

    func score(_ households: [[String: Any]]) -> ModelResults {
        var builder = DataBuilder(criteria: criteria)
        for h in households { builder.add("gia-dinh-hoc-tap", h) }
        return ScoringEngine(criteria: criteria).score(builder.data).model(id: "gia-dinh-hoc-tap")!
    }

    @Test func perfectHouseholdIsExemplaryWith100() {
        let r = score([perfectHousehold("HO1")])
        #expect(r.total(0) == 100)
        #expect(r.levels[0] == .exemplary)
        #expect(r.ranks[0] == 1)
    }

    @Test func indicatorBranchesByHand() {
        // 1.1: tre = 3 - 1 = 2, attending 1 < 2 → 0.  1.2: attending 1, results 1 ≥ 1, conduct 0 < 1 → 5.
        // 1.3: not ngoan, tre_do_tuoi 3 > 0 → 0. TC1 = 5 → below 15.
        let r = score([perfectHousehold("HO2", ["tre_do_tuoi": 3, "tre_mien": 1, "tre_den_truong": 1,
                                                "tre_hoc_luc_dat": 1, "tre_hanh_kiem_kha": 0, "tre_ngoan": false])])
        #expect(r.points(row: 0, indicator: r.indicator("1.1")) == 0)
        #expect(r.points(row: 0, indicator: r.indicator("1.2")) == 5)
        #expect(r.points(row: 0, indicator: r.indicator("1.3")) == 0)
        #expect(r.groupPoints(row: 0, group: 0) == 5)
        #expect(r.total(0) == 75)
        #expect(r.levels[0] == .notCertified)
        #expect(r.reasonTexts(0) == ["TC1 được 5 điểm, dưới mức tối thiểu 15"])
    }

    @Test func adultLearningRatioBoundaries() {
        // nl = 4 - 0: 2/4 = 0.5 → 5 points; 1/3 < 0.5 → 0; nl = 0 → 10 (no division).
        let r = score([
            perfectHousehold("A", ["nguoi_lon": 4, "nguoi_lon_biet_chu": 4, "nguoi_lon_hoc_tap": 2]),
            perfectHousehold("B", ["nguoi_lon": 3, "nguoi_lon_biet_chu": 3, "nguoi_lon_hoc_tap": 1]),
            perfectHousehold("C", ["nguoi_lon": 2, "nguoi_lon_mien": 2, "nguoi_lon_biet_chu": 0, "nguoi_lon_hoc_tap": 0]),
        ])
        let a = r.row(key: "A")!, b = r.row(key: "B")!, c = r.row(key: "C")!
        #expect(r.points(row: a, indicator: r.indicator("2.2")) == 5)
        #expect(r.points(row: b, indicator: r.indicator("2.2")) == 0)
        #expect(r.points(row: c, indicator: r.indicator("2.1")) == 10)
        #expect(r.points(row: c, indicator: r.indicator("2.2")) == 10)
        #expect(r.firedRule(row: c, indicator: r.indicator("2.2")) == 0)
    }

    @Test func passMarksAndLevels() {
        // Without 4.2 (10) and 3.3 (5) and 3.2 (5): TC3 = 10, TC4 = 10, total 80 → dat.
        let eighty = ["gia_dinh_van_hoa": false, "quy_khuyen_hoc": false, "phuong_tien": false] as [String: Any]
        // 70 points: additionally 2.3 lost (TC2 = 20).
        var seventy = eighty
        seventy["tham_gia_khuyen_hoc"] = false
        let r = score([
            perfectHousehold("H80", eighty),
            perfectHousehold("H70", seventy),
            perfectHousehold("H70KK", seventy.merging(["vung_kho_khan": true]) { $1 }),
            perfectHousehold("H70N", seventy.merging(["ho_ngheo": true]) { $1 }),
            perfectHousehold("H95", ["quy_khuyen_hoc": false]),
            perfectHousehold("H90", ["quy_khuyen_hoc": false, "phuong_tien": false]),
        ])
        func level(_ k: String) -> Level { r.levels[r.row(key: k)!] }
        #expect(r.total(r.row(key: "H80")!) == 80)
        #expect(level("H80") == .certified)
        #expect(r.total(r.row(key: "H70")!) == 70)
        #expect(level("H70") == .notCertified)
        #expect(r.reasonTexts(r.row(key: "H70")!) == ["tổng 70 điểm, dưới mức đạt 80"])
        #expect(level("H70KK") == .certified)
        #expect(r.passMark(row: r.row(key: "H70KK")!)?.definition.note == "vùng KK")
        #expect(level("H70N") == .certified)
        #expect(level("H95") == .exemplary)
        #expect(level("H90") == .certified)
    }

    @Test func violationDisqualifiesEvenWith100Points() {
        let r = score([perfectHousehold("V", ["vi_pham": true]), perfectHousehold("OK", ["gia_dinh_van_hoa": false, "quy_khuyen_hoc": false, "phuong_tien": false])])
        let v = r.row(key: "V")!
        #expect(r.total(v) == 100)
        #expect(r.levels[v] == .notCertified)
        #expect(r.reasonTexts(v) == ["có thành viên vi phạm pháp luật, mắc tệ nạn xã hội"])
        #expect(r.reasonTexts(v, .english) == ["a member broke the law or has a social vice"])
        // A certified 80 ranks before a disqualified 100.
        #expect(r.ranks[r.row(key: "OK")!] == 1)
        #expect(r.ranks[v] == 2)
    }

    @Test func competitionRankingAndVietnameseOrder() {
        let r = score([
            perfectHousehold("K3", name: "Phan Văn Bé"),
            perfectHousehold("K1", name: "Phạm Thị Lan"),
            perfectHousehold("K2", name: "Nguyễn Văn Tư", ["quy_khuyen_hoc": false]),
            perfectHousehold("K4", name: "Đặng Văn Út", ["quy_khuyen_hoc": false, "phuong_tien": false]),
            perfectHousehold("K5", name: "Dương Văn Út", ["quy_khuyen_hoc": false, "phuong_tien": false]),
        ])
        let listed = r.listing.map { entry -> String in
            guard case .scored(let row) = entry else { return "?" }
            return "\(r.ranks[row]) \(r.name(row: row))"
        }
        #expect(listed == ["1 Phạm Thị Lan", "1 Phan Văn Bé", "3 Nguyễn Văn Tư", "4 Dương Văn Út", "4 Đặng Văn Út"])
    }
}

/// Clans and hamlets worked out by hand from reference-criteria.md §2 and §3.
@Suite struct ClanAndHamletScoringTests {
    let criteria: CriteriaSet
    init() throws { criteria = try loadCriteria() }

    /// `certified` households and `failing` ones (disqualified-free, 75 points) in a clan and hamlet.
    func households(clan: String, hamlet: String, certified: Int, failing: Int, prefix: String) -> [[String: Any]] {
        (0..<certified).map { perfectHousehold("\(prefix)C\($0)", hamlet: hamlet, clan: clan) }
            + (0..<failing).map { perfectHousehold("\(prefix)F\($0)", hamlet: hamlet, clan: clan, ["tre_ngoan": false, "tre_den_truong": 0, "tre_hoc_luc_dat": 0, "tre_hanh_kiem_kha": 0]) }
    }

    func clan(_ code: String, soHo: Int, sinhHoat: Int = 2) -> [String: Any] {
        ["ma_dong_ho": code, "ten_dong_ho": "Họ \(code)", "xa": "Long Hữu", "so_ho": soHo,
         "quy_khuyen_hoc": true, "khen_thuong": true, "ke_hoach": true, "sinh_hoat": sinhHoat]
    }

    @Test func clanRatioBoundaries() throws {
        var b = DataBuilder(criteria: criteria)
        for h in households(clan: "D70", hamlet: "A", certified: 14, failing: 6, prefix: "a") { b.add("gia-dinh-hoc-tap", h) }
        for h in households(clan: "D65", hamlet: "A", certified: 13, failing: 7, prefix: "b") { b.add("gia-dinh-hoc-tap", h) }
        for h in households(clan: "D50", hamlet: "A", certified: 10, failing: 10, prefix: "c") { b.add("gia-dinh-hoc-tap", h) }
        for h in households(clan: "D45", hamlet: "A", certified: 9, failing: 11, prefix: "d") { b.add("gia-dinh-hoc-tap", h) }
        for c in ["D70", "D65", "D50", "D45"] { b.add("dong-ho-hoc-tap", clan(c, soHo: 20)) }
        let run = ScoringEngine(criteria: criteria).score(b.data)
        let clans = run.model(id: "dong-ho-hoc-tap")!
        func result(_ k: String) -> (Int, Level) { let r = clans.row(key: k)!; return (clans.total(r), clans.levels[r]) }
        // 14/20 = 0.7 → 40 + 60 = 100; 13/20 → 20 + 60 = 80; 10/20 = 0.5 → 80; 9/20 → 0 → TC1 below 20.
        #expect(result("D70") == (100, .exemplary))
        #expect(result("D65") == (80, .certified))
        #expect(result("D50") == (80, .certified))
        #expect(result("D45") == (60, .notCertified))
        #expect(clans.reasonTexts(clans.row(key: "D45")!) == ["TC1 được 0 điểm, dưới mức tối thiểu 20"])
    }

    @Test func clanWithViolatingHouseholdNamesIt() {
        var b = DataBuilder(criteria: criteria)
        for h in households(clan: "DV", hamlet: "A", certified: 9, failing: 0, prefix: "v") { b.add("gia-dinh-hoc-tap", h) }
        b.add("gia-dinh-hoc-tap", perfectHousehold("VX", clan: "DV", ["vi_pham": true]))
        b.add("dong-ho-hoc-tap", clan("DV", soHo: 10))
        let clans = ScoringEngine(criteria: criteria).score(b.data).model(id: "dong-ho-hoc-tap")!
        #expect(clans.levels[0] == .notCertified)
        #expect(clans.reasonTexts(0) == ["có hộ vi phạm pháp luật, mắc tệ nạn xã hội: VX"])
    }

    @Test func errorRowsDoNotCountAndUnknownCodesAreStillScored() {
        var b = DataBuilder(criteria: criteria)
        // 7 certified valid households of so_ho 10 → 0.7; a rejected row of the same clan does not count.
        for h in households(clan: "DE", hamlet: "A", certified: 7, failing: 2, prefix: "e") { b.add("gia-dinh-hoc-tap", h) }
        b.reject("gia-dinh-hoc-tap", commune: "Long Hữu", key: "eBAD", name: "Lê Văn Lỗi", problem: "bad value")
        b.add("gia-dinh-hoc-tap", perfectHousehold("ORPHAN", hamlet: "ZZ", clan: "NOPE"))
        b.add("dong-ho-hoc-tap", clan("DE", soHo: 10))
        let run = ScoringEngine(criteria: criteria).score(b.data)
        let clans = run.model(id: "dong-ho-hoc-tap")!
        #expect(clans.members[0][0].count == 9)
        #expect(clans.total(0) == 100)
        let households = run.model(id: "gia-dinh-hoc-tap")!
        let orphan = households.row(key: "ORPHAN")!
        #expect(households.levels[orphan] == .exemplary)
        #expect(households.listing.last == .rejected(0))
        // The unknown codes are noted once each: the clan NOPE and the hamlet ZZ (no hamlet rows were given,
        // so every hamlet code is unknown: A and ZZ).
        let notes = households.unmatchedLinks.map { "\($0.model) \($0.code) \($0.rows)" }
        #expect(notes.contains("dong-ho-hoc-tap NOPE 1"))
        #expect(notes.contains("cong-dong-hoc-tap ZZ 1"))
        #expect(!notes.contains { $0.hasPrefix("dong-ho-hoc-tap DE") })
    }

    @Test func hamletRatiosAndChildren() {
        var b = DataBuilder(criteria: criteria)
        // KK: 6/10 certified, disadvantaged → 40. N6: 6/10, not disadvantaged → 20.
        for h in households(clan: "", hamlet: "KK", certified: 6, failing: 4, prefix: "k") { b.add("gia-dinh-hoc-tap", h) }
        for h in households(clan: "", hamlet: "N6", certified: 6, failing: 4, prefix: "n") { b.add("gia-dinh-hoc-tap", h) }
        // T95: 10 households, 2 children each (20 must attend), one household with only 1 attending: 19/20 = 0.95 → 15.
        for i in 0..<9 { b.add("gia-dinh-hoc-tap", perfectHousehold("t\(i)", hamlet: "T95")) }
        b.add("gia-dinh-hoc-tap", perfectHousehold("t9", hamlet: "T95", ["tre_den_truong": 1, "tre_hoc_luc_dat": 1, "tre_hanh_kiem_kha": 1]))
        for (code, kk) in [("KK", true), ("N6", false), ("T95", false)] {
            b.add("cong-dong-hoc-tap", ["ma_ap": code, "ten_ap": "Ấp \(code)", "xa": "Long Hữu", "so_ho": 10, "vung_kho_khan": kk,
                                        "tu_sach_cong_dong": true, "chi_hoi_khuyen_hoc": true, "hoat_dong_hoc_tap": 4])
        }
        let hamlets = ScoringEngine(criteria: criteria).score(b.data).model(id: "cong-dong-hoc-tap")!
        func tc(_ k: String, _ g: Int) -> Int { hamlets.groupPoints(row: hamlets.row(key: k)!, group: g) }
        #expect(tc("KK", 0) == 40)
        #expect(tc("N6", 0) == 20)
        // Failing households in KK have tre_den_truong 0 of 2 children: 12 of 20 attend → 0 points.
        #expect(tc("KK", 1) == 0)
        // T95: 9 certified of 10 (t9 loses 1.1 and stays at 90: certified) → 10/10 → 40; children 19/20 → 15.
        #expect(tc("T95", 0) == 40)
        #expect(tc("T95", 1) == 15)
    }
}

/// Criteria numbers live in XML only.
@Suite struct CriteriaDrivenTests {
    @Test func editedCriteriaChangeTheResults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml", "khuyenhoc-criteria.xsd"] {
            try FileManager.default.copyItem(atPath: shippedCriteria + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        func edit(_ name: String, _ from: String, _ to: String) throws {
            let url = folder.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(from))
            try text.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
        }
        try edit("gia-dinh-hoc-tap.xml", "<otherwise value=\"80\"/>", "<otherwise value=\"75\"/>")
        try edit("gia-dinh-hoc-tap.xml", "<points value=\"5\" when=\"goc_hoc_tap or tu_sach\"/>", "<points value=\"8\" when=\"goc_hoc_tap or tu_sach\"/>")
        try edit("dong-ho-hoc-tap.xml", "<points value=\"40\" when=\"ty_le ≥ 0.7\"/>", "<points value=\"40\" when=\"ty_le ≥ 0.65\"/>")

        let shipped = try loadCriteria()
        let edited = try loadCriteria(folder.path)
        func run(_ criteria: CriteriaSet) -> RunResults {
            var b = DataBuilder(criteria: criteria)
            // 100 - 10 (2.3) - 5 (3.3) - 10 (4.2) = 75; every group still at or above its minimum.
            b.add("gia-dinh-hoc-tap", perfectHousehold("P75", ["tham_gia_khuyen_hoc": false, "quy_khuyen_hoc": false, "gia_dinh_van_hoa": false]))
            // 3.1 with a study corner but no bookshelf, and no device (3.2): shipped 100 - 5 - 5 = 90.
            b.add("gia-dinh-hoc-tap", perfectHousehold("P31", ["tu_sach": false, "phuong_tien": false]))
            // Clan D: 13 certified households of so_ho 20 = 0.65.
            for i in 0..<13 { b.add("gia-dinh-hoc-tap", perfectHousehold("c\(i)", clan: "D")) }
            b.add("dong-ho-hoc-tap", ["ma_dong_ho": "D", "ten_dong_ho": "Họ D", "xa": "Long Hữu", "so_ho": 20,
                                      "quy_khuyen_hoc": true, "khen_thuong": true, "ke_hoach": true, "sinh_hoat": 2])
            return ScoringEngine(criteria: criteria).score(b.data)
        }
        let before = run(shipped), after = run(edited)
        let hb = before.model(id: "gia-dinh-hoc-tap")!, ha = after.model(id: "gia-dinh-hoc-tap")!
        // Pass mark 80 → 75: the 75-point household becomes certified.
        #expect(hb.total(hb.row(key: "P75")!) == 75)
        #expect(hb.levels[hb.row(key: "P75")!] == .notCertified)
        #expect(ha.levels[ha.row(key: "P75")!] == .certified)
        // 3.1 "one of the two" from 5 to 8 points: 90 → 93.
        #expect(hb.total(hb.row(key: "P31")!) == 90)
        #expect(ha.total(ha.row(key: "P31")!) == 93)
        // Clan threshold 0.7 → 0.65: 13/20 gets 20 points (80, dat) before and 40 points (100, tieu-bieu) after.
        let cb = before.model(id: "dong-ho-hoc-tap")!, ca = after.model(id: "dong-ho-hoc-tap")!
        #expect(cb.total(0) == 80)
        #expect(cb.levels[0] == .certified)
        #expect(ca.total(0) == 100)
        #expect(ca.levels[0] == .exemplary)
    }

    /// The reference numbers of the shipped criteria must not be written in the scoring code.
    @Test func scoringSourcesHoldNoReferenceNumbers() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/Scoring")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let pattern = try NSRegularExpression(pattern: #"(?<![\w.])(80|70|95|0\.7|0\.6|0\.5|0\.95)(?![\w.])"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                let found = pattern.firstMatch(in: code, range: NSRange(code.startIndex..., in: code))
                #expect(found == nil, "\(file):\(number + 1) has a reference number: \(line)")
            }
        }
    }
}
