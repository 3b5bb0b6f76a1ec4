import Foundation

/// One entity's result as a certification freezes it: a typed row of the register.
///
/// `groups` is `TC1=20;TC2=35` (group id and points, in the criteria's order); `total` is nil
/// and `rank` 0 for a row that could not be read (level `loi`); `reasons` are joined with `; `.
///
/// ```swift
/// let row = CertifiedEntity(model: "gia-dinh-hoc-tap", commune: "Long Hữu", key: "HO0001", name: "Đỗ Văn Bảy",
///                           hamlet: "LK", clan: "DH01", total: 92, groups: "TC1=30;TC2=32;TC3=30",
///                           level: "dat", rank: 12, reasonsVietnamese: "", reasonsEnglish: "")
/// ```
public struct CertifiedEntity: Sendable, Hashable {
    public var model: String
    public var commune: String
    public var key: String
    public var name: String
    public var hamlet: String?
    public var clan: String?
    public var total: Int?
    public var groups: String
    public var level: String
    public var rank: Int
    public var reasonsVietnamese: String
    public var reasonsEnglish: String

    public init(model: String, commune: String, key: String, name: String, hamlet: String?, clan: String?, total: Int?,
                groups: String, level: String, rank: Int, reasonsVietnamese: String, reasonsEnglish: String) {
        self.model = model
        self.commune = commune
        self.key = key
        self.name = name
        self.hamlet = hamlet
        self.clan = clan
        self.total = total
        self.groups = groups
        self.level = level
        self.rank = rank
        self.reasonsVietnamese = reasonsVietnamese
        self.reasonsEnglish = reasonsEnglish
    }

    /// `tieu-bieu` or `dat`: recognised.
    public var isRecognised: Bool { level == "tieu-bieu" || level == "dat" }
}

/// A criteria file as a certification records it: which file, its version, its SHA-256.
public struct CertifiedCriteria: Sendable, Hashable {
    public var file: String
    public var model: String
    public var version: String
    public var sha256: String

    public init(file: String, model: String, version: String, sha256: String) {
        self.file = file
        self.model = model
        self.version = version
        self.sha256 = sha256
    }

    var stored: String { [model, version, sha256, file].joined(separator: "|") }
}

/// `khuyenhoc certify`: the year, the decision, the commune (nil: every commune of the year),
/// who, and whether rows with errors are accepted.
///
/// ```swift
/// let request = CertifyRequest(year: 2026, decision: "Số 45/QĐ-UBND ngày 10/12/2026", clerk: "lan")
/// ```
public struct CertifyRequest: Sendable {
    public var year: Int
    public var decision: String
    public var commune: String?
    public var clerk: String
    public var acceptErrors: Bool
    public var now: Date

    public init(year: Int, decision: String, commune: String? = nil, clerk: String, acceptErrors: Bool = false, now: Date = Date()) {
        self.year = year
        self.decision = decision
        self.commune = commune
        self.clerk = clerk
        self.acceptErrors = acceptErrors
        self.now = now
    }
}

/// A certification in force (or reopened): what `status`, `history` and `--compare-year` read.
public struct Certification: Sendable, Hashable {
    public var id: Int64
    public var year: Int
    /// nil: every commune of the year.
    public var commune: String?
    public var decision: String
    /// In local time.
    public var certifiedAt: String
    public var clerk: String
    public var isActive: Bool
}

extension Register {
    /// The current files of a year (a commune's when given) that hold rows with errors: name and count.
    public func filesWithErrors(year: Int, commune: String?) throws -> [(name: String, errors: Int)] {
        try read { db in
            try Self.filesWithErrors(year: year, commune: commune, db: db)
        }
    }

    static func filesWithErrors(year: Int, commune: String?, db: any RegisterSQL) throws -> [(name: String, errors: Int)] {
        let rows = try db.rows("""
            SELECT f.name AS name, m.communes AS communes, m.error_rows AS errors FROM survey_file f
            JOIN file_model m ON m.file_id = f.id
            WHERE f.year = ? AND f.state = 'current' AND m.error_rows > 0 ORDER BY f.name, f.id
            """, [year])
        var found: [(name: String, errors: Int)] = []
        for row in rows {
            let communes = (row["communes"] as String).split(separator: "\n").map(String.init)
            if let commune, !communes.contains(commune) { continue }
            let name: String = row["name"]
            let errors: Int = row["errors"]
            if let last = found.last, last.name == name { found[found.count - 1].errors += errors } else { found.append((name, errors)) }
        }
        return found
    }

