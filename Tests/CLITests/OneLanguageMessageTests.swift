import ArgumentParser
import Foundation
@testable import KhuyenhocCLI
import Testing
import TextSupport

/// Help, usage errors and file messages in the run's language (issue 12, "Messages in one
/// language"). The program-level checks (the built program, every usage error in both languages)
/// are in `Tests/IntakeRulesTests/OneLanguageTests.swift`; these hold the parts.
@Suite struct OneLanguageMessageTests {
    /// Vietnamese letters with tone marks or ă â đ ê ô ơ ư.
    static func hasVietnamese(_ text: String) -> Bool {
        text.contains { c in c.unicodeScalars.first.map { $0.value >= 0xC0 } ?? false && c.isLetter }
    }

    @Test("the language is read from the raw arguments, then $KHUYENHOC_LANG, else Vietnamese")
    func languageBeforeParsing() {
        #expect(RunLanguage.of(["score", "x"], environment: [:]) == .vietnamese)
        #expect(RunLanguage.of(["score", "x", "--lang", "en"], environment: [:]) == .english)
        #expect(RunLanguage.of(["--lang=en", "score"], environment: [:]) == .english)
        #expect(RunLanguage.of(["score"], environment: ["KHUYENHOC_LANG": "en"]) == .english)
        #expect(RunLanguage.of(["score", "--lang", "vi"], environment: ["KHUYENHOC_LANG": "en"]) == .vietnamese)
        // A value after `--` is an input, not an option.
        #expect(RunLanguage.of(["score", "--", "--lang", "en"], environment: [:]) == .vietnamese)
        #expect(RunLanguage.of(["score", "--lang", "fr"], environment: [:]) == .vietnamese)
    }

