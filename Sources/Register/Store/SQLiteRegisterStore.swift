import Foundation
import GRDB

/// The register in one SQLite file, through GRDB (the default: nothing to install or start).
///
/// Opened in WAL mode with foreign keys on and a busy timeout, so that clerks importing at the
/// same time wait for each other instead of failing; migrated forward by ``RegisterSchema``'s
/// migrator, and refused (``RegisterError/newerSchema(path:found:known:)``) when a newer
/// program wrote it. Writes are immediate transactions: one writer at a time.
///
/// ```swift
/// let store = try SQLiteRegisterStore.open(path: "khuyenhoc.sqlite", create: true)
/// ```
final class SQLiteRegisterStore: RegisterStore {
    let path: String
    let queue: DatabaseQueue
    var location: String { path }
    var dialect: RegisterDialect { .sqlite }

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens the register at `path`; creates it when `create` is true and there is none.
    ///
    /// Clerks starting at the same moment on a new register race to create its tables; SQLite
    /// then answers "busy" without waiting (a read turning into a write), so opening is tried
    /// again for a while before the register is said to be unusable.
    static func open(path: String, create: Bool) throws -> SQLiteRegisterStore {
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
                throw RegisterError.unusable(path: path, reason: reason(error))
            }
        }
    }

    private static func openOnce(path: String) throws -> SQLiteRegisterStore {
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
        return SQLiteRegisterStore(path: path, queue: queue)
    }

    /// SQLite's message without GRDB's wrapping (`SQLite error 26: file is not a database`).
    static func reason(_ error: Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? "\(database.resultCode)" }
        return "\(error)"
    }

    func read<T>(_ body: (any RegisterSQL) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(SQLiteSQL(db)) }
        } catch let problem as RegisterError {
            throw problem
        } catch {
            throw RegisterError.unusable(path: path, reason: Self.reason(error))
        }
    }

    func write<T>(_ body: (any RegisterSQL) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(SQLiteSQL(db))
                    return .commit
                }
                return value!
            }
        } catch let problem as RegisterError {
            throw problem
        } catch {
            throw RegisterError.unusable(path: path, reason: Self.reason(error))
        }
    }

    func storedSchemaVersion() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }
}

/// A GRDB connection seen as ``RegisterSQL``.
final class SQLiteSQL: RegisterSQL {
    let db: Database
    var dialect: RegisterDialect { .sqlite }

    init(_ db: Database) { self.db = db }

    static func databaseValue(_ value: RegisterValue) -> DatabaseValue {
        switch value {
        case let .int(value): value.map { $0.databaseValue } ?? .null
        case let .text(value): value.map { $0.databaseValue } ?? .null
        case let .blob(value): value.map { $0.databaseValue } ?? .null
        }
    }

    static func arguments(_ values: [any RegisterBindable]) -> StatementArguments {
        StatementArguments(values.map { databaseValue($0.registerValue) })
    }

    func execute(_ sql: String, _ arguments: [any RegisterBindable]) throws {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
    }

    func rows(_ sql: String, _ arguments: [any RegisterBindable]) throws -> [RegisterRow] {
        let statement = try db.cachedStatement(sql: sql)
        let names = statement.columnNames
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
            RegisterRow(names: names, values: (0..<names.count).map { index -> RegisterValue in
                switch (row[index] as DatabaseValue).storage {
                case .null: .text(nil)
                case let .int64(number): .int(number)
                case let .double(number): .int(Int64(number))
                case let .string(text): .text(text)
                case let .blob(data): .blob(data)
                }
            })
        }
    }

    func storeBytes(sha256: String, size: Int, compression: String, payload: Data) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO stored_bytes (sha256, size, compression, bytes) VALUES (?, ?, ?, ?)",
                       arguments: [sha256, size, compression, payload])
    }

    func storedBytes(sha256: String) throws -> StoredPayload? {
        guard let row = try Row.fetchOne(db, sql: "SELECT size, compression, bytes FROM stored_bytes WHERE sha256 = ?",
                                         arguments: [sha256]) else { return nil }
        return StoredPayload(size: row["size"], compression: row["compression"], payload: row["bytes"])
    }

    /// Rows go in batches of up to 256 per statement (a province file's 55,000 units: one
    /// statement per row cost 0.6 s in argument handling alone).
    func insertMany(table: String, columns: [String], rows: [[RegisterValue]]) throws {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let batch = max(1, min(256, 30_000 / max(1, columns.count)))
        var start = 0
        while start < rows.count {
            let end = min(start + batch, rows.count)
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: end - start).joined(separator: ", ")
            let statement = try db.cachedStatement(sql: sql)
            var values: [DatabaseValue] = []
            values.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] {
                for value in row { values.append(Self.databaseValue(value)) }
            }
            try statement.execute(arguments: StatementArguments(values))
            start = end
        }
    }
}
