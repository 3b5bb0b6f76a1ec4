import Criteria
import Foundation
import Machinery
import Register
import Reports
import Scoring
import Survey
import TextSupport

/// The register commands: `import`, `status`, and `score` with no INPUT, as a library so tests
/// run them in-process on a real register file.
///
/// ```swift
/// let runner = RegisterRunner(language: .vietnamese, registerPath: "khuyenhoc.sqlite", criteriaPaths: ["Criteria"])
/// var out = ""
/// let status = runner.importFiles(ImportRequest(paths: ["ho-LK.csv"], year: 2026, clerk: "lan"), output: &out)
/// ```
public struct RegisterRunner {
    public var language: Language
    public var registerPath: String
    public var criteriaPaths: [String]
    public var threads = 1

    public init(language: Language, registerPath: String, criteriaPaths: [String]) {
        self.language = language
        self.registerPath = registerPath
        self.criteriaPaths = criteriaPaths
    }

    /// The calendar year now: `--year`'s default.
    public static var currentYear: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }

    /// The message of a register that could not be used (every error the register raises is a
    /// ``RegisterError``; anything else is shown as it is).
    func failure(_ error: Error) -> String {
        let reason = (error as? RegisterError)?.message(in: language) ?? "\(error)"
        return language.pick("LỖI ", "ERROR ") + reason + "\n"
    }

    /// What a command that changed the register prints: one line per change, then the register,
    /// the year and how many changes (import, certify and reopen alike).
    func said(_ report: ImportReport, year: Int) -> String {
        let l = language
        var text = ""
        for line in report.lines { text += line.message(in: l) + "\n" }
        text += l.pick("Sổ tiếp nhận \(Register.shown(registerPath)), năm \(year): \(report.changes) thay đổi\n",
                       "Register \(Register.shown(registerPath)), year \(year): \(report.changes) changes\n")
        return text
    }

    /// `import`: one line per file (what it held, what it replaced) to `output`. Returns 0 when
    /// recorded (or already there), 1 when nothing was imported (a file or the register unusable).
    public func importFiles(_ request: ImportRequest, output: inout String) -> Int32 {
        let l = language
        guard let loaded = ScoreRunner.usableCriteria(paths: criteriaPaths, language: l, messages: &output) else { return 1 }
        do {
            let register = try Register.open(path: registerPath, create: true)
            let report = try register.importFiles(request, criteria: loaded.criteria, threads: threads)
            output += said(report, year: request.year)
            return 0
        } catch {
            output += failure(error)
            return 1
        }
    }

    /// `status`: the table before certifying (`province`: one line per commune). 0 complete, 3
    /// something missing or in error, 1 the register (or the criteria) cannot be used.
    public func status(year: Int, commune: String?, province: Bool = false, output: inout String) -> Int32 {
        let l = language
        guard let loaded = ScoreRunner.usableCriteria(paths: criteriaPaths, language: l, messages: &output) else { return 1 }
        let models = loaded.models.sorted { $0.definition.listingOrder < $1.definition.listingOrder }.map { (id: $0.id, title: $0.title(l)) }
        do {
            let register = try Register.open(path: registerPath, create: false)
            let status = try register.status(year: year, commune: commune, models: models)
            output += province ? status.provinceText(in: l) : status.text(in: l)
            return status.isComplete ? 0 : 3
        } catch {
            output += failure(error)
            return 1
        }
    }

    /// `score` with no INPUT: the year's current files, read by the same ``ScoreRunner`` as
    /// files on disk (``withCurrentFiles(year:messages:_:)``), so the output is byte for byte
    /// that of `score` on those files.
    public func score(year: Int, with runner: ScoreRunner, output: OutputSink, messages: inout String) -> Int32 {
        // The criteria load on a thread of their own while the stored files are read and
        // decompressed (their errors are said where `score` says them, after the register's line).
        let paths = criteriaPaths
        let loading = runner.loadedCriteria == nil ? BackgroundWork { CriteriaLoader().load(paths: paths) } : nil
        return withCurrentFiles(year: year, messages: &messages) { paths, names, inMemory, messages in
            var runner = runner
            if let loading {
                guard let loaded = ScoreRunner.usableCriteria(loaded: loading.wait(), language: language, messages: &messages) else { return 1 }
                runner.loadedCriteria = loaded
            }
            runner.sourceNames = names
            runner.textFilesInMemory = inMemory
            runner.historySource = HistorySource(registerPath: registerPath, year: year)
            return runner.run(inputs: paths, criteriaPaths: criteriaPaths, output: output, messages: &messages)
        }
    }

    /// Runs `body` on the year's current files, named by paths in a temporary folder under their
    /// own names (one sub-folder per file: two current files may share a name): text files are
    /// handed over as their stored bytes (`inMemory`, by path, nothing written), workbooks
    /// written there; with the names the results give them. 1 when the register has none or cannot be used.
    func withCurrentFiles(year: Int, messages: inout String,
                          _ body: (_ paths: [String], _ names: [String: String], _ inMemory: [String: [UInt8]],
                                   _ messages: inout String) -> Int32) -> Int32 {
        let l = language
        var files: [(file: RegisteredFile, bytes: [UInt8])]
        let clock = StepClock()
        do {
            files = try Register.open(path: registerPath, create: false).currentFileBytes(year: year)
            clock.mark("register files read")
        } catch {
            messages += failure(error)
            return 1
        }
        messages += l.pick("Sổ tiếp nhận \(Register.shown(registerPath)), năm \(year): \(files.count) tệp đang dùng\n",
                           "Register \(Register.shown(registerPath)), year \(year): \(files.count) current files\n")
        guard !files.isEmpty else {
            messages += l.pick("LỖI không có tệp đang dùng nào cho năm \(year) (nhập bằng \"khuyenhoc import --year \(year)\")\n",
                               "ERROR no current file for \(year) (import with \"khuyenhoc import --year \(year)\")\n")
            return 1
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-register-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        var inMemory: [String: [UInt8]] = [:]
        do {
            for (file, bytes) in files {
                let place = folder.appendingPathComponent(String(file.id))
                let path = place.appendingPathComponent(file.name)
                paths.append(path.path)
                // Text files are read from the stored bytes; a workbook from a temporary copy.
                if ["csv", "txt", "tsv"].contains((file.name as NSString).pathExtension.lowercased()) {
                    inMemory[path.path] = bytes
                    continue
                }
                try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
                try Data(bytes).write(to: path)
            }
        } catch {
            messages += l.pick("LỖI không ghi được tệp tạm: \(SystemErrorWords.reason(of: error, in: l))\n",
                               "ERROR cannot write a temporary file: \(SystemErrorWords.reason(of: error, in: l))\n")
            return 1
        }
        let names = Dictionary(zip(paths, files.map(\.file.name)), uniquingKeysWith: { first, _ in first })
        // The stored bytes now live in `inMemory` or in the temporary files: not kept twice.
        files = []
        clock.mark("register files written")
        return body(paths, names, inMemory, &messages)
    }
}
