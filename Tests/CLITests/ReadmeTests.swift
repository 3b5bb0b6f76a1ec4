import Foundation
import KhuyenhocCLI
import Reports
import Testing

/// The README shows what a new user sees; these tests keep it true.
@Suite struct ReadmeTests {
    let readme: String

    init() throws {
        readme = try String(contentsOf: CLIFixtures.repository.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The lines of the fenced block that follows the `report-excerpt` marker.
    func excerpt() throws -> [Substring] {
        let marker = try #require(readme.range(of: "<!-- report-excerpt"))
        let rest = readme[marker.upperBound...]
        let open = try #require(rest.range(of: "```\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```"))
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func reportExcerptIsWhatTheCommandPrints() throws {
        var runner = ScoreRunner(language: .vietnamese)
        runner.report.width = 80   // what `swift run khuyenhoc score` uses on a terminal
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = runner.run(inputs: [CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path],
                                criteriaPaths: [CLIFixtures.criteriaFolder],
                                output: sink, messages: &messages)
        #expect(status == 0)
        let lines = try excerpt()
        #expect(lines.count >= 8)
        let printed = (sink.captured ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(printed.prefix(lines.count)) == lines)
        // The count lines quoted in the README are the ones the run writes.
        for line in messages.split(separator: "\n") { #expect(readme.contains(line)) }
    }

    @Test func readmeShowsTheTwoCommandsCIRuns() throws {
        #expect(readme.contains("swift run khuyenhoc score Samples/long-huu\nswift test\n"))
        let ci = try String(contentsOf: CLIFixtures.repository.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("swift test"))
        #expect(FileManager.default.fileExists(atPath: CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path))
    }
}
