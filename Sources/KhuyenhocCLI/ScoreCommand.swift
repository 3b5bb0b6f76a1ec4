import ArgumentParser
import Foundation
import Reports
import Survey
import TextSupport

extension ScoreFormat: ExpressibleByArgument {}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chấm điểm các tệp khảo sát và in danh sách xếp hạng. / Score survey files and print the ranked lists.",
        discussion: """
        INPUT là tệp .csv, .txt, .xlsx hoặc thư mục chứa chúng. Mã thoát: 0 xong, 1 có tệp không dùng được, 2 sai cú pháp lệnh.
        INPUT is a .csv, .txt or .xlsx file or a folder of them. Exit status: 0 done, 1 a file could not be used, 2 wrong usage.
        """)

    @Argument(help: "Tệp hoặc thư mục khảo sát; không có: các tệp đang dùng của sổ tiếp nhận. / Survey files or folders; none: the register's current files.")
    var inputs: [String] = []

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @OptionGroup var registerOption: RegisterOption

    @Option(name: .long, help: "text (mặc định), csv, json hoặc xlsx (cần --output).")
    var format: ScoreFormat = .text

    @Option(name: .long, help: "Ghi ra tệp thay vì màn hình. / Write to a file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Mã hoá văn bản: auto, utf8, utf16, windows-1258, tcvn3.")
    var encoding: String = "auto"

    @Flag(name: .customLong("convert-tcvn3"), help: "Chuyển chữ TCVN3 trong tệp .xlsx sang Unicode. / Convert TCVN3 text found in .xlsx files.")
    var convertTCVN3 = false

    @Option(name: .long, help: "Số luồng xử lý (mặc định: số lõi). / Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "CSV: ghi dấu BOM UTF-8 để Excel trên Windows đọc đúng tiếng Việt. / CSV: write a UTF-8 BOM for Excel.")
    var bom = false

    @Option(name: .customLong("compare-year"), help: "Đặt kết quả đã công nhận của năm này (trong sổ tiếp nhận) bên cạnh. / Set this certified year's results (from the register) beside.")
    var compareYear: Int?

    @OptionGroup var layout: ReportOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let l = common.language
        if compareYear != nil && (format == .json || format == .xlsx) {
            throw ValidationError(l.pick("--compare-year đi với --format text hoặc csv", "--compare-year goes with --format text or csv"))
        }
        if compareYear != nil && !registerOption.mayExist {
            throw ValidationError(l.pick("--compare-year đọc sổ tiếp nhận, chưa có \(registerOption.path)",
                                         "--compare-year reads the register; there is none at \(registerOption.path)"))
        }
        // No INPUT: the register's current files, so the register must exist.
        if inputs.isEmpty && !registerOption.mayExist {
            throw ValidationError(l.pick("cần ít nhất một tệp khảo sát, hoặc một sổ tiếp nhận (chưa có \(registerOption.path))",
                                         "at least one survey file is needed, or a register (there is none at \(registerOption.path))"))
        }
        try checkEncoding(encoding, l)
        if format == .xlsx && (output == nil || output == "-") {
            throw ValidationError(l.pick("--format xlsx cần --output TỆP.xlsx", "--format xlsx needs --output FILE.xlsx"))
        }
        guard threads >= 1 else { throw ValidationError(l.pick("--threads phải ≥ 1", "--threads must be ≥ 1")) }
        try layout.check(l)
        // The output file is emptied when it is opened: it must not be one of the survey files
        // (an earlier report there is not one: it is written again, and never read).
        if let output, output != "-", let clash = Self.inputFile(sameAs: output, in: inputs),
           !SurveyReader.isEarlierReport(path: output), !Self.isEmptyFile(output) {
            throw ValidationError(l.pick("--output \(output) là tệp khảo sát đầu vào \(clash); ghi kết quả ra tệp khác",
                                         "--output \(output) is the survey file \(clash); write the results elsewhere"))
        }
    }

    /// An empty file (left by a run that stopped) holds nothing to lose.
    static func isEmptyFile(_ path: String) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue == 0
    }

    /// The survey file among `inputs` (files, or files directly in folders) that is the same file
    /// as `output` (same device and inode, so links are seen through), if any.
    static func inputFile(sameAs output: String, in inputs: [String]) -> String? {
        var target = stat()
        guard stat(output, &target) == 0 else { return nil }
        func same(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && info.st_dev == target.st_dev && info.st_ino == target.st_ino
        }
        for input in inputs {
            if same(input) { return input }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
            for entry in entries where same(input + "/" + entry) { return input + "/" + entry }
        }
        return nil
    }

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        var runner = ScoreRunner(language: language)
        runner.format = format
        runner.threads = threads
        runner.memoize = ProcessInfo.processInfo.environment["KHUYENHOC_NO_MEMO"] == nil
        runner.keepResultsUntilExit = true
        runner.encoding = TextEncodingChoice(argument: encoding) ?? .automatic
        runner.convertTCVN3 = convertTCVN3
        runner.report = try layout.settings(language: language)
        runner.csvByteOrderMark = bom
        runner.outputPath = output == "-" ? nil : output
        let sink: OutputSink
        // A workbook is written by its own writer to --output; nothing goes to the sink.
        do { sink = try OutputSink(path: format == .xlsx ? nil : output) } catch {
            let reason = (error as? OutputSink.OpenError).map { SystemErrorWords.reason(errno: $0.code, in: language) }
                ?? SystemErrorWords.reason(of: error, in: language)
            writeStandardError(language.pick("Không ghi được tệp \(output ?? ""): \(reason)\n",
                                             "Cannot write \(output ?? ""): \(reason)\n"))
            throw ExitCode(1)
        }
        var messages = layout.warnings(language).map { $0 + "\n" }.joined()
        if let compareYear {
            let register = RegisterRunner(language: language, registerPath: registerOption.path, criteriaPaths: criteriaPaths)
            guard let previous = register.previousYear(compareYear, messages: &messages) else {
                writeStandardError(messages)
                throw ExitCode(1)
            }
            runner.previousYear = previous
        }
        let status: Int32
        if inputs.isEmpty {
            let register = RegisterRunner(language: language, registerPath: registerOption.path, criteriaPaths: criteriaPaths)
            status = register.score(year: layout.year ?? RegisterRunner.currentYear, with: runner, output: sink, messages: &messages)
        } else {
            // Files: criteria that read `history.…` take it from a register only when one is named.
            runner.historySource = registerOption.named.map { HistorySource(registerPath: $0, year: layout.year ?? RegisterRunner.currentYear) }
            status = runner.run(inputs: inputs, criteriaPaths: criteriaPaths, output: sink, messages: &messages)
        }
        writeStandardError(messages)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Options of the printed report (text format).
