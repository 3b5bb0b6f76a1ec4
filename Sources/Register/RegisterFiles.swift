import Foundation

/// A file as the register keeps it.
///
/// ```swift
/// for file in try register.files(year: 2026) where file.state == .current { print(file.name) }
/// ```
public struct RegisteredFile: Sendable, Hashable {
    public enum State: String, Sendable { case current, replaced, withdrawn }
    public var id: Int64
    public var year: Int
    public var name: String
    public var sha256: String
    public var size: Int
    /// When, in local time (`2026-12-03 21:40`).
    public var importedAt: String
    public var clerk: String
    public var state: State
    /// When it was replaced or withdrawn, in local time.
    public var stateChangedAt: String?
    public var replacedBy: Int64?
}

/// How many rows the register's tables hold: what a clerk's "nothing changed" means.
public struct RegisterCounts: Sendable, Equatable {
    public var storedBytes: Int
    public var files: Int
    public var logEntries: Int

    public init(storedBytes: Int, files: Int, logEntries: Int) {
        self.storedBytes = storedBytes
        self.files = files
        self.logEntries = logEntries
    }
}

extension Register {
    /// Every file of a year (all years when nil), in import order.
    public func files(year: Int?) throws -> [RegisteredFile] {
        try read { db in
            let rows = try db.rows("""
                SELECT id, year, name, sha256, size, imported_at, clerk, state, state_changed_at, replaced_by
                FROM survey_file WHERE ? IS NULL OR year = ? ORDER BY id
                """, [year, year])
            return rows.map { row in
                RegisteredFile(id: row["id"], year: row["year"], name: row["name"], sha256: row["sha256"], size: row["size"],
                               importedAt: RegisterTime.shown(row["imported_at"]), clerk: row["clerk"],
                               state: RegisteredFile.State(rawValue: row["state"]) ?? .current,
                               stateChangedAt: (row["state_changed_at"] as String?).map(RegisterTime.shown),
                               replacedBy: row["replaced_by"])
            }
        }
    }

    /// The year's current files with their stored bytes, in the order `score` reads a folder
    /// (by name; files of the same name in import order).
    public func currentFiles(year: Int) throws -> [(file: RegisteredFile, bytes: Data)] {
        try currentFileBytes(year: year).map { ($0.file, Data($0.bytes)) }
    }

    /// ``currentFiles(year:)`` with each file's bytes as an array (what the readers take: no
    /// copy of a province's file through `Data`).
    public func currentFileBytes(year: Int) throws -> [(file: RegisteredFile, bytes: [UInt8])] {
        let clock = RegisterClock()
        let current = try files(year: year).filter { $0.state == .current }
        let ordered = current.enumerated().sorted { a, b in
            a.element.name != b.element.name ? a.element.name < b.element.name : a.offset < b.offset
        }.map(\.element)
        clock.mark("file list")
        defer { clock.mark("stored bytes unpacked") }
        let stored = try read { db in
            try ordered.map { file -> (file: RegisteredFile, stored: StoredPayload?) in
                (file, try db.storedBytes(sha256: file.sha256))
            }
        }
        clock.mark("stored bytes read")
        return try stored.map { file, payload in
            guard let payload else { throw RegisterError.damagedFile(path: path, sha256: file.sha256) }
            return (file, try StoredBytes.unpack(payload, register: path, sha256: file.sha256))
        }
    }

    public func counts() throws -> RegisterCounts {
        try read { db in
            RegisterCounts(storedBytes: Int(try db.integer("SELECT count(*) FROM stored_bytes", []) ?? 0),
                           files: Int(try db.integer("SELECT count(*) FROM survey_file", []) ?? 0),
                           logEntries: Int(try db.integer("SELECT count(*) FROM change_log", []) ?? 0))
        }
    }

    /// The change log, oldest first: `(when, who, what)` in the language asked.
    public func log(year: Int?) throws -> [(at: String, clerk: String, line: RegisterLine)] {
        try read { db in
            try db.rows("SELECT at, clerk, detail_vi, detail_en FROM change_log WHERE ? IS NULL OR year = ? ORDER BY id",
                        [year, year]).map { row -> (at: String, clerk: String, line: RegisterLine) in
                let clerk: String = row["clerk"]
                return (RegisterTime.shown(row["at"]), clerk, RegisterLine(row["detail_vi"], row["detail_en"]))
            }
        }
    }
}
