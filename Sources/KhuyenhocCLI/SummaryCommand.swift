import ArgumentParser
import Criteria
import Foundation
import Register
import Reports
import Scoring
import TextSupport

/// The output formats of `khuyenhoc summary`.
public enum SummaryFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case text, csv, json, xlsx
}

/// `khuyenhoc summary`: the yearly summary upward, per commune and for the province.
///
/// ```
/// khuyenhoc summary ket-qua-xa/*.csv --year 2025 --format csv      # the CSV results communes sent
/// khuyenhoc summary Samples/long-huu --year 2025                    # survey files, scored here
/// khuyenhoc summary --year 2025 --compare-year 2024                 # the register's current files
/// khuyenhoc summary … --when vung_kho_khan="Xã A"                   # a conditional target for a commune
/// ```
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Báo cáo tổng hợp theo xã và toàn tỉnh, so với mục tiêu. / The yearly summary per commune and province, against the targets.")

    @Argument(help: "Tệp khảo sát, tệp kết quả CSV hoặc thư mục; không có: sổ tiếp nhận. / Survey files, CSV results or folders; none: the register.")
    var inputs: [String] = []

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @OptionGroup var registerOption: RegisterOption

    @Option(name: .customLong("compare-year"), help: "Năm so sánh. / Year to compare with.")
    var compareYear: Int?

    @Option(name: .long, help: "Tệp của năm so sánh (khi không dùng sổ tiếp nhận). / Inputs of the compared year.")
    var compare: [String] = []

    @Option(name: .long, help: "Điều kiện của mục tiêu (when), cho mọi xã hoặc TÊN=XÃ. / A target condition, for all communes or NAME=COMMUNE.")
    var when: [String] = []

    @Option(name: .long, help: "text (mặc định), csv, json hoặc xlsx.")
    var format: SummaryFormat = .text

    @Option(name: .long, help: "Ghi ra tệp thay vì màn hình. / Write to a file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Số luồng xử lý (mặc định: số lõi). / Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var layout: ReportOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let l = common.language
        if inputs.isEmpty && !registerOption.mayExist {
            throw ValidationError(l.pick("cần ít nhất một tệp, hoặc một sổ tiếp nhận (chưa có \(registerOption.path))",
                                         "at least one file is needed, or a register (there is none at \(registerOption.path))"))
        }
        if format == .xlsx && (output == nil || output == "-") {
            throw ValidationError(l.pick("--format xlsx cần --output TỆP.xlsx", "--format xlsx needs --output FILE.xlsx"))
        }
        if !compare.isEmpty && compareYear == nil {
            throw ValidationError(l.pick("--compare cần --compare-year", "--compare needs --compare-year"))
        }
        guard threads >= 1 else { throw ValidationError(l.pick("--threads phải ≥ 1", "--threads must be ≥ 1")) }
        try layout.check(l)
    }

    func run() throws {
        let language = common.language
        var runner = SummaryRunner(language: language)
        runner.criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        runner.registerPath = registerOption.path
        runner.threads = threads
        runner.report = try layout.settings(language: language)
        // --year, else the year of --date; from the register, this year.
        runner.year = runner.report.year ?? (inputs.isEmpty ? RegisterRunner.currentYear : nil)
        runner.compareYear = compareYear
        runner.compareInputs = compare
        for condition in when {
            if let equals = condition.firstIndex(of: "=") {
                runner.conditions[String(condition[condition.index(after: equals)...]), default: []].insert(String(condition[..<equals]))
            } else {
                runner.everywhere.insert(condition)
            }
        }
        var messages = ""
        let status = runner.run(inputs: inputs, format: format, output: output == "-" ? nil : output, messages: &messages)
        writeStandardError(messages)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Gathers the counts (survey files scored, CSV results, or the register's files of a year),
/// builds the ``Summary`` and writes it.
///
/// ```swift
/// var runner = SummaryRunner(language: .vietnamese)
/// runner.criteriaPaths = ["Criteria"]
/// runner.year = 2025
/// let status = runner.run(inputs: ["xa-a.csv", "xa-b.csv"], format: .csv, output: "tong-hop.csv", messages: &log)
/// ```
public struct SummaryRunner {
    public var language: Language
    public var criteriaPaths: [String] = []
    public var registerPath = "khuyenhoc.sqlite"
    public var threads = 1
    public var report = ReportSettings()
    public var year: Int?
    public var compareYear: Int?
    public var compareInputs: [String] = []
    /// Target conditions (`when`) holding in a commune, and in every commune.
    public var conditions: [String: Set<String>] = [:]
    public var everywhere: Set<String> = []

    public init(language: Language) { self.language = language }

    public func run(inputs: [String], format: SummaryFormat, output: String?, messages: inout String) -> Int32 {
        let l = language
        guard let loaded = ScoreRunner.usableCriteria(paths: criteriaPaths, language: l, messages: &messages) else { return 1 }
        var failed = false
        guard let tally = gather(inputs: inputs, year: year, loaded: loaded, messages: &messages, failed: &failed) else { return 1 }
        var compared: SummaryTally?
        if let compareYear {
            if !compareInputs.isEmpty || inputs.isEmpty {
                compared = gather(inputs: compareInputs, year: compareYear, loaded: loaded, messages: &messages, failed: &failed)
                if compared == nil { return 1 }
            } else {
                messages += l.pick("Ghi chú: --compare-year cần sổ tiếp nhận (không có tệp) hoặc --compare TỆP; không so sánh.\n",
                                   "Note: --compare-year needs the register (no inputs) or --compare FILE; no comparison made.\n")
            }
        }
        let summary = Summary(tally: tally, models: loaded.models.map(\.definition), year: year,
                              conditions: conditions, everywhere: everywhere,
                              compared: compared, compareYear: compared == nil ? nil : compareYear)
        for (commune, _) in conditions where !tally.communes.contains(commune) {
            messages += l.pick("Ghi chú: --when nêu xã \"\(commune)\" không có trong dữ liệu.\n",
                               "Note: --when names the commune \"\(commune)\", which is not in the data.\n")
        }
        if format == .xlsx {
            guard let output else { return 2 }
            if let reason = ScoreRunner.unwritable(output, l) {
                messages += l.pick("Không ghi được tệp \(output): \(reason)\n", "Cannot write \(output): \(reason)\n")
                return 1
            }
            do {
                try SummaryXLSX(language: l, settings: report).write(summary, to: output)
            } catch {
                messages += l.pick("LỖI không ghi được \(output): \(error)\n", "ERROR cannot write \(output): \(error)\n")
                return 1
            }
            return failed ? 1 : 0
        }
        let sink: OutputSink
        do { sink = try OutputSink(path: output) } catch {
            let reason = (error as? OutputSink.OpenError).map { SystemErrorWords.reason(errno: $0.code, in: l) }
                ?? SystemErrorWords.reason(of: error, in: l)
            messages += l.pick("Không ghi được tệp \(output ?? ""): \(reason)\n", "Cannot write \(output ?? ""): \(reason)\n")
            return 1
        }
        switch format {
        case .csv: SummaryCSV().write(summary, to: sink)
        case .json: SummaryJSON(language: l).write(summary, to: sink)
        case .text, .xlsx: SummaryText(language: l, settings: report).write(summary, to: sink)
        }
        sink.close()
        if let code = sink.writeError {
            messages += l.pick("LỖI không ghi được hết (\(SystemErrorWords.reason(errno: code, in: l)))\n",
                               "ERROR the output could not all be written (\(SystemErrorWords.reason(errno: code, in: l)))\n")
            return 1
        }
        return failed ? 1 : 0
    }

    /// The counts of `inputs` (CSV results read, survey files scored), or of the register's
    /// current files of `year` when there are no inputs. `nil` when nothing can be summed.
    func gather(inputs: [String], year: Int?, loaded: CriteriaLoadReport, messages: inout String, failed: inout Bool) -> SummaryTally? {
        let l = language
        var tally = SummaryTally()
        var scoreRunner = ScoreRunner(language: l)
        scoreRunner.threads = threads
        scoreRunner.loadedCriteria = loaded
        if inputs.isEmpty {
            let year = year ?? RegisterRunner.currentYear
            let files: [(file: RegisteredFile, bytes: Data)]
            do {
                files = try Register.open(path: registerPath, create: false).currentFiles(year: year)
            } catch {
                messages += l.pick("LỖI ", "ERROR ") + ((error as? RegisterError)?.message(in: l) ?? "\(error)") + "\n"
                return nil
            }
            messages += l.pick("Sổ tiếp nhận \(registerPath), năm \(year): \(files.count) tệp đang dùng\n",
                               "Register \(registerPath), year \(year): \(files.count) current files\n")
            guard !files.isEmpty else {
                messages += l.pick("LỖI không có tệp đang dùng nào cho năm \(year)\n", "ERROR no current file for \(year)\n")
                return nil
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-summary-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            var paths: [String] = []
            for (file, bytes) in files {
                let place = folder.appendingPathComponent(String(file.id))
                do {
                    try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
                    try bytes.write(to: place.appendingPathComponent(file.name))
                } catch {
                    messages += l.pick("LỖI không ghi được tệp tạm: \(SystemErrorWords.reason(of: error, in: l))\n",
                                       "ERROR cannot write a temporary file: \(SystemErrorWords.reason(of: error, in: l))\n")
                    return nil
                }
                paths.append(place.appendingPathComponent(file.name).path)
            }
            guard let (results, unusable) = scoreRunner.load(inputs: paths, criteriaPaths: criteriaPaths, messages: &messages) else { return nil }
            if unusable > 0 { failed = true }
            tally.add(results)
            return tally
        }
        // Inputs: CSV results apart, the rest (survey files and folders) scored together.
        var results: [String] = []
        var survey: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                let entries = ((try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []).sorted()
                let found = entries.map { input + "/" + $0 }.filter(SummaryResultsFile.isResults)
                results += found
                // The rest is read as survey files (an empty folder is then reported by the reader).
                if found.count < entries.count || found.isEmpty { survey.append(input) }
            } else if SummaryResultsFile.isResults(path: input) {
                results.append(input)
            } else {
                survey.append(input)
            }
        }
        for path in results {
            let problems = SummaryResultsFile.read(path: path, models: loaded.models, into: &tally)
            for problem in problems { messages += l.pick("LỖI ", "ERROR ") + problem.message(l) + "\n" }
            if !problems.isEmpty { failed = true }
        }
        if !survey.isEmpty {
            // A folder holding only results (and other files) gives the reader notes, not errors.
            guard let (run, unusable) = scoreRunner.load(inputs: survey, criteriaPaths: criteriaPaths, messages: &messages) else { return nil }
            if unusable > 0 { failed = true }
            tally.add(run)
        }
        return tally
    }
}