///
/// Width and pages: `--paper a4-portrait|a4-landscape` sets both (``Paper``); `--width` and
/// `--page-lines` change one of them. With none of them, a report written to a file (or a pipe)
/// is laid out for A4 portrait pages, and one on a terminal is 80 columns wide without pages.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Khổ giấy: a4-portrait (mặc định khi ghi tệp) hoặc a4-landscape. / Paper size.")
    var paper: String?

    @Option(name: .long, help: "Độ rộng dòng (cột); mặc định theo khổ giấy khi ghi tệp, 80 trên màn hình. / Line width.")
    var width: Int?

    @Flag(name: .long, help: "Chia trang A4, lặp tiêu đề bảng, đánh số trang. / Split into pages.")
    var paginate = false

    @Option(name: .customLong("page-lines"), help: "Số dòng mỗi trang (mặc định theo khổ giấy). / Lines per page.")
    var pageLines: Int?

    @Option(name: .customLong("parent-org"), help: "Cơ quan chủ quản, in trên cơ quan ban hành. / Parent body.")
    var parentOrg: String?

    @Option(name: .long, help: "Cơ quan ban hành, ví dụ \"Hội Khuyến học xã Long Hữu\". / Issuing body.")
    var org: String?

    @Option(name: .long, help: "Số, ký hiệu văn bản, ví dụ \"15/DS-KH\". / Document number.")
    var number: String?

    @Option(name: .long, help: "Địa danh ở dòng ngày tháng, ví dụ \"Long Hữu\". / Place on the date line.")
    var place: String?

    @Option(name: .long, help: "Ngày ký: 05/11/2024 hoặc 2024-11-05. / Signing date.")
    var date: String?

    @Option(name: .long, help: "Người ký. / Signer's name.")
    var signer: String?

    @Option(name: .long, help: "Thẩm quyền ký: tm (mặc định), kt, none hoặc dòng tự ghi. / Signing capacity.")
    var capacity: String?

    @Option(name: .customLong("signer-title"), help: "Chức vụ người ký (mặc định CHỦ TỊCH). / Signer's title.")
    var signerTitle: String?

    @Option(name: .long, help: "Nơi nhận (lặp lại được). / A recipient (may be repeated).")
    var recipient: [String] = []

    @Option(name: .long, help: "Năm đánh giá (mặc định: năm của --date). / Year of the evaluation.")
    var year: Int?

    @Option(name: .long, help: "certified: chỉ danh sách được công nhận. / certified: only the recognised.")
    var only: String?

    @Flag(name: .customLong("by-hamlet"), help: "Mỗi ấp một danh sách. / One list per hamlet.")
    var byHamlet = false

    /// Checked by the command (which knows the language), not by ArgumentParser's `validate()`.
    func check(_ l: Language) throws {
        if let paper, Paper(rawValue: paper) == nil {
            throw ValidationError(l.pick("--paper: dùng a4-portrait hoặc a4-landscape (đã cho '\(paper)')",
                                         "--paper: use a4-portrait or a4-landscape (got '\(paper)')"))
        }
        if let width, width < 60 { throw ValidationError(l.pick("--width phải ≥ 60", "--width must be ≥ 60")) }
        if let pageLines, pageLines < 20 { throw ValidationError(l.pick("--page-lines phải ≥ 20", "--page-lines must be ≥ 20")) }
        if let date, case .failure(let problem) = ReportDate.read(date) {
            throw ValidationError("--date: " + problem.message(in: l))
        }
        if let only, only != "certified" {
            throw ValidationError(l.pick("--only: chỉ có certified (đã cho '\(only)')", "--only: the only choice is certified (got '\(only)')"))
        }
    }

    /// Warnings about options that disagree without being wrong: `--year` other than the year of
    /// `--date` (a list of 2024 may be signed in January 2025, so it is said, not refused).
    func warnings(_ l: Language) -> [String] {
        guard let year, let date = date.flatMap(ReportDate.init(typed:)), date.year != year else { return [] }
        return [l.pick("Cảnh báo: --year \(year) khác năm của --date (\(date.year)); tiêu đề ghi năm \(year)",
                       "Warning: --year \(year) is not the year of --date (\(date.year)); the titles say \(year)")]
    }

    /// The signing capacity `--capacity` names: `tm`, `kt`, `none`, or a line of its own.
    var signerCapacity: SignerCapacity {
        guard let capacity else { return .onBehalfOfCommittee }
        switch capacity.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". ")) {
        case "tm": return .onBehalfOfCommittee
        case "kt": return .deputy
        case "none", "": return .own
        default: return .custom(capacity)
        }
    }

    func settings(language: Language) throws -> ReportSettings {
        var settings = ReportSettings()
        let toTerminal = isatty(STDOUT_FILENO) == 1
        if let paper = paper.flatMap(Paper.init(rawValue:)) ?? (width == nil && (!toTerminal || paginate) ? .a4Portrait : nil) {
            settings.apply(paper: paper)
        } else {
            settings.width = 80
        }
        if let width { settings.width = width }
        if paginate { settings.paginate = true }
        if let pageLines { settings.pageLines = pageLines }
        settings.parentOrganization = parentOrg
        settings.organization = org
        settings.number = number
        settings.place = place
        settings.date = date.flatMap(ReportDate.init(typed:))
        settings.signer = signer
        settings.capacity = signerCapacity
        settings.signerTitle = signerTitle
        settings.recipients = recipient
        settings.year = year ?? settings.date?.year
        settings.onlyCertified = only == "certified"
        settings.byHamlet = byHamlet
        return settings
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "In phiếu điểm giải thích kết quả của một hộ, dòng họ hoặc ấp. / Print the score card of one entity.",
        discussion: """
        Ví dụ / Example: khuyenhoc explain HO0246 Samples/long-huu
                         khuyenhoc explain DH02 --model dong-ho-hoc-tap Samples/long-huu
        """)

    @Argument(help: "Mã cần giải thích (mã hộ, mã dòng họ, mã ấp). / The key to explain.")
    var key: String

    @Argument(help: "Tệp hoặc thư mục khảo sát. / Survey files or folders.")
    var inputs: [String]

    @Option(name: .long, help: "Mô hình: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap.")
    var model: String?

    @OptionGroup var registerOption: RegisterOption

    @Option(name: .long, help: "Năm đánh giá, cho lịch sử công nhận (history.…) đọc từ --register (mặc định: năm nay). / Year, for the certified history read from --register.")
    var year: Int?

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @Option(name: .long, help: "Mã hoá văn bản: auto, utf8, utf16, windows-1258, tcvn3.")
    var encoding: String = "auto"

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try checkEncoding(encoding, common.language)
    }

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        var runner = ScoreRunner(language: language)
        runner.encoding = TextEncodingChoice(argument: encoding) ?? .automatic
        runner.threads = ProcessInfo.processInfo.activeProcessorCount
        runner.historySource = registerOption.named.map { HistorySource(registerPath: $0, year: year ?? RegisterRunner.currentYear) }
        var messages = ""
        let status = runner.explain(key: key, model: model, inputs: inputs, criteriaPaths: criteriaPaths,
                                    output: try OutputSink(path: nil), messages: &messages)
        writeStandardError(messages)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `--encoding` names one of the encodings a survey file is read in.
func checkEncoding(_ encoding: String, _ l: Language) throws {
    guard TextEncodingChoice(argument: encoding) != nil else {
        throw ValidationError(l.pick("--encoding: dùng auto, utf8, utf16, windows-1258 hoặc tcvn3 (đã cho '\(encoding)')",
                                     "--encoding: use auto, utf8, utf16, windows-1258 or tcvn3 (got '\(encoding)')"))
    }
}
