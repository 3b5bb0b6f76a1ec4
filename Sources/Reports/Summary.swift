import Criteria
import Scoring
import TextSupport

/// What the summary counts an entity as, from the level its model gave it.
///
/// The summary's columns are those of the spec (`registered, recognised, tieu_bieu`), whatever
/// levels a province declares: a level of the model's certified set is recognised, and the best
/// declared level is "tiêu biểu" when the model recognises more than one level (the shipped
/// files: `tieu-bieu` of `tieu-bieu dat`); a declared level outside the certified set counts as
/// assessed but not recognised, like `khong-dat`.
///
/// ```swift
/// SummaryResult(households.levels[row], in: households.model)    // .exemplary for tiêu biểu
/// SummaryResult(id: "dat", in: households.model)                 // .otherRecognised
/// ```
public enum SummaryResult: Sendable, Equatable {
    case exemplary
    case otherRecognised
    case notRecognised
    case error

    public init(_ level: Level, in model: CompiledModel) {
        if level == .error { self = .error; return }
        guard let index = level.declaredIndex, model.isCertified(level) else { self = .notRecognised; return }
        let certifiedLevels = model.levels.filter(\.certified).count
        self = index == 0 && certifiedLevels > 1 ? .exemplary : .otherRecognised
    }

    /// The result of a level written by `score --format csv` (a declared id, `khong-dat`, `loi`);
    /// nil for an id the model does not declare.
    public init?(id: String, in model: CompiledModel) {
        if id == Level.errorId { self = .error; return }
        if id == Level.notCertifiedId { self = .notRecognised; return }
        guard let index = model.levels.firstIndex(where: { $0.id == id }) else { return nil }
        self.init(Level.declared(index), in: model)
    }
}

/// How many entities of one model had each result, in one commune (or hamlet).
public struct SummaryCounts: Sendable, Equatable {
    public var exemplary = 0
    public var certified = 0
    public var notCertified = 0
    public var errors = 0

    public init() {}

    /// Entities scored (tiêu biểu, đạt, không đạt): the base of the share.
    public var registered: Int { exemplary + certified + notCertified }
    /// Tiêu biểu + đạt.
    public var recognised: Int { exemplary + certified }

    public mutating func add(_ result: SummaryResult) {
        switch result {
        case .exemplary: exemplary += 1
        case .otherRecognised: certified += 1
        case .notRecognised: notCertified += 1
        case .error: errors += 1
        }
    }

    public static func + (a: SummaryCounts, b: SummaryCounts) -> SummaryCounts {
        var sum = a
        sum.exemplary += b.exemplary
        sum.certified += b.certified
        sum.notCertified += b.notCertified
        sum.errors += b.errors
        return sum
    }
}

/// The counts of a run, by model and commune (and, for models with a hamlet field, by hamlet):
/// what `khuyenhoc summary` adds up, from scored survey files, from the CSV results other
/// communes send, or from both.
///
/// ```swift
/// var tally = SummaryTally()
/// tally.add(run)                                                   // scored survey files
/// tally.add(model: "gia-dinh-hoc-tap", commune: "Long Hữu", level: .otherRecognised)   // a CSV row
/// ```
public struct SummaryTally: Sendable {
    public private(set) var counts: [String: [String: SummaryCounts]] = [:]
    /// model → commune → hamlet code → counts.
    public private(set) var hamlets: [String: [String: [String: SummaryCounts]]] = [:]
    /// hamlet code → name, per commune, where the run had the hamlets' own file.
    public private(set) var hamletNames: [String: [String: String]] = [:]

    public init() {}

    public mutating func add(model: String, commune: String, hamlet: String? = nil, level: SummaryResult, count: Int = 1) {
        for _ in 0..<count { counts[model, default: [:]][commune, default: SummaryCounts()].add(level) }
        if let hamlet, !hamlet.isEmpty {
            for _ in 0..<count { hamlets[model, default: [:]][commune, default: [:]][hamlet, default: SummaryCounts()].add(level) }
        }
    }

