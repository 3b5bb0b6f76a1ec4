import Criteria
import Foundation
import Register
import Reports
import Scoring
import TextSupport

/// `score … --compare-year Y`: a certified year's results from the register, set beside this
/// run's.
///
/// - CSV: every line gains two columns at its end, `prev_total` and `prev_level` (empty when
///   the entity was not in the certified year), matched by model, commune and key.
/// - Text: after the report, a section per model and commune: this year's and year Y's
///   recognition (`dat` or `tieu-bieu`) and the change of its rate in percentage points, the
///   entities newly recognised, kept, and no longer recognised (with names), then every entity
///   of the list with its result of year Y.
/// - JSON is refused with `--compare-year` (usage error): its layout has no place for it yet.
///
/// ```swift
/// runner.previousYear = PreviousYear(year: 2025, results: try register.certifiedResults(year: 2025))
/// ```
public struct PreviousYear: Sendable {
    public var year: Int
    var byEntity: [String: CertifiedEntity] = [:]
    var results: [CertifiedEntity]

    public init(year: Int, results: [CertifiedEntity]) {
        self.year = year
        self.results = results
        for row in results { byEntity[Self.id(row.model, row.commune, row.key)] = row }
    }

    static func id(_ model: String, _ commune: String, _ key: String) -> String { model + "\u{1F}" + commune + "\u{1F}" + key }

    func result(of entity: CertifiedEntity) -> CertifiedEntity? { byEntity[Self.id(entity.model, entity.commune, entity.key)] }
}

/// One model in one commune compared with the certified year.
struct YearComparison {
    var model: String
    var commune: String
    var current: [CertifiedEntity]
    var newlyRecognised: [CertifiedEntity] = []
    var kept: [CertifiedEntity] = []
    /// Recognised in the certified year, not now (or not in this run at all).
    var lost: [(entity: CertifiedEntity, missing: Bool)] = []
    var previousCount = 0
    var previousRecognised = 0

    var recognised: Int { current.filter(\.isRecognised).count }

    /// Groups this run's entities (and the certified year's) by model and commune, in this run's order.
    static func make(current: [CertifiedEntity], previous: PreviousYear) -> [YearComparison] {
        var order: [String] = []
        var groups: [String: YearComparison] = [:]
        for entity in current {
            let id = entity.model + "\u{1F}" + entity.commune
            if groups[id] == nil {
                order.append(id)
                groups[id] = YearComparison(model: entity.model, commune: entity.commune, current: [])
            }
            groups[id]!.current.append(entity)
            let before = previous.result(of: entity)
            if entity.isRecognised {
                if before?.isRecognised == true { groups[id]!.kept.append(entity) } else { groups[id]!.newlyRecognised.append(entity) }
            } else if before?.isRecognised == true {
                groups[id]!.lost.append((entity, false))
            }
        }
        var seen = Set(current.map { PreviousYear.id($0.model, $0.commune, $0.key) })
        for row in previous.results {
            let id = row.model + "\u{1F}" + row.commune
            guard groups[id] != nil else { continue }
            groups[id]!.previousCount += 1
            if row.isRecognised { groups[id]!.previousRecognised += 1 }
            if row.isRecognised && seen.insert(PreviousYear.id(row.model, row.commune, row.key)).inserted {
                groups[id]!.lost.append((row, true))
            }
        }
        return order.map { groups[$0]! }
    }
}

extension ScoreRunner {
    /// Writes the report with the certified year beside it (see ``PreviousYear``).
    func writeComparing(_ previous: PreviousYear, results: RunResults, to output: OutputSink) {
        let l = language
        let entities = RegisterRunner.entities(of: results)
        switch format {
        case .csv:
            let captured = OutputSink(capturing: ())
            CSVWriter(language: l, threads: threads).write(results, to: captured)
            output.write(Self.addingPreviousColumns(captured.captured ?? "", entities: entities, previous: previous))
        case .json, .xlsx:
            // Refused with --compare-year by the command (text and CSV only).
            JSONWriter(language: l).write(results, to: output)
        case .text:
            var settings = report
            settings.threads = threads
            TextReport(language: l, settings: settings).write(results, to: output)
            let titles = Dictionary(results.models.map { ($0.model.id, $0.model.title(l)) }, uniquingKeysWith: { a, _ in a })
            output.write(Self.comparisonText(YearComparison.make(current: entities, previous: previous), previous: previous,
                                             titles: titles, language: l))
        }
    }

