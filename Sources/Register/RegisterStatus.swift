import Foundation
import TextSupport

/// What a clerk needs to see before certifying a year: per commune, the current files, each
/// hamlet's and clan's households declared and received, what has no household data yet, rows
/// with errors, and keys found in two current files.
///
/// Complete (exit 0) when every commune has a file of each model, every hamlet and clan listed
/// has household rows, no current row is an error row and no key is in two current files.
///
/// ```swift
/// let status = try register.status(year: 2026, commune: nil, models: [("gia-dinh-hoc-tap", "Gia đình học tập")])
/// print(status.text(in: .vietnamese), status.isComplete)
/// ```
public struct RegisterStatus: Sendable {
    public struct FileLine: Sendable {
        public var name: String
        public var importedAt: String
        public var rows: Int
        public var errors: Int
    }

    /// A hamlet or clan of a commune: the households its file declares and those received.
    public struct UnitLine: Sendable {
        public var model: String
        public var code: String
        public var name: String
        public var declared: Int?
        public var received: Int
    }

    public struct CommuneStatus: Sendable {
        public var commune: String
        public var files: [FileLine]
        public var units: [UnitLine]
        /// Models of the criteria with no current file for this commune.
        public var modelsMissing: [String]
        public var errorRows: Int
        public var unitsWithoutHouseholds: [UnitLine] { units.filter { $0.received == 0 } }
        public var isComplete: Bool { modelsMissing.isEmpty && errorRows == 0 && unitsWithoutHouseholds.isEmpty }
    }

    /// Keys found in two current files of the same model.
    public struct Duplicate: Sendable {
        public var model: String
        public var first: String
        public var second: String
        public var keys: Int
    }

    public var year: Int
    public var registerPath: String
    public var communes: [CommuneStatus]
    public var duplicates: [Duplicate]
    /// Files of the year no longer current: name, state, when.
    public var retired: [RegisteredFile]
    /// Model id → title, for the words.
    public var titles: [String: String]

    public var isComplete: Bool { !communes.isEmpty && duplicates.isEmpty && communes.allSatisfy(\.isComplete) }
}

extension Register {
    /// The year's status. `models` are the criteria's models in listing order, with their titles.
    public func status(year: Int, commune filter: String?, models: [(id: String, title: String)]) throws -> RegisterStatus {
        let all = try files(year: year)
        let current = all.filter { $0.state == .current }
        let ids = current.map(\.id)
        struct Part { var fileID: Int64; var model: String; var communes: [String]; var rows: Int; var errors: Int; var keys: String }
        struct Unit { var fileID: Int64; var model: String; var role: String; var commune: String; var code: String; var name: String; var rows: Int; var declared: Int? }
        let (parts, units) = try read { db -> ([Part], [Unit]) in
            var parts: [Part] = []
            var units: [Unit] = []
            for id in ids {
                for row in try db.rows("SELECT * FROM file_model WHERE file_id = ?", [id]) {
                    let communes: String = row["communes"]
                    let model: String = row["model"], lines: String = row["units"]
                    parts.append(Part(fileID: id, model: model, communes: communes.split(separator: "\n").map(String.init),
                                      rows: row["rows_read"], errors: row["error_rows"], keys: row["keys"]))
                    for unit in FileContents.Unit.units(fromLines: lines) {
                        units.append(Unit(fileID: id, model: model, role: unit.role, commune: unit.commune, code: unit.code,
                                          name: unit.name, rows: unit.rows, declared: unit.declared))
                    }
                }
                for row in try db.rows("SELECT * FROM file_unit WHERE file_id = ?", [id]) {
                    units.append(Unit(fileID: id, model: row["model"], role: row["role"], commune: row["commune"], code: row["code"],
                                      name: row["name"], rows: row["rows"], declared: row["declared"]))
                }
            }
            return (parts, units)
        }
        let names = Dictionary(uniqueKeysWithValues: current.map { ($0.id, $0) })
        var communeNames = Set(parts.flatMap(\.communes))
        if let filter { communeNames = communeNames.filter { $0 == filter } }
        // Units grouped once (a province holds tens of thousands): the groups each commune lists
        // per model, in the order read, and the household rows received per group.
        var listed: [String: [String: [Unit]]] = [:]
        var received: [String: Int] = [:]
        for unit in units {
            if unit.role == FileContents.Unit.entityRole {
                listed[unit.commune, default: [:]][unit.model, default: []].append(unit)
            } else {
                received[unit.role + "\u{1}" + unit.commune + "\u{1}" + unit.code, default: 0] += unit.rows
            }
        }
        var communes: [RegisterStatus.CommuneStatus] = []
        for commune in communeNames.sorted(by: { VietnameseCollation.key($0) < VietnameseCollation.key($1) }) {
            let here = parts.filter { $0.communes.contains(commune) }
            var files: [RegisterStatus.FileLine] = []
            for id in ids where here.contains(where: { $0.fileID == id }) {
                let mine = here.filter { $0.fileID == id }
                files.append(.init(name: names[id]!.name, importedAt: names[id]!.importedAt,
                                   rows: mine.map(\.rows).reduce(0, +), errors: mine.map(\.errors).reduce(0, +)))
            }
            var unitLines: [RegisterStatus.UnitLine] = []
            for model in models {
                let entities = listed[commune]?[model.id] ?? []
                var seen = Set<String>()
                for entity in entities where seen.insert(entity.code).inserted {
                    let households = received[model.id + "\u{1}" + commune + "\u{1}" + entity.code] ?? 0
                    unitLines.append(.init(model: model.id, code: entity.code, name: entity.name, declared: entity.declared, received: households))
                }
            }
            let present = Set(here.map(\.model))
            communes.append(.init(commune: commune, files: files, units: unitLines,
                                  modelsMissing: models.map(\.id).filter { !present.contains($0) },
                                  errorRows: here.map(\.errors).reduce(0, +)))
        }
        // Keys in two current files of one model (a corrected file imported beside its original).
        var duplicates: [RegisterStatus.Duplicate] = []
        for model in models {
            var owner: [Substring: Int64] = [:]
            var pairs: [[Int64]: Int] = [:]
            for part in parts where part.model == model.id {
                if let filter, !part.communes.contains(filter) { continue }
                for key in part.keys.split(separator: "\n") {
                    if let first = owner[key], first != part.fileID { pairs[[first, part.fileID], default: 0] += 1 } else { owner[key] = part.fileID }
                }
            }
            for (pair, count) in pairs.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                duplicates.append(.init(model: model.id, first: names[pair[0]]!.name, second: names[pair[1]]!.name, keys: count))
            }
        }
        let retired = all.filter { $0.state != .current }
        return RegisterStatus(year: year, registerPath: path, communes: communes, duplicates: duplicates, retired: retired,
                              titles: Dictionary(models.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a }))
    }
}