    /// Every row of a scored run: scored rows by their level, rejected rows as errors.
    public mutating func add(_ run: RunResults) {
        for results in run.models {
            let id = results.model.id
            var byCommune: [String: SummaryCounts] = counts[id] ?? [:]
            var byHamlet: [String: [String: SummaryCounts]] = hamlets[id] ?? [:]
            let levels = results.levels
            // Each level code's result, worked out once per model rather than per row.
            let resultOfCode = (0...255).map { SummaryResult(Level(code: UInt8($0)), in: results.model) }
            for row in 0..<results.count {
                let commune = results.commune(row: row)
                let result = resultOfCode[Int(levels[row].code)]
                byCommune[commune, default: SummaryCounts()].add(result)
                if let hamlet = results.hamlet(row: row), !hamlet.isEmpty {
                    byHamlet[commune, default: [:]][hamlet, default: SummaryCounts()].add(result)
                }
            }
            for rejected in results.rejected {
                byCommune[rejected.commune, default: SummaryCounts()].add(.error)
                if let hamlet = rejected.hamlet, !hamlet.isEmpty {
                    byHamlet[rejected.commune, default: [:]][hamlet, default: SummaryCounts()].add(.error)
                }
            }
            // A model of which no row was read is left out of the summary.
            if !byCommune.isEmpty { counts[id] = byCommune }
            if !byHamlet.isEmpty { hamlets[id] = byHamlet }
            // A model whose entities are hamlets — its one key is what its members' hamlet field
            // links to (the hamlets' `ma_ap` = the households' `ma_ap`): the hamlets' names.
            let key = results.model.displayKeyFieldIndexes.count == 1
                ? results.model.definition.fields[results.model.displayKeyFieldIndexes[0]].id : nil
            if let key, results.model.definition.relations.contains(where: { relation in
                relation.links.contains { link in
                    link.here == key && run.models.contains { member in
                        member.model.id == relation.model && member.model.definition.hamletField == link.there
                    }
                }
            }) {
                for row in 0..<results.count {
                    hamletNames[results.commune(row: row), default: [:]][results.key(row: row)] = results.name(row: row)
                }
            }
        }
    }

    /// The communes met, in Vietnamese alphabetical order.
    public var communes: [String] {
        let names = Set(counts.values.flatMap(\.keys))
        return names.sorted { (VietnameseCollation.key($0), $0) < (VietnameseCollation.key($1), $1) }
    }
}

/// One line of the summary: a commune, a hamlet or the province, for one model.
public struct SummaryLine: Sendable {
    /// The commune (or hamlet) name; for the province total, `nil`.
    public var name: String?
    public var counts: SummaryCounts
    /// The target share in ten-thousandths (the province's: weighted by the communes' bases).
    public var target: Int?
    /// Recognised entities needed to reach the target.
    public var needed: Int?
    /// The compared year's counts, with `--compare-year`.
    public var compared: SummaryCounts?

    /// recognised − needed: ≥ 0 met (by that many more), < 0 short by that many.
    public var margin: Int? { needed.map { counts.recognised - $0 } }

    /// The share in ten-thousandths, rounded half up; `nil` when nothing was registered.
    public var shareTenThousandths: Int? {
        guard counts.registered > 0 else { return nil }
        return (2 * 10_000 * counts.recognised + counts.registered) / (2 * counts.registered)
    }

    /// The change of the share against the compared year, in tenths of a percentage point,
    /// rounded half away from zero; `nil` when either year registered nothing.
    public var changeTenthsOfPoints: Int? {
        guard let compared, compared.registered > 0, counts.registered > 0 else { return nil }
        // (r/R − r0/R0) · 1000 = (r·R0 − r0·R) · 1000 / (R·R0)
        let numerator = (counts.recognised * compared.registered - compared.recognised * counts.registered) * 1000
        let denominator = counts.registered * compared.registered
        let magnitude = (2 * abs(numerator) + denominator) / (2 * denominator)
        return numerator < 0 ? -magnitude : magnitude
    }
}

/// The summary of one model: its communes, the province total, and the hamlets of the commune
/// when only one commune was read.
public struct SummaryModel: Sendable {
    public var definition: ModelDefinition
    /// The year the target is for (the milestone), and the decision that sets it.
    public var targetYear: Int?
    public var targetBasis: String?
    public var communes: [SummaryLine]
    public var total: SummaryLine
    public var hamlets: [SummaryLine]

    public func title(_ language: Language) -> String {
        language.pick(definition.title, optionalEnglish: definition.titleEnglish)
    }
}

