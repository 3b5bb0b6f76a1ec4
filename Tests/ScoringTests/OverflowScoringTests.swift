import Criteria
import Foundation
import Scoring
import Testing

/// Whatever `check` accepts, `score` survives: a number too large for the program's numbers on
/// one row makes that row an error row (`loi`) naming the expression and the indicator; the
/// other rows are scored as usual and the run goes on.
@Suite("Overflow while scoring: an error row naming the expression, never a crash")
struct OverflowScoringTests {
    /// The shipped criteria with indicator 1.3's second line reading `condition`, and no upper
    /// bound on the children fields (so that rows can carry the largest numbers a table holds).
    static func criteria(_ condition: String) throws -> CriteriaSet {
        try loadCriteria(editing: ["gia-dinh-hoc-tap.xml": [
            (#"<points value="10" when="tre_ngoan"/>"#, #"<points value="10" when="\#(condition)"/>"#),
            (#"<field id="tre_do_tuoi" type="int" min="0" max="50""#, #"<field id="tre_do_tuoi" type="int""#),
            (#"<field id="tre_mien" type="int" min="0" max="50""#, #"<field id="tre_mien" type="int""#),
        ]])
    }

    /// Each case: a condition `check` accepts, the row values that fit (scored 100) and those that
    /// overflow (error rows), and the operation the error names.
    static let cases: [(condition: String, fits: [Int], overflows: [Int], named: String)] = [
        ("tre_do_tuoi * 9223372036854775807 ≥ 0", [1], [2, 7, Int(Int32.max)], "tre_do_tuoi * 9223372036854775807"),
        ("tre_do_tuoi + 9223372036854775807 ≥ 0", [], [1, Int(Int32.max)], "tre_do_tuoi + 9223372036854775807"),
        ("0 - tre_do_tuoi - 9223372036854775807 ≤ 0", [1], [2, Int(Int32.max)], "(0 - tre_do_tuoi) - 9223372036854775807"),
        ("tre_do_tuoi / 9223372036854775807 + 1 / 9223372036854775806 ≥ 0", [], [1, Int(Int32.max)],
         "(tre_do_tuoi / 9223372036854775807) + (1 / 9223372036854775806)"),
        ("1 / tre_do_tuoi / 9223372036854775807 > 0", [1], [2, Int(Int32.max)], "(1 / tre_do_tuoi) / 9223372036854775807"),
        ("-(tre_do_tuoi - 9223372036854775807 - 2) > 0", [2, Int(Int32.max)], [1], "-((tre_do_tuoi - 9223372036854775807) - 2)"),
        ("tre_do_tuoi * tre_do_tuoi * tre_do_tuoi * tre_do_tuoi * tre_do_tuoi ≥ 0", [1, 7, 6_000], [7_000, 9_000],
         "(((tre_do_tuoi * tre_do_tuoi) * tre_do_tuoi) * tre_do_tuoi) * tre_do_tuoi"),
    ]

    @Test("extreme values through accepted expressions give error rows naming the expression", arguments: 0..<cases.count)
    func overflowRows(_ k: Int) throws {
        let (condition, fits, overflows, named) = Self.cases[k]
        let criteria = try Self.criteria(condition)
        var builder = DataBuilder(criteria: criteria)
        for value in fits + overflows {
            builder.add("gia-dinh-hoc-tap", perfectHousehold("H\(value)", ["tre_do_tuoi": value, "tre_den_truong": value,
                                                                         "tre_hoc_luc_dat": value, "tre_hanh_kiem_kha": value]))
        }
        let households = try #require(ScoringEngine(criteria: criteria).score(builder.data).model(id: "gia-dinh-hoc-tap"))
        // Nothing lost: every row is in the results.
        #expect(households.count == fits.count + overflows.count)
        for value in fits {
            let row = try #require(households.row(key: "H\(value)"))
            #expect(households.total(row) == 100, "H\(value)")
            #expect(households.levels[row] == .exemplary, "H\(value)")
        }
        for value in overflows {
            let row = try #require(households.row(key: "H\(value)"))
            #expect(households.levels[row] == .error, "H\(value)")
            #expect(households.reasonTexts(row) == [
                "số quá lớn khi tính \(named) (1.3), vượt quá số chương trình tính được; cần sửa tệp tiêu chí hoặc số liệu",
            ], "H\(value)")
            #expect(households.reasonTexts(row, .english) == [
                "a number too large in \(named) (1.3) for the program's numbers; fix the criteria file or the data",
            ])
        }
    }

    @Test("a sum over a clan's households that does not fit is an error row of the clan", arguments: [true, false])
    func overflowingSum(memoize: Bool) throws {
        let criteria = try loadCriteria(editing: ["dong-ho-hoc-tap.xml": [
            (#"<let name="co_vi_pham""#, #"<let name="lon" value="sum(ho: tre_do_tuoi * 4611686018427387904)"/> <let name="co_vi_pham""#),
            (#"<points value="15" when="sinh_hoat ≥ 2"/>"#, #"<points value="15" when="sinh_hoat ≥ 2 and lon ≥ 0"/>"#),
        ]])
        var builder = DataBuilder(criteria: criteria)
        // Two households of 2^62 each: 2^63 does not fit; one alone does.
        for (key, clan) in [("A1", "D2"), ("A2", "D2"), ("B1", "D1")] {
            builder.add("gia-dinh-hoc-tap", perfectHousehold(key, clan: clan, ["tre_do_tuoi": 1, "tre_den_truong": 1,
                                                                             "tre_hoc_luc_dat": 1, "tre_hanh_kiem_kha": 1]))
        }
        for code in ["D1", "D2"] {
            builder.add("dong-ho-hoc-tap", ["ma_dong_ho": code, "ten_dong_ho": "Họ \(code)", "xa": "Long Hữu", "so_ho": 1,
                                            "quy_khuyen_hoc": true, "khen_thuong": true, "ke_hoach": true, "sinh_hoat": 2])
        }
        var engine = ScoringEngine(criteria: criteria)
        engine.memoize = memoize
        let clans = try #require(engine.score(builder.data).model(id: "dong-ho-hoc-tap"))
        let d1 = try #require(clans.row(key: "D1")), d2 = try #require(clans.row(key: "D2"))
        #expect(clans.levels[d1] == .exemplary)
        #expect(clans.levels[d2] == .error)
        #expect(clans.reasonTexts(d2, .english) == [
            "a number too large in sum(ho: tre_do_tuoi * 4611686018427387904) (dong-ho-hoc-tap) for the program's numbers; fix the criteria file or the data",
        ])
    }
}
