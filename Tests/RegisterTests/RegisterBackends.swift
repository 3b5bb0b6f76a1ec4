import Foundation
import PostgresNIO
import Testing

/// The two places a register lives; the register's suites run each test on both.
///
/// PostgreSQL is the server named by `$KHUYENHOC_TEST_POSTGRES` (`.ci/run` starts a private one
/// and sets it); without the variable, the tests start a private cluster themselves with
/// `.ci/postgres-cluster` when Debian's PostgreSQL binaries are installed, and stop it when the
/// test process ends. With neither, PostgreSQL is left out of the arguments and
/// ``PostgresTestServer/missing`` says why (the `postgresServer` test is then skipped with that
/// reason). Each test gets a database of its own, so tests run in parallel.
enum RegisterBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let all: [RegisterBackend] = PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres]
}

enum PostgresTestServer {
    /// The server's URL, or why there is none; and the folder of a cluster these tests started.
    static let setup: (url: String?, missing: String?, cluster: String?) = {
        if let named = ProcessInfo.processInfo.environment["KHUYENHOC_TEST_POSTGRES"], !named.isEmpty { return (named, nil, nil) }
        let script = RegisterFixture.repository.appendingPathComponent(".ci/postgres-cluster").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-test-postgres-\(UUID().uuidString)").path
        // The cluster stops by itself once this test process has ended (and at exit).
        let (status, output, errors) = run(["/bin/bash", script, "start", folder, String(ProcessInfo.processInfo.processIdentifier)])
        guard status == 0, let line = output.split(separator: "\n").last, line.hasPrefix("postgres://") else {
            return (nil, "no PostgreSQL for the register tests: set KHUYENHOC_TEST_POSTGRES, or install Debian's postgresql (\(errors.trimmingCharacters(in: .whitespacesAndNewlines)))", nil)
        }
        atexit { PostgresTestServer.stop() }
        return (String(line), nil, folder)
    }()

    /// `postgres://postgres@127.0.0.1:PORT/postgres`: a superuser's URL to the test server.
    static var url: String? { setup.url }
    /// Why there is no PostgreSQL for the tests (nil when there is one).
    static var missing: String? { setup.missing }

    static func stop() {
        guard let folder = setup.cluster else { return }
        let script = RegisterFixture.repository.appendingPathComponent(".ci/postgres-cluster").path
        _ = run(["/bin/bash", script, "stop", folder])
    }

    static func run(_ arguments: [String]) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (127, "", "\(error)") }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        // Not `waitUntilExit()`: it was seen never to return here after the cluster script had
        // exited (leaving its watcher behind), hanging `swift test`. The child is reaped directly.
        var status: Int32 = 0
        if process.isRunning {
            var reaped: Int32
            repeat { reaped = waitpid(process.processIdentifier, &status, 0) } while reaped == -1 && errno == EINTR
            if reaped == process.processIdentifier {
                let code = (status >> 8) & 0xFF
                return ((status & 0x7F) == 0 ? code : 128 + (status & 0x7F), String(decoding: output, as: UTF8.self),
                        String(decoding: errors, as: UTF8.self))
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// The URL with another database (or user).
    static func url(database: String, user: String? = nil) -> String {
        var parts = URLComponents(string: url!)!
        parts.path = "/" + database
        if let user { parts.user = user }
        return parts.string!
    }

    /// Runs SQL statements as the superuser on a database (`postgres` by default).
    @discardableResult
    static func execute(_ statements: [String], database: String = "postgres", user: String? = nil) throws -> [[String?]] {
        let parts = URLComponents(string: url!)!
        let configuration = PostgresConnection.Configuration(host: parts.host ?? "127.0.0.1", port: parts.port ?? 5432,
                                                             username: user ?? parts.user ?? "postgres", password: nil,
                                                             database: database, tls: .disable)
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                        id: 1, logger: Logger(label: "khuyenhoc.tests")).wait()
        defer { _ = try? connection.close().wait() }
        var rows: [[String?]] = []
        for statement in statements {
            let query: PostgresQuery = "\(unescaped: statement)"
            let result = try connection.query(query, logger: Logger(label: "khuyenhoc.tests")).wait()
            rows = try result.rows.map { row in try row.map(text) }
        }
        return rows
    }

    /// A cell as text: numbers as digits, bytes by their length, NULL as nil.
    static func text(_ cell: PostgresCell) throws -> String? {
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2, .int4, .int8: return String(try cell.decode(Int64.self))
        case .bool: return try cell.decode(Bool.self) ? "true" : "false"
        case .bytea: return "\(try cell.decode(ByteBuffer.self).readableBytes) bytes"
        default: return try cell.decode(String.self)
        }
    }

    /// A new empty database for one test: its URL.
    static func newDatabase() throws -> (name: String, url: String) {
        let name = "khuyenhoc_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        try execute(["CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'"])
        return (name, url(database: name))
    }

    static func dropDatabase(_ name: String) {
        _ = try? execute(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
    }
}

@Suite("Register: the PostgreSQL server for the tests")
struct PostgresServerTests {
    @Test("a PostgreSQL server is there for the register tests", .disabled(if: PostgresTestServer.url == nil, Comment(rawValue: PostgresTestServer.missing ?? "")))
    func postgresServer() throws {
        let rows = try PostgresTestServer.execute(["SELECT current_setting('server_version_num')"])
        #expect(Int(rows.first?.first.flatMap { $0 } ?? "") ?? 0 >= 130000)
    }
}
