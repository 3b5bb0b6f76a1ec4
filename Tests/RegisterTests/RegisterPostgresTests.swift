import Foundation
import KhuyenhocCLI
import Register
import Reports
import Testing
import TextSupport

/// The register on PostgreSQL (issue 17): the same answers as SQLite's, clerks of one province
/// importing at once, one winner when two correct the same hamlet, row-level security on
/// commune, and the words for a server that cannot be reached.
@Suite("Register on PostgreSQL: a province's communes in one database", .enabled(if: PostgresTestServer.url != nil))
struct RegisterPostgresTests {
    static let sampleFiles = ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"].map { RegisterFixture.sample.appendingPathComponent($0).path }

    @Test("score from the register prints the same bytes from SQLite and from PostgreSQL on the same imports (CSV and text)")
    func scoreSameOnBothBackends() throws {
        let sqlite = try RegisterFixture(.sqlite), postgres = try RegisterFixture(.postgres)
        defer { sqlite.remove(); postgres.remove() }
        for fixture in [sqlite, postgres] {
            let lk = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK", "LD"]))
            let rest = try fixture.write("ho-con-lai.csv", RegisterFixture.households(of: ["LT", "LDI", "LH"]))
            #expect(fixture.importFiles(Array(Self.sampleFiles.prefix(2)) + [lk, rest]).status == 0)
        }
        for format in [ScoreFormat.csv, .text, .json] {
            let a = sqlite.score([], format: format), b = postgres.score([], format: format)
            #expect(a.status == b.status)
            #expect(!a.output.isEmpty)
            #expect(Array(a.output.utf8) == Array(b.output.utf8), "\(format)")
        }
        // status --province: the same table on both (the first line names the register).
        var provinces: [String] = []
        for fixture in [sqlite, postgres] {
            var output = ""
            #expect(fixture.runner().status(year: 2026, commune: nil, province: true, output: &output) == 3)
            provinces.append(output.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
        }
        #expect(provinces[0] == provinces[1])
        // Long Hữu: 4 files, 15 of its 5 hamlets and 10 clans with households, the sample's 4 error rows.
        #expect(provinces[1].contains("Long Hữu         4              15/15         4  chưa"), "\(provinces[1])")
        // The sample's 360 households, every one once.
        #expect(postgres.score([], format: .csv).output.split(separator: "\n").filter { $0.hasPrefix("gia-dinh-hoc-tap,") }.count == 360)
    }

    @Test("a register that cannot be reached: one clear message in the clerk's language, exit 1, no crash")
    func serverUnreachable() throws {
        let fixture = try RegisterFixture(.sqlite)
        defer { fixture.remove() }
        // A loopback port nothing listens on.
        let runner = RegisterRunner(language: .vietnamese, registerPath: "postgres://lan:bi-mat@127.0.0.1:1/tinh", criteriaPaths: [RegisterFixture.criteria])
        var output = ""
        let status = runner.importFiles(ImportRequest(paths: [Self.sampleFiles[0]], year: 2026, clerk: "lan"), output: &output)
        #expect(status == 1)
        #expect(output.contains("Không kết nối được máy chủ PostgreSQL của sổ tiếp nhận postgres://lan@127.0.0.1:1/tinh"), "\(output)")
        #expect(!output.contains("bi-mat"), "the password is never printed")
        let english = RegisterRunner(language: .english, registerPath: "postgres://lan@127.0.0.1:1/tinh", criteriaPaths: [RegisterFixture.criteria])
        var words = ""
        #expect(english.status(year: 2026, commune: nil, output: &words) == 1)
        #expect(words.contains("Cannot connect to the PostgreSQL server of the register postgres://lan@127.0.0.1:1/tinh"), "\(words)")
        #expect(!words.contains("Không"))
        // A database that does not exist on a running server: the server's reason, same words.
        let missing = RegisterRunner(language: .english, registerPath: PostgresTestServer.url(database: "khong_co_csdl_nay"),
                                     criteriaPaths: [RegisterFixture.criteria])
        var missingWords = ""
        #expect(missing.status(year: 2026, commune: nil, output: &missingWords) == 1)
        #expect(missingWords.contains("khong_co_csdl_nay"), "\(missingWords)")
    }

    @Test("two clerks importing corrections of the same hamlet at once: one lands, the other is told so, never both current",
          arguments: RegisterBackend.all)
    func twoCorrectionsAtOnce(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let original = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        #expect(fixture.importFiles([original]).status == 0)
        let text = try RegisterFixture.households(of: ["LK"])
        let first = try fixture.write("ho-LK (sửa của Lan).csv", text.replacingOccurrences(of: "HO0001,Đỗ Văn Bảy", with: "HO0001,Đỗ Văn Bảy A"))
        let second = try fixture.write("ho-LK (sửa của Minh).csv", text.replacingOccurrences(of: "HO0001,Đỗ Văn Bảy", with: "HO0001,Đỗ Văn Bảy B"))
        let options = ["import", "--criteria", RegisterFixture.criteria, "--register", fixture.registerPath, "--year", "2026"]
        // Lan's import holds its transaction open just before committing…
        let marker = fixture.folder.appendingPathComponent("lan-at-commit").path
        let lan = try RegisterProcessTests.start(options + ["--clerk", "lan", first], environment: ["KHUYENHOC_REGISTER_PAUSE": "commit:\(marker)"],
                                                 in: fixture.folder)
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: marker) && lan.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(FileManager.default.fileExists(atPath: marker))
        // …while Minh imports his correction, which waits for Lan's transaction;
        let minhOutput = fixture.folder.appendingPathComponent("minh.txt")
        FileManager.default.createFile(atPath: minhOutput.path, contents: nil)
        let minh = try RegisterProcessTests.start(options + ["--clerk", "minh", second], in: fixture.folder, output: minhOutput)
        if let database = fixture.database {
            // Until the server shows Minh's transaction waiting for Lan's lock.
            let until = Date().addingTimeInterval(120)
            while Date() < until, minh.isRunning,
                  try PostgresTestServer.execute(["SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)' AND wait_event_type = 'Lock'"])
                    == [["0"]] {
                Thread.sleep(forTimeInterval: 0.05)
            }
        } else {
            Thread.sleep(forTimeInterval: 1.5)
        }
        // …then Lan commits.
        try FileManager.default.removeItem(atPath: marker)
        lan.waitUntilExit()
        minh.waitUntilExit()
        #expect(lan.terminationStatus == 0)
        let said = try String(contentsOf: minhOutput, encoding: .utf8)
        let current = try fixture.register().files(year: 2026).filter { $0.state == .current }.map(\.name)
        #expect(current.count == 1, "never both current: \(current)")
        switch backend {
        case .postgres:
            // The unique index: Minh's import is refused whole, with the reason and what to do.
            #expect(minh.terminationStatus == 1)
            #expect(said.contains("một người khác vừa nhập một tệp cùng phạm vi"), "\(said)")
            #expect(said.contains("sổ không bị thay đổi"))
            #expect(current == ["ho-LK (sửa của Lan).csv"])
        case .sqlite:
            // One writer at a time: Minh's import waits, then replaces Lan's like any later correction.
            #expect(minh.terminationStatus == 0, "\(said)")
            #expect(said.contains("thay cho ho-LK (sửa của Lan).csv"), "\(said)")
            #expect(current == ["ho-LK (sửa của Minh).csv"])
        }
        #expect(try RegisterProcessTests.integrity(fixture) == "ok")
    }

