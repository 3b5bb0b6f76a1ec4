import Criteria
import Scoring
import TextSupport

/// Writes the scoring output contract as CSV: UTF-8, a header row, one row per input entity of
/// every model, in listing order.
///
/// Columns: `model,xa,id,name,total,level,rank`, then one column per criteria group id found in
/// any model (in order of first appearance: `TC1`, `TC2`, …; empty where a model has no such
/// group), then `reasons` (joined with `; `). Fields are quoted as RFC 4180 says; lines end in LF.
///
/// ```swift
/// CSVWriter(language: .vietnamese).write(results, to: sink)
/// ```
public struct CSVWriter {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    public func write(_ run: RunResults, to sink: OutputSink) {
        let models = run.outputOrder
        var groupIds: [String] = []
        for model in models {
            for group in model.model.groups where !groupIds.contains(group.definition.id) {
                groupIds.append(group.definition.id)
            }
        }
        sink.write((["model", "xa", "id", "name", "total", "level", "rank"] + groupIds + ["reasons"]).joined(separator: ",") + "\n")
        for results in models {
            let model = results.model
            let groupColumn = groupIds.map { id in model.groups.firstIndex { $0.definition.id == id } }
            var line = ""
            for entry in results.listing {
                line.removeAll(keepingCapacity: true)
                switch entry {
                case .scored(let row):
                    let isError = results.levels[row] == .error
                    Self.field(model.id, &line)
                    Self.field(results.commune(row: row), &line)
                    Self.field(results.key(row: row), &line)
                    Self.field(results.name(row: row), &line)
                    line += isError ? "," : String(results.totals[row]) + ","
                    line += results.levels[row].rawValue + ","
                    if !isError { line += String(results.ranks[row]) }
                    for g in groupColumn {
                        line += ","
                        if let g, !isError { line += String(results.groupPoints(row: row, group: g)) }
                    }
                    line += ","
                    Self.quoted(results.reasons[row].map { $0.message(in: language, model: model) }.joined(separator: "; "), &line)
                case .rejected(let index):
                    let rejected = results.rejected[index]
                    Self.field(model.id, &line)
                    Self.field(rejected.commune, &line)
                    Self.field(rejected.key, &line)
                    Self.field(rejected.name, &line)
                    line += "," + Level.error.rawValue + ","
                    line += String(repeating: ",", count: groupColumn.count) + ","
                    Self.quoted(rejected.problems.map { $0.message(in: language) }.joined(separator: "; "), &line)
                }
                line += "\n"
                sink.write(line)
            }
        }
    }

    /// Appends a field and the comma after it.
    private static func field(_ value: String, _ line: inout String) {
        quoted(value, &line)
        line += ","
    }

    static func quoted(_ value: String, _ line: inout String) {
        if value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            line += "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        } else {
            line += value
        }
    }
}
