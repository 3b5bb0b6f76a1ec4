import Foundation
import KhuyenhocCLI
import Reports
import Testing
import TextSupport

/// Paths, runs and small readers the intake-rule tests share.
enum Intake {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let criteriaFolder = repository.appendingPathComponent("Criteria").path
    static let schema = repository.appendingPathComponent("Criteria/khuyenhoc-criteria.xsd").path
    static let sampleFolder = repository.appendingPathComponent("Samples/long-huu").path

    /// A fixture made by `Tools/fixtures/make_intake_fixtures.py` (a folder or a file).
    static func fixture(_ name: String) throws -> String {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let path = folder.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "missing fixture \(name): run Tools/fixtures/make_intake_fixtures.py")
        return path
    }

    /// `Samples/expected.csv`: what `score --format csv` prints for the sample commune.
    static func expectedCSV() throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Samples/expected.csv"), encoding: .utf8)
    }

    /// The expected rows, parsed, without the header row.
    static func expectedRows() throws -> [CSVRow] {
        Array(parseCSV(try expectedCSV()).dropFirst()).map(CSVRow.init)
    }

    /// Only the household part of `expected.csv` (header, household rows, household error rows):
    /// what a run on the household file alone prints.
    static func expectedHouseholdCSV() throws -> String {
        try expectedCSV().split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("dong-ho-hoc-tap,") && !$0.hasPrefix("cong-dong-hoc-tap,") }
            .joined(separator: "\n")
    }

    /// `expected.csv` with every "dòng N" of the household file moved down by `lines` (title rows
    /// above the header) and the place renamed (a workbook's sheet instead of the CSV file).
    static func shifted(_ text: String, by lines: Int, place: String = "ho-gia-dinh.csv") -> String {
        let pattern = try! NSRegularExpression(pattern: "dòng (\\d+)")
        var result = ""
        var last = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let whole = Range(match.range, in: text)!
            let number = Int(text[Range(match.range(at: 1), in: text)!])!
            result += text[last..<whole.lowerBound] + "dòng \(number + lines)"
            last = whole.upperBound
        }
        result += text[last...]
        return result.replacingOccurrences(of: "ho-gia-dinh.csv dòng", with: "\(place) dòng")
    }

    /// A fresh folder under the temporary directory, removed by the caller.
    static func temporaryFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A writable copy of a fixture folder (or of the sample commune).
    static func copy(_ source: String, label: String) throws -> URL {
        let folder = try temporaryFolder(label)
        let target = folder.appendingPathComponent("xa")
        try FileManager.default.copyItem(atPath: source, toPath: target.path)
        return target
    }
}

/// What one in-process `khuyenhoc score` run gave: exit status, the output and the clerk's
/// messages (standard error).
struct ScoreRun {
    var status: Int32
    var output: String
    var messages: String

    /// The CSV output's rows, without the header (for `--format csv` runs).
    var rows: [CSVRow] { Array(parseCSV(output).dropFirst()).map(CSVRow.init) }

    func rows(model: String) -> [CSVRow] { rows.filter { $0.model == model } }

    func row(model: String = "gia-dinh-hoc-tap", id: String) -> CSVRow? {
        rows.first { $0.model == model && $0.id == id }
    }

    var messageLines: [String] { messages.split(separator: "\n").map(String.init) }
    var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// Runs `khuyenhoc score` in-process, the way Tests/CLITests do, with the shipped criteria.
func score(_ inputs: [String], format: ScoreFormat = .csv, language: Language = .vietnamese) -> ScoreRun {
    var runner = ScoreRunner(language: language)
    runner.format = format
    runner.threads = 1
    runner.report.width = 132   // what a file gets
    let sink = OutputSink(capturing: ())
    var messages = ""
    let status = runner.run(inputs: inputs, criteriaPaths: [Intake.criteriaFolder],
                            output: sink, messages: &messages)
    return ScoreRun(status: status, output: sink.captured ?? "", messages: messages)
}

func score(_ input: String, format: ScoreFormat = .csv, language: Language = .vietnamese) -> ScoreRun {
    score([input], format: format, language: language)
}

/// One row of the CSV output contract: `model,xa,id,name,total,level,rank,TC1..TC4,reasons`.
struct CSVRow: Equatable, CustomStringConvertible {
    var cells: [String]
    init(_ cells: [String]) { self.cells = cells }
    var model: String { cells[0] }
    var xa: String { cells[1] }
    var id: String { cells[2] }
    var name: String { cells[3] }
    var total: String { cells[4] }
    var level: String { cells[5] }
    var rank: String { cells[6] }
    var groups: [String] { Array(cells[7..<11]) }
    var reasons: String { cells[11] }
    var description: String { cells.joined(separator: ",") }
}

/// RFC 4180 reading of the program's CSV output (quotes, doubled quotes, line breaks in quotes).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? characters.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let next = characters.next() {
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else { quoted = false }
            } else { cell.append(c) }
            continue
        }
        switch c {
        case "\"": quoted = true
        case ",": row.append(cell); cell = ""
        case "\n", "\r\n": row.append(cell); rows.append(row); row = []; cell = ""
        default: cell.append(c)
        }
    }
    if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
    return rows
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    guard !needle.isEmpty else { return 0 }
    return text.components(separatedBy: needle).count - 1
}

