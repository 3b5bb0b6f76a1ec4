import Foundation
import KhuyenhocCLI
import Register
import Reports
import Survey
import Criteria
import TextSupport
import Testing
import GRDB

/// A real register (an SQLite file in a folder of its own, or a PostgreSQL database of its own),
/// and survey files cut from the sample commune the way hamlet branches send them (one household
/// file per hamlet).
struct RegisterFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let criteria = repository.appendingPathComponent("Criteria").path
    static let sample = repository.appendingPathComponent("Samples/long-huu")
    static let year = 2026

    let folder: URL
    let backend: RegisterBackend
    /// The PostgreSQL database of this test (nil on SQLite).
    let database: String?
    /// `--register`: the SQLite file, or the PostgreSQL URL.
    let registerPath: String

    init(_ backend: RegisterBackend = .sqlite) throws {
        self.backend = backend
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-register-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            database = nil
            registerPath = folder.appendingPathComponent("khuyenhoc.sqlite").path
        case .postgres:
            let created = try PostgresTestServer.newDatabase()
            database = created.name
            registerPath = created.url
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
        if let database { PostgresTestServer.dropDatabase(database) }
    }

    /// Rows of a query on the register itself, as text (nil for NULL), on either backend.
    func query(_ sql: String) throws -> [[String?]] {
        if let database { return try PostgresTestServer.execute([sql], database: database) }
        let queue = try DatabaseQueue(path: registerPath)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { value -> String? in
                    switch value.storage {
                    case .null: nil
                    case let .int64(number): String(number)
                    case let .double(number): String(number)
                    case let .string(text): text
                    case let .blob(data): "\(data.count) bytes"
                    }
                }
            }
        }
    }

    /// A count on the register (`SELECT count(*) …`).
    func count(_ sql: String) throws -> Int { Int(try query(sql).first?.first.flatMap { $0 } ?? "") ?? -1 }

    func runner(_ language: Language = .vietnamese) -> RegisterRunner {
        RegisterRunner(language: language, registerPath: registerPath, criteriaPaths: [Self.criteria])
    }

    /// `import` as a clerk runs it; the status and what it printed.
    @discardableResult
    func importFiles(_ paths: [String], replaces: String? = nil, withdraw: String? = nil,
                     language: Language = .vietnamese) -> (status: Int32, output: String) {
        var output = ""
        let status = runner(language).importFiles(ImportRequest(paths: paths, year: Self.year, clerk: "lan", replaces: replaces,
                                                                withdraw: withdraw), output: &output)
        return (status, output)
    }

    func status(language: Language = .vietnamese) -> (status: Int32, output: String) {
        var output = ""
        let status = runner(language).status(year: Self.year, commune: nil, output: &output)
        return (status, output)
    }

    func register() throws -> Register { try Register.open(path: registerPath, create: false) }

    /// Writes a file into the fixture folder (or a sub-folder) and returns its path.
    func write(_ name: String, _ text: String, in subfolder: String? = nil) throws -> String {
        var place = folder
        if let subfolder {
            place = folder.appendingPathComponent(subfolder)
            try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
        }
        let url = place.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The sample's household file: header and rows.
    static func householdLines() throws -> (header: String, rows: [String]) {
        let text = try String(contentsOf: sample.appendingPathComponent("ho-gia-dinh.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return (lines[0], Array(lines.dropFirst()))
    }

    /// The hamlet code of a household row (third column, before any quoted cell).
    static func hamlet(of row: String) -> String {
        String(row.split(separator: ",", omittingEmptySubsequences: false)[2])
    }

    /// The household rows of some hamlets, as one CSV text.
    static func households(of hamlets: Set<String>, withoutErrorRows: Bool = false) throws -> String {
        let (header, rows) = try householdLines()
        let errorRows: Set<Int> = try withoutErrorRows ? sampleErrorRows() : []
        let kept = rows.enumerated().filter { hamlets.contains(hamlet(of: $0.element)) && !errorRows.contains($0.offset + 2) }
        return ([header] + kept.map(\.element)).joined(separator: "\n") + "\n"
    }

    /// Line numbers of the sample's household rows that `score` lists as errors.
    static func sampleErrorRows() throws -> Set<Int> {
        let loaded = CriteriaLoader().load(paths: [criteria])
        let read = SurveyReader(criteria: loaded.criteria, threads: 1).read(paths: [sample.appendingPathComponent("ho-gia-dinh.csv").path])
        return Set((read.data.rejected["gia-dinh-hoc-tap"] ?? []).map { Int($0.origin.row) })
    }

    static let hamlets: [String] = ["LK", "LD", "LT", "LDI", "LH"]

    /// Scores with the shipped criteria: from files, or (no inputs) from the register.
    func score(_ inputs: [String], format: ScoreFormat) -> (status: Int32, output: String, messages: String) {
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = format
        runner.report.width = 132
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status = inputs.isEmpty
            ? self.runner().score(year: Self.year, with: runner, output: sink, messages: &messages)
            : runner.run(inputs: inputs, criteriaPaths: [Self.criteria], output: sink, messages: &messages)
        return (status, sink.captured ?? "", messages)
    }
}