extension RegisterStatus {
    /// The table a clerk reads before certifying.
    public func text(in l: Language) -> String {
        var out = l.pick("Sổ tiếp nhận \(registerPath) — năm \(year)\n", "Register \(registerPath) — year \(year)\n")
        if communes.isEmpty {
            out += l.pick("Chưa có tệp đang dùng nào cho năm \(year).\n", "No current file for \(year).\n")
        }
        for commune in communes {
            out += "\n" + l.pick("Xã \(commune.commune)", "Commune \(commune.commune)") + "\n"
            out += l.pick("  Tệp đang dùng:\n", "  Current files:\n")
            let nameWidth = min(40, (commune.files.map { DisplayWidth.of($0.name) }.max() ?? 0) + 2)
            for file in commune.files {
                out += "    " + DisplayWidth.padRight(file.name, to: nameWidth)
                    + l.pick("nhập \(file.importedAt)  \(file.rows) dòng, \(file.errors) lỗi", "imported \(file.importedAt)  \(file.rows) rows, \(file.errors) with errors") + "\n"
            }
            for model in Set(commune.units.map(\.model)).sorted() {
                let lines = commune.units.filter { $0.model == model }
                out += "  \(titles[model] ?? model):\n"
                out += "    " + DisplayWidth.padRight(l.pick("Mã", "Code"), to: 8) + DisplayWidth.padRight(l.pick("Tên", "Name"), to: 22)
                    + DisplayWidth.padLeft(l.pick("Hộ khai báo", "Declared"), to: 12) + DisplayWidth.padLeft(l.pick("Hộ đã nhận", "Received"), to: 12) + "\n"
                for unit in lines {
                    var line = "    " + DisplayWidth.padRight(unit.code, to: 8) + DisplayWidth.padRight(unit.name, to: 22)
                        + DisplayWidth.padLeft(unit.declared.map(String.init) ?? "—", to: 12) + DisplayWidth.padLeft(String(unit.received), to: 12)
                    if unit.received == 0 { line += l.pick("  chưa có dữ liệu hộ", "  no household data yet") }
                    out += line + "\n"
                }
            }
            var missing: [String] = []
            for model in commune.modelsMissing {
                missing.append(l.pick("chưa có tệp \(titles[model] ?? model) (\(model))", "no file of \(titles[model] ?? model) (\(model)) yet"))
            }
            for unit in commune.unitsWithoutHouseholds {
                missing.append(l.pick("\(titles[unit.model] ?? unit.model) \(unit.code) (\(unit.name)): chưa có hộ nào",
                                      "\(titles[unit.model] ?? unit.model) \(unit.code) (\(unit.name)): no households yet"))
            }
            for file in commune.files where file.errors > 0 {
                missing.append(l.pick("\(file.name): \(file.errors) dòng lỗi (xem \"khuyenhoc score\")",
                                      "\(file.name): \(file.errors) rows with errors (see \"khuyenhoc score\")"))
            }
            if !missing.isEmpty {
                out += l.pick("  Còn thiếu trước khi công nhận:\n", "  Still missing before certifying:\n")
                for item in missing { out += "    - \(item)\n" }
            }
        }
        if !duplicates.isEmpty {
            out += "\n" + l.pick("Mã trùng giữa các tệp đang dùng:\n", "Keys in two current files:\n")
            for duplicate in duplicates {
                out += l.pick(
                    "  \(duplicate.first) và \(duplicate.second): \(duplicate.keys) mã \(duplicate.model) trùng. Nếu \(duplicate.second) thay \(duplicate.first): khuyenhoc import --year \(year) --replaces \"\(duplicate.first)\" <tệp \(duplicate.second)>\n",
                    "  \(duplicate.first) and \(duplicate.second): \(duplicate.keys) \(duplicate.model) keys in both. If \(duplicate.second) replaces \(duplicate.first): khuyenhoc import --year \(year) --replaces \"\(duplicate.first)\" <file \(duplicate.second)>\n")
            }
        }
        if !retired.isEmpty {
            out += "\n" + l.pick("Tệp đã thay hoặc đã rút:\n", "Files replaced or withdrawn:\n")
            for file in retired {
                let when = file.stateChangedAt ?? ""
                out += "  \(file.name) " + (file.state == .replaced
                    ? l.pick("(nhập \(file.importedAt), đã thay lúc \(when))", "(imported \(file.importedAt), replaced \(when))")
                    : l.pick("(nhập \(file.importedAt), đã rút lúc \(when))", "(imported \(file.importedAt), withdrawn \(when))")) + "\n"
            }
        }
        out += "\n" + (isComplete
            ? l.pick("Đủ để công nhận: mọi ấp và dòng họ đều có hộ, không có dòng lỗi, không có mã trùng.\n",
                     "Complete: every hamlet and clan has households, no row has errors, no key is in two files.\n")
            : l.pick("Chưa đủ để công nhận (mã thoát 3).\n", "Not complete yet (exit status 3).\n"))
        return out
    }
}