    /// The CSV with `prev_total,prev_level` at the end of the header and of every line (lines
    /// are in the order of `entities`: the writer's listing order).
    static func addingPreviousColumns(_ csv: String, entities: [CertifiedEntity], previous: PreviousYear) -> String {
        var out = ""
        out.reserveCapacity(csv.utf8.count + entities.count * 16)
        var quoted = false
        var line = 0
        var start = csv.startIndex
        var index = csv.startIndex
        while index < csv.endIndex {
            let character = csv[index]
            if character == "\"" { quoted.toggle() }
            if character == "\n" && !quoted {
                out += csv[start..<index]
                if line == 0 {
                    out += ",prev_total,prev_level"
                } else if line - 1 < entities.count, let before = previous.result(of: entities[line - 1]) {
                    out += "," + (before.total.map(String.init) ?? "") + "," + before.level
                } else {
                    out += ",,"
                }
                out += "\n"
                line += 1
                start = csv.index(after: index)
            }
            index = csv.index(after: index)
        }
        out += csv[start...]
        return out
    }

    static func percent(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) * 100 / Double(whole) }

    /// `61,7` (Vietnamese) or `61.7` (English).
    static func decimal(_ value: Double, _ l: Language, signed: Bool = false) -> String {
        let text = String(format: signed ? "%+.1f" : "%.1f", value)
        return l == .vietnamese ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func comparisonText(_ comparisons: [YearComparison], previous: PreviousYear, titles: [String: String], language l: Language) -> String {
        func result(_ entity: CertifiedEntity?) -> String {
            guard let entity else { return l.pick("không có", "none") }
            let level = StoredLevel.words(entity.level, l)
            return entity.total.map { level + l.pick(" (\($0) điểm)", " (\($0) points)") } ?? level
        }
        func names(_ list: [CertifiedEntity]) -> String { list.map { "\($0.key) \($0.name)" }.joined(separator: ", ") }
        let year = previous.year
        var out = ""
        for c in comparisons {
            let title = titles[c.model] ?? c.model
            out += "\n" + l.pick("SO SÁNH VỚI NĂM \(year) — \(title), xã \(c.commune)", "COMPARED WITH \(year) — \(title), commune \(c.commune)") + "\n"
            let now = percent(c.recognised, c.current.count), before = percent(c.previousRecognised, c.previousCount)
            out += l.pick("  Được công nhận: năm nay \(c.recognised)/\(c.current.count) (\(decimal(now, l)) %), năm \(year) \(c.previousRecognised)/\(c.previousCount) (\(decimal(before, l)) %); thay đổi \(decimal(now - before, l, signed: true)) điểm phần trăm",
                          "  Recognised: this year \(c.recognised)/\(c.current.count) (\(decimal(now, l)) %), \(year) \(c.previousRecognised)/\(c.previousCount) (\(decimal(before, l)) %); change \(decimal(now - before, l, signed: true)) percentage points") + "\n"
            out += l.pick("  Mới được công nhận (\(c.newlyRecognised.count))", "  Newly recognised (\(c.newlyRecognised.count))")
                + (c.newlyRecognised.isEmpty ? "" : ": " + names(c.newlyRecognised)) + "\n"
            out += l.pick("  Giữ được công nhận (\(c.kept.count))", "  Kept (\(c.kept.count))")
                + (c.kept.isEmpty ? "" : ": " + names(c.kept)) + "\n"
            let lost = c.lost.map { "\($0.entity.key) \($0.entity.name)" + ($0.missing ? l.pick(" (không có trong năm nay)", " (not in this year's files)") : "") }
            out += l.pick("  Không còn được công nhận (\(c.lost.count))", "  Lost (\(c.lost.count))")
                + (lost.isEmpty ? "" : ": " + lost.joined(separator: ", ")) + "\n"
            out += l.pick("  Từng hộ/đơn vị: năm nay | năm \(year)", "  Each entity: this year | \(year)") + "\n"
            for entity in c.current {
                out += "    \(entity.key) \(entity.name): \(result(entity)) | \(result(previous.result(of: entity)))\n"
            }
        }
        return out
    }
}

/// The words of a level stored in the register by its id (`tieu-bieu`, `dat`, `khong-dat`,
/// `loi`, or a province's own id, which is shown as it is).
enum StoredLevel {
    static func words(_ id: String, _ l: Language) -> String {
        if let label = LevelDefinition.builtInLabel(id) { return l.pick(label.vietnamese, label.english) }
        if id == Level.notCertifiedId { return CompiledModel.fixedLevelName(.notCertified, l) }
        if id == Level.errorId { return CompiledModel.fixedLevelName(.error, l) }
        return id
    }
}
