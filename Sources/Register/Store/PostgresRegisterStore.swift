import Foundation
import PostgresNIO

/// The register in a PostgreSQL database that a whole province shares
/// (`--register postgres://user[:password]@host[:port]/database`), through postgres-nio.
///
/// - Every command opens one connection as the URL's user (a password in the URL, else
///   `$PGPASSWORD`; `?sslmode=require` asks for TLS). The user decides what the clerk may see:
///   row-level security on commune (README, "One register for a province").
/// - Each import, certification or reopening is one transaction (`READ COMMITTED`), so two
///   communes importing at once both land; a unique index on current files per year and
///   coverage lets only one of two clerks importing corrections of the same hamlet at once win.
/// - Reads run in one `REPEATABLE READ` snapshot.
/// - Stored file bytes are `bytea` chunks of 8 MB (``PostgresRegisterStore/chunkSize``).
/// - Bulk rows (a file's units, a certified year's results) go in one `INSERT … SELECT FROM
///   unnest(…)` statement per 50 000 rows, the arrays bound as binary parameters: postgres-nio
///   offers `COPY FROM STDIN` only through an async writer, and the register is called
///   synchronously (see ``PostgresRegisterStore/wait(_:)``).
/// - The schema carries its version in `register_schema`; it is migrated forward under an
///   advisory lock (clerks starting at once on a new database), and a newer one is refused
///   with the same message as on SQLite.
///
/// postgres-nio is asynchronous; the register's callers are not. Every call here is sent on
/// postgres-nio's event loop threads and this thread waits for its future, which is safe from
/// any thread but an event loop's own (the register is never called from one).
///
/// ```swift
/// let store = try PostgresRegisterStore.open(url: "postgres://lan@127.0.0.1:5432/tinh", create: true)
/// ```
final class PostgresRegisterStore: RegisterStore {
    let location: String
    let connection: PostgresConnection
    let logger: Logger
    /// One transaction at a time on the connection.
    private let lock = NSLock()
    var dialect: RegisterDialect { .postgres }

    /// The size of a stored file's `bytea` chunks.
    static let chunkSize = 8 << 20
    /// Rows per bulk statement.
    static let batchRows = 50_000

    private init(location: String, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.connection = connection
        self.logger = logger
    }

    deinit {
        _ = try? Self.wait(connection.close())
    }

    /// Waits on this (non event loop) thread for postgres-nio's answer.
    static func wait<T>(_ future: EventLoopFuture<T>) throws -> T {
        try future.wait()
    }

    /// The parts of a `postgres://` URL, and the URL as shown (without its password).
    struct Address: Equatable {
        var user: String
        var password: String?
        var host: String
        var port: Int
        var database: String
        var tls: Bool
        var shown: String

        init?(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
            guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql" else { return nil }
            user = parts.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
            password = parts.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
            host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            port = parts.port ?? 5432
            let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
            database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
            let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
            tls = mode == "require" || mode == "verify-full" || mode == "verify-ca"
            var visible = parts
            visible.password = nil
            shown = visible.string ?? url
        }
    }

