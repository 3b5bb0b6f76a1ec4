import ArgumentParser
import Foundation
import Reports
import Survey
import TextSupport

/// `khuyenhoc errors [--by-hamlet] INPUT…`: the rows to send back for correction, read and
/// checked exactly as `score` reads them, one list (and page) per commune, or per hamlet with
/// `--by-hamlet`, each row with its file and line, key, name and what to fix.
struct Errors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "In các dòng cần sửa, gửi lại cho ấp. / Print the rows to send back for correction.")

    @Argument(help: "Tệp hoặc thư mục khảo sát. / Survey files or folders.")
    var inputs: [String]

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @Option(name: .long, help: "Ghi ra tệp thay vì màn hình. / Write to a file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Mã hoá văn bản: auto, utf8, utf16, windows-1258, tcvn3.")
    var encoding: String = "auto"

    @Option(name: .long, help: "Khổ giấy: a4-portrait (mặc định khi ghi tệp) hoặc a4-landscape. / Paper size.")
    var paper: String?

    @Option(name: .long, help: "Độ rộng dòng (cột). / Line width.")
    var width: Int?

    @Flag(name: .customLong("by-hamlet"), help: "Mỗi ấp một trang. / One page per hamlet.")
    var byHamlet = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        let l = common.language
        try checkEncoding(encoding, l)
        if let paper, Paper(rawValue: paper) == nil {
            throw ValidationError(l.pick("--paper: dùng a4-portrait hoặc a4-landscape (đã cho '\(paper)')",
                                         "--paper: use a4-portrait or a4-landscape (got '\(paper)')"))
        }
        if let width, width < 60 { throw ValidationError(l.pick("--width phải ≥ 60", "--width must be ≥ 60")) }
    }

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        var settings = ReportSettings()
        if let paper = paper.flatMap(Paper.init(rawValue:)) ?? (width == nil && isatty(STDOUT_FILENO) != 1 ? .a4Portrait : nil) {
            settings.apply(paper: paper)
        } else {
            settings.width = 80
        }
        if let width { settings.width = width }
        settings.byHamlet = byHamlet
        var runner = ScoreRunner(language: language)
        runner.errorsOnly = true
        runner.threads = ProcessInfo.processInfo.activeProcessorCount
        runner.encoding = TextEncodingChoice(argument: encoding) ?? .automatic
        runner.report = settings
        runner.outputPath = output == "-" ? nil : output
        let sink: OutputSink
        do { sink = try OutputSink(path: output) } catch {
            writeStandardError(language.pick("Không ghi được tệp \(output ?? "")\n", "Cannot write \(output ?? "")\n"))
            throw ExitCode(1)
        }
        var messages = ""
        let status = runner.run(inputs: inputs, criteriaPaths: criteriaPaths, output: sink, messages: &messages)
        writeStandardError(messages)
        if status != 0 { throw ExitCode(status) }
    }
}
