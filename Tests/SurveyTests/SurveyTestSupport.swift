import Criteria
import Records
import Foundation
@testable import Survey

/// Paths and the shipped criteria, shared by the survey tests.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ name: String) -> String { "\(folder)/\(name)" }

    /// The three shipped models, loaded once.
    static let criteria: CriteriaSet = {
        let report = CriteriaLoader().load(paths: ["\(repository)/Criteria"])
        return report.criteria
    }()

    static func read(_ names: [String], encoding: TextEncodingChoice = .automatic, convertTCVN3: Bool = false) -> SurveyReadResult {
        SurveyReader(criteria: criteria, encoding: encoding, convertTCVN3InXLSX: convertTCVN3).read(paths: names.map(path))
    }

    static func read(_ name: String, encoding: TextEncodingChoice = .automatic) -> SurveyReadResult {
        read([name], encoding: encoding)
    }

    /// A household table's rows as readable values, field by field (for equality across files).
    static func rows(_ table: RecordTable) -> [[String]] {
        (0..<table.count).map { row in table.model.definition.fields.indices.map { table.text(field: $0, row: row) } }
    }

    static func value(_ table: RecordTable, _ field: String, row: Int) -> String {
        table.text(field: table.model.fieldIndex[field]!, row: row)
    }
}
