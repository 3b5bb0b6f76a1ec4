import Criteria
import Foundation
import Machinery
import Records
import Survey
import TextSupport

/// One `khuyenhoc import`: the files to record, the year, who imports, and the file a corrected
/// file replaces or the file to withdraw.
///
/// ```swift
/// let request = ImportRequest(paths: ["ho-LK.csv"], year: 2026, clerk: "lan")
/// let report = try register.importFiles(request, criteria: criteria)
/// for line in report.lines { print(line.message(in: .vietnamese)) }
/// ```
public struct ImportRequest: Sendable {
    public var paths: [String]
    public var year: Int
    public var clerk: String
    /// `--replaces NAME`: the current file the (single) file given replaces, whatever its coverage.
    public var replaces: String?
    /// `--withdraw NAME`: the current file retired.
    public var withdraw: String?
    public var now: Date

    public init(paths: [String], year: Int, clerk: String, replaces: String? = nil, withdraw: String? = nil, now: Date = Date()) {
        self.paths = paths
        self.year = year
        self.clerk = clerk
        self.replaces = replaces
        self.withdraw = withdraw
        self.now = now
    }
}

/// What an import did: one line per file (and per file withdrawn or replaced), and how many
/// changes were written (0 when everything was already there).
public struct ImportReport: Sendable {
    public var lines: [RegisterLine] = []
    public var changes = 0
}

/// A file read and described before the transaction opens (reading is the slow part and
/// holds no lock).
struct PreparedFile {
    var path: String
    var name: String
    /// The file's own size, and its bytes as stored (``StoredBytes``).
    var size: Int
    var compression: String
    var payload: Data
    var sha256: String
    var contents: FileContents
}

extension Register {
    /// The survey files of the paths given: files as they are, and the `.csv`, `.txt` and `.xlsx`
    /// files directly in folders, in name order (as `score` lists a folder).
    public static func surveyFiles(in paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { !$0.hasPrefix(".") && !$0.hasPrefix("~$") }
                .filter { SurveyReader.surveyExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
            for name in names {
                let file = (path as NSString).appendingPathComponent(name)
                if !SurveyReader.isEarlierReport(path: file) { files.append(file) }
            }
        }
        return files
    }

    /// Imports the files in one transaction: all of them are recorded, or (a file that cannot
    /// be used, a name that matches no current file) none, and the register is as before.
    public func importFiles(_ request: ImportRequest, criteria: CriteriaSet, threads: Int = 1) throws -> ImportReport {
        let prepared = try Self.surveyFiles(in: request.paths).map { try Self.prepare(path: $0, criteria: criteria, threads: threads) }
        let stamp = RegisterTime.stamp(request.now)
        let clock = RegisterClock()
        defer { clock.mark("transaction") }
        return try write { db in
            var report = ImportReport()
            for file in prepared {
                let communes = Array(Set(file.contents.parts.flatMap(\.communes))).sorted()
                if let certified = try Self.certification(covering: communes, year: request.year, db: db) {
                    throw RegisterError.yearCertified(year: request.year, commune: certified.commune,
                                                      decision: certified.decision, file: file.name)
                }
            }
            if let name = request.withdraw {
                if let certified = try Self.certification(covering: [], year: request.year, db: db) {
                    throw RegisterError.yearCertified(year: request.year, commune: certified.commune,
                                                      decision: certified.decision, file: name)
                }
                try withdraw(name: name, request: request, stamp: stamp, db: db, report: &report)
            }
            for file in prepared {
                try record(file, request: request, stamp: stamp, db: db, report: &report)
            }
            RegisterPause.at("commit")
            clock.mark("written")
            return report
        }
    }