    /// The certifications in force for a year (every year when nil), oldest first.
    public func activeCertifications(year: Int?) throws -> [Certification] {
        try read { db in try Self.certifications(year: year, activeOnly: true, db: db) }
    }

    static func certifications(year: Int?, activeOnly: Bool, db: any RegisterSQL) throws -> [Certification] {
        try db.rows("""
            SELECT id, year, commune, decision, certified_at, clerk, state FROM certification
            WHERE (? IS NULL OR year = ?) AND (? = 0 OR state = 'active') ORDER BY id
            """, [year, year, activeOnly ? 1 : 0]).map { row in
            Certification(id: row["id"], year: row["year"], commune: row["commune"], decision: row["decision"],
                          certifiedAt: RegisterTime.shown(row["certified_at"]), clerk: row["clerk"],
                          isActive: (row["state"] as String) == "active")
        }
    }

    /// The certification in force that covers a commune of a year (one for the whole year covers them all).
    static func certification(covering communes: [String], year: Int, db: any RegisterSQL) throws -> Certification? {
        try certifications(year: year, activeOnly: true, db: db).first { certification in
            guard let commune = certification.commune else { return true }
            return communes.isEmpty || communes.contains(commune)
        }
    }

    /// Freezes a year's results (every commune, or one) in one transaction: the results given
    /// (already scored from the year's current files), the decision, the criteria. Refused when
    /// a current file has rows with errors (unless accepted), or when the year (commune) is
    /// already certified.
    public func certify(_ request: CertifyRequest, results: [CertifiedEntity], criteria: [CertifiedCriteria]) throws -> ImportReport {
        let stamp = RegisterTime.stamp(request.now)
        return try write { db in
            var report = ImportReport()
            let communes = request.commune.map { [$0] } ?? []
            // A whole-year certification covers every commune; a commune's blocks certifying the whole year.
            if let existing = try Self.certification(covering: communes, year: request.year, db: db) {
                throw RegisterError.alreadyCertified(year: request.year, commune: existing.commune, decision: existing.decision,
                                                     at: existing.certifiedAt)
            }
            let current = try db.integer("SELECT count(*) FROM survey_file WHERE year = ? AND state = 'current'", [request.year]) ?? 0
            let kept = results.filter { request.commune == nil || $0.commune == request.commune }
            guard current > 0, !kept.isEmpty else { throw RegisterError.nothingToCertify(year: request.year, commune: request.commune) }
            let errors = try Self.filesWithErrors(year: request.year, commune: request.commune, db: db)
            if !errors.isEmpty && !request.acceptErrors {
                throw RegisterError.errorRows(year: request.year, files: errors.map { "\($0.name) (\($0.errors))" })
            }
            let id = try db.integer("""
                INSERT INTO certification (year, commune, decision, certified_at, clerk, criteria, accepted_errors, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'active') RETURNING id
                """, [request.year, request.commune, request.decision, stamp, request.clerk,
                      criteria.map(\.stored).joined(separator: "\n"), errors.isEmpty ? 0 : 1]) ?? 0
            var perModel: [String: (all: Int, recognised: Int)] = [:]
            var order: [String] = []
            var rows: [[RegisterValue]] = []
            rows.reserveCapacity(kept.count)
            for row in kept {
                rows.append([.int(id), .text(row.model), .text(row.commune), .text(row.key), .text(row.name), .text(row.hamlet),
                             .text(row.clan), .int(row.total.map(Int64.init)), .text(row.groups), .text(row.level),
                             .int(Int64(row.rank)), .text(row.reasonsVietnamese), .text(row.reasonsEnglish)])
                if perModel[row.model] == nil { order.append(row.model) }
                perModel[row.model, default: (0, 0)].all += 1
                if row.isRecognised { perModel[row.model, default: (0, 0)].recognised += 1 }
            }
            // A province's year is a million rows: written in bulk.
            try db.insertMany(table: "certified_result", columns: ["certification_id", "model", "commune", "key", "name", "hamlet", "clan",
                                                                   "total", "groups", "level", "rank", "reasons_vi", "reasons_en"], rows: rows)
            let scope = request.commune.map { ", xã \($0)" } ?? ""
            let scopeEnglish = request.commune.map { ", commune \($0)" } ?? ""
            let counts = order.map { "\($0): \(perModel[$0]!.all) (\(perModel[$0]!.recognised) đạt)" }.joined(separator: "; ")
            let countsEnglish = order.map { "\($0): \(perModel[$0]!.all) (\(perModel[$0]!.recognised) recognised)" }.joined(separator: "; ")
            let line = RegisterLine("Đã công nhận năm \(request.year)\(scope) theo \(request.decision): \(counts)",
                                    "Certified \(request.year)\(scopeEnglish) by \(request.decision): \(countsEnglish)")
            try Self.log(line, action: "certify", year: request.year, clerk: request.clerk, stamp: stamp, db: db)
            report.lines.append(line)
            report.changes += 1
            if !errors.isEmpty {
                let files = errors.map { "\($0.name) (\($0.errors))" }.joined(separator: ", ")
                let accepted = RegisterLine("  chấp nhận các dòng lỗi (--accept-errors): \(files); các dòng này được giữ với mức \"loi\"",
                                            "  rows with errors accepted (--accept-errors): \(files); they are kept with level \"loi\"")
                try Self.log(accepted, action: "certify", year: request.year, clerk: request.clerk, stamp: stamp, db: db)
                report.lines.append(accepted)
            }
            return report
        }
    }