/// The yearly summary upward (báo cáo tổng hợp): per model, per commune and for the province,
/// registered, recognised, tiêu biểu, errors, the share against the programme's target from the
/// criteria (`<targets>`), met or short by how many entities, and the change against a year.
///
/// Choices where the spec is silent:
/// - A year without a target of its own is measured against the next milestone
///   (``ModelDefinition/target(year:conditions:)``); no year asked: the latest milestone.
/// - A target with `when` applies to the communes declared under that condition
///   (`summary --when vung_kho_khan=Xã A`); the province's target is the communes' targets
///   weighted by what each registered, and its "needed" ⌈Σ shareᵢ·registeredᵢ⌉.
/// - Every commune met appears under every model read (with zeros where it sent nothing);
///   models of which no row was read are left out.
/// - `base="declared"` is read from the criteria, but every share here is over the registered
///   entities (the CSV results communes send carry no declared household counts); the text
///   report says so under a model whose target declares that base.
///
/// ```swift
/// let summary = Summary(tally: tally, models: criteria.models.map(\.definition), year: 2025)
/// SummaryCSV().write(summary, to: sink)
/// ```
public struct Summary: Sendable {
    public var year: Int?
    public var compareYear: Int?
    public var models: [SummaryModel]

    public init(tally: SummaryTally, models definitions: [ModelDefinition], year: Int?,
                conditions: [String: Set<String>] = [:], everywhere: Set<String> = [],
                compared: SummaryTally? = nil, compareYear: Int? = nil) {
        self.year = year
        self.compareYear = compareYear
        let communes = tally.communes
        let ordered = definitions.sorted { ($0.listingOrder, $0.id) < ($1.listingOrder, $1.id) }
        models = ordered.compactMap { definition -> SummaryModel? in
            guard let byCommune = tally.counts[definition.id] else { return nil }
            let asked = year ?? definition.targets.map(\.year).max() ?? 0
            var lines: [SummaryLine] = []
            var weighted = 0
            var anyTarget = false
            var milestone: (year: Int, basis: String?)?
            for commune in communes {
                let counts = byCommune[commune] ?? SummaryCounts()
                let holding = everywhere.union(conditions[commune] ?? [])
                let target = definition.target(year: asked, conditions: holding)
                if let target {
                    anyTarget = true
                    weighted += target.tenThousandths * counts.registered
                    if milestone == nil || target.condition == nil { milestone = (target.year, target.basis) }
                }
                let compare = compared.map { $0.counts[definition.id]?[commune] ?? SummaryCounts() }
                lines.append(SummaryLine(name: commune, counts: counts, target: target?.tenThousandths,
                                         needed: target?.needed(of: counts.registered), compared: compare))
            }
            let totalCounts = lines.reduce(SummaryCounts()) { $0 + $1.counts }
            let targets = Set(lines.compactMap(\.target))
            var total = SummaryLine(name: nil, counts: totalCounts, target: nil, needed: nil,
                                    compared: compared.map { tally in lines.indices.reduce(SummaryCounts()) { sum, i in
                                        sum + (tally.counts[definition.id]?[communes[i]] ?? SummaryCounts()) } })
            if anyTarget {
                total.needed = (weighted + 9_999) / 10_000
                if targets.count == 1 {
                    total.target = targets.first
                } else if totalCounts.registered > 0 {
                    total.target = (2 * weighted + totalCounts.registered) / (2 * totalCounts.registered)
                } else {
                    total.target = targets.min()
                }
            }
            var hamletLines: [SummaryLine] = []
            if communes.count == 1, let commune = communes.first, let byHamlet = tally.hamlets[definition.id]?[commune] {
                let names = tally.hamletNames[commune] ?? [:]
                let target = definition.target(year: asked, conditions: everywhere.union(conditions[commune] ?? []))
                let codes = byHamlet.keys.sorted { (VietnameseCollation.key(names[$0] ?? $0), $0) < (VietnameseCollation.key(names[$1] ?? $1), $1) }
                hamletLines = codes.map { code in
                    let counts = byHamlet[code]!
                    return SummaryLine(name: names[code] ?? code, counts: counts, target: target?.tenThousandths,
                                       needed: target?.needed(of: counts.registered), compared: nil)
                }
            }
            return SummaryModel(definition: definition, targetYear: milestone?.year, targetBasis: milestone?.basis,
                                communes: lines, total: total, hamlets: hamletLines)
        }
    }
}
