import Foundation
import KhuyenhocCLI
import Testing

/// Issue 12, "Messages in one language": in Vietnamese mode no English from libxml2, Foundation
/// or the system's errors, or the argument parser's usage errors and help chrome reaches the
/// clerk; in `--lang en` no Vietnamese. Error lines name the place once; a row with twelve bad
/// cells reads as one row with twelve problems.
///
/// These run the built `khuyenhoc` program, as a clerk does (what reaches the terminal).
enum OneLanguage {
    /// Usage errors: an unknown option, a missing argument, an option without its value, a
    /// value that is not one of the choices.
    static let unknownOption = ["score", "--fromat", "csv", "Samples/long-huu"]
    static let usageErrors: [[String]] = [
        unknownOption,
        ["score"],
        ["score", "Samples/long-huu", "--format"],
        ["score", "Samples/long-huu", "--format", "pdf"],
        ["explain", "HO0246"],
    ]

    static func expectVietnameseOnly(_ run: ProgramRun, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!run.standardError.isEmpty || !run.standardOutput.isEmpty, "\(arguments): nothing said", sourceLocation: sourceLocation)
        let english = englishFound(in: run.all)
        #expect(english.isEmpty, "\(arguments): English \(english) in:\n\(run.all)", sourceLocation: sourceLocation)
    }

    static func expectEnglishOnly(_ run: ProgramRun, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!run.standardError.isEmpty || !run.standardOutput.isEmpty, "\(arguments): nothing said", sourceLocation: sourceLocation)
        let vietnamese = vietnameseFound(in: run.all)
        #expect(vietnamese.isEmpty, "\(arguments): Vietnamese \(vietnamese) in:\n\(run.all)", sourceLocation: sourceLocation)
    }

    /// A copy of the shipped criteria whose household file has an XML syntax error (a closing
    /// tag typed wrong, as an editor does by hand).
    static func brokenCriteria() throws -> URL {
        let folder = try Intake.temporaryFolder("tieu-chi")
        let criteria = folder.appendingPathComponent("Criteria")
        try FileManager.default.copyItem(atPath: Intake.criteriaFolder, toPath: criteria.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: criteria.path).filter { $0.hasPrefix("gia-dinh") && $0.hasSuffix(".xml") }
        let file = criteria.appendingPathComponent(try #require(files.first))
        var text = try String(contentsOf: file, encoding: .utf8)
        let close = try #require(text.range(of: "</indicator>"))
        text.replaceSubrange(close, with: "</indicatr>")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return criteria
    }
}

extension IntakeRulesTests {
    @Suite("Messages in one language") struct Messages {
        @Test("usage errors in Vietnamese mode: exit 2, no English word", arguments: OneLanguage.usageErrors)
        func usageErrorsVietnamese(_ arguments: [String]) throws {
            let run = try runProgram(arguments)
            #expect(run.status == 2)
            OneLanguage.expectVietnameseOnly(run, arguments)
        }

        /// (The unknown option is in English only already: see `IntakeRulesAlreadyTrue`.)
        @Test("usage errors with --lang en: exit 2, no Vietnamese", arguments: OneLanguage.usageErrors.filter { $0 != OneLanguage.unknownOption })
        func usageErrorsEnglish(_ arguments: [String]) throws {
            let run = try runProgram(arguments + ["--lang", "en"])
            #expect(run.status == 2)
            OneLanguage.expectEnglishOnly(run, arguments)
        }

        @Test("help: no English chrome (USAGE, OPTIONS) in Vietnamese mode, no Vietnamese with --lang en")
        func help() throws {
            let vietnamese = try runProgram(["score", "--help"])
            #expect(vietnamese.status == 0)
            OneLanguage.expectVietnameseOnly(vietnamese, ["score", "--help"])
            let english = try runProgram(["score", "--help", "--lang", "en"])
            #expect(english.status == 0)
            OneLanguage.expectEnglishOnly(english, ["score", "--help", "--lang", "en"])
        }

        @Test("a criteria file with an XML syntax error (libxml2): exit 1, one language in score and check")
        func libxml2Error() throws {
            let criteria = try OneLanguage.brokenCriteria()
            defer { try? FileManager.default.removeItem(at: criteria.deletingLastPathComponent()) }
            for arguments in [["score", "Samples/long-huu", "--criteria", criteria.path, "--format", "csv"], ["check", criteria.path]] {
                let vietnamese = try runProgram(arguments)
                #expect(vietnamese.status == 1, "\(arguments)")
                OneLanguage.expectVietnameseOnly(vietnamese, arguments)
                let english = try runProgram(arguments + ["--lang", "en"])
                #expect(english.status == 1, "\(arguments)")
                OneLanguage.expectEnglishOnly(english, arguments)
            }
        }

