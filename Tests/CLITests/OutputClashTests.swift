import Foundation
@testable import KhuyenhocCLI
import Testing

/// `--output` empties its file when the run starts: naming a survey file being read (directly,
/// inside a folder given, or through a link) is refused before anything is opened.
@Suite struct OutputClashTests {
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
