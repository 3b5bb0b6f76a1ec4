import Criteria
import Records
import Foundation
import Scoring
import TestSupport
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped criteria folder.
let shippedCriteria = repositoryRoot.appendingPathComponent("Criteria").path
let shippedSchema = repositoryRoot.appendingPathComponent("Criteria/khuyenhoc-criteria.xsd").path

func loadCriteria(_ folder: String = shippedCriteria) throws -> CriteriaSet {
    try ShippedCriteria.load(folder)
}

/// The shipped criteria with texts of their files replaced: for each file name, pairs of
/// (text that must be in the file, its replacement). Written to a folder of their own, loaded,
/// and the folder removed.
func loadCriteria(editing edits: [String: [(String, String)]]) throws -> CriteriaSet {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-criteria-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
        var text = try String(contentsOfFile: shippedCriteria + "/" + name, encoding: .utf8)
        for (original, replacement) in edits[name] ?? [] {
            guard text.contains(original) else { throw TestFailure("\(name) no longer holds \(original)") }
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return try loadCriteria(folder.path)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Builds survey data row by row from field values given by id; fields left out get a neutral
/// value (0, false, "").
struct DataBuilder {
    let criteria: CriteriaSet
    var data = SurveyData()
    private var rowNumbers: [String: Int32] = [:]

    init(criteria: CriteriaSet) {
        self.criteria = criteria
        data.sources = [SurveySource(path: "test.csv")]
        for model in criteria.models { data.tables[model.id] = RecordTable(model: model) }
    }

    mutating func add(_ modelId: String, _ values: [String: Any]) {
        let model = criteria.model(id: modelId)!
        var ints: [Int64] = [], bools: [Bool] = [], texts: [String] = []
        for field in model.definition.fields {
            let value = values[field.id]
            switch field.type {
            case .int: ints.append(Int64(value as? Int ?? 0))
            case .bool: bools.append(value as? Bool ?? false)
            case .text: texts.append(value as? String ?? "")
            }
        }
        let row = (rowNumbers[modelId] ?? 1) + 1
        rowNumbers[modelId] = row
        data.tables[modelId]!.append(ints: ints, bools: bools, texts: texts, origin: RowOrigin(source: 0, row: row))
    }

    mutating func reject(_ modelId: String, commune: String, key: String, name: String, problem: String) {
        let row = (rowNumbers[modelId] ?? 1) + 1
        rowNumbers[modelId] = row
        data.rejected[modelId, default: []].append(RejectedRow(
            origin: RowOrigin(source: 0, row: row), commune: commune, key: key, name: name,
            problems: [RowProblem(vietnamese: problem, english: problem)]))
    }
}

/// A household that reaches every indicator's maximum (100 points) unless overridden.
func perfectHousehold(_ key: String, name: String = "Nguyễn Văn An", hamlet: String = "LK", clan: String = "",
                      commune: String = "Long Hữu", _ overrides: [String: Any] = [:]) -> [String: Any] {
    var values: [String: Any] = [
        "ma_ho": key, "chu_ho": name, "ma_ap": hamlet, "xa": commune, "ma_dong_ho": clan,
        "tre_do_tuoi": 2, "tre_mien": 0, "tre_den_truong": 2, "tre_hoc_luc_dat": 2, "tre_hanh_kiem_kha": 2,
        "tre_ngoan": true, "nguoi_lon": 2, "nguoi_lon_mien": 0, "nguoi_lon_biet_chu": 2, "nguoi_lon_hoc_tap": 2,
        "tham_gia_khuyen_hoc": true, "goc_hoc_tap": true, "tu_sach": true, "phuong_tien": true, "quy_khuyen_hoc": true,
        "kinh_te_on_dinh": true, "gia_dinh_van_hoa": true, "vi_pham": false, "vung_kho_khan": false, "ho_ngheo": false,
    ]
    for (k, v) in overrides { values[k] = v }
    return values
}

extension ModelResults {
    /// The row of the entity with this key.
    func row(key: String) -> Int? {
        (0..<count).first { self.key(row: $0) == key }
    }

    func reasonTexts(_ row: Int, _ language: TextLanguage = .vietnamese) -> [String] {
        reasons[row].map { $0.message(in: language, model: model) }
    }
}

import TextSupport
typealias TextLanguage = Language

extension ModelResults {
    /// The position of the indicator with this id (`"2.2"`) among the model's indicators, as
    /// ``points(row:indicator:)`` and ``firedRule(row:indicator:)`` number them.
    func indicator(_ id: String) -> Int {
        guard let k = model.groups.flatMap(\.indicators).firstIndex(where: { $0.definition.id == id }) else {
            fatalError("no indicator \(id) in \(model.id)")
        }
        return k
    }
}

/// The levels of the shipped criteria by their place: each shipped file declares `tieu-bieu`
/// first and `dat` second (``shippedLevelsAreTieuBieuThenDat`` checks it).
extension Level {
    static let exemplary = Level.declared(0)
    static let certified = Level.declared(1)
}

@Suite struct ShippedLevelTests {
    /// The ids the tests name `.exemplary` and `.certified`, and the set that counts as recognised.
    @Test func shippedLevelsAreTieuBieuThenDat() throws {
        let criteria = try loadCriteria()
        for model in criteria.models {
            #expect(model.levels.map(\.id) == ["tieu-bieu", "dat"], "\(model.id)")
            #expect(model.levelId(.exemplary) == "tieu-bieu" && model.levelId(.certified) == "dat")
            #expect(model.levelId(.notCertified) == "khong-dat" && model.levelId(.error) == "loi")
            #expect(model.isCertified(.exemplary) && model.isCertified(.certified) && !model.isCertified(.notCertified))
        }
    }
}
