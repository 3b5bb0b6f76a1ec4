import Criteria
import Foundation

/// Where the tests find the shipped criteria, the schema and their own fixtures.
enum CriteriaFixtures {
    /// The repository's `Criteria/` folder, found from this source file.
    static let shippedFolder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Criteria").path

    static let schema = (shippedFolder as NSString).appendingPathComponent(CriteriaLoader.schemaFileName)

    static func shipped(_ name: String) -> String {
        (shippedFolder as NSString).appendingPathComponent(name)
    }

    /// A file or folder under `Fixtures/` (copied into the test bundle).
    static func fixture(_ relativePath: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(relativePath).path
    }

    static var loader: CriteriaLoader { CriteriaLoader() }
}