    static func open(url: String, create: Bool) throws -> PostgresRegisterStore {
        guard let address = Address(url) else {
            throw RegisterError.unusable(path: url, reason: "postgres://user@host:port/database")
        }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: address.tls ? .require(try NIOSSLContext(configuration: .clientDefault)) : .disable)
        configuration.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "khuyenhoc.register")
        logger.logLevel = .critical
        let connection: PostgresConnection
        do {
            connection = try wait(PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(),
                                                             configuration: configuration, id: 1, logger: logger))
        } catch {
            throw RegisterError.serverUnreachable(location: address.shown, reason: reason(error))
        }
        let store = PostgresRegisterStore(location: address.shown, connection: connection, logger: logger)
        try store.migrate(create: create)
        return store
    }

    /// The server's words (or the network's) for an error.
    static func reason(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    // MARK: Schema

    /// The version the database holds (0: none yet).
    func storedSchemaVersion() throws -> Int {
        try lock.withLock {
            let exists = try rows(sql: "SELECT to_regclass('register_schema') IS NOT NULL AS present", [])
            guard case .int(1) = exists.first?.values.first ?? .int(0) else { return 0 }
            return Int(Int64.decode(try rows(sql: "SELECT coalesce(max(version), 0) FROM register_schema", []).first?.values.first ?? .int(0)))
        }
    }

    private func migrate(create: Bool) throws {
        let found = try mapErrors { try storedSchemaVersion() }
        if found > RegisterSchema.version {
            throw RegisterError.newerSchema(path: location, found: found, known: RegisterSchema.version)
        }
        if found == RegisterSchema.version { return }
        if found == 0 && !create { throw RegisterError.notFound(path: location) }
        try write { sql in
            guard let sql = sql as? PostgresSQL else { return }
            // Clerks starting at once on a new database: one creates, the others wait and see it done.
            try sql.execute("SELECT pg_advisory_xact_lock(7201414)")
            try sql.execute("CREATE TABLE IF NOT EXISTS register_schema (version integer NOT NULL)")
            var version = Int(try sql.integer("SELECT coalesce(max(version), 0) FROM register_schema", []) ?? 0)
            if version > RegisterSchema.version {
                throw RegisterError.newerSchema(path: location, found: version, known: RegisterSchema.version)
            }
            while version < RegisterSchema.version {
                version += 1
                for statement in PostgresRegisterSchema.steps[version - 1] { try sql.execute(statement) }
                try sql.execute("INSERT INTO register_schema (version) VALUES (?)", [version])
            }
        }
    }

    // MARK: Transactions

    func read<T>(_ body: (any RegisterSQL) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T>(_ body: (any RegisterSQL) throws -> T) throws -> T {
        try transaction("BEGIN", body)
    }

    private func transaction<T>(_ begin: String, _ body: (any RegisterSQL) throws -> T) throws -> T {
        try lock.withLock {
            try mapErrors {
                _ = try rows(sql: begin, [])
                do {
                    let value = try body(PostgresSQL(store: self))
                    _ = try rows(sql: "COMMIT", [])
                    return value
                } catch {
                    _ = try? rows(sql: "ROLLBACK", [])
                    throw error
                }
            }
        }
    }

    /// The register's own errors as they are; the server's as ``RegisterError/unusable(path:reason:)``.
    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let problem as RegisterError {
            throw problem
        } catch let conflict as RegisterConflict {
            throw conflict
        } catch {
            if let error = error as? PSQLError, error.code == .connectionError || error.code == .serverClosedConnection {
                throw RegisterError.serverUnreachable(location: location, reason: Self.reason(error))
            }
            throw RegisterError.unusable(path: location, reason: Self.reason(error))
        }
    }

    // MARK: Statements

    /// `?` placeholders (outside quotes) as `$1`, `$2`, …; a null value's placeholder carries
    /// its type (`$2::text`), since postgres-nio sends a null without one and the server must
    /// know it for `$2 IS NULL`.
    static func numbered(_ sql: String, _ values: [RegisterValue] = []) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                n += 1
                out += "$\(n)"
                if n <= values.count, values[n - 1].isNull {
                    switch values[n - 1] {
                    case .int: out += "::int8"
                    case .text: out += "::text"
                    case .blob: out += "::bytea"
                    }
                }
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func bindings(_ values: [RegisterValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case let .int(number): bindings.append(number)
            case let .text(text): bindings.append(text)
            case let .blob(data): bindings.append(data.map { ByteBuffer(bytes: $0) })
            }
        }
        return bindings
    }

    /// Runs one statement (with `?` placeholders) and reads its rows.
    func rows(sql: String, _ values: [RegisterValue]) throws -> [RegisterRow] {
        var query: PostgresQuery = "\(unescaped: Self.numbered(sql, values))"
        query.binds = Self.bindings(values)
        let result: PostgresQueryResult
        do {
            result = try Self.wait(connection.query(query, logger: logger))
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw RegisterConflict(constraint: error.serverInfo?[.constraintName] ?? "")
        }
        return try result.rows.map(Self.row)
    }

    static func row(_ row: PostgresRow) throws -> RegisterRow {
        var names: [String] = []
        var values: [RegisterValue] = []
        for cell in row {
            names.append(cell.columnName)
            switch cell.dataType {
            case .int2, .int4, .int8:
                values.append(.int(cell.bytes == nil ? nil : try cell.decode(Int64.self)))
            case .bool:
                values.append(.int(cell.bytes == nil ? nil : (try cell.decode(Bool.self) ? 1 : 0)))
            case .bytea:
                values.append(.blob(try cell.decode(ByteBuffer?.self).map { Data($0.readableBytesView) }))
            default:
                values.append(.text(cell.bytes == nil ? nil : try cell.decode(String.self)))
            }
        }
        return RegisterRow(names: names, values: values)
    }
}