    /// Every option and argument ArgumentParser knows is in our help, in both languages: the two
    /// cannot drift apart unseen.
    @Test("each command's help lists every option ArgumentParser knows", arguments: ["score", "errors", "explain", "check", "sample", "import", "status", "certify", "history", "export"])
    func helpCoversEveryOption(_ name: String) throws {
        let parserHelp = Khuyenhoc.helpMessage(for: try #require(Khuyenhoc.configuration.subcommands.first {
            $0.configuration.commandName == name || $0._commandName == name
        }))
        let options = Set(try NSRegularExpression(pattern: "--[a-z0-9-]+").matches(in: parserHelp, range: NSRange(parserHelp.startIndex..., in: parserHelp))
            .map { (parserHelp as NSString).substring(with: $0.range) })
        #expect(!options.isEmpty)
        let help = CommandHelp.all.first { $0.name == name }!
        for language in Language.allCases {
            let text = help.text(in: language)
            for option in options { #expect(text.contains(option + " ") || text.contains(option + "\n"), "\(name) \(language): \(option)") }
        }
        #expect(!Self.hasVietnamese(help.text(in: .english).replacingOccurrences(of: "\"Hội Khuyến học xã Long Hữu\"", with: "")
            .replacingOccurrences(of: "\"Long Hữu\"", with: "")))
        #expect(help.text(in: .vietnamese).contains("CÁCH DÙNG: khuyenhoc \(name)"))
    }

    /// ArgumentParser's messages as the pinned version words them: each is said again.
    @Test("usage errors are said again in the run's language")
    func usageErrors() {
        let score = CommandHelp.score
        let cases: [(String, String, String)] = [
            ("Unknown option '--fromat'. Did you mean '--format'?", "không có tuỳ chọn '--fromat' (có phải '--format'?)",
             "unknown option '--fromat' (did you mean '--format'?)"),
            ("Unknown option '-x'", "không có tuỳ chọn '-x'", "unknown option '-x'"),
            ("Missing expected argument '<inputs> ...'", "thiếu đối số <tệp khảo sát> …", "missing the argument <inputs> ..."),
            ("Missing value for '--format <format>'", "tuỳ chọn --format cần một giá trị ngay sau nó", "the option --format needs a value after it"),
            ("The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text', 'csv' or 'json'.",
             "giá trị 'pdf' không dùng được cho --format; hãy dùng một trong: text, csv, json",
             "the value 'pdf' cannot be used for --format; use one of: text, csv, json"),
            ("The value 'abc' is invalid for '--threads <threads>'", "giá trị 'abc' không dùng được cho --threads; cần một số nguyên",
             "the value 'abc' cannot be used for --threads; a whole number is needed"),
            ("The option '--paginate' does not take any value, but '3' was specified.", "tuỳ chọn --paginate không nhận giá trị (đã cho '3')",
             "the option --paginate takes no value (got '3')"),
            ("Unexpected argument 'frob'", "thừa đối số 'frob'", "unexpected argument 'frob'"),
            ("Missing required subcommand.", "các đối số không đúng cách dùng của lệnh", "Missing required subcommand."),
        ]
        for (parser, vietnamese, english) in cases {
            #expect(UsageProblem.reason(parser, command: score, language: .vietnamese) == vietnamese)
            #expect(UsageProblem.reason(parser, command: score, language: .english) == english)
        }
        let text = UsageProblem.text(parserMessage: "Unexpected argument 'frob'", command: score, language: .vietnamese)
        #expect(text == "Lỗi cú pháp lệnh: thừa đối số 'frob'\nCách dùng: khuyenhoc score [tuỳ chọn] [<tệp khảo sát> …]\n  Xem 'khuyenhoc score --help' để biết thêm.\n")
    }

    /// The real parser's errors, through the entry point's answer: exit 2, the run's language.
    @Test("the parser's own errors get an answer in the run's language, exit 2; help exit 0")
    func parserErrorsAnswered() throws {
        for arguments in [["score", "--fromat", "csv", "x"], ["score"], ["score", "x", "--format"], ["score", "x", "--format", "pdf"],
                          ["explain", "HO0246"], ["score", "x", "--width", "10"], ["frob"]] {
            for language in Language.allCases {
                let all = arguments + (language == .english ? ["--lang", "en"] : [])
                do {
                    _ = try Khuyenhoc.parseAsRoot(all)
                    Issue.record("\(all) parsed")
                } catch {
                    let answer = Khuyenhoc.answer(to: error, arguments: all, environment: [:])
                    #expect(answer.status == 2, "\(all)")
                    if language == .english {
                        #expect(!Self.hasVietnamese(answer.text.replacingOccurrences(of: "'", with: "")), "\(answer.text)")
                        #expect(answer.text.hasPrefix("Error: "))
                    } else {
                        #expect(answer.text.hasPrefix("Lỗi cú pháp lệnh: "), "\(answer.text)")
                        for english in ["Error", "Usage", "expected", "invalid", "Unknown", "Missing", " must ", " the "] {
                            #expect(!answer.text.contains(english), "\(answer.text)")
                        }
                    }
                }
            }
        }
        // Help is asked for while parsing or when the parsed help command runs: both throw.
        do {
            var command = try Khuyenhoc.parseAsRoot(["check", "--help"])
            try command.run()
            Issue.record("help ran")
        } catch {
            let answer = Khuyenhoc.answer(to: error, arguments: ["check", "--help"], environment: [:])
            #expect(answer.status == 0)
            #expect(answer.text == CommandHelp.check.text(in: .vietnamese))
        }
    }

    @Test("the system's reasons a file cannot be read, by errno, in either language")
    func systemReasons() throws {
        #expect(SystemErrorWords.reason(errno: ENOENT, in: .vietnamese) == "không có tệp")
        #expect(SystemErrorWords.reason(errno: EACCES, in: .english) == "permission denied")
        #expect(SystemErrorWords.openProblem(path: "/khong-con/tep.csv") == ENOENT)
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: "/khong-con/tep.csv"))
        } catch {
            #expect(SystemErrorWords.reason(of: error, in: .vietnamese) == "không có tệp")
        }
    }

    @Test("a criteria file with an XML syntax error: libxml2's words said in Vietnamese, kept in English")
    func libxml2Words() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("gia-dinh-hoc-tap.xml")
        var text = try String(contentsOfFile: CLIFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        text.replaceSubrange(try #require(text.range(of: "</indicator>")), with: "</indicatr>")
        try text.write(to: file, atomically: true, encoding: .utf8)
        var vietnamese = "", english = ""
        #expect(CheckRunner(language: .vietnamese).run(paths: [file.path], output: &vietnamese) == 1)
        #expect(CheckRunner(language: .english).run(paths: [file.path], output: &english) == 1)
        #expect(vietnamese.contains("XML sai cú pháp: thẻ mở <indicator> (dòng "), "\(vietnamese)")
        #expect(vietnamese.contains("và thẻ đóng </indicatr> không khớp"), "\(vietnamese)")
        #expect(!vietnamese.contains("mismatch") && !vietnamese.contains("Premature"), "\(vietnamese)")
        #expect(english.contains("malformed XML: Opening and ending tag mismatch"), "\(english)")
    }
}
