import Foundation
import GRDB
import KhuyenhocCLI
import Register
import Testing

/// The register under real processes: `khuyenhoc import` killed with SIGKILL in the middle of
/// a 100,000-household import, and four clerks' `import` processes at once. Runs the built
/// program (`swift build --build-tests` builds it beside the tests).
@Suite("Register: crashes and concurrent clerks (child processes)", .serialized)
struct RegisterProcessTests {
    /// The built `khuyenhoc` beside the test bundle (or in `.build/debug`).
    static func program() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("khuyenhoc"),
            RegisterFixture.repository.appendingPathComponent(".build/debug/khuyenhoc"),
        ]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "build the program first (swift build --build-tests)")
    }

    static func start(_ arguments: [String], environment extra: [String: String] = [:], in folder: URL, output: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try program()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "KHUYENHOC_REGISTER")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        if let output {
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], in folder: URL) throws -> Int32 {
        let process = try start(arguments, in: folder)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SQLite's `integrity_check`; on PostgreSQL, that the register answers and keeps one
    /// current file per coverage (the server keeps its own files whole).
    static func integrity(_ fixture: RegisterFixture) throws -> String {
        switch fixture.backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: fixture.registerPath)
            defer { try? queue.close() }
            return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
        case .postgres:
            let twice = try fixture.count("SELECT count(*) FROM (SELECT 1 FROM survey_file WHERE state = 'current' GROUP BY year, coverage HAVING count(*) > 1) d")
            return twice == 0 ? "ok" : "\(twice) coverages with two current files"
        }
    }

    @Test("SIGKILL while importing 100,000 households, at several points, leaves the register exactly as before; integrity_check ok", arguments: RegisterBackend.all)
    func killedImportChangesNothing(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let data = fixture.folder.appendingPathComponent("tinh")
        #expect(try Self.run(["sample", "--households", "100000", "--seed", "11", data.path], in: fixture.folder) == 0)
        let households = data.appendingPathComponent("ho-gia-dinh.csv").path
        let register = fixture.registerPath
        let criteria = ["--criteria", RegisterFixture.criteria, "--register", register, "--year", "2026"]
        #expect(try Self.run(["import"] + criteria + [data.appendingPathComponent("ap.csv").path,
                                                      data.appendingPathComponent("dong-ho.csv").path], in: fixture.folder) == 0)
        let before = try CertifyTests.contents(fixture)
        #expect(before.contains { $0.hasPrefix("survey_file:") && $0.contains("ap.csv") })

        // Killed while reading (no transaction yet), then inside the open transaction: after the
        // file's bytes, after what it holds, just before the commit.
        var points: [(name: String, delay: Double?, stage: String?)] = [("reading, 0.3 s", 0.3, nil), ("reading, 1.5 s", 1.5, nil)]
        points += ["bytes", "rows", "commit"].map { ("in the transaction: \($0)", nil, $0) }
        for point in points {
            let marker = fixture.folder.appendingPathComponent("at-\(point.stage ?? "time")").path
            try? FileManager.default.removeItem(atPath: marker)
            let environment = point.stage.map { ["KHUYENHOC_REGISTER_PAUSE": "\($0):\(marker)"] } ?? [:]
            let process = try Self.start(["import"] + criteria + [households], environment: environment, in: fixture.folder)
            if let delay = point.delay {
                Thread.sleep(forTimeInterval: delay)
            } else {
                let deadline = Date().addingTimeInterval(300)
                while !FileManager.default.fileExists(atPath: marker) && process.isRunning && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                #expect(FileManager.default.fileExists(atPath: marker), "never reached \(point.name)")
            }
            #expect(process.isRunning, "the import ended before \(point.name)")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(try Self.integrity(fixture) == "ok", "\(point.name)")
            #expect(try CertifyTests.contents(fixture) == before, "the register changed when killed \(point.name)")
        }

        // Then the same import, left alone, lands whole.
        #expect(try Self.run(["import"] + criteria + [households], in: fixture.folder) == 0)
        let files = try fixture.register().files(year: 2026)
        #expect(files.map(\.name) == ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"])
        #expect(try Self.integrity(fixture) == "ok")
    }

    /// The hamlet code of a generated household line (third field; no quotes before it).
    static func hamlet(of line: Substring) -> Substring { line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)[2] }

    @Test("four import processes of different hamlets at once: all land, nothing duplicated, each logged once", arguments: RegisterBackend.all)
    func fourClerksAtOnce(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let data = fixture.folder.appendingPathComponent("xa")
        #expect(try Self.run(["sample", "--households", "6000", "--seed", "5", data.path], in: fixture.folder) == 0)
        let text = try String(contentsOfFile: data.appendingPathComponent("ho-gia-dinh.csv").path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0], rows = lines.dropFirst()
        let hamlets = Array(Set(rows.map(Self.hamlet))).sorted()
        #expect(hamlets.count >= 4)
        var paths: [String] = []
        for part in 0..<4 {
            let mine = Set(hamlets.enumerated().filter { $0.offset % 4 == part }.map(\.element))
            let body = rows.filter { mine.contains(Self.hamlet(of: $0)) }
            paths.append(try fixture.write("ho-phan-\(part + 1).csv", ([header] + body).joined(separator: "\n") + "\n", in: "gui"))
        }
        let register = fixture.registerPath
        let options = ["--criteria", RegisterFixture.criteria, "--register", register, "--year", "2026"]
        #expect(try Self.run(["import"] + options + [data.appendingPathComponent("ap.csv").path,
                                                     data.appendingPathComponent("dong-ho.csv").path], in: fixture.folder) == 0)
        let processes = try paths.map { try Self.start(["import"] + options + [$0], in: fixture.folder) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])

        let counts = try fixture.register().counts()
        #expect(counts == RegisterCounts(storedBytes: 6, files: 6, logEntries: 6))
        let households = try fixture.count("SELECT CAST(sum(rows_read) AS bigint) FROM file_model WHERE model = 'gia-dinh-hoc-tap'")
        #expect(households == rows.count)
        #expect(!fixture.status().output.contains("Mã trùng"))
        // Scored from the register: every household once.
        let scored = fixture.score([], format: .csv)
        let keys = scored.output.split(separator: "\n").filter { $0.hasPrefix("gia-dinh-hoc-tap,") }
        #expect(keys.count == rows.count)
        #expect(try Self.integrity(fixture) == "ok")

        // Byte for byte what `score` gives on the same files (in the register's order: by name).
        let files = [data.appendingPathComponent("ap.csv").path, data.appendingPathComponent("dong-ho.csv").path] + paths
        for format in [ScoreFormat.csv, .text] {
            #expect(Array(fixture.score([], format: format).output.utf8) == Array(fixture.score(files, format: format).output.utf8), "\(format)")
        }

        // Certified, then the same files as next year's: nothing newly recognised, nothing lost.
        #expect(try Self.run(["certify"] + options + ["--decision", "Số 12/QĐ-UBND", "--accept-errors"], in: fixture.folder) == 0)
        let recognised = try fixture.register().certifiedResults(year: 2026).filter { $0.isRecognised }.count
        #expect(recognised == scored.output.split(separator: "\n").filter { $0.contains(",tieu-bieu,") || $0.contains(",dat,") }.count)
        var next = options
        next[next.count - 1] = "2027"
        #expect(try Self.run(["import"] + next + files, in: fixture.folder) == 0)
        let report = fixture.folder.appendingPathComponent("so-sanh.txt").path
        #expect(try Self.run(["score"] + next + ["--compare-year", "2026", "--output", report], in: fixture.folder) == 0)
        let compared = try String(contentsOfFile: report, encoding: .utf8)
        #expect(compared.contains("SO SÁNH VỚI NĂM 2026"))
        // Every commune's summary: none new, none lost, the same rate.
        let communes = compared.components(separatedBy: "SO SÁNH VỚI NĂM 2026").count - 1
        #expect(communes >= 3)
        #expect(compared.components(separatedBy: "Mới được công nhận (0)").count - 1 == communes)
        #expect(compared.components(separatedBy: "Không còn được công nhận (0)").count - 1 == communes)
        #expect(compared.components(separatedBy: "thay đổi +0,0 điểm phần trăm").count - 1 == communes)
    }
}
