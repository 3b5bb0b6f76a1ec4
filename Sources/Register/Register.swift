import Foundation

/// The register (sổ tiếp nhận): every survey file imported, what each held, which are current,
/// the certified results and a log of every change; in an SQLite file, or in a PostgreSQL
/// database a whole province shares (`postgres://user@host:port/db`).
///
/// The commands use this type only: which backend holds the register is the
/// ``RegisterStore``'s business (``SQLiteRegisterStore`` or ``PostgresRegisterStore``), and the
/// rules are written once over ``RegisterSQL``. Either store is migrated forward to this
/// program's schema, and refused (``RegisterError/newerSchema(path:found:known:)``) when a newer
/// program wrote it.
///
/// ```swift
/// let register = try Register.open(path: "khuyenhoc.sqlite", create: true)
/// let province = try Register.open(path: "postgres://tinh@db.local:5432/khuyenhoc", create: false)
/// let files = try register.currentFiles(year: 2026)
/// ```
public final class Register: Sendable {
    /// The register as shown to a clerk: a file path, or a PostgreSQL URL without its password.
    public let path: String
    let store: any RegisterStore

    /// The schema version this program writes.
    public static var schemaVersion: Int { RegisterSchema.version }

    private init(store: any RegisterStore) {
        self.path = store.location
        self.store = store
    }

    /// Opens the register at `path` (a file, or `postgres://…`); creates it (its tables) when
    /// `create` is true and there is none.
    public static func open(path: String, create: Bool) throws -> Register {
        Register(store: try RegisterStores.open(location: path, create: create))
    }

    /// A `--register` value as printed: a PostgreSQL URL loses its password.
    public static func shown(_ location: String) -> String {
        guard RegisterStores.isPostgres(location) else { return location }
        return PostgresRegisterStore.Address(location)?.shown ?? location
    }

    /// Whether a `--register` value names a PostgreSQL database.
    public static func isPostgres(_ location: String) -> Bool { RegisterStores.isPostgres(location) }

    /// The register's schema version as stored.
    public func storedSchemaVersion() throws -> Int { try store.storedSchemaVersion() }

    /// A consistent read.
    func read<T>(_ body: (any RegisterSQL) throws -> T) throws -> T { try store.read(body) }

    /// One transaction: committed when `body` returns, rolled back when it throws.
    func write<T>(_ body: (any RegisterSQL) throws -> T) throws -> T { try store.write(body) }
}
