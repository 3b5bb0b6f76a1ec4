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
    public static func open(path: String, create: Bool) throws -> Register {
        if !create && !FileManager.default.fileExists(atPath: path) { throw RegisterError.notFound(path: path) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(60)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw RegisterError.unusable(path: path, reason: Self.reason(error))
        }
        do {
            // Checked before any migration runs: a newer register is never touched.
            let found = try queue.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                 try RegisterSchema.migrator.hasBeenSuperseded(db))
            }
            if found.0 > RegisterSchema.version || found.1 {
                throw RegisterError.newerSchema(path: path, found: max(found.0, RegisterSchema.version + 1), known: RegisterSchema.version)
            }
            try RegisterSchema.migrator.migrate(queue)
        } catch let problem as RegisterError {
            throw problem
        } catch {
            throw RegisterError.unusable(path: path, reason: Self.reason(error))
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