extension RegisterStatus {
    /// `status --province`: one line per commune (current files, hamlets and clans that have
    /// household rows out of those listed, rows with errors, complete or not), then the totals.
    ///
    /// ```text
    /// Xã                 Tệp  Ấp, dòng họ có hộ  Dòng lỗi  Đủ để công nhận
    /// Long Hữu             3              15/15         4  chưa
    /// ```
    public func provinceText(in l: Language) -> String {
        var out = l.pick("Sổ tiếp nhận \(registerPath) — năm \(year) — \(communes.count) xã\n",
                         "Register \(registerPath) — year \(year) — \(communes.count) communes\n")
        if communes.isEmpty {
            return out + l.pick("Chưa có tệp đang dùng nào cho năm \(year).\n", "No current file for \(year).\n")
        }
        let nameWidth = max(12, min(40, (communes.map { DisplayWidth.of($0.commune) }.max() ?? 0) + 2))
        let headers = (l.pick("Xã", "Commune"), l.pick("Tệp", "Files"), l.pick("Ấp, dòng họ có hộ", "Hamlets, clans with households"),
                       l.pick("Dòng lỗi", "Error rows"), l.pick("Đủ để công nhận", "Complete"))
        let unitsWidth = DisplayWidth.of(headers.2) + 2, errorsWidth = DisplayWidth.of(headers.3) + 2
        out += "\n" + DisplayWidth.padRight(headers.0, to: nameWidth) + DisplayWidth.padLeft(headers.1, to: 6)
            + DisplayWidth.padLeft(headers.2, to: unitsWidth) + DisplayWidth.padLeft(headers.3, to: errorsWidth) + "  " + headers.4 + "\n"
        var files = 0, units = 0, withHouseholds = 0, errors = 0, complete = 0
        for commune in communes {
            let having = commune.units.count - commune.unitsWithoutHouseholds.count
            files += commune.files.count
            units += commune.units.count
            withHouseholds += having
            errors += commune.errorRows
            if commune.isComplete { complete += 1 }
            out += DisplayWidth.padRight(commune.commune, to: nameWidth) + DisplayWidth.padLeft(String(commune.files.count), to: 6)
                + DisplayWidth.padLeft("\(having)/\(commune.units.count)", to: unitsWidth)
                + DisplayWidth.padLeft(String(commune.errorRows), to: errorsWidth) + "  "
                + (commune.isComplete ? l.pick("đủ", "yes") : l.pick("chưa", "not yet")) + "\n"
        }
        out += "\n" + l.pick("Tổng: \(communes.count) xã, \(files) tệp, \(withHouseholds)/\(units) ấp và dòng họ có hộ, \(errors) dòng lỗi; \(complete) xã đủ để công nhận",
                             "Total: \(communes.count) communes, \(files) files, \(withHouseholds)/\(units) hamlets and clans with households, \(errors) error rows; \(complete) communes complete") + "\n"
        if !duplicates.isEmpty {
            out += l.pick("Có \(duplicates.count) cặp tệp trùng mã (xem \"khuyenhoc status\").\n",
                          "\(duplicates.count) pairs of files share keys (see \"khuyenhoc status\").\n")
        }
        return out
    }
}
