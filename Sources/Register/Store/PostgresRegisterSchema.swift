/// The register's tables on PostgreSQL: the same versions as SQLite's (``RegisterSchema``),
/// one list of statements per version, run in order inside one transaction; the version
/// reached is kept in `register_schema`.
///
/// Beside SQLite's tables: file bytes are `bytea` chunks (`stored_chunk`); integers are
/// `bigint`; `survey_file.communes` lists a file's communes for row-level security; a partial
/// unique index keeps one current file per year and coverage; `certified_result` has a
/// `rowid` (SQLite's implicit one) to keep its order; and row-level security on commune
/// (`register_access` maps a role to its communes, `*` for all) is switched on for every
/// table. The table's owner (who created the register) is not subject to it.
///
/// ```swift
/// for statement in PostgresRegisterSchema.steps[0] { try sql.execute(statement) }
/// ```
enum PostgresRegisterSchema {
    static let steps: [[String]] = [version1, version2, version3]

    /// Version 3: stored files may be compressed (`lz4`); older rows say `none`. A file's units
    /// as lines of its `file_model` row.
    static let version3 = [
        "ALTER TABLE stored_bytes ADD COLUMN compression text NOT NULL DEFAULT 'none'",
        "ALTER TABLE file_model ADD COLUMN units text NOT NULL DEFAULT ''",
    ]

    static let version1 = [
        "CREATE TABLE stored_bytes (sha256 text PRIMARY KEY, size bigint NOT NULL)",
        """
        CREATE TABLE stored_chunk (sha256 text NOT NULL REFERENCES stored_bytes(sha256), n integer NOT NULL,
            bytes bytea NOT NULL, PRIMARY KEY (sha256, n))
        """,
        """
        CREATE TABLE survey_file (
            id bigserial PRIMARY KEY,
            year integer NOT NULL,
            name text NOT NULL,
            sha256 text NOT NULL REFERENCES stored_bytes(sha256),
            size bigint NOT NULL,
            imported_at text NOT NULL,
            clerk text NOT NULL,
            coverage text NOT NULL,
            notes_vi text NOT NULL,
            notes_en text NOT NULL,
            state text NOT NULL CHECK (state IN ('current', 'replaced', 'withdrawn')),
            state_changed_at text,
            replaced_by bigint REFERENCES survey_file(id),
            communes text NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX survey_file_year_state ON survey_file(year, state)",
        "CREATE INDEX survey_file_sha256 ON survey_file(sha256, year)",
        // Two clerks importing corrections of the same units at once: one current file, never two.
        "CREATE UNIQUE INDEX survey_file_one_current ON survey_file(year, md5(coverage)) WHERE state = 'current'",
        """
        CREATE TABLE file_model (
            file_id bigint NOT NULL REFERENCES survey_file(id),
            model text NOT NULL,
            communes text NOT NULL,
            rows_read bigint NOT NULL,
            valid_rows bigint NOT NULL,
            error_rows bigint NOT NULL,
            not_records bigint NOT NULL,
            keys text NOT NULL,
            PRIMARY KEY (file_id, model)
        )
        """,
        """
        CREATE TABLE file_unit (
            file_id bigint NOT NULL REFERENCES survey_file(id),
            model text NOT NULL,
            role text NOT NULL,
            commune text NOT NULL,
            code text NOT NULL,
            name text NOT NULL,
            rows bigint NOT NULL,
            declared bigint
        )
        """,
        "CREATE INDEX file_unit_file ON file_unit(file_id)",
        """
        CREATE TABLE change_log (
            id bigserial PRIMARY KEY,
            at text NOT NULL,
            clerk text NOT NULL,
            year integer NOT NULL,
            action text NOT NULL,
            file_id bigint REFERENCES survey_file(id),
            detail_vi text NOT NULL,
            detail_en text NOT NULL
        )
        """,
        "CREATE INDEX change_log_year ON change_log(year, id)",
    ]

    static let version2 = [
        """
        CREATE TABLE certification (
            id bigserial PRIMARY KEY,
            year integer NOT NULL,
            commune text,
            decision text NOT NULL,
            certified_at text NOT NULL,
            clerk text NOT NULL,
            criteria text NOT NULL,
            accepted_errors integer NOT NULL,
            state text NOT NULL CHECK (state IN ('active', 'reopened')),
            reopened_at text,
            reopened_by text,
            reopen_reason text
        )
        """,
        "CREATE INDEX certification_year ON certification(year, state)",
        """
        CREATE TABLE certified_result (
            rowid bigserial PRIMARY KEY,
            certification_id bigint NOT NULL REFERENCES certification(id),
            model text NOT NULL,
            commune text NOT NULL,
            key text NOT NULL,
            name text NOT NULL,
            hamlet text,
            clan text,
            total integer,
            groups text NOT NULL,
            level text NOT NULL,
            rank integer NOT NULL,
            reasons_vi text NOT NULL,
            reasons_en text NOT NULL
        )
        """,
        "CREATE INDEX certified_result_key ON certified_result(key)",
        "CREATE INDEX certified_result_certification ON certified_result(certification_id, rowid)",
        // Row-level security on commune. A role sees (and writes) the rows of the communes
        // `register_access` gives it; `*` gives every commune (a province role, read-only by its GRANTs).
        "CREATE TABLE register_access (role_name name NOT NULL, commune text NOT NULL, PRIMARY KEY (role_name, commune))",
        """
        CREATE FUNCTION register_sees(communes text) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM register_access WHERE role_name = current_user AND commune = '*')
                OR (communes <> '' AND string_to_array(communes, E'\\n')
                    <@ ARRAY(SELECT commune FROM register_access WHERE role_name = current_user))
        $$
        """,
        "ALTER TABLE survey_file ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON survey_file USING (register_sees(communes)) WITH CHECK (register_sees(communes))",
        "ALTER TABLE file_model ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON file_model USING (EXISTS (SELECT 1 FROM survey_file f WHERE f.id = file_id))",
        "ALTER TABLE file_unit ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON file_unit USING (EXISTS (SELECT 1 FROM survey_file f WHERE f.id = file_id))",
        "ALTER TABLE stored_bytes ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON stored_bytes FOR SELECT USING (EXISTS (SELECT 1 FROM survey_file f WHERE f.sha256 = stored_bytes.sha256))",
        "CREATE POLICY add ON stored_bytes FOR INSERT WITH CHECK (true)",
        "ALTER TABLE stored_chunk ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON stored_chunk FOR SELECT USING (EXISTS (SELECT 1 FROM survey_file f WHERE f.sha256 = stored_chunk.sha256))",
        "CREATE POLICY add ON stored_chunk FOR INSERT WITH CHECK (true)",
        "ALTER TABLE change_log ENABLE ROW LEVEL SECURITY",
        """
        CREATE POLICY by_commune ON change_log USING (file_id IS NULL OR EXISTS (SELECT 1 FROM survey_file f WHERE f.id = file_id))
        """,
        "ALTER TABLE certification ENABLE ROW LEVEL SECURITY",
        """
        CREATE POLICY by_commune ON certification USING (commune IS NULL OR register_sees(commune))
            WITH CHECK (register_sees(coalesce(commune, '')))
        """,
        "ALTER TABLE certified_result ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY by_commune ON certified_result USING (register_sees(commune))",
    ]
}
