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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            var text = try String(contentsOfFile: shippedCriteria + "/" + name, encoding: .utf8)
            if name == "gia-dinh-hoc-tap.xml" && throughDerivedValue {
                let anchor = #"<let name="nl""#
                #expect(text.contains(anchor))
                text = text.replacingOccurrences(of: anchor, with: #"<let name="chua_dat" value="not certified" label="Chưa đạt" label-en="Not certified"/>"#
                                                   + "\n  " + anchor)
            }
            if name == "dong-ho-hoc-tap.xml" {
                let original = #"list="ho where vi_pham""#
                #expect(text.contains(original))
                text = text.replacingOccurrences(of: original, with: throughDerivedValue ? #"list="ho where chua_dat""# : #"list="ho where not certified""#)
            }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let criteria = try loadCriteria(folder.path)
        #expect(listing(criteria)?.readsResults == true)
        let (clans, row) = run(criteria)
        // V1 is disqualified and F1 scores 75 of 80: neither is certified.
        #expect(listed(clans, row) == ["V1", "F1"])
    }
}
