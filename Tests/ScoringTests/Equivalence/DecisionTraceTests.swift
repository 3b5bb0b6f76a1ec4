import Criteria
import Foundation
import Scoring
import Testing

/// The level decision exists once: the trace `explain` shows is the engine's own decision taken
/// again on the row, so its level, reasons and pass mark are the ones the results store.
@Suite("The decision trace agrees with the scored results")
struct DecisionTraceTests {
    @Test("households and clans of every kind: level, reasons and pass mark as stored; steps end where the decision did")
    func agrees() throws {
        let criteria = try loadCriteria()
        var b = DataBuilder(criteria: criteria)
        let households: [(String, String, [String: Any])] = [
            ("P1", "D1", [:]),
            ("P2", "D1", ["vung_kho_khan": true, "tre_ngoan": false]),
            ("P3", "D1", ["ho_ngheo": true, "tre_ngoan": false, "gia_dinh_van_hoa": false]),
            ("V1", "D2", ["vi_pham": true]),
            ("F1", "D2", ["tre_ngoan": false, "tre_den_truong": 0, "tre_hoc_luc_dat": 0, "tre_hanh_kiem_kha": 0]),
            ("L1", "D2", ["tre_ngoan": false, "gia_dinh_van_hoa": false]),
        ]
        for (key, clan, overrides) in households { b.add("gia-dinh-hoc-tap", perfectHousehold(key, clan: clan, overrides)) }
        for clan in ["D1", "D2"] {
            b.add("dong-ho-hoc-tap", ["ma_dong_ho": clan, "ten_dong_ho": "Họ \(clan)", "xa": "Long Hữu", "so_ho": 3,
                                      "quy_khuyen_hoc": true, "khen_thuong": true, "ke_hoach": true, "sinh_hoat": 2])
        }
        let run = ScoringEngine(criteria: criteria).score(b.data)
        var levels = Set<Level>()
        for id in ["gia-dinh-hoc-tap", "dong-ho-hoc-tap"] {
            let results = try #require(run.model(id: id))
            for row in 0..<results.count {
                let trace = results.explanation(forRow: row, in: run).trace
                let key = results.key(row: row)
                #expect(trace.level == results.levels[row], "\(id) \(key)")
                #expect(trace.reasons == results.reasons[row], "\(id) \(key)")
                #expect(trace.passMark == Int(results.passMarks[row]), "\(id) \(key)")
                let mark = results.passMark(row: row)?.definition
                let traced = trace.passMark < 0 ? nil : results.model.passMarkRules[trace.passMark].definition
                #expect(mark?.value == traced?.value && mark?.condition == traced?.condition, "\(id) \(key)")
                // The last step taken decided, unless every step handed over.
                switch trace.steps.last {
                case .disqualify(_, let fired)?: #expect(fired == (trace.level == .notCertified), "\(id) \(key)")
                case .passMark(_, _, let passed)?: #expect(!passed && trace.level == .notCertified, "\(id) \(key)")
                case .groupMinimums(_, let below)?: #expect(below.contains(true) && trace.level == .notCertified, "\(id) \(key)")
                case .award?, nil: #expect(trace.level != .notCertified || trace.reasons.isEmpty, "\(id) \(key)")
                }
                levels.insert(trace.level)
            }
        }
        #expect(levels.isSuperset(of: [.exemplary, .certified, .notCertified]), "\(levels)")
    }
}
