import Criteria
import Foundation
@testable import Scoring
import Testing

/// A disqualified clan names the households its `list` filter picks. The members' results (level,
/// points) are loaded for the filter only when it reads them; either way the names are right.
@Suite("Members named by a disqualification")
struct MemberListingTests {
    /// A clan of four: two certified, one that broke the law, one that fails on points.
    func run(_ criteria: CriteriaSet) -> (ModelResults, Int) {
        var b = DataBuilder(criteria: criteria)
        b.add("gia-dinh-hoc-tap", perfectHousehold("C1", clan: "D1"))
        b.add("gia-dinh-hoc-tap", perfectHousehold("C2", clan: "D1"))
        b.add("gia-dinh-hoc-tap", perfectHousehold("V1", clan: "D1", ["vi_pham": true]))
        b.add("gia-dinh-hoc-tap", perfectHousehold("F1", clan: "D1", ["tre_ngoan": false, "tre_den_truong": 0, "tre_hoc_luc_dat": 0,
                                                                       "tre_hanh_kiem_kha": 0]))
        b.add("dong-ho-hoc-tap", ["ma_dong_ho": "D1", "ten_dong_ho": "Họ D1", "xa": "Long Hữu", "so_ho": 4,
                                  "quy_khuyen_hoc": true, "khen_thuong": true, "ke_hoach": true, "sinh_hoat": 2])
        let clans = ScoringEngine(criteria: criteria).score(b.data).model(id: "dong-ho-hoc-tap")!
        return (clans, clans.row(key: "D1")!)
    }

    func listed(_ clans: ModelResults, _ row: Int) -> [String]? {
        for reason in clans.reasons[row] {
            if case .disqualified(_, let members) = reason { return members }
        }
        return nil
    }

    func listing(_ criteria: CriteriaSet) -> MemberListing? {
        let clan = criteria.models.first { $0.id == "dong-ho-hoc-tap" }!
        for step in clan.decision {
            if case .disqualify(_, _, _, _, _, let listing) = step { return listing }
        }
        return nil
    }

    @Test("the shipped filter reads a field only: the household that broke the law is named")
    func fieldOnly() throws {
        let criteria = try loadCriteria()
        #expect(listing(criteria)?.readsResults == false)
        let (clans, row) = run(criteria)
        #expect(clans.levels[row] == .notCertified)
        #expect(listed(clans, row) == ["V1"])
    }

    @Test("a filter that reads the members' level names the failing household too", arguments: [false, true])
    func readsResults(throughDerivedValue: Bool) throws {
        var edits: [String: [(String, String)]] = [
            "dong-ho-hoc-tap.xml": [(#"list="ho where vi_pham""#, throughDerivedValue ? #"list="ho where chua_dat""# : #"list="ho where not certified""#)],
        ]
        if throughDerivedValue {
            edits["gia-dinh-hoc-tap.xml"] = [(#"<let name="nl""#,
                                              #"<let name="chua_dat" value="not certified" label="Chưa đạt" label-en="Not certified"/>"# + "\n  " + #"<let name="nl""#)]
        }
        let criteria = try loadCriteria(editing: edits)
        #expect(listing(criteria)?.readsResults == true)
        let (clans, row) = run(criteria)
        // V1 is disqualified and F1 scores 75 of 80: neither is certified.
        #expect(listed(clans, row) == ["V1", "F1"])
    }
}
