import Foundation
import Testing
@testable import Survey

/// In a file large enough that the duplicate search splits the rows into buckets searched on two
/// threads, the rows rejected as duplicates are exactly the rows whose key occurs more than once,
/// as a plain count of the codes written says, and each names the others.
@Suite("Duplicate keys in a large file")
struct DuplicateKeyTests {
    @Test("exactly the rows whose household code repeats are rejected, and they name each other")
    func largeFile() throws {
        let count = 70_000
        // Most rows have a code of their own; some reuse an earlier one (pairs far apart, pairs
        // side by side, and a code used three times).
        var codes = (1...count).map { "HO\($0)" }
        for n in stride(from: 35_001, through: count, by: 1_009) { codes[n - 1] = "HO\(n - 35_000)" }
        codes[500] = codes[499]
        codes[60_000] = "HO7"
        codes[69_999] = "HO7"
        var occurrences: [String: [Int]] = [:]
        for (index, code) in codes.enumerated() { occurrences[code, default: []].append(index + 2) }
        let expected = Set(occurrences.values.filter { $0.count > 1 }.flatMap { $0 })
        #expect(expected.count > 60)

        var lines = [ParallelReadingTests.header]
        for code in codes {
            lines.append("\(code),Nguyễn Văn An,AP1,Long Hữu,DH01,,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-duplicates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho-gia-dinh.csv").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))

        let result = SurveyReader(criteria: Fixture.criteria, threads: 1).read(paths: [path])
        let rejected = try #require(result.data.rejected["gia-dinh-hoc-tap"])
        let table = try #require(result.data.tables["gia-dinh-hoc-tap"])
        #expect(Set(rejected.map { Int($0.origin.row) }) == expected)
        #expect(rejected.allSatisfy { $0.problems.count == 1 && $0.problems[0].english.contains("duplicate household code") })
        #expect(table.count + rejected.count == count)

        // The code used three times: each row names the other two.
        let seven = rejected.filter { $0.key == "HO7" }
        #expect(seven.map(\.origin.row) == [8, 60_002, 70_001])
        let message = try #require(seven.first?.problems.first?.english)
        #expect(message.contains("row 60002") && message.contains("row 70001"), "\(message)")
    }
}
