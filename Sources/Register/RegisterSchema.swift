import GRDB

/// The register's tables and their versions. Each version is one migration of GRDB's
/// `DatabaseMigrator`, and the number is also kept in `PRAGMA user_version`, so that a register
/// written by a newer program (a higher number, or a migration this program does not know) is
/// refused rather than misread.
///
/// ```swift
/// try RegisterSchema.migrator.migrate(queue)
/// ```
enum RegisterSchema {
    /// The schema this program writes and reads.
    static let version = 3

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // The bytes of every file imported, once per distinct content.
            try db.execute(sql: """
                CREATE TABLE stored_bytes (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                );
                CREATE TABLE survey_file (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    year INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL REFERENCES stored_bytes(sha256),
                    size INTEGER NOT NULL,
                    imported_at TEXT NOT NULL,
                    clerk TEXT NOT NULL,
                    coverage TEXT NOT NULL,
                    notes_vi TEXT NOT NULL,
                    notes_en TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('current', 'replaced', 'withdrawn')),
                    state_changed_at TEXT,
                    replaced_by INTEGER REFERENCES survey_file(id)
                );
                CREATE INDEX survey_file_year_state ON survey_file(year, state);
                CREATE INDEX survey_file_sha256 ON survey_file(sha256, year);
                CREATE TABLE file_model (
                    file_id INTEGER NOT NULL REFERENCES survey_file(id),
                    model TEXT NOT NULL,
                    communes TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    valid_rows INTEGER NOT NULL,
                    error_rows INTEGER NOT NULL,
                    not_records INTEGER NOT NULL,
                    keys TEXT NOT NULL,
                    PRIMARY KEY (file_id, model)
                );
                CREATE TABLE file_unit (
                    file_id INTEGER NOT NULL REFERENCES survey_file(id),
                    model TEXT NOT NULL,
                    role TEXT NOT NULL,
                    commune TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    declared INTEGER
                );
                CREATE INDEX file_unit_file ON file_unit(file_id);
                CREATE TABLE change_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    clerk TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    file_id INTEGER REFERENCES survey_file(id),
                    detail_vi TEXT NOT NULL,
                    detail_en TEXT NOT NULL
                );
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2") { db in
            // Certified years: the decision, the criteria it was scored with, and every
            // entity's result as typed rows. A reopened certification stays, marked reopened.
            try db.execute(sql: """
                CREATE TABLE certification (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    year INTEGER NOT NULL,
                    commune TEXT,
                    decision TEXT NOT NULL,
                    certified_at TEXT NOT NULL,
                    clerk TEXT NOT NULL,
                    criteria TEXT NOT NULL,
                    accepted_errors INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('active', 'reopened')),
                    reopened_at TEXT,
                    reopened_by TEXT,
                    reopen_reason TEXT
                );
                CREATE INDEX certification_year ON certification(year, state);
                CREATE TABLE certified_result (
                    certification_id INTEGER NOT NULL REFERENCES certification(id),
                    model TEXT NOT NULL,
                    commune TEXT NOT NULL,
                    key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    hamlet TEXT,
                    clan TEXT,
                    total INTEGER,
                    groups TEXT NOT NULL,
                    level TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    reasons_vi TEXT NOT NULL,
                    reasons_en TEXT NOT NULL
                );
                -- One index only (by key, for history): a province's year is a million rows, and
                -- comparisons and exports read a certification's rows whole anyway.
                CREATE INDEX certified_result_key ON certified_result(key);
                PRAGMA user_version = 2;
                """)
        }
        migrator.registerMigration("v3") { db in
            // Stored files compressed (``StoredBytes``): `lz4`, or `none` for the files a
            // version-2 register already holds, which are read as they are. A file's units as
            // lines of its model's row (``FileContents/Unit/lines(_:)``): a province file's
            // 55,000 rows of `file_unit` cost more to insert than reading the file; the units of
            // files imported before stay in `file_unit`.
            try db.execute(sql: """
                ALTER TABLE stored_bytes ADD COLUMN compression TEXT NOT NULL DEFAULT 'none';
                ALTER TABLE file_model ADD COLUMN units TEXT NOT NULL DEFAULT '';
                PRAGMA user_version = 3;
                """)
        }
        return migrator
    }
}