    /// The sample of `households` split into one folder per commune (its hamlet, clan and
    /// household files, each row of the commune once): folder paths and household rows per commune.
    static func communeFolders(_ fixture: RegisterFixture, households: Int, seed: Int) throws -> [(commune: String, folder: URL, households: Int)] {
        let data = fixture.folder.appendingPathComponent("tinh")
        #expect(try RegisterProcessTests.run(["sample", "--households", "\(households)", "--seed", "\(seed)", data.path], in: fixture.folder) == 0)
        var byCommune: [String: [String: [Substring]]] = [:]
        var headers: [String: Substring] = [:]
        for (file, column) in [("ap.csv", 2), ("dong-ho.csv", 2), ("ho-gia-dinh.csv", 3)] {
            let lines = try String(contentsOf: data.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
            headers[file] = lines[0]
            for line in lines.dropFirst() {
                let commune = String(line.split(separator: ",", maxSplits: column + 1, omittingEmptySubsequences: false)[column])
                byCommune[commune, default: [:]][file, default: []].append(line)
            }
        }
        return try byCommune.keys.sorted().enumerated().map { index, commune in
            let folder = fixture.folder.appendingPathComponent("xa-\(index + 1)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"] {
                let rows = byCommune[commune]?[file] ?? []
                try ([headers[file]!] + rows).joined(separator: "\n").appending("\n")
                    .write(to: folder.appendingPathComponent("xa-\(index + 1)-\(file)"), atomically: true, encoding: .utf8)
            }
            return (commune, folder, byCommune[commune]?["ho-gia-dinh.csv"]?.count ?? 0)
        }
    }

    @Test("eight communes importing at once (separate processes) into one database: every row once; one importer killed mid-way leaves its commune as before")
    func eightCommunesAtOnce() throws {
        let fixture = try RegisterFixture(.postgres)
        defer { fixture.remove() }
        let communes = try Self.communeFolders(fixture, households: 40_000, seed: 8)
        try #require(communes.count >= 8)
        let eight = Array(communes.prefix(8))
        let options = ["import", "--criteria", RegisterFixture.criteria, "--register", fixture.registerPath, "--year", "2026"]
        // The first commune already sent its files; its clerk then sends a correction and is killed mid-import.
        #expect(try RegisterProcessTests.run(options + [eight[0].folder.path], in: fixture.folder) == 0)
        let firstBefore = try fixture.query("SELECT t::text FROM survey_file t ORDER BY id")
        let corrected = fixture.folder.appendingPathComponent("sua")
        try FileManager.default.createDirectory(at: corrected, withIntermediateDirectories: true)
        let households = try String(contentsOf: eight[0].folder.appendingPathComponent("xa-1-ho-gia-dinh.csv"), encoding: .utf8)
        // The same households, the first one's name corrected.
        var lines = households.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[1].split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        fields[1] += " Em"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n")
            .write(to: corrected.appendingPathComponent("xa-1-ho-gia-dinh (sửa).csv"), atomically: true, encoding: .utf8)
        let marker = fixture.folder.appendingPathComponent("killed-at-rows").path
        let killed = try RegisterProcessTests.start(options + [corrected.path], environment: ["KHUYENHOC_REGISTER_PAUSE": "rows:\(marker)"],
                                                    in: fixture.folder)
        let others = try eight.dropFirst().map { try RegisterProcessTests.start(options + [$0.folder.path], in: fixture.folder) }
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: marker) && killed.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(FileManager.default.fileExists(atPath: marker), "the correction never reached its rows")
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        for process in others { process.waitUntilExit() }
        #expect(others.map(\.terminationStatus) == Array(repeating: 0, count: 7))
        #expect(killed.terminationReason == .uncaughtSignal)

        // The first commune as before: its three files, nothing of the killed correction.
        let firstAfter = try fixture.query("SELECT t::text FROM survey_file t WHERE id <= \(firstBefore.count) ORDER BY id")
        #expect(firstAfter == firstBefore)
        #expect(try fixture.count("SELECT count(*) FROM survey_file WHERE name LIKE '%(sửa)%'") == 0)
        // Every commune's three files current, every household row once.
        #expect(try fixture.count("SELECT count(*) FROM survey_file WHERE state = 'current'") == 24)
        let expected = eight.map(\.households).reduce(0, +)
        #expect(try fixture.count("SELECT CAST(sum(rows_read) AS bigint) FROM file_model WHERE model = 'gia-dinh-hoc-tap'") == expected)
        let scored = fixture.score([], format: .csv).output.split(separator: "\n").filter { $0.hasPrefix("gia-dinh-hoc-tap,") }
        #expect(scored.count == expected)
        #expect(Set(scored.map { $0.split(separator: ",", maxSplits: 4)[1...2].joined(separator: ",") }).count == expected)
        #expect(try RegisterProcessTests.integrity(fixture) == "ok")
    }
}
