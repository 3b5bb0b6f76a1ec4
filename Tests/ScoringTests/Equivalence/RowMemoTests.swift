import Criteria
import Records
import Foundation
@testable import Scoring
import TestSupport
import Testing

/// Households with the same values reuse each other's results (``RowMemo``). That must never
/// show: every indicator, group, total, level, pass mark, reason and rank is the one the rules
/// give when each row is evaluated on its own, also when the memo fills up, and two households
/// that differ in a single value are never taken for each other.
@Suite("Reusing the results of identical households")
struct RowMemoTests {
    let criteria: CriteriaSet
    init() throws { criteria = try loadCriteria() }

    /// 600 households whose values come from a few choices each, so that many repeat, with
    /// pairs that differ in exactly one value (a tick box, a count) next to each other.
    func data() -> SurveyData {
        var b = DataBuilder(criteria: criteria)
        var random = SeededGenerator(seed: 0xC0FFEE)
        func next(_ bound: Int) -> Int { random.below(bound) }
        let flags = ["tre_ngoan", "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach", "phuong_tien", "quy_khuyen_hoc",
                     "kinh_te_on_dinh", "gia_dinh_van_hoa", "vi_pham", "vung_kho_khan", "ho_ngheo"]
        for i in 0..<300 {
            var values: [String: Any] = [:]
            for flag in flags { values[flag] = next(flag == "vi_pham" ? 20 : 3) != 0 }
            values["vi_pham"] = next(20) == 0
            let children = next(3), adults = 1 + next(2)
            values["tre_do_tuoi"] = children
            values["tre_den_truong"] = next(children + 1)
            values["tre_hoc_luc_dat"] = next((values["tre_den_truong"] as! Int) + 1)
            values["tre_hanh_kiem_kha"] = values["tre_den_truong"]
            values["nguoi_lon"] = adults
            values["nguoi_lon_biet_chu"] = adults
            values["nguoi_lon_hoc_tap"] = next(adults + 1)
            let commune = i % 2 == 0 ? "Long Hữu" : "Đôn Xuân"
            b.add("gia-dinh-hoc-tap", perfectHousehold("H\(i)a", name: "Hộ \(i % 17)", commune: commune, values))
            // Its twin, one value apart.
            var twin = values
            switch i % 3 {
            case 0: twin["goc_hoc_tap"] = !(values["goc_hoc_tap"] as! Bool)
            case 1: twin["nguoi_lon_hoc_tap"] = (values["nguoi_lon_hoc_tap"] as! Int) == 0 ? 1 : 0
            default: twin["vi_pham"] = !(values["vi_pham"] as! Bool)
            }
            b.add("gia-dinh-hoc-tap", perfectHousehold("H\(i)b", name: "Hộ \(i % 13)", commune: commune, twin))
        }
        return b.data
    }

    func households(memoize: Bool, limit: Int = RowMemo.defaultLimit) -> ModelResults {
        var engine = ScoringEngine(criteria: criteria)
        engine.memoize = memoize
        engine.memoLimit = limit
        return engine.score(data()).model(id: "gia-dinh-hoc-tap")!
    }

    @Test("with or without the memo, and with a memo that fills up after 5 rows, every result is the same",
          arguments: [RowMemo.defaultLimit, 5])
    func sameResults(limit: Int) {
        let plain = households(memoize: false)
        let memo = households(memoize: true, limit: limit)
        #expect(plain.count == 600 && memo.count == 600)
        let indicators = plain.indicatorCount, groups = plain.model.groups.count
        for row in 0..<plain.count {
            #expect((0..<indicators).map { memo.points(row: row, indicator: $0) }
                == (0..<indicators).map { plain.points(row: row, indicator: $0) }, "row \(row)")
            #expect(Array(memo.firedRules[(row * indicators)..<((row + 1) * indicators)])
                == Array(plain.firedRules[(row * indicators)..<((row + 1) * indicators)]), "row \(row)")
            #expect(Array(memo.groupPoints[(row * groups)..<((row + 1) * groups)])
                == Array(plain.groupPoints[(row * groups)..<((row + 1) * groups)]), "row \(row)")
            #expect(memo.totals[row] == plain.totals[row])
            #expect(memo.levels[row] == plain.levels[row])
            #expect(memo.passMarks[row] == plain.passMarks[row])
            #expect(memo.reasons[row] == plain.reasons[row])
            #expect(memo.ranks[row] == plain.ranks[row])
        }
        #expect(memo.listing == plain.listing)
    }

    @Test("the data repeats enough for the memo to matter, and twins one value apart score differently")
    func twinsDiffer() {
        let plain = households(memoize: false)
        // Many rows share their values with an earlier one…
        var seen = Set<[Int32]>()
        var repeats = 0
        for row in 0..<plain.count {
            let points = (0..<plain.indicatorCount).map { Int32(plain.points(row: row, indicator: $0)) }
            if !seen.insert(points).inserted { repeats += 1 }
        }
        #expect(repeats > 150)
        // …and a twin whose study corner differs gets different points.
        let memo = households(memoize: true)
        for i in stride(from: 0, to: 300, by: 3) {
            let a = memo.row(key: "H\(i)a")!, b = memo.row(key: "H\(i)b")!
            #expect(memo.totals[a] != memo.totals[b] || memo.firedRule(row: a, indicator: memo.indicator("3.1")) != memo.firedRule(row: b, indicator: memo.indicator("3.1")),
                    "H\(i)a and H\(i)b")
        }
    }
}
