import Criteria
import Foundation
import SurveySamples
import Testing

/// The shipped criteria, as files and as model definitions a test may edit before compiling.
enum SampleFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let criteriaFolder = repository.appendingPathComponent("Criteria")
    static let schema = criteriaFolder.appendingPathComponent("khuyenhoc-criteria.xsd").path

    /// The shipped model definitions, households first.
    static func shippedDefinitions() throws -> [ModelDefinition] {
        let loader = CriteriaLoader()
        return try ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"].map { name in
            try loader.readDefinition(criteriaFolder.appendingPathComponent(name).path).get()
        }
    }

    /// Compiles definitions the way the loader does; a problem fails the test.
    static func compile(_ definitions: [ModelDefinition]) throws -> CriteriaSet {
        let compiled = CriteriaCompiler.compile(definitions.map { ($0, $0.id + ".xml") })
        #expect(compiled.diagnostics.isEmpty, "\(compiled.diagnostics)")
        return CriteriaSet(models: compiled.models)
    }

    static func shippedCriteria() throws -> CriteriaSet {
        try compile(try shippedDefinitions())
    }

    /// An int, a bool and an optional text field a province might add to its households.
    static let addedFields = [
        FieldDefinition(id: "so_buoi_doc_sach", label: "Số buổi đọc sách trong tháng", labelEnglish: "Reading sessions a month",
                        aliases: [], type: .int, required: true, minimum: 2, maximum: 12,
                        location: SourceLocation(file: "test", line: 1)),
        FieldDefinition(id: "co_the_thu_vien", label: "Có thẻ thư viện", labelEnglish: "Has a library card",
                        aliases: [], type: .bool, required: true, minimum: nil, maximum: nil,
                        location: SourceLocation(file: "test", line: 2)),
        FieldDefinition(id: "ghi_chu", label: "Ghi chú", labelEnglish: "Note",
                        aliases: [], type: .text, required: false, minimum: nil, maximum: nil,
                        location: SourceLocation(file: "test", line: 3)),
    ]
}

/// One generated folder, removed when the test ends.
final class Generated {
    let directory: URL
    let summary: SampleGenerator.Summary

    /// Files for `models`, by default the shipped criteria's.
    init(households: Int, seed: UInt64, models: SampleModels? = nil) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("khuyenhoc-sample-\(UUID().uuidString)")
        let models = try models ?? SampleModels(criteria: SampleFixtures.shippedCriteria())
        summary = try SampleGenerator(models: models, households: households, seed: seed).write(to: directory)
    }

    /// Files for compiled criteria.
    convenience init(households: Int, seed: UInt64, criteria: CriteriaSet) throws {
        try self.init(households: households, seed: seed, models: SampleModels(criteria: criteria))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    /// The header's field ids.
    func header(_ file: String) throws -> [String] {
        let text = try #require(String(data: try data(file), encoding: .utf8))
        return Self.fields(of: text.split(separator: "\n").first ?? "")
    }

    /// The data rows as dictionaries keyed by the header's field ids (RFC 4180 quoting).
    func rows(_ file: String) throws -> [[String: String]] {
        let text = try #require(String(data: try data(file), encoding: .utf8))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { Self.fields(of: Substring($0)) }
        let header = lines.removeFirst()
        return lines.map { values in
            #expect(values.count == header.count, "row with \(values.count) fields: \(values)")
            return Dictionary(uniqueKeysWithValues: zip(header, values))
        }
    }

    static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let ch = iterator.next() {
            if quoted {
                if ch == "\"" { quoted = false } else { current.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }
}