    /// Reopens a certified year (one commune's certification, or every one of the year): the
    /// certifications stay, marked reopened with who, when and why; imports are allowed again.
    public func reopen(year: Int, commune: String?, reason: String, clerk: String, now: Date = Date()) throws -> ImportReport {
        let stamp = RegisterTime.stamp(now)
        return try write { db in
            var report = ImportReport()
            let targets = try Self.certifications(year: year, activeOnly: true, db: db)
                .filter { commune == nil || $0.commune == commune || $0.commune == nil }
            guard !targets.isEmpty else { throw RegisterError.notCertified(year: year, commune: commune) }
            for target in targets {
                try db.execute("UPDATE certification SET state = 'reopened', reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?",
                               [stamp, clerk, reason, target.id])
                let scope = target.commune.map { ", xã \($0)" } ?? ""
                let scopeEnglish = target.commune.map { ", commune \($0)" } ?? ""
                let line = RegisterLine("Đã mở lại năm \(year)\(scope) (công nhận theo \(target.decision) lúc \(target.certifiedAt)); lý do: \(reason)",
                                        "Reopened \(year)\(scopeEnglish) (certified by \(target.decision) at \(target.certifiedAt)); reason: \(reason)")
                try Self.log(line, action: "reopen", year: year, clerk: clerk, stamp: stamp, db: db)
                report.lines.append(line)
                report.changes += 1
            }
            return report
        }
    }

    static func log(_ line: RegisterLine, action: String, year: Int, clerk: String, stamp: String, db: any RegisterSQL) throws {
        try db.execute("""
            INSERT INTO change_log (at, clerk, year, action, file_id, detail_vi, detail_en) VALUES (?, ?, ?, ?, NULL, ?, ?)
            """, [stamp, clerk, year, action, line.vietnamese, line.english])
    }

    /// The certified results of a year in force (every commune, or one), in the order stored.
    public func certifiedResults(year: Int, commune: String? = nil) throws -> [CertifiedEntity] {
        try read { db in
            try db.rows("""
                SELECT r.* FROM certified_result r JOIN certification c ON c.id = r.certification_id
                WHERE c.year = ? AND c.state = 'active' AND (? IS NULL OR r.commune = ?)
                ORDER BY c.id, r.rowid
                """, [year, commune, commune]).map(Self.entity)
        }
    }

    static func entity(_ row: RegisterRow) -> CertifiedEntity {
        CertifiedEntity(model: row["model"], commune: row["commune"], key: row["key"], name: row["name"], hamlet: row["hamlet"],
                        clan: row["clan"], total: row["total"], groups: row["groups"], level: row["level"], rank: row["rank"],
                        reasonsVietnamese: row["reasons_vi"], reasonsEnglish: row["reasons_en"])
    }

    /// One entity's certified results, year by year (oldest first): the key, and optionally its
    /// model and commune.
    public func history(key: String, model: String?, commune: String?) throws -> [(year: Int, decision: String, entity: CertifiedEntity)] {
        try read { db in
            try db.rows("""
                SELECT c.year AS year, c.decision AS decision, r.* FROM certified_result r JOIN certification c ON c.id = r.certification_id
                WHERE c.state = 'active' AND r.key = ? AND (? IS NULL OR r.model = ?) AND (? IS NULL OR r.commune = ?)
                ORDER BY r.model, r.commune, c.year, c.id
                """, [key, model, model, commune, commune]).map { row in
                (year: row["year"], decision: row["decision"], entity: Self.entity(row))
            }
        }
    }
}
