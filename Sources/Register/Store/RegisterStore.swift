import Foundation

/// Where a register lives: the storage under ``Register``, in one of two implementations, an
/// SQLite file (``SQLiteRegisterStore``, GRDB) or a PostgreSQL database
/// (``PostgresRegisterStore``, postgres-nio). The register's rules (replacement, certification,
/// status, history) are written once, over ``RegisterSQL``; a store only opens, migrates, runs
/// transactions and moves bytes, so both backends give the same results and the same words.
///
/// ```swift
/// let store = try RegisterStores.open(location: "postgres://lan@127.0.0.1:5432/tinh", create: true)
/// let version = try store.storedSchemaVersion()
/// ```
protocol RegisterStore: Sendable {
    /// The register as shown to a clerk: the file's path, or the PostgreSQL URL without its password.
    var location: String { get }
    /// Which SQL the store speaks, for the few statements that differ.
    var dialect: RegisterDialect { get }
    /// A consistent read (one snapshot).
    func read<T>(_ body: (any RegisterSQL) throws -> T) throws -> T
    /// One transaction: committed when `body` returns, rolled back when it throws.
    func write<T>(_ body: (any RegisterSQL) throws -> T) throws -> T
    /// The schema version the register holds.
    func storedSchemaVersion() throws -> Int
}

/// The SQL a register's statements are written in: SQLite's (`?` placeholders), rewritten for
/// PostgreSQL (`$1`, `$2`, …) by ``PostgresRegisterStore``.
enum RegisterDialect: Sendable { case sqlite, postgres }

/// Picks the store from the location: `postgres://` or `postgresql://` is a PostgreSQL
/// database, anything else an SQLite file.
enum RegisterStores {
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    static func open(location: String, create: Bool) throws -> any RegisterStore {
        if isPostgres(location) { return try PostgresRegisterStore.open(url: location, create: create) }
        return try SQLiteRegisterStore.open(path: location, create: create)
    }
}

/// One connection inside a read or a transaction: statements, rows, stored bytes, bulk rows.
protocol RegisterSQL: AnyObject {
    var dialect: RegisterDialect { get }
    func execute(_ sql: String, _ arguments: [any RegisterBindable]) throws
    func rows(_ sql: String, _ arguments: [any RegisterBindable]) throws -> [RegisterRow]
    /// Stores a file's bytes once per SHA-256 (nothing happens when they are already there), as
    /// ``StoredBytes/pack(_:)`` made them: `size` is the file's own size.
    func storeBytes(sha256: String, size: Int, compression: String, payload: Data) throws
    /// A stored file's bytes as stored (``StoredBytes/unpack(_:name:)`` gives the file back).
    func storedBytes(sha256: String) throws -> StoredPayload?
    /// Many rows into one table (SQLite: one prepared statement; PostgreSQL: one statement per
    /// batch over typed arrays).
    func insertMany(table: String, columns: [String], rows: [[RegisterValue]]) throws
}

/// A file's bytes as the register keeps them: `payload`, compressed as `compression` says
/// (`none` for registers written before schema version 3), standing for `size` bytes.
struct StoredPayload: Sendable {
    var size: Int
    var compression: String
    var payload: Data
}

extension RegisterSQL {
    func execute(_ sql: String) throws { try execute(sql, []) }
    func row(_ sql: String, _ arguments: [any RegisterBindable]) throws -> RegisterRow? { try rows(sql, arguments).first }
    /// The first column of the first row as an integer (`count(*)`, `RETURNING id`).
    func integer(_ sql: String, _ arguments: [any RegisterBindable]) throws -> Int64? {
        guard let row = try rows(sql, arguments).first, let first = row.values.first else { return nil }
        if case let .int(value) = first { return value }
        return nil
    }
}

/// A value bound to a statement or read from a row. A null keeps its type (PostgreSQL needs
/// one for every parameter).
enum RegisterValue: Sendable, Hashable {
    case int(Int64?)
    case text(String?)
    case blob(Data?)

    var isNull: Bool {
        switch self {
        case let .int(value): value == nil
        case let .text(value): value == nil
        case let .blob(value): value == nil
        }
    }
}

/// A Swift value a register statement binds or a row gives back.
protocol RegisterBindable {
    var registerValue: RegisterValue { get }
    static var registerNull: RegisterValue { get }
    /// The value read back (a null, or another type, gives the type's empty value).
    static func decode(_ value: RegisterValue) -> Self
}

extension Int: RegisterBindable {
    var registerValue: RegisterValue { .int(Int64(self)) }
    static var registerNull: RegisterValue { .int(nil) }
    static func decode(_ value: RegisterValue) -> Int { Int(Int64.decode(value)) }
}

extension Int64: RegisterBindable {
    var registerValue: RegisterValue { .int(self) }
    static var registerNull: RegisterValue { .int(nil) }
    static func decode(_ value: RegisterValue) -> Int64 {
        switch value {
        case let .int(value): value ?? 0
        case let .text(text): text.flatMap { Int64($0) } ?? 0
        case .blob: 0
        }
    }
}

extension String: RegisterBindable {
    var registerValue: RegisterValue { .text(self) }
    static var registerNull: RegisterValue { .text(nil) }
    static func decode(_ value: RegisterValue) -> String {
        switch value {
        case let .text(text): text ?? ""
        case let .int(value): value.map(String.init) ?? ""
        case let .blob(data): data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}

extension Data: RegisterBindable {
    var registerValue: RegisterValue { .blob(self) }
    static var registerNull: RegisterValue { .blob(nil) }
    static func decode(_ value: RegisterValue) -> Data {
        switch value {
        case let .blob(data): data ?? Data()
        case let .text(text): Data((text ?? "").utf8)
        case .int: Data()
        }
    }
}

extension Optional: RegisterBindable where Wrapped: RegisterBindable {
    var registerValue: RegisterValue { self?.registerValue ?? Wrapped.registerNull }
    static var registerNull: RegisterValue { Wrapped.registerNull }
    static func decode(_ value: RegisterValue) -> Wrapped? { value.isNull ? nil : Wrapped.decode(value) }
}

/// One row read from the register: its columns by name, in order.
///
/// ```swift
/// let name: String = row["name"]
/// let replacedBy: Int64? = row["replaced_by"]
/// ```
struct RegisterRow {
    var names: [String]
    var values: [RegisterValue]

    subscript<T: RegisterBindable>(_ column: String) -> T {
        guard let index = names.firstIndex(of: column) else { return T.decode(T.registerNull) }
        return T.decode(values[index])
    }
}
