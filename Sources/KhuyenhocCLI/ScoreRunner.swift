import Criteria
import Foundation
import Reports
import Scoring
import Survey
import TextSupport

/// The output formats of `khuyenhoc score`.
public enum ScoreFormat: String, Sendable, CaseIterable {
    case text, csv, json
    /// A workbook (libxlsxwriter) written to ``ScoreRunner/outputPath``.
    case xlsx
}

/// `khuyenhoc score`: criteria + survey files in, ranked results out.
///
/// ```swift
/// var runner = ScoreRunner(language: .vietnamese)
/// runner.format = .csv
/// let status = runner.run(inputs: ["Samples/long-huu"], criteriaPaths: ["Criteria"],
///                         output: OutputSink(capturing: ()), messages: &log)
/// ```
public struct ScoreRunner {
    public var language: Language
    public var format: ScoreFormat = .text
    public var threads: Int = 1
    public var encoding: TextEncodingChoice = .automatic
    public var convertTCVN3: Bool = false
    public var report = ReportSettings()
    /// `--bom`: the CSV starts with a UTF-8 byte-order mark, so that Excel on Windows reads it as UTF-8.
    public var csvByteOrderMark = false
    /// `khuyenhoc errors`: the text output is the rows to correct (``ErrorsReport``), not the lists.
    public var errorsOnly = false
    /// The file the results are written to (`--output`): never read as a survey file.
    public var outputPath: String?
    /// Whether identical household rows reuse each other's results (``ScoringEngine/memoize``);
    /// the output is the same either way. `KHUYENHOC_NO_MEMO` set (to anything) turns it off, for measuring.
    public var memoize = true
    /// Whether the results are kept, not freed, once written: for the `score` command, whose
    /// process exits next (``RunResults/keepUntilProcessExit()``); library callers free them.
    public var keepResultsUntilExit = false
    /// Criteria already loaded (the fuzz targets load the shipped ones once); `criteriaPaths`
    /// are then not read again.
    public var loadedCriteria: CriteriaLoadReport?
    /// Paths read → the path the results name as a row's source (JSON `source.file`): `score`
    /// from the register reads temporary copies and names each file as it was imported.
    public var sourceNames: [String: String] = [:]
    /// Text survey files held in memory (the register's stored bytes), by the input path they
    /// stand for: read from these bytes, never from the disk (see ``SurveyReader/textFilesInMemory``).
    public var textFilesInMemory: [String: [UInt8]] = [:]
    /// `--compare-year`: a certified year's results set beside this run's (``PreviousYear``).
    public var previousYear: PreviousYear?
    /// The register and year whose certified history criteria read (`history.…`); `nil`: none.
    public var historySource: HistorySource?

    public init(language: Language) {
        self.language = language
    }

    /// Explains one entity: loads and scores everything as `run` does, then prints the score
    /// card of the entity with this key. Returns 0 when found, 1 when not or when a file failed.
    public func explain(key: String, model: String?, inputs: [String], criteriaPaths: [String],
                        output: OutputSink, messages: inout String) -> Int32 {
        guard let (results, fileErrors) = load(inputs: inputs, criteriaPaths: criteriaPaths,
                                               messages: &messages) else { return 1 }
        let found = ExplainReport(language: language).write(key: key, model: model, run: results, to: output)
        output.close()
        if !outputComplete(output, messages: &messages) { return 1 }
        return found && fileErrors == 0 ? 0 : 1
    }

    /// False, with a message for the clerk, when the output could not be written whole (a full
    /// disk): the file then holds only part of the results.
    private func outputComplete(_ output: OutputSink, messages: inout String) -> Bool {
        guard let code = output.writeError else { return true }
        let reason = SystemErrorWords.reason(errno: code, in: language)
        messages += language.pick("LỖI không ghi được hết kết quả (\(reason)); tệp kết quả không đầy đủ\n",
                                  "ERROR the results could not all be written (\(reason)); the output is incomplete\n")
        return false
    }

    /// A file problem in words of one language: the system's reason a file could not be read
    /// comes from Foundation in English, so it is found again by its number and worded here.
    /// A workbook that cannot be opened at all (a link to a file that is gone, no permission)
    /// is said so too, rather than "not an .xlsx file".
    static func words(_ problem: FileProblem, _ l: Language) -> String {
        switch problem.kind {
        case .unreadable, .notAWorkbook where problem.sheet == nil: break
        default: return problem.message(in: l)
        }
        let code = SystemErrorWords.openProblem(path: problem.path)
        if code == nil, case .notAWorkbook = problem.kind { return problem.message(in: l) }
        let reason = code.map { SystemErrorWords.reason(errno: $0, in: l) } ?? l.pick("lỗi đọc tệp", "a read error")
        return "\(problem.displayName): " + l.pick("không đọc được tệp: \(reason)", "cannot read the file: \(reason)")
    }

    /// The criteria files loaded, or `nil` with every mistake in `messages` when they cannot be used.
    static func usableCriteria(paths: [String], language l: Language, messages: inout String) -> CriteriaLoadReport? {
        usableCriteria(loaded: CriteriaLoader().load(paths: paths), language: l, messages: &messages)
    }

    /// ``usableCriteria(paths:language:messages:)`` of criteria already loaded.
    static func usableCriteria(loaded: CriteriaLoadReport, language l: Language, messages: inout String) -> CriteriaLoadReport? {
        guard loaded.isUsable else {
            for d in loaded.diagnostics { messages += l.pick("LỖI ", "ERROR ") + d.message(in: l) + "\n" }
            messages += l.pick("Không chấm được: tệp tiêu chí có lỗi (chạy \"khuyenhoc check\" để xem chi tiết).\n",
                               "Cannot score: the criteria files have errors (run \"khuyenhoc check\" for details).\n")
            return nil
        }
        return loaded
    }

