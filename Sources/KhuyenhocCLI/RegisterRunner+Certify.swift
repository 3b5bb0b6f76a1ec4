import Criteria
import Foundation
import Register
import Reports
import Scoring
import TextSupport

/// `certify`, `certify --reopen`, `history` and `export`: the register commands that read or
/// freeze a year's results.
///
/// ```swift
/// var out = ""
/// let status = runner.certify(CertifyRequest(year: 2026, decision: "Số 45/QĐ-UBND", clerk: "lan"), output: &out)
/// ```
extension RegisterRunner {
    /// Scores the year's current files as `score` from the register does, and gives every
    /// entity's result as a certification stores it, with the criteria files that scored them.
    /// `nil` (with the reason in `messages`) when the register, the criteria or a file cannot be used.
    func currentResults(year: Int, messages: inout String) -> (entities: [CertifiedEntity], criteria: [CertifiedCriteria])? {
        let l = language
        guard let loaded = ScoreRunner.usableCriteria(paths: criteriaPaths, language: l, messages: &messages) else { return nil }
        var found: (entities: [CertifiedEntity], criteria: [CertifiedCriteria])?
        var scoring = ""
        let status = withCurrentFiles(year: year, messages: &scoring) { paths, names, inMemory, scoring in
            var runner = ScoreRunner(language: l)
            runner.threads = threads
            runner.loadedCriteria = loaded
            runner.sourceNames = names
            runner.textFilesInMemory = inMemory
            runner.historySource = HistorySource(registerPath: registerPath, year: year)
            guard let (results, unusable) = runner.load(inputs: paths, criteriaPaths: criteriaPaths, messages: &scoring),
                  unusable == 0 else { return 1 }
            found = (Self.entities(of: results), Self.criteria(of: loaded))
            return 0
        }
        if status != 0 {
            messages += scoring
            return nil
        }
        return found
    }

    /// Every entity of every model, in listing order: scored rows, then rows that could not be
    /// read (level `loi`, no total). Reasons are kept for `khong-dat` and `loi` rows, as the CSV shows them.
    static func entities(of run: RunResults) -> [CertifiedEntity] {
        var entities: [CertifiedEntity] = []
        for results in run.outputOrder {
            let model = results.model
            let groupIDs = model.groups.map(\.definition.id)
            let clanField = clanField(of: model, in: run)
            for entry in results.listing {
                switch entry {
                case .scored(let row):
                    let level = results.levels[row]
                    let reasons = level == .notCertified || level == .error ? results.reasons[row] : []
                    let groups = groupIDs.indices.map { "\(groupIDs[$0])=\(results.groupPoints(row: row, group: $0))" }.joined(separator: ";")
                    entities.append(CertifiedEntity(
                        model: model.id, commune: results.commune(row: row), key: results.key(row: row), name: results.name(row: row),
                        hamlet: results.hamlet(row: row), clan: clanField.map { results.table.text(field: $0, row: row) },
                        total: level == .error ? nil : results.total(row), groups: groups, level: model.levelId(level),
                        rank: Int(results.ranks[row]),
                        reasonsVietnamese: reasons.map { $0.message(in: .vietnamese, model: model) }.joined(separator: "; "),
                        reasonsEnglish: reasons.map { $0.message(in: .english, model: model) }.joined(separator: "; ")))
                case .rejected(let index):
                    let row = results.rejected[index]
                    entities.append(CertifiedEntity(
                        model: model.id, commune: row.commune, key: row.key, name: row.name, hamlet: row.hamlet,
                        clan: clanField.map { row.texts[$0] ?? "" },
                        total: nil, groups: "", level: Level.errorId, rank: 0,
                        reasonsVietnamese: row.problems.map { $0.message(in: .vietnamese) }.joined(separator: "; "),
                        reasonsEnglish: row.problems.map { $0.message(in: .english) }.joined(separator: "; ")))
                }
            }
        }
        return entities
    }

    /// The field of `model` that names an entity's clan: the field a clan model (listing order
    /// 2) links this model's rows by, other than the commune. nil when no clan model links it.
    static func clanField(of model: CompiledModel, in run: RunResults) -> Int? {
        for other in run.models where other.model.definition.listingOrder == 2 && other.model.id != model.id {
            for relation in other.model.relations where relation.model.id == model.id {
                if let field = relation.thereFields.first(where: { $0 != model.communeFieldIndex }) { return field }
            }
        }
        return nil
    }

    static func criteria(of loaded: CriteriaLoadReport) -> [CertifiedCriteria] {
        loaded.models.map { model in
            let bytes = FileManager.default.contents(atPath: model.file).map { [UInt8]($0) } ?? []
            return CertifiedCriteria(file: (model.file as NSString).lastPathComponent, model: model.id,
                                     version: model.definition.version, sha256: SHA256.hex(of: bytes))
        }
    }