    static func prepare(path: String, criteria: CriteriaSet, threads: Int) throws -> PreparedFile {
        let name = SurveySource(path: path).displayName
        guard let bytes = try? SurveyReader.contents(of: path) else {
            throw RegisterError.unreadableInput(message: FileProblem(path: path, kind: .notFound).bothLanguages)
        }
        if SurveyReader.isEarlierReport(path: path) {
            throw RegisterError.unreadableInput(message: ("\(name): kết quả cũ của khuyenhoc, không phải tệp khảo sát",
                                                          "\(name): an earlier report of khuyenhoc, not a survey file"))
        }
        let clock = RegisterClock()
        // The file is hashed and compressed on a thread of its own while its rows are read (from
        // the same bytes: the file is read from the disk once).
        let packing = BackgroundWork { () -> (sha256: String, compression: String, payload: Data) in
            let sha256 = SHA256.hex(of: bytes)
            let packed = StoredBytes.pack(bytes)
            return (sha256, packed.compression, packed.payload)
        }
        let contents = FileContents.read(path: path, bytes: bytes, criteria: criteria, threads: threads)
        clock.mark("read \(name)")
        let packed = packing.wait()
        clock.mark("sha256 and compression \(name)")
        if let problem = contents.problems.first {
            throw RegisterError.unreadableInput(message: problem.bothLanguages)
        }
        if contents.parts.isEmpty {
            throw RegisterError.unreadableInput(message: ("\(name): không có dòng nào của mô hình nào (không nhận ra cột mã và tên)",
                                                          "\(name): no rows of any model (no key and name columns recognised)"))
        }
        return PreparedFile(path: path, name: name, size: bytes.count, compression: packed.compression, payload: packed.payload,
                            sha256: packed.sha256, contents: contents)
    }

