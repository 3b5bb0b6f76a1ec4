import Criteria

extension Register {
    /// Every certified result in force of the years before `year`, of the models named: what
    /// ``CertifiedHistory`` is built from, for criteria that read `history.years_certified` and
    /// `history.last_level`. Reads the certified-results tables only (one query), on either backend.
    ///
    /// ```swift
    /// let records = try register.certifiedLevels(before: 2027, models: ["gia-dinh-hoc-tap"])
    /// let history = CertifiedHistory(year: 2027, models: criteria.models, records: records)
    /// ```
    public func certifiedLevels(before year: Int, models: [String]) throws -> [CertifiedHistory.Record] {
        guard !models.isEmpty else { return [] }
        let marks = models.map { _ in "?" }.joined(separator: ", ")
        let arguments: [any RegisterBindable] = [year] + models
        return try read { db in
            try db.rows("""
                SELECT c.year AS year, r.model AS model, r.commune AS commune, r.key AS key, r.level AS level
                FROM certified_result r JOIN certification c ON c.id = r.certification_id
                WHERE c.state = 'active' AND c.year < ? AND r.model IN (\(marks))
                ORDER BY c.year, c.id, r.rowid
                """, arguments).map { row in
                CertifiedHistory.Record(year: row["year"], model: row["model"], commune: row["commune"], key: row["key"],
                                        level: row["level"])
            }
        }
    }
}