    /// `certify`: freezes the year's results (one commune's with `commune`). 0 done, 1 refused
    /// or the register cannot be used (the reason printed, the register unchanged).
    public func certify(_ request: CertifyRequest, output: inout String) -> Int32 {
        do {
            let register = try Register.open(path: registerPath, create: false)
            // Refusals that need no scoring are said before scoring.
            let errors = try register.filesWithErrors(year: request.year, commune: request.commune)
            if !errors.isEmpty && !request.acceptErrors {
                throw RegisterError.errorRows(year: request.year, files: errors.map { "\($0.name) (\($0.errors))" })
            }
            var messages = ""
            guard let current = currentResults(year: request.year, messages: &messages) else {
                output += messages
                return 1
            }
            let report = try register.certify(request, results: current.entities, criteria: current.criteria)
            output += said(report, year: request.year)
            return 0
        } catch {
            output += failure(error)
            return 1
        }
    }

    /// `certify --reopen`: 0 done, 1 nothing certified or the register cannot be used.
    public func reopen(year: Int, commune: String?, reason: String, clerk: String, output: inout String) -> Int32 {
        do {
            let report = try Register.open(path: registerPath, create: false).reopen(year: year, commune: commune, reason: reason, clerk: clerk)
            output += said(report, year: year)
            return 0
        } catch {
            output += failure(error)
            return 1
        }
    }

    /// `history KEY`: the entity's certified results year by year, one block per model and
    /// commune. 0 found, 1 never certified (or the register cannot be used).
    public func history(key: String, model: String?, commune: String?, output: inout String) -> Int32 {
        let l = language
        let found: [(year: Int, decision: String, entity: CertifiedEntity)]
        do {
            found = try Register.open(path: registerPath, create: false).history(key: key, model: model, commune: commune)
        } catch {
            output += failure(error)
            return 1
        }
        guard !found.isEmpty else {
            output += l.pick("Không có kết quả đã công nhận nào của mã \(key)", "No certified result for the key \(key)")
                + (model.map { l.pick(", mô hình \($0)", ", model \($0)") } ?? "")
                + (commune.map { l.pick(", xã \($0)", ", commune \($0)") } ?? "") + "\n"
            return 1
        }
        var block: (model: String, commune: String)?
        for (index, item) in found.enumerated() {
            if block?.model != item.entity.model || block?.commune != item.entity.commune {
                if block != nil { output += "\n" }
                block = (item.entity.model, item.entity.commune)
                // The heading names the entity as its latest year has it.
                let entity = found[index...].prefix { $0.entity.model == item.entity.model && $0.entity.commune == item.entity.commune }.last!.entity
                var place = l.pick("xã \(entity.commune)", "commune \(entity.commune)")
                if let hamlet = entity.hamlet, !hamlet.isEmpty { place += l.pick(", ấp \(hamlet)", ", hamlet \(hamlet)") }
                if let clan = entity.clan, !clan.isEmpty { place += l.pick(", dòng họ \(clan)", ", clan \(clan)") }
                output += "\(entity.key) \(entity.name) (\(entity.model), \(place))\n"
            }
            let entity = item.entity
            let level = StoredLevel.words(entity.level, l)
            var line = "  \(item.year)  \(level)"
            if let total = entity.total { line += l.pick(", \(total) điểm", ", \(total) points") }
            if entity.rank > 0 { line += l.pick(", hạng \(entity.rank)", ", rank \(entity.rank)") }
            line += " — \(item.decision)"
            let reasons = l.pick(entity.reasonsVietnamese, entity.reasonsEnglish)
            if !reasons.isEmpty { line += " (\(reasons))" }
            output += line + "\n"
        }
        return 0
    }
}

extension RegisterRunner {
    /// `export --year Y DIR`: 0 written, 1 the register or the folder cannot be used.
    public func export(year: Int, to folder: String, output: inout String) -> Int32 {
        let l = language
        do {
            let lines = try Register.open(path: registerPath, create: false).export(year: year, to: folder)
            for line in lines { output += line.message(in: l) + "\n" }
            return 0
        } catch {
            output += failure(error)
            return 1
        }
    }
}

extension RegisterRunner {
    /// `--compare-year Y`: the year's certified results, or nil (with the reason) when the
    /// register cannot be used or the year is not certified.
    public func previousYear(_ year: Int, messages: inout String) -> PreviousYear? {
        let l = language
        do {
            let results = try Register.open(path: registerPath, create: false).certifiedResults(year: year)
            guard !results.isEmpty else {
                messages += l.pick("LỖI năm \(year) chưa được công nhận trong sổ \(Register.shown(registerPath)): không có gì để so sánh (khuyenhoc certify --year \(year) …)\n",
                                   "ERROR \(year) is not certified in the register \(Register.shown(registerPath)): nothing to compare with (khuyenhoc certify --year \(year) …)\n")
                return nil
            }
            return PreviousYear(year: year, results: results)
        } catch {
            messages += failure(error)
            return nil
        }
    }
}
