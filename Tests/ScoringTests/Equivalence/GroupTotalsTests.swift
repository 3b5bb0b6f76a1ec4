import Criteria
import Records
import Foundation
@testable import Scoring
import Testing

/// Clans and hamlets sum their households' values per group in one pass over the households
/// (``GroupTotals``), members with the same values adding what an earlier one added
/// (``ContributionMemo``). Every clan's and hamlet's points, level, reasons and rank must be
/// those of summing each one's own members, also when a member's value divides by zero.
@Suite("Aggregates summed per group of members")
struct GroupTotalsTests {
    static func score(_ data: SurveyData, _ criteria: CriteriaSet, grouped: Bool, threads: Int = 1) -> RunResults {
        var engine = ScoringEngine(criteria: criteria, threads: threads)
        engine.groupAggregates = grouped
        engine.groupMinimumRows = 4
        engine.memoize = false
        return engine.score(data)
    }

    static func expectSame(_ a: ModelResults, _ b: ModelResults) {
        #expect(a.count == b.count)
        let groups = a.model.groups.count
        for row in 0..<min(a.count, b.count) {
            #expect((0..<groups).map { a.groupPoints(row: row, group: $0) } == (0..<groups).map { b.groupPoints(row: row, group: $0) },
                    "\(a.model.id) row \(row)")
            #expect(a.totals[row] == b.totals[row] && a.levels[row] == b.levels[row] && a.ranks[row] == b.ranks[row],
                    "\(a.model.id) row \(row)")
            #expect(a.reasons[row] == b.reasons[row], "\(a.model.id) row \(row)")
        }
        #expect(a.listing == b.listing)
    }

    @Test("generated communes: the same results entity by entity and per group, on one or two threads")
    func generated() throws {
        let criteria = try loadCriteria()
        let property = try ScoringPropertyTests()
        for seed in [1, 2, 3, 42, 1234] as [UInt64] {
            let (data, _) = property.generate(seed: seed)
            let plain = Self.score(data, criteria, grouped: false)
            for threads in [1, 2, 3] {
                let grouped = Self.score(data, criteria, grouped: true, threads: threads)
                for id in ["dong-ho-hoc-tap", "cong-dong-hoc-tap"] {
                    Self.expectSame(plain.model(id: id)!, grouped.model(id: id)!)
                }
            }
        }
    }

    @Test("a hamlet whose household divides by zero is an error row naming the division, the same both ways")
    func divisionByZero() throws {
        // The hamlet criteria with a sum that divides by each household's children of school age.
        let criteria = try loadCriteria(editing: ["cong-dong-hoc-tap.xml": [
            (#"value="sum(ho: max(tre_do_tuoi - tre_mien, 0))""#, #"value="sum(ho: tre_den_truong / tre_do_tuoi)""#),
        ]])

        var b = DataBuilder(criteria: criteria)
        // Hamlet A: every household has children; hamlet B: the second household has none.
        b.add("gia-dinh-hoc-tap", perfectHousehold("H1", hamlet: "A"))
        b.add("gia-dinh-hoc-tap", perfectHousehold("H2", hamlet: "A"))
        b.add("gia-dinh-hoc-tap", perfectHousehold("H3", hamlet: "B"))
        b.add("gia-dinh-hoc-tap", perfectHousehold("H4", hamlet: "B", ["tre_do_tuoi": 0, "tre_den_truong": 0,
                                                                          "tre_hoc_luc_dat": 0, "tre_hanh_kiem_kha": 0]))
        for code in ["A", "B"] {
            b.add("cong-dong-hoc-tap", ["ma_ap": code, "ten_ap": "Ấp \(code)", "xa": "Long Hữu", "so_ho": 2,
                                        "tu_sach_cong_dong": true, "chi_hoi_khuyen_hoc": true, "hoat_dong_hoc_tap": 4])
        }
        let plain = Self.score(b.data, criteria, grouped: false).model(id: "cong-dong-hoc-tap")!
        let grouped = Self.score(b.data, criteria, grouped: true).model(id: "cong-dong-hoc-tap")!
        Self.expectSame(plain, grouped)
        // Summed on two threads: the failing household is in the second part.
        Self.expectSame(plain, Self.score(b.data, criteria, grouped: true, threads: 2).model(id: "cong-dong-hoc-tap")!)
        let a = grouped.row(key: "A")!, bRow = grouped.row(key: "B")!
        #expect(grouped.levels[a] != .error)
        #expect(grouped.levels[bRow] == .error)
        #expect(grouped.reasonTexts(bRow, .english).first?.contains("division by zero in tre_den_truong / tre_do_tuoi") == true,
                "\(grouped.reasonTexts(bRow, .english))")
    }

    @Test("aggregates that read the members' total and group points are summed alike (those results key what a member adds)",
          arguments: ["count(ho where total ≥ 90)", "count(ho where TC1 + TC3 ≥ 45)", "count(ho where certified)",
                      "count(ho where diem_cao)"])
    func resultsReadByAggregates(value: String) throws {
        let criteria = try loadCriteria(editing: [
            // A derived value that reads the household's total, for an aggregate to read in turn.
            "gia-dinh-hoc-tap.xml": [(#"<let name="nl""#,
                                      #"<let name="diem_cao" value="total ≥ 90" label="Điểm cao" label-en="High score"/>"# + "\n  " + #"<let name="nl""#)],
            // The share of learning families, which decides TC1, counts what `value` counts.
            "cong-dong-hoc-tap.xml": [(#"value="count(ho where certified)""#, "value=\"\(value)\"")],
        ])
        let property = try ScoringPropertyTests()
        for seed in [5, 6, 7, 8, 9, 10] as [UInt64] {
            let (data, _) = property.generate(seed: seed)
            let plain = Self.score(data, criteria, grouped: false)
            for threads in [1, 2] {
                Self.expectSame(plain.model(id: "cong-dong-hoc-tap")!, Self.score(data, criteria, grouped: true, threads: threads).model(id: "cong-dong-hoc-tap")!)
            }
        }
    }
}
