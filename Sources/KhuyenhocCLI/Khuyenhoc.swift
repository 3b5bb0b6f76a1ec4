import ArgumentParser
import Criteria
import Foundation
import Reports
import TextSupport

/// The `khuyenhoc` command line: `score`, `check`, `explain`, `sample`, and the register's
/// `import` and `status`.
public struct Khuyenhoc: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "khuyenhoc",
        abstract: "Chấm điểm mô hình học tập (Gia đình, Dòng họ, Cộng đồng học tập) — Scores Vietnam's learning-society models.",
        subcommands: [Score.self, Errors.self, Explain.self, Check.self, Sample.self, Import.self, Status.self, SummaryCommand.self, Certify.self, History.self, Export.self],
        defaultSubcommand: nil)

    public init() {}

    /// Runs the command line with the exit statuses of the output contract: 0 done, 1 a file
    /// could not be used, 2 wrong usage (ArgumentParser's own default for that is 64).
    ///
    /// The run's language is read from the raw arguments first (``RunLanguage``), so that help
    /// and usage errors are in it: ArgumentParser's English help and error texts never reach the
    /// clerk; ``CommandHelp`` and ``UsageProblem`` speak instead.
    public static func runMain(arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            // A command's own stop (its message already printed).
            if let stop = error as? ExitCode { Foundation.exit(stop.rawValue) }
            let answer = answer(to: error, arguments: arguments, environment: environment)
            if answer.status == 0 { writeStandardOutput(answer.text) } else { writeStandardError(answer.text) }
            Foundation.exit(answer.status)
        }
    }

    /// What to print for an error of parsing (or a help request), and the exit status: the
    /// help of the command named (status 0), or the usage error in the run's language (status 2).
    static func answer(to error: Error, arguments: [String], environment: [String: String]) -> (text: String, status: Int32) {
        let language = RunLanguage.of(arguments, environment: environment)
        let command = CommandHelp.named(in: arguments)
        if exitCode(for: error) == .success {
            return (command.text(in: language), 0)
        }
        return (UsageProblem.text(parserMessage: message(for: error), command: command, language: language), 2)
    }
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Ngôn ngữ: vi (mặc định) hoặc en. / Language: vi (default) or en.")
    var lang: String?

    /// `--lang`, else `$KHUYENHOC_LANG`, else Vietnamese (as ``RunLanguage`` reads them).
    var language: Language {
        lang.flatMap(Language.init(argument:))
            ?? ProcessInfo.processInfo.environment["KHUYENHOC_LANG"].flatMap(Language.init(argument:)) ?? .vietnamese
    }

    func validate() throws {
        if let lang, Language(argument: lang) == nil {
            // The language asked for is not known: say it in both.
            throw ValidationError("--lang: dùng 'vi' hoặc 'en' / use 'vi' or 'en' ('\(lang)')")
        }
    }
}

/// Finds the shipped criteria folder or stops with a clear message (exit 1).
func defaultCriteriaDirectory(_ language: Language) throws -> String {
    guard let directory = CriteriaLoader.defaultDirectory() else {
        writeStandardError(language.pick(
            "Không tìm thấy thư mục Criteria/ (chạy lệnh trong thư mục dự án, hoặc dùng --criteria, hoặc đặt biến KHUYENHOC_CRITERIA).\n",
            "Cannot find the Criteria/ folder (run from the project folder, pass --criteria, or set KHUYENHOC_CRITERIA).\n"))
        throw ExitCode(1)
    }
    return directory
}

/// Writes to standard output; control characters (from a file name or a criteria text) are
/// shown, not sent, when it is a terminal (``TerminalText``).
func writeStandardOutput(_ text: String) {
    let shown = isatty(STDOUT_FILENO) == 1 ? TerminalText.escapingControls(text) : text
    FileHandle.standardOutput.write(Data(shown.utf8))
}

/// Writes messages for the clerk to standard error, their control characters always shown
/// (``TerminalText``): messages quote file names and cell values, which may carry escapes.
func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data(TerminalText.escapingControls(text).utf8))
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kiểm tra tệp tiêu chí, hoặc in phiếu chấm điểm (--sheet). / Check criteria files, or print a scoring sheet.")

    @Argument(help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folders.")
    var paths: [String] = []

    @Option(name: .long, help: "In phiếu chấm điểm trống của mô hình này. / Print the blank scoring sheet of this model.")
    var sheet: String?

    @Option(name: .long, help: "Độ rộng dòng của phiếu (cột). / Line width of the sheet.")
    var width: Int = 100

    @Option(name: .long, help: "Tệp khảo sát mẫu: cảnh báo mức không đối tượng nào đạt. / Sample survey files: warn of levels no entity reaches.")
    var sample: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        let language = common.language
        let paths = self.paths.isEmpty ? [try defaultCriteriaDirectory(language)] : self.paths
        var output = ""
        if let sheet {
            let status = SheetRunner(language: language, width: width).run(model: sheet, paths: paths, output: &output)
            writeStandardOutput(output)
            if status != 0 { throw ExitCode(status) }
            return
        }
        var runner = CheckRunner(language: language)
        runner.sample = sample
        let status = runner.run(paths: paths, output: &output)
        writeStandardOutput(output)
        if status != 0 { throw ExitCode(status) }
    }
}
