import Criteria
import Records
import Foundation
import Reports
import Scoring
import Testing

/// A small commune scored with the shipped criteria: twelve households in two hamlets and two
/// clans (one of them unreadable), the two clans and the two hamlets.
///
/// Households start from a profile that earns every point (100) and lose points one change at a
/// time, so every number in the golden files can be checked by hand:
///
/// | key  | hamlet | clan | change from 100                                   | total | level                 |
/// |------|--------|------|---------------------------------------------------|-------|-----------------------|
/// | HO01 | LK     | DH01 | none                                              | 100   | tiêu biểu             |
/// | HO02 | LD     | DH02 | none                                              | 100   | tiêu biểu             |
/// | HO03 | LK     | DH01 | no study fund (3.3 −5)                            | 95    | tiêu biểu             |
/// | HO04 | LD     | DH02 | "75" profile, disadvantaged area                  | 75    | đạt (pass mark 70)    |
/// | HO05 | LK     | DH01 | a member broke the law                            | 100   | không đạt (disqualified) |
/// | HO06 | LK     | DH01 | no devices, no fund (3.2, 3.3 −10)                | 90    | đạt                   |
/// | HO07 | LD     | DH02 | "75" profile, poor household                      | 75    | đạt (pass mark 70)    |
/// | HO08 | LD     | —    | "75" profile                                      | 75    | không đạt (< 80)      |
/// | HO09 | LK     | DH02 | 1 of 2 adults literate, none studied (TC2 = 10)   | 80    | không đạt (TC2 < 15)  |
/// | HO10 | LK     | DH01 | no devices, no fund                               | 90    | đạt                   |
/// | HO11 | LD     | DH02 | not a cultural family, no fund (4.2 −10, 3.3 −5)  | 85    | đạt                   |
/// | HO12 | —      | —    | unreadable row ("2,5" children at school)         |       | lỗi                   |
///
/// The "75" profile: children not well-behaved (1.3 −10), 1 of 2 adults studied (2.2 −5),
/// not a cultural family (4.2 −10): TC1 20, TC2 25, TC3 20, TC4 10.
enum ReportFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let criteria: CriteriaSet = {
        let folder = repository.appendingPathComponent("Criteria").path
        let report = CriteriaLoader().load(paths: [folder])
        precondition(report.isUsable, "the shipped criteria must load: \(report.diagnostics)")
        return report.criteria
    }()

    /// A field value of a survey row.
    enum Value {
        case text(String)
        case int(Int64)
        case bool(Bool)
    }

    /// Appends a row, taking each field's value by id (in the order the criteria declare them).
    static func append(_ values: [String: Value], to table: RecordTable, row: Int32, source: Int32) {
        var ints: [Int64] = [], bools: [Bool] = [], texts: [String] = []
        for field in table.model.definition.fields {
            switch (field.type, values[field.id]) {
            case (.text, .text(let v)?): texts.append(v)
            case (.text, _): texts.append("")
            case (.int, .int(let v)?): ints.append(v)
            case (.int, _): ints.append(0)
            case (.bool, .bool(let v)?): bools.append(v)
            case (.bool, _): bools.append(false)
            }
        }
        table.append(ints: ints, bools: bools, texts: texts, origin: RowOrigin(source: source, row: row))
    }

    /// Every point of the household criteria: two children at school with good results and
    /// conduct, two literate adults who both studied, every tick box ticked but the bad ones.
    static func perfectHousehold(_ key: String, _ name: String, hamlet: String, clan: String, commune: String = "Long Hữu") -> [String: Value] {
        var values: [String: Value] = [
            "ma_ho": .text(key), "chu_ho": .text(name), "ma_ap": .text(hamlet), "xa": .text(commune), "ma_dong_ho": .text(clan),
            "tre_do_tuoi": .int(2), "tre_mien": .int(0), "tre_den_truong": .int(2), "tre_hoc_luc_dat": .int(2),
            "tre_hanh_kiem_kha": .int(2), "nguoi_lon": .int(2), "nguoi_lon_mien": .int(0),
            "nguoi_lon_biet_chu": .int(2), "nguoi_lon_hoc_tap": .int(2),
        ]
        for good in ["tre_ngoan", "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach", "phuong_tien", "quy_khuyen_hoc",
                     "kinh_te_on_dinh", "gia_dinh_van_hoa"] {
            values[good] = .bool(true)
        }
        return values
    }

    static func seventyFive(_ key: String, _ name: String, hamlet: String, clan: String) -> [String: Value] {
        var values = perfectHousehold(key, name, hamlet: hamlet, clan: clan)
        values["tre_ngoan"] = .bool(false)
        values["nguoi_lon_hoc_tap"] = .int(1)
        values["gia_dinh_van_hoa"] = .bool(false)
        return values
    }

    static let sources = [SurveySource(path: "Samples/long-huu/ho-gia-dinh.csv"),
                          SurveySource(path: "Samples/long-huu/dong-ho.csv"),
                          SurveySource(path: "Samples/long-huu/ap.csv")]

    static func households() -> [[String: Value]] {
        var ho03 = perfectHousehold("HO03", "Võ Văn Tâm", hamlet: "LK", clan: "DH01")
        ho03["quy_khuyen_hoc"] = .bool(false)
        var ho04 = seventyFive("HO04", "Sơn Thị Sóc Kha", hamlet: "LD", clan: "DH02")
        ho04["vung_kho_khan"] = .bool(true)
        var ho05 = perfectHousehold("HO05", "Trương Văn Đạt", hamlet: "LK", clan: "DH01")
        ho05["vi_pham"] = .bool(true)
        var ho06 = perfectHousehold("HO06", "Lâm Thị Hồng", hamlet: "LK", clan: "DH01")
        ho06["phuong_tien"] = .bool(false)
        ho06["quy_khuyen_hoc"] = .bool(false)
        var ho07 = seventyFive("HO07", "Châu Thị Mỹ", hamlet: "LD", clan: "DH02")
        ho07["ho_ngheo"] = .bool(true)
        let ho08 = seventyFive("HO08", "Trần Văn Bình", hamlet: "LD", clan: "")
        var ho09 = perfectHousehold("HO09", "Phan Thị Lan", hamlet: "LK", clan: "DH02")
        ho09["nguoi_lon_biet_chu"] = .int(1)
        ho09["nguoi_lon_hoc_tap"] = .int(0)
        var ho10 = perfectHousehold("HO10", "Phạm Văn Lộc", hamlet: "LK", clan: "DH01")
        ho10["phuong_tien"] = .bool(false)
        ho10["quy_khuyen_hoc"] = .bool(false)
        var ho11 = perfectHousehold("HO11", "Đỗ Thị Mai", hamlet: "LD", clan: "DH02")
        ho11["gia_dinh_van_hoa"] = .bool(false)
        ho11["quy_khuyen_hoc"] = .bool(false)
        return [perfectHousehold("HO01", "Kim Văn Rinh", hamlet: "LK", clan: "DH01"),
                perfectHousehold("HO02", "Thạch Thị Sa Rươl", hamlet: "LD", clan: "DH02"),
                ho03, ho04, ho05, ho06, ho07, ho08, ho09, ho10, ho11]
    }

    /// The commune's survey, optionally with other household names (same order as above).
    static func surveyData(names: [String]? = nil) -> SurveyData {
        let criteria = Self.criteria
        var data = SurveyData()
        data.sources = sources
        let householdTable = RecordTable(model: criteria.model(id: "gia-dinh-hoc-tap")!)
        for (i, var values) in households().enumerated() {
            if let names { values["chu_ho"] = .text(names[i % names.count]) }
            append(values, to: householdTable, row: Int32(i + 2), source: 0)
        }
        data.tables["gia-dinh-hoc-tap"] = householdTable
        data.rejected["gia-dinh-hoc-tap"] = [RejectedRow(
            origin: RowOrigin(source: 0, row: 13), commune: "Long Hữu", key: "HO12", name: "Lý Văn Mười",
            problems: [RowProblem(vietnamese: "cột \"Số trẻ đến trường\": \"2,5\" không phải số nguyên",
                                  english: "column \"Children attending school\": \"2,5\" is not a whole number")])]

        let clans = RecordTable(model: criteria.model(id: "dong-ho-hoc-tap")!)
        append(["ma_dong_ho": .text("DH01"), "ten_dong_ho": .text("Họ Kim"), "xa": .text("Long Hữu"), "so_ho": .int(5),
                "quy_khuyen_hoc": .bool(true), "khen_thuong": .bool(true), "ke_hoach": .bool(true), "sinh_hoat": .int(2)],
               to: clans, row: 2, source: 1)
        append(["ma_dong_ho": .text("DH02"), "ten_dong_ho": .text("Họ Thạch"), "xa": .text("Long Hữu"), "so_ho": .int(5),
                "quy_khuyen_hoc": .bool(true), "khen_thuong": .bool(true), "ke_hoach": .bool(true), "sinh_hoat": .int(1)],
               to: clans, row: 3, source: 1)
        data.tables["dong-ho-hoc-tap"] = clans

        let hamlets = RecordTable(model: criteria.model(id: "cong-dong-hoc-tap")!)
        append(["ma_ap": .text("LK"), "ten_ap": .text("Long Khánh"), "xa": .text("Long Hữu"), "so_ho": .int(6),
                "tu_sach_cong_dong": .bool(true), "chi_hoi_khuyen_hoc": .bool(true), "hoat_dong_hoc_tap": .int(4)],
               to: hamlets, row: 2, source: 2)
        append(["ma_ap": .text("LD"), "ten_ap": .text("Long Định"), "xa": .text("Long Hữu"), "so_ho": .int(6),
                "vung_kho_khan": .bool(true), "tu_sach_cong_dong": .bool(true), "chi_hoi_khuyen_hoc": .bool(true),
                "hoat_dong_hoc_tap": .int(2)],
               to: hamlets, row: 3, source: 2)
        data.tables["cong-dong-hoc-tap"] = hamlets
        return data
    }

    static func run(names: [String]? = nil) -> RunResults {
        ScoringEngine(criteria: criteria).score(surveyData(names: names))
    }

    static func text(_ write: (OutputSink) -> Void) -> String {
        let sink = OutputSink()
        write(sink)
        return sink.captured ?? ""
    }

    /// Compares with `Golden/<name>`; with `KHUYENHOC_UPDATE_GOLDEN=1` rewrites the file instead.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let source = repository.appendingPathComponent("Tests/ReportsTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["KHUYENHOC_UPDATE_GOLDEN"] == "1" {
            try? actual.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"),
              let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "report differs from Golden/\(name)", sourceLocation: sourceLocation)
    }
}
