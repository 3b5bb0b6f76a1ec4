import Foundation
@testable import KhuyenhocCLI
import Reports
import Testing

/// Reading and scoring on several threads must not change one byte of the output.
@Suite struct ParallelScoringTests {
    @Test func twentyThousandHouseholdsGiveTheSameBytesOnOneOrTwoThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-parallel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try Sample.parse(["--households", "20000", "--seed", "7", "--criteria", CLIFixtures.criteriaFolder, folder.path]).write()
        #expect(summary.households == 20_000)

        func run(threads: Int, format: ScoreFormat, rowsPerPart: Int = .max, memoize: Bool = true) -> String {
            var runner = ScoreRunner(language: .vietnamese)
            runner.threads = threads
            runner.memoize = memoize
            runner.report.rowsPerPart = rowsPerPart
            runner.format = format
            let sink = OutputSink(capturing: ())
            var messages = ""
            _ = runner.run(inputs: [folder.path], criteriaPaths: [CLIFixtures.criteriaFolder],
                           output: sink, messages: &messages)
            return sink.captured ?? ""
        }
        for format in [ScoreFormat.csv, .json, .text] {
            // One thread, every row evaluated on its own: the reference.
            let single = run(threads: 1, format: format, memoize: false)
            let parallel = run(threads: 2, format: format)
            #expect(single.utf8.count > 1_000_000)
            #expect(single == parallel, "\(format) differs between 1 and 2 threads")
            #expect(run(threads: 1, format: format) == single, "\(format) differs when identical rows reuse results")
        }
        // A commune's table measured in parts of 97 rows on two threads numbers its footnotes
        // exactly as one sequential pass does.
        let sequential = run(threads: 1, format: .text)
        #expect(sequential.contains("¹²"), "the generated communes should need a dozen footnotes or more")
        #expect(run(threads: 2, format: .text, rowsPerPart: 97) == sequential)
        // Every generated row is in the output: 20,000 households plus the clans and hamlets.
        let lines = run(threads: 2, format: .csv).split(separator: "\n").count - 1
        #expect(lines == 20_000 + summary.clans + summary.hamlets)
    }
}
