import Foundation
import KhuyenhocCLI
import Reports
import Testing

/// Rule 7. `.xls`, `.ods`, `.numbers` and files in sub-folders are listed in one note each (what
/// to do: save as `.xlsx`/CSV, or name the sub-folder). The report file being written
/// (`--output`) is never read as input, and an earlier report of the program left in the folder
/// is recognised by its first line and skipped with a note.
extension IntakeRulesTests {
    @Suite("Rule 7 — what else a folder holds") struct Folder {
        /// `thu-muc-la/`: the sample plus `ho-gia-dinh-cu.xls` (Excel 97), `ap-bo-sung.ods`,
        /// `dong-ho.numbers` and a sub-folder `Ap Long Hoi/` with two late households.
        @Test("an .xls, an .ods, a .numbers file and a sub-folder are each named in one note saying what to do; the results are the sample's")
        func otherFilesAreNamed() throws {
            let folder = try Intake.fixture("thu-muc-la")
            let csv = score(folder)
            #expect(csv.status == 0)
            #expect(csv.output == (try Intake.expectedCSV()))
            let run = score(folder, format: .text)
            for name in ["ho-gia-dinh-cu.xls", "ap-bo-sung.ods", "dong-ho.numbers"] {
                let notes = noteLines(run).filter { $0.contains(name) }
                #expect(notes.count >= 1, "\(name) is not named:\n\(run.messages)")
                #expect(occurrences(of: name, in: run.messages) <= 1 && occurrences(of: name, in: run.output) <= 1)
                #expect(notes.allSatisfy { $0.contains(".xlsx") }, "what to do (save as .xlsx or CSV): \(notes)")
            }
            let sub = noteLines(run).filter { $0.contains("Ap Long Hoi") }
            #expect(sub.count >= 1, "the sub-folder is not named:\n\(run.messages)")
            #expect(occurrences(of: "Ap Long Hoi", in: run.messages) <= 1 && occurrences(of: "Ap Long Hoi", in: run.output) <= 1)
        }

        @Test("--output inside the survey folder is never read: two runs in a row both give expected.csv")
        func outputInsideTheFolder() throws {
            let folder = try Intake.copy(Intake.sampleFolder, label: "output")
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            let report = folder.appendingPathComponent("ket-qua.csv").path
            for time in 1...2 {
                // Parsing too: the report left by run 1 is not a survey file of run 2 (never read).
                #expect(throws: Never.self, "run \(time)") {
                    var command = try Khuyenhoc.parseAsRoot(["score", folder.path, "--format", "csv", "--output", report,
                                                             "--criteria", Intake.criteriaFolder, "--threads", "1"])
                    try command.run()
                }
                #expect(try String(contentsOfFile: report, encoding: .utf8) == (try Intake.expectedCSV()), "run \(time)")
            }
        }

        @Test("an earlier CSV report and text report left in the folder are recognised and skipped with a note each")
        func earlierReportsAreSkipped() throws {
            let folder = try Intake.copy(Intake.sampleFolder, label: "earlier")
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            // Last week's outputs of the program, saved by the clerk beside the survey files.
            let csv = score(Intake.sampleFolder)
            try csv.output.write(to: folder.appendingPathComponent("ket-qua-tuan-truoc.csv"), atomically: true, encoding: .utf8)
            let text = score(Intake.sampleFolder, format: .text)
            try text.output.write(to: folder.appendingPathComponent("bao-cao-tuan-truoc.txt"), atomically: true, encoding: .utf8)

            let run = score(folder.path)
            #expect(run.status == 0, "\(run.messages)")
            #expect(run.output == (try Intake.expectedCSV()))
            let report = score(folder.path, format: .text)
            for name in ["ket-qua-tuan-truoc.csv", "bao-cao-tuan-truoc.txt"] {
                #expect(noteLines(report).contains { $0.contains(name) }, "\(name) not noted:\n\(report.messages)")
                #expect(!report.messages.contains("LỖI \(name)"), "\(report.messages)")
            }
        }
    }
}