    private func log(_ line: RegisterLine, action: String, fileID: Int64?, request: ImportRequest, stamp: String, db: any RegisterSQL) throws {
        try db.execute("""
            INSERT INTO change_log (at, clerk, year, action, file_id, detail_vi, detail_en) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [stamp, request.clerk, request.year, action, fileID, line.vietnamese, line.english])
    }

    /// The one current file of the year with this name.
    private func currentFile(named name: String, year: Int, db: any RegisterSQL) throws -> (id: Int64, importedAt: String) {
        let rows = try db.rows("SELECT id, imported_at FROM survey_file WHERE year = ? AND name = ? AND state = 'current' ORDER BY id",
                               [year, name])
        guard let row = rows.first else { throw RegisterError.noSuchFile(name: name, year: year) }
        if rows.count > 1 { throw RegisterError.ambiguousName(name: name, year: year, count: rows.count) }
        let id: Int64 = row["id"]
        let importedAt: String = row["imported_at"]
        return (id, importedAt)
    }

    private func withdraw(name: String, request: ImportRequest, stamp: String, db: any RegisterSQL, report: inout ImportReport) throws {
        let target = try currentFile(named: name, year: request.year, db: db)
        try db.execute("UPDATE survey_file SET state = 'withdrawn', state_changed_at = ? WHERE id = ?", [stamp, target.id])
        let at = RegisterTime.shown(target.importedAt)
        let line = RegisterLine("Đã rút tệp \(name) (năm \(request.year), nhập lúc \(at)): các dòng của tệp không còn được chấm; tệp vẫn được giữ trong sổ",
                                "Withdrew \(name) (\(request.year), imported \(at)): its rows are no longer scored; the file stays in the register")
        try log(line, action: "withdraw", fileID: target.id, request: request, stamp: stamp, db: db)
        report.lines.append(line)
        report.changes += 1
    }

    private func replace(_ oldID: Int64, oldName: String, oldImportedAt: String, by newID: Int64, newName: String,
                         request: ImportRequest, stamp: String, db: any RegisterSQL, report: inout ImportReport) throws {
        try db.execute("UPDATE survey_file SET state = 'replaced', state_changed_at = ?, replaced_by = ? WHERE id = ?",
                       [stamp, newID, oldID])
        let at = RegisterTime.shown(oldImportedAt)
        let line = RegisterLine("  thay cho \(oldName) (nhập lúc \(at)), tệp cũ vẫn được giữ, đánh dấu đã thay",
                                "  replaces \(oldName) (imported \(at)); the old file is kept, marked replaced")
        try log(RegisterLine("\(newName) thay cho \(oldName) (nhập lúc \(at))", "\(newName) replaces \(oldName) (imported \(at))"),
                action: "replace", fileID: oldID, request: request, stamp: stamp, db: db)
        report.lines.append(line)
        report.changes += 1
    }

    private func record(_ file: PreparedFile, request: ImportRequest, stamp: String, db: any RegisterSQL, report: inout ImportReport) throws {
        let year = request.year
        if let existing = try db.row("""
            SELECT id, name, imported_at FROM survey_file WHERE sha256 = ? AND year = ? AND state = 'current' ORDER BY id LIMIT 1
            """, [file.sha256, year]) {
            let id: Int64 = existing["id"]
            let at = RegisterTime.shown(existing["imported_at"])
            let earlierName: String = existing["name"]
            let same = earlierName == file.name ? "" : " (tên \(earlierName))"
            let sameEnglish = earlierName == file.name ? "" : " (as \(earlierName))"
            report.lines.append(RegisterLine("\(file.name): đã nhập lúc \(at)\(same) cho năm \(year), không thay đổi gì",
                                             "\(file.name): already imported \(at)\(sameEnglish) for \(year); nothing changed"))
            if let replaced = request.replaces, replaced != earlierName {
                let target = try currentFile(named: replaced, year: year, db: db)
                try replace(target.id, oldName: replaced, oldImportedAt: target.importedAt, by: id, newName: earlierName,
                            request: request, stamp: stamp, db: db, report: &report)
            }
            return
        }
        let clock = RegisterClock()
        try db.storeBytes(sha256: file.sha256, size: file.size, compression: file.compression, payload: file.payload)
        RegisterPause.at("bytes")
        clock.mark("bytes \(file.name)")

        // Rule 2: the same model and the same coverage replaces; `--replaces` names the file
        // otherwise. The files replaced stop being current before the new one is written: on
        // PostgreSQL one current file per coverage is a unique index, so that two clerks
        // importing corrections of the same hamlet at once cannot both be current.
        var targets: [(id: Int64, name: String, importedAt: String)] = []
        if let replaced = request.replaces {
            let target = try currentFile(named: replaced, year: year, db: db)
            targets.append((target.id, replaced, target.importedAt))
        } else {
            for row in try db.rows("""
                SELECT id, name, imported_at FROM survey_file WHERE year = ? AND state = 'current' AND coverage = ? ORDER BY id
                """, [year, file.contents.coverage]) {
                let target: (id: Int64, name: String, importedAt: String) = (row["id"], row["name"], row["imported_at"])
                targets.append(target)
            }
        }
        for target in targets {
            try db.execute("UPDATE survey_file SET state = 'replaced', state_changed_at = ? WHERE id = ?", [stamp, target.id])
        }

        let notes = file.contents.notes
        let communes = Array(Set(file.contents.parts.flatMap(\.communes))).sorted().joined(separator: "\n")
        // PostgreSQL keeps the file's communes in a column of their own: row-level security reads it.
        let communeColumn = db.dialect == .postgres ? ", communes" : "", communeMark = db.dialect == .postgres ? ", ?" : ""
        var arguments: [any RegisterBindable] = [year, file.name, file.sha256, file.size, stamp, request.clerk, file.contents.coverage,
                                                 notes.map(\.vietnamese).joined(separator: "\n"), notes.map(\.english).joined(separator: "\n")]
        if db.dialect == .postgres { arguments.append(communes) }
        let id: Int64
        do {
            id = try db.integer("""
                INSERT INTO survey_file (year, name, sha256, size, imported_at, clerk, coverage, notes_vi, notes_en, state\(communeColumn))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'current'\(communeMark)) RETURNING id
                """, arguments) ?? 0
        } catch is RegisterConflict {
            throw RegisterError.importedMeanwhile(file: file.name, year: year)
        }
        clock.mark("file row")
        // A province file names tens of thousands of units: kept as lines in the model's row
        // (schema 3; `file_unit` holds those of registers written before, and is still read).
        for part in file.contents.parts {
            try db.execute("""
                INSERT INTO file_model (file_id, model, communes, rows_read, valid_rows, error_rows, not_records, keys, units)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [id, part.model, part.communes.joined(separator: "\n"), part.rowsRead, part.validRows,
                      part.errorRows, part.notRecords, part.keys, FileContents.Unit.lines(part.units)])
        }
        RegisterPause.at("rows")
        clock.mark("models and units")
        let summary = Self.summary(of: file.contents)
        let line = RegisterLine("Đã nhập \(file.name) (năm \(year)): \(summary.vietnamese)", "Imported \(file.name) (\(year)): \(summary.english)")
        try log(line, action: "import", fileID: id, request: request, stamp: stamp, db: db)
        report.lines.append(line)
        report.changes += 1

        for target in targets where target.id != id {
            try replace(target.id, oldName: target.name, oldImportedAt: target.importedAt, by: id, newName: file.name,
                        request: request, stamp: stamp, db: db, report: &report)
        }
        // Overlapping but not the same coverage: nothing replaced silently, and the way out named.
        for row in try db.rows("SELECT name, coverage FROM survey_file WHERE year = ? AND state = 'current' AND id <> ? ORDER BY id",
                               [year, id]) {
            let otherName: String = row["name"]
            guard let overlap = Coverage.overlap(file.contents.coverage, row["coverage"]) else { continue }
            let shared = overlap.message(in: .vietnamese), sharedEnglish = overlap.message(in: .english)
            report.lines.append(RegisterLine(
                "  CHÚ Ý: \(otherName) (đang dùng) cũng có \(shared) nhưng không cùng phạm vi, nên không tệp nào thay tệp nào: mã trùng giữa hai tệp sẽ là dòng lỗi. Nếu \(file.name) thay \(otherName), chạy: khuyenhoc import --year \(year) --replaces \"\(otherName)\" \"\(file.path)\"",
                "  NOTE: \(otherName) (current) also holds \(sharedEnglish) but does not cover the same units, so neither replaces the other: keys in both files will be error rows. If \(file.name) replaces \(otherName), run: khuyenhoc import --year \(year) --replaces \"\(otherName)\" \"\(file.path)\""))
        }
    }

    /// `gia-dinh-hoc-tap: 152 dòng, 0 lỗi, xã Long Hữu, ấp LK`, one part per model.
    static func summary(of contents: FileContents) -> RegisterLine {
        var vi: [String] = []
        var en: [String] = []
        for part in contents.parts {
            let communes = part.communes.joined(separator: ", ")
            let hamlets = part.hamlets.joined(separator: ", ")
            vi.append("\(part.model): \(part.rowsRead) dòng, \(part.errorRows) lỗi, xã \(communes)" + (hamlets.isEmpty ? "" : ", ấp \(hamlets)"))
            en.append("\(part.model): \(part.rowsRead) rows, \(part.errorRows) with errors, commune \(communes)" + (hamlets.isEmpty ? "" : ", hamlets \(hamlets)"))
        }
        return RegisterLine(vi.joined(separator: "; "), en.joined(separator: "; "))
    }
}