/// The PostgreSQL connection inside a transaction, seen as ``RegisterSQL``.
final class PostgresSQL: RegisterSQL {
    let store: PostgresRegisterStore
    var dialect: RegisterDialect { .postgres }

    init(store: PostgresRegisterStore) { self.store = store }

    func execute(_ sql: String, _ arguments: [any RegisterBindable]) throws {
        _ = try store.rows(sql: sql, arguments.map(\.registerValue))
    }

    func rows(_ sql: String, _ arguments: [any RegisterBindable]) throws -> [RegisterRow] {
        try store.rows(sql: sql, arguments.map(\.registerValue))
    }

    func storeBytes(sha256: String, size: Int, compression: String, payload bytes: Data) throws {
        // Bytes this connection can already see are not sent again; bytes another commune stored
        // (hidden by row-level security) are offered again and ignored by the server.
        if try integer("SELECT count(*) FROM stored_chunk WHERE sha256 = ?", [sha256]) ?? 0 > 0 { return }
        try execute("INSERT INTO stored_bytes (sha256, size, compression) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [sha256, size, compression])
        var start = bytes.startIndex
        var n = 0
        repeat {
            let end = min(start + PostgresRegisterStore.chunkSize, bytes.endIndex)
            try execute("INSERT INTO stored_chunk (sha256, n, bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        [sha256, n, Data(bytes[start..<end])])
            start = end
            n += 1
        } while start < bytes.endIndex
    }

    func storedBytes(sha256: String) throws -> StoredPayload? {
        guard let stored = try row("SELECT size, compression FROM stored_bytes WHERE sha256 = ?", [sha256]) else { return nil }
        let chunks = try rows("SELECT bytes FROM stored_chunk WHERE sha256 = ? ORDER BY n", [sha256])
        guard !chunks.isEmpty else { return nil }
        var data = Data()
        for chunk in chunks { data.append(Data.decode(chunk.values[0])) }
        return StoredPayload(size: stored["size"], compression: stored["compression"], payload: data)
    }

    /// `INSERT INTO t (a, b) SELECT CASE WHEN a_null THEN NULL ELSE a END, b FROM unnest($1::int8[], $2::bool[], $3::text[]) AS u(a, a_null, b)`:
    /// one statement per batch, each column one typed array (and a null flag array where a column has nulls).
    func insertMany(table: String, columns: [String], rows: [[RegisterValue]]) throws {
        guard let first = rows.first else { return }
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + PostgresRegisterStore.batchRows, rows.count)]
            var bindings = PostgresBindings(capacity: columns.count * 2)
            var arrays: [String] = []
            var aliases: [String] = []
            var selected: [String] = []
            for (index, value) in first.enumerated() {
                let nullable = batch.contains { $0[index].isNull }
                let alias = "c\(index)"
                switch value {
                case .int:
                    bindings.append(batch.map { row -> Int64 in Int64.decode(row[index]) })
                    arrays.append("$\(bindings.count)::int8[]")
                case .text:
                    bindings.append(batch.map { row -> String in String.decode(row[index]) })
                    arrays.append("$\(bindings.count)::text[]")
                case .blob:
                    bindings.append(batch.map { row -> ByteBuffer in ByteBuffer(bytes: Data.decode(row[index])) })
                    arrays.append("$\(bindings.count)::bytea[]")
                }
                aliases.append(alias)
                if nullable {
                    bindings.append(batch.map { $0[index].isNull })
                    arrays.append("$\(bindings.count)::bool[]")
                    aliases.append(alias + "_null")
                    selected.append("CASE WHEN \(alias)_null THEN NULL ELSE \(alias) END")
                } else {
                    selected.append(alias)
                }
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(selected.joined(separator: ", ")) FROM unnest(\(arrays.joined(separator: ", "))) AS u(\(aliases.joined(separator: ", ")))"
            var query: PostgresQuery = "\(unescaped: sql)"
            query.binds = bindings
            _ = try PostgresRegisterStore.wait(store.connection.query(query, logger: store.logger))
            start += batch.count
        }
    }
}
