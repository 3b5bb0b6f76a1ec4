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
        var out = ByteBuffer(capacity: 1 << 20 + 4096)
        for results in models {
            let model = results.model
            let groupColumn = groupIds.map { id in model.groups.firstIndex { $0.definition.id == id } }
            var worded: [Reason: String] = [:]
            let prefix = Array((model.id + ",").utf8)
            // Text fields are read through the table's column views: no retain per value.
            let textSlot = { (field: Int) -> Int? in model.fieldTypes[field] == .text ? model.fieldSlots[field] : nil }
            let keyFields = model.displayKeyFieldIndexes
            let communeSlot = textSlot(model.communeFieldIndex), nameSlot = textSlot(model.nameFieldIndex)
            let keySlot = keyFields.count == 1 ? textSlot(keyFields[0]) : nil
            results.table.withColumns { columns in
                for entry in results.listing {
                    out.bytes.append(contentsOf: prefix)
                    switch entry {
                    case .scored(let row):
                        let isError = results.levels[row] == .error
                        Self.field(communeSlot.map { columns.text(slot: $0, row: row) } ?? results.commune(row: row), &out)
                        Self.field(keySlot.map { columns.text(slot: $0, row: row) } ?? results.key(row: row), &out)
                        Self.field(nameSlot.map { columns.text(slot: $0, row: row) } ?? results.name(row: row), &out)
                        if !isError { out.append(Int(results.totals[row])) }
                        out.append(byte: 0x2C)
                        out.append(results.levels[row].rawValue)
                        out.append(byte: 0x2C)
                        if !isError { out.append(Int(results.ranks[row])) }
                        for g in groupColumn {
                            out.append(byte: 0x2C)
                            if let g, !isError { out.append(results.groupPoints(row: row, group: g)) }
                        }
                        out.append(byte: 0x2C)
                        let reasons = results.reasons[row]
                        // Most reasons repeat ("TC1 được 10 điểm, …"): word each distinct one once.
                        func words(_ reason: Reason) -> String {
                            if let known = worded[reason] { return known }
                            let text = reason.message(in: language, model: model)
                            worded[reason] = text
                            return text
                        }
                        if reasons.count == 1 {
                            Self.quoted(words(reasons[0]), &out)
                        } else if !reasons.isEmpty {
                            Self.quoted(reasons.map(words).joined(separator: "; "), &out)
                        }
                    case .rejected(let index):
                        let rejected = results.rejected[index]
                        Self.field(rejected.commune, &out)
                        Self.field(rejected.key, &out)
                        Self.field(rejected.name, &out)
                        out.append("," + Level.error.rawValue + ",")
                        out.append(String(repeating: ",", count: groupColumn.count) + ",")
                        Self.quoted(rejected.problems.map { $0.message(in: language) }.joined(separator: "; "), &out)
                    }
                    out.append(byte: 0x0A)
                    out.flush(to: sink)
                }
            }
        }
        out.flush(to: sink, whenOver: 0)
    }

    /// Appends a field and the comma after it.
    private static func field(_ value: String, _ out: inout ByteBuffer) {
        quoted(value, &out)
        out.append(byte: 0x2C)
    }

    static func quoted(_ value: String, _ out: inout ByteBuffer) {
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(value)
            return
        }
        out.append(byte: 0x22)
        for byte in value.utf8 {
            out.append(byte: byte)
            if byte == 0x22 { out.append(byte: 0x22) }
        }
        out.append(byte: 0x22)
    }
}
