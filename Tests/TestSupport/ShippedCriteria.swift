import Criteria
import Foundation

/// The criteria files shipped in the repository's `Criteria/` folder, for the suites that score
/// or read with them.
///
/// ```swift
/// let households = try ShippedCriteria.load().model(id: "gia-dinh-hoc-tap")
/// ```
public enum ShippedCriteria {
    /// The repository's root, found from this file's path.
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shipped criteria folder and its schema.
    public static let folder = repository.appendingPathComponent("Criteria").path
    public static let schema = repository.appendingPathComponent("Criteria/khuyenhoc-criteria.xsd").path

    /// The criteria of `folder` (the shipped ones by default), or the loader's messages as an error.
    public static func load(_ folder: String = ShippedCriteria.folder) throws -> CriteriaSet {
        let report = CriteriaLoader().load(paths: [folder])
        guard report.isUsable else { throw Unusable(messages: report.diagnostics.map { $0.message(in: .english) }) }
        return report.criteria
    }

    /// Criteria that could not be loaded.
    public struct Unusable: Error, CustomStringConvertible {
        public let messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }
}