/// "Noted once": the note is there, and said at most once on standard error and at most once in
/// the report (the spec does not say which of the two carries the notes of a run).
func expectNotedOnce(_ note: String, in run: ScoreRun, sourceLocation: SourceLocation = #_sourceLocation) {
    let inMessages = occurrences(of: note, in: run.messages)
    let inReport = occurrences(of: note, in: run.output)
    #expect(inMessages + inReport >= 1, "no note \"\(note)\"\n--- messages:\n\(run.messages)", sourceLocation: sourceLocation)
    #expect(inMessages <= 1 && inReport <= 1, "note \"\(note)\" said \(inMessages) + \(inReport) times", sourceLocation: sourceLocation)
}

/// The lines of standard error and of the report together (where a note may be).
func noteLines(_ run: ScoreRun) -> [String] { run.messageLines + run.outputLines }

// MARK: - The program as a clerk runs it

/// What one run of the built `khuyenhoc` program gave.
struct ProgramRun {
    var status: Int32
    var standardOutput: String
    var standardError: String
    var all: String { standardOutput + standardError }
}

/// The `khuyenhoc` executable built beside this test bundle (`swift build --build-tests` builds it).
func programURL() throws -> URL {
    let folder = Bundle.module.bundleURL.deletingLastPathComponent()
    let url = folder.appendingPathComponent("khuyenhoc")
    try #require(FileManager.default.isExecutableFile(atPath: url.path),
                 "build the program first (swift build --build-tests): \(url.path)")
    return url
}

/// Runs the built program with these arguments from the repository folder (so `Criteria/` is found).
func runProgram(_ arguments: [String]) throws -> ProgramRun {
    let folder = try Intake.temporaryFolder("run")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = try programURL()
    process.arguments = arguments
    process.currentDirectoryURL = Intake.repository
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    process.environment = environment
    let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return ProgramRun(status: process.terminationStatus,
                      standardOutput: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      standardError: String(decoding: try Data(contentsOf: err), as: UTF8.self))
}

// MARK: - One language

/// English words that reach a clerk from the argument parser, libxml2 and the system's error
/// strings; none may appear in Vietnamese mode.
let englishWords = ["Error", "error:", "Usage", "USAGE", "OPTIONS", "ARGUMENTS", "SUBCOMMANDS", "expected", "Expected",
                    "Missing", "Unknown option", "Unexpected", "Permission denied", "No such file", "See '",
                    "Help:", "help information", "Opening and ending", "mismatch", "parser error", "Premature end",
                    "StartTag", "EndTag", "The operation", "The file", "doesn’t exist", "could not", "Couldn't", "Cannot",
                    "cannot", "invalid", "Invalid",
                    // Plain English inside a sentence (a bilingual "… / at least one survey file is needed").
                    " the ", " is ", " are ", " must ", " needed", " got ", " use ", " of ", " and ", " or ", " at least "]

/// The English words of `englishWords` found in `text`.
func englishFound(in text: String) -> [String] {
    englishWords.filter { text.contains($0) }
}

/// Vietnamese letters with diacritics (ă â đ ê ô ơ ư and the toned vowels), either case.
let vietnameseLetters: Set<Character> = {
    let lower = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    return Set(lower + lower.uppercased())
}()

/// `text` without what stands between quotes ('…', "…", “…”): data values and file names
/// quoted in a message keep their own language.
func withoutQuotedValues(_ text: String) -> String {
    var result = ""
    var closing: Character? = nil
    for c in text {
        if let end = closing {
            if c == end { closing = nil }
            continue
        }
        switch c {
        case "'": closing = "'"
        case "\"": closing = "\""
        case "\u{201C}": closing = "\u{201D}"
        default: result.append(c)
        }
    }
    return result
}

/// The words of `text` (outside quoted values) that carry a Vietnamese letter.
func vietnameseFound(in text: String) -> [String] {
    withoutQuotedValues(text).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        .filter { $0.contains(where: vietnameseLetters.contains) }.map(String.init)
}