        /// Root reads any file whatever its permissions: the case cannot be made then.
        @Test("a survey file that cannot be read (chmod 000): exit 1, one language",
              .enabled(if: geteuid() != 0, "tests run as root: file permissions are not enforced, cannot make an unreadable file"))
        func permissionError() throws {
            let folder = try Intake.copy(Intake.sampleFolder, label: "quyen")
            defer {
                chmod(folder.appendingPathComponent("ho-gia-dinh.csv").path, 0o644)
                try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
            }
            #expect(chmod(folder.appendingPathComponent("ho-gia-dinh.csv").path, 0) == 0)
            let arguments = ["score", folder.path, "--format", "csv"]
            let vietnamese = try runProgram(arguments)
            #expect(vietnamese.status == 1)
            #expect(vietnamese.standardError.contains("ho-gia-dinh.csv"))
            OneLanguage.expectVietnameseOnly(vietnamese, arguments)
            let english = try runProgram(arguments + ["--lang", "en"])
            #expect(english.status == 1)
            OneLanguage.expectEnglishOnly(english, arguments)
        }

        /// A folder holding a link to a survey file that has gone (moved to a USB stick): the
        /// system's reason (Foundation's "The operation could not be completed…") must not reach
        /// a Vietnamese clerk in English. Unlike chmod 000, this works as root too.
        @Test("a survey file that cannot be opened (a link to a file that is gone): exit 1, one language")
        func unopenableFile() throws {
            let folder = try Intake.copy(Intake.sampleFolder, label: "lien-ket")
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("ho-gia-dinh-moi.csv").path,
                                                       withDestinationPath: "/khong-con/ho-gia-dinh-moi.csv")
            let arguments = ["score", folder.path, "--format", "csv", "--output", "/dev/null"]
            let vietnamese = try runProgram(arguments)
            #expect(vietnamese.status == 1)
            #expect(vietnamese.standardError.contains("ho-gia-dinh-moi.csv"))
            OneLanguage.expectVietnameseOnly(vietnamese, arguments)
            let english = try runProgram(arguments + ["--lang", "en"])
            #expect(english.status == 1)
            OneLanguage.expectEnglishOnly(english, arguments)
        }

        @Test("an error line of the report names its place once (not 'tệp dòng 34 (…): tệp dòng 34: …')")
        func placeNamedOnce() throws {
            let run = score(Intake.sampleFolder, format: .text)
            let place = try NSRegularExpression(pattern: "[\\w.-]+\\.csv dòng \\d+")
            var errorLines = 0
            for line in run.outputLines {
                let places = place.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { (line as NSString).substring(with: $0.range) }
                guard !places.isEmpty else { continue }
                errorLines += 1
                #expect(Set(places).count == places.count, "place named twice: \(line)")
            }
            #expect(errorLines >= 4)
        }

        /// `muoi-hai-loi/ho-gia-dinh.csv`: the sample's first ten households; HO0005 (line 6) has
        /// twelve bad cells (nine counts such as `hai`, `2,5`, `-1`; three tick boxes such as `có lẽ`).
        @Test("a row with twelve bad cells reads as one row with twelve problems: its place named once")
        func twelveProblems() throws {
            let csv = score(try Intake.fixture("muoi-hai-loi"))
            #expect(csv.rows.filter { $0.level == "loi" }.map(\.id) == ["HO0005"])
            #expect(csv.messages.contains("gia-dinh-hoc-tap: đọc 10 dòng: 9 hợp lệ, 1 lỗi"))
            let run = score(try Intake.fixture("muoi-hai-loi"), format: .text)
            #expect(occurrences(of: "ho-gia-dinh.csv dòng 6", in: run.output) == 1, "\(run.output)")
            let labels = ["Số trẻ trong độ tuổi phổ cập", "Số trẻ được miễn", "Số trẻ đến trường", "Số trẻ học lực đạt trở lên",
                          "Số trẻ hạnh kiểm khá trở lên", "Số người lớn từ 19 đến 60 tuổi", "Số người lớn không có khả năng học tập",
                          "Số người lớn biết chữ", "Số người lớn có học tập trong năm", "Tham gia hoạt động khuyến học",
                          "Có góc học tập", "Có tủ sách, sách báo"]
            // Each problem names its column; the report may wrap a long label across two lines.
            let flat = run.output.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  +", with: " ", options: .regularExpression)
            for label in labels { #expect(flat.contains("\"\(label)\""), "\(label)") }
        }
    }
}

extension IntakeRulesAlreadyTrue {
    @Test("messages: an unknown option with --lang en is in English only (exit 2)")
    func unknownOptionEnglish() throws {
        let arguments = OneLanguage.unknownOption + ["--lang", "en"]
        let run = try runProgram(arguments)
        #expect(run.status == 2)
        OneLanguage.expectEnglishOnly(run, arguments)
    }
}