/// The coverage text of a file (``FileContents/coverage``): one line per model,
/// `model|communes|hamlets`.
enum Coverage {
    /// What two different coverages share, or nil.
    static func overlap(_ a: String, _ b: String) -> RegisterLine? {
        guard a != b else { return nil }
        func lines(_ text: String) -> [(model: String, communes: Set<String>, hamlets: Set<String>)] {
            text.split(separator: "\n").map { line in
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                func set(_ i: Int) -> Set<String> { i < parts.count ? Set(parts[i].split(separator: ",").map(String.init)) : [] }
                return (parts[0], set(1), set(2))
            }
        }
        for x in lines(a) {
            for y in lines(b) where x.model == y.model {
                let communes = x.communes.intersection(y.communes).sorted().joined(separator: ", ")
                guard !communes.isEmpty else { continue }
                if x.hamlets.isEmpty && y.hamlets.isEmpty {
                    return RegisterLine("\(x.model) của xã \(communes)", "\(x.model) of commune \(communes)")
                }
                let hamlets = x.hamlets.intersection(y.hamlets).sorted().joined(separator: ", ")
                if !hamlets.isEmpty {
                    return RegisterLine("\(x.model) của xã \(communes), ấp \(hamlets)", "\(x.model) of commune \(communes), hamlets \(hamlets)")
                }
            }
        }
        return nil
    }
}

extension FileProblem {
    /// The problem in both languages (kept in an error raised before the language is known).
    var bothLanguages: (vi: String, en: String) { (message(in: .vietnamese), message(in: .english)) }
}
