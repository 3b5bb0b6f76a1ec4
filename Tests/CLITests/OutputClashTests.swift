import Foundation
@testable import KhuyenhocCLI
import Reports
import Testing
import TextSupport

/// `--output` empties its file when the run starts: naming a survey file being read (directly,
/// inside a folder given, or through a link) is refused before anything is opened. And an output
/// that cannot be written whole is an error, not a short file and exit 0.
@Suite struct OutputClashTests {
    @Test("a full disk (/dev/full) makes the run fail with a message, in either language")
    func fullDisk() throws {
        for (language, words) in [(Language.vietnamese, "đĩa đã đầy"), (.english, "could not all be written")] {
            var runner = ScoreRunner(language: language)
            runner.format = .csv
            let sink = try OutputSink(path: "/dev/full")
            var messages = ""
            let status = runner.run(inputs: [CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path],
                                    criteriaPaths: [CLIFixtures.criteriaFolder],
                                    output: sink, messages: &messages)
            #expect(status == 1)
            #expect(messages.contains(words), "\(messages)")
        }
    }

    @Test("an output that is one of the survey files is refused, and the file is left whole")
    func outputIsAnInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-clash-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLIFixtures.repository.appendingPathComponent("Samples/long-huu"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let households = folder.appendingPathComponent("ho-gia-dinh.csv").path
        let before = try Data(contentsOf: URL(fileURLWithPath: households))
        let link = folder.appendingPathComponent("ket-qua.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: households)

        for arguments in [["--output", households, folder.path],          // inside a folder given
                          ["--output", households, households],           // the file itself
                          ["--output", link, folder.path + "/ho-gia-dinh.csv"]] {  // through a link
            #expect(throws: (any Error).self, "\(arguments)") { _ = try Score.parse(arguments) }
        }
        // Writing next to the survey files is fine.
        _ = try Score.parse(["--output", folder.appendingPathComponent("ket-qua-moi.txt").path, folder.path])
        #expect(try Data(contentsOf: URL(fileURLWithPath: households)) == before)
    }
}
