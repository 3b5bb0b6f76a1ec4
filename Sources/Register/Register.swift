import Foundation
import GRDB

/// The register (sổ tiếp nhận): one SQLite file holding every survey file imported, what each
/// held, which are current, and a log of every change.
///
/// Opened in WAL mode with foreign keys on and a busy timeout, so that clerks importing at the
/// same time wait for each other instead of failing; migrated forward to this program's
/// schema, and refused (``RegisterError/newerSchema(path:found:known:)``) when a newer program wrote it.
///
/// ```swift
/// let register = try Register.open(path: "khuyenhoc.sqlite", create: true)
/// let files = try register.currentFiles(year: 2026)
/// ```
public final class Register: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// The schema version this program writes.
    public static var schemaVersion: Int { RegisterSchema.version }

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens the register at `path`; creates it when `create` is true and there is none.
    ///
    /// Clerks starting at the same moment on a new register race to create its tables; SQLite
    /// then answers "busy" without waiting (a read turning into a write), so opening is tried
    /// again for a while before the register is said to be unusable.
    public static func open(path: String, create: Bool) throws -> Register {
        if !create && !FileManager.default.fileExists(atPath: path) { throw RegisterError.notFound(path: path) }
        var attempt = 0
        while true {
            do {
                return try openOnce(path: path)
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 200 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05)
            } catch let problem as RegisterError {
                throw problem
            } catch {
                throw RegisterError.unusable(path: path, reason: Self.reason(error))
            }
        }
    }

    private static func openOnce(path: String) throws -> Register {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(60)
        // Stored files are large blobs: big pages make their overflow chains 16 times shorter
        // (only a new, empty register takes the page size), and memory-mapped reads spare a
        // copy per page when `score` reads them back.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 65536")
            try db.execute(sql: "PRAGMA mmap_size = 2147483648")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        // Checked before any migration runs: a newer register is never touched.
        let found = try queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try RegisterSchema.migrator.hasBeenSuperseded(db))
        }
        if found.0 > RegisterSchema.version || found.1 {
            throw RegisterError.newerSchema(path: path, found: max(found.0, RegisterSchema.version + 1), known: RegisterSchema.version)
        }
        do {
            try RegisterSchema.migrator.migrate(queue)
        } catch {
            // Another clerk created the tables between this one's look and its write ("table
            // already exists"): the register is then as this program wants it.
            guard try queue.read({ db in try RegisterSchema.migrator.hasCompletedMigrations(db) }) else { throw error }
        }
        return Register(path: path, queue: queue)
    }

    /// SQLite's message without GRDB's wrapping (`SQLite error 26: file is not a database`).
    static func reason(_ error: Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? "\(database.resultCode)" }
        return "\(error)"
    }

    /// The register's schema version as stored in the file.
    public func storedSchemaVersion() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }
}
