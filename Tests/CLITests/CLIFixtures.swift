import Foundation
import Testing

/// Paths the command tests use: the repository's shipped criteria and the golden files.
enum CLIFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let criteriaFolder = repository.appendingPathComponent("Criteria").path
    static let schema = repository.appendingPathComponent("Criteria/khuyenhoc-criteria.xsd").path

    static func shipped(_ name: String) -> String {
        repository.appendingPathComponent("Criteria").appendingPathComponent(name).path
    }

    /// A broken criteria file kept with the criteria tests (3.2's rule reads an unknown name on line 175).
    static let brokenFile = repository.appendingPathComponent("Tests/CriteriaTests/Fixtures/broken/unknown-name.xml").path

    static func golden(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Golden", withExtension: nil)).appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Where a golden file lives in the source tree (to refresh it with KHUYENHOC_UPDATE_GOLDEN=1).
    static func goldenSource(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    }
}
