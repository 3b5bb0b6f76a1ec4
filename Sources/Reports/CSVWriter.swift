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
            var worded: [Reason: String] = [:]
            for entry in results.listing {
                switch entry {
                case .scored(let row):
                    let isError = results.levels[row] == .error
                    Self.field(model.id, sink)
                    Self.field(results.commune(row: row), sink)
                    Self.field(results.key(row: row), sink)
                    Self.field(results.name(row: row), sink)
                    if !isError { sink.append(Int(results.totals[row])) }
                    sink.append(",")
                    sink.append(results.levels[row].rawValue)
                    sink.append(",")
                    if !isError { sink.append(Int(results.ranks[row])) }
                    for g in groupColumn {
                        sink.append(",")
                        if let g, !isError { sink.append(results.groupPoints(row: row, group: g)) }
                    }
                    sink.append(",")
                    let reasons = results.reasons[row]
                    if !reasons.isEmpty {
                        // Most reasons repeat ("TC1 được 10 điểm, …"): word each distinct one once.
                        Self.quoted(reasons.map { reason in
                            if let known = worded[reason] { return known }
                            let text = reason.message(in: language, model: model)
                            worded[reason] = text
                            return text
                        }.joined(separator: "; "), sink)
                    }
                case .rejected(let index):
                    let rejected = results.rejected[index]
                    Self.field(model.id, sink)
                    Self.field(rejected.commune, sink)
                    Self.field(rejected.key, sink)
                    Self.field(rejected.name, sink)
                    sink.append("," + Level.error.rawValue + ",")
                    sink.append(String(repeating: ",", count: groupColumn.count) + ",")
                    Self.quoted(rejected.problems.map { $0.message(in: language) }.joined(separator: "; "), sink)
                }
                sink.endLine()
            }
        }
    }

    /// Appends a field and the comma after it.
    private static func field(_ value: String, _ sink: OutputSink) {
        quoted(value, sink)
        sink.append(",")
    }

    static func quoted(_ value: String, _ sink: OutputSink) {
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            sink.append(value)
            return
        }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(value.utf8.count + 4)
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        sink.append(bytes: bytes)
    }
}