    /// Criteria, survey files and scoring; `nil` when the criteria cannot be used.
    func load(inputs: [String], criteriaPaths: [String],
                      messages: inout String) -> (RunResults, Int)? {
        let l = language
        guard let loaded = loadedCriteria ?? Self.usableCriteria(paths: criteriaPaths, language: l, messages: &messages),
              let history = certifiedHistory(for: loaded.criteria, messages: &messages) else { return nil }
        var reader = SurveyReader(criteria: loaded.criteria, encoding: encoding, convertTCVN3InXLSX: convertTCVN3, threads: threads)
        reader.outputPath = outputPath
        reader.textFilesInMemory = textFilesInMemory
        let clock = StepClock()
        var read = reader.read(paths: inputs)
        for index in read.data.sources.indices {
            if let name = sourceNames[read.data.sources[index].path] { read.data.sources[index].path = name }
        }
        clock.mark("read")
        for note in read.data.notes { messages += l.pick("Ghi chú: ", "Note: ") + note.message(in: l) + "\n" }
        for problem in read.fileErrors { messages += l.pick("LỖI ", "ERROR ") + Self.words(problem, l) + "\n" }
        var unusable = read.fileErrors.count
        if read.data.sources.isEmpty && read.fileErrors.isEmpty {
            messages += l.pick("LỖI không tìm thấy tệp khảo sát nào (.csv, .txt, .xlsx) trong: \(inputs.joined(separator: ", "))\n",
                               "ERROR no survey file (.csv, .txt, .xlsx) found in: \(inputs.joined(separator: ", "))\n")
            unusable = 1
        }
        let order = Dictionary(uniqueKeysWithValues: loaded.models.map { ($0.id, $0.definition.listingOrder) })
        for count in read.counts.sorted(by: { (order[$0.modelID] ?? 0, $0.modelID) < (order[$1.modelID] ?? 0, $1.modelID) }) {
            messages += count.message(in: l) + "\n"
        }
        var engine = ScoringEngine(criteria: loaded.criteria, threads: threads)
        engine.memoize = memoize
        engine.history = history
        let results = engine.score(read.data)
        clock.mark("score")
        return (results, unusable)
    }

    /// Why `path` cannot be written (in words of the language), or `nil` when it can: checked
    /// before a workbook is written, whose library reports only in English.
    static func unwritable(_ path: String, _ l: Language) -> String? {
        do {
            let probe = try OutputSink(path: path)
            probe.close()
            return nil
        } catch {
            return (error as? OutputSink.OpenError).map { SystemErrorWords.reason(errno: $0.code, in: l) }
                ?? SystemErrorWords.reason(of: error, in: l)
        }
    }

    /// Runs the whole job; messages for the clerk (notes, file problems, counts) go to `messages`.
    /// Returns the exit status of the output contract: 0 done, 1 a criteria or input file unusable.
    public func run(inputs: [String], criteriaPaths: [String], output: OutputSink,
                    messages: inout String) -> Int32 {
        let l = language
        guard let (results, fileErrors) = load(inputs: inputs, criteriaPaths: criteriaPaths,
                                               messages: &messages) else { return 1 }
        // Criteria used outside their period (`valid-from`, `valid-to`): said among the messages.
        if let year = report.year {
            for model in results.models {
                if let warning = model.model.periodWarning(year: year, l) { messages += l.pick("CẢNH BÁO ", "WARNING ") + warning + "\n" }
            }
        }
        let clock = StepClock()
        if let previousYear {
            writeComparing(previousYear, results: results, to: output)
        } else {
        switch format {
        case .csv:
            if csvByteOrderMark { output.write("\u{FEFF}") }
            CSVWriter(language: l, threads: threads).write(results, to: output)
        case .json: JSONWriter(language: l).write(results, to: output)
        case .xlsx:
            var settings = report
            settings.threads = threads
            guard let outputPath else {
                messages += l.pick("LỖI --format xlsx cần --output TỆP.xlsx\n", "ERROR --format xlsx needs --output FILE.xlsx\n")
                return 1
            }
            if let reason = Self.unwritable(outputPath, l) {
                messages += l.pick("Không ghi được tệp \(outputPath): \(reason)\n", "Cannot write \(outputPath): \(reason)\n")
                return 1
            }
            do {
                try XLSXResults(language: l, settings: settings).write(results, to: outputPath)
            } catch {
                messages += l.pick("LỖI không ghi được \(outputPath): \(error)\n", "ERROR cannot write \(outputPath): \(error)\n")
                return 1
            }
        case .text:
            var settings = report
            settings.threads = threads
            if errorsOnly {
                var report = ErrorsReport(language: l, settings: settings)
                let models = results.models.map(\.model)
                for (source, rows) in ErrorsReport.rowsToCorrect(results) where results.sources.indices.contains(source) {
                    var file = results.sources[source]
                    // (`score` from the register names a file as imported; its bytes are not there.)
                    if let read = sourceNames.first(where: { $0.value == file.path })?.key { file.path = read }
                    if let cells = SurveyReader.cells(of: file, rows: rows, models: models, encoding: encoding) {
                        report.fileRows[source] = ErrorsReport.FileRows(header: cells.header, rows: cells.rows)
                    }
                }
                report.write(results, to: output)
            } else {
                TextReport(language: l, settings: settings).write(results, to: output)
            }
        }
        }
        output.close()
        clock.mark("write")
        if keepResultsUntilExit { results.keepUntilProcessExit() }
        if !outputComplete(output, messages: &messages) { return 1 }
        return fileErrors == 0 ? 0 : 1
    }
}
