import TextSupport

/// The summary as CSV (the contract of `shared/spec/summary.md`): UTF-8, a header row
/// `xa,model,registered,recognised,tieu_bieu,errors,share,target`, one row per commune and
/// model, then per model a row with `xa` = `TOÀN TỈNH`; `share` with four decimals (empty when
/// nothing was registered), `target` likewise (empty without a target). With `--compare-year`
/// two more columns: `compare_share` and `change` (points of percentage, one decimal).
///
/// ```swift
/// SummaryCSV().write(summary, to: sink)
/// ```
public struct SummaryCSV {
    public init() {}

    public func write(_ summary: Summary, to sink: OutputSink) {
        let compare = summary.compareYear != nil
        var text = "xa,model,registered,recognised,tieu_bieu,errors,share,target" + (compare ? ",compare_share,change" : "") + "\n"
        for model in summary.models {
            for line in model.communes + [model.total] {
                let c = line.counts
                var fields = [line.name ?? SummaryWords.province(.vietnamese), model.definition.id, "\(c.registered)", "\(c.recognised)",
                              "\(c.exemplary)", "\(c.errors)", line.shareTenThousandths.map(SummaryWords.decimal) ?? "",
                              line.target.map(SummaryWords.decimal) ?? ""]
                if compare {
                    let old = line.compared.flatMap { c -> Int? in
                        c.registered > 0 ? (2 * 10_000 * c.recognised + c.registered) / (2 * c.registered) : nil
                    }
                    fields.append(old.map(SummaryWords.decimal) ?? "")
                    fields.append(line.changeTenthsOfPoints.map { t in (t < 0 ? "-" : "") + "\(abs(t) / 10).\(abs(t) % 10)" } ?? "")
                }
                text += fields.map(Self.field).joined(separator: ",") + "\n"
            }
        }
        sink.write(text)
        sink.flush()
    }

    /// Quoted when needed; a cell starting like a formula is neutralised with a leading `'`.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.utf8.first, CSVWriter.startsLikeFormula(first) && Int(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The summary as JSON: the CSV's facts with the targets' years and bases, needed counts and
/// margins, and the hamlets of a single commune.
///
/// ```swift
/// SummaryJSON(language: .vietnamese).write(summary, to: sink)
/// ```
public struct SummaryJSON {
    public var language: Language

    public init(language: Language) { self.language = language }

    public func write(_ summary: Summary, to sink: OutputSink) {
        var out = "{\n  \"format\": \"khuyenhoc-summary/1\",\n"
        out += "  \"year\": \(summary.year.map(String.init) ?? "null"),\n"
        out += "  \"compare_year\": \(summary.compareYear.map(String.init) ?? "null"),\n  \"models\": ["
        for (m, model) in summary.models.enumerated() {
            out += m == 0 ? "\n" : ",\n"
            out += "    {\"model\": \(JSONWriter.string(model.definition.id)), \"title\": \(JSONWriter.string(model.title(language))), "
            out += "\"target_year\": \(model.targetYear.map(String.init) ?? "null"), "
            out += "\"target_basis\": \(model.targetBasis.map(JSONWriter.string) ?? "null"),\n"
            out += "     \"communes\": [" + model.communes.map(line).joined(separator: ", ") + "],\n"
            out += "     \"total\": " + line(model.total) + ",\n"
            out += "     \"hamlets\": [" + model.hamlets.map(line).joined(separator: ", ") + "]}"
        }
        out += "\n  ]\n}\n"
        sink.write(out)
        sink.flush()
    }

    private func line(_ line: SummaryLine) -> String {
        let c = line.counts
        var fields = [
            "\"xa\": " + JSONWriter.string(line.name ?? SummaryWords.province(.vietnamese)),
            "\"registered\": \(c.registered)", "\"recognised\": \(c.recognised)", "\"tieu_bieu\": \(c.exemplary)",
            "\"dat\": \(c.certified)", "\"khong_dat\": \(c.notCertified)", "\"errors\": \(c.errors)",
            "\"share\": " + (line.shareTenThousandths.map(SummaryWords.decimal) ?? "null"),
            "\"target\": " + (line.target.map(SummaryWords.decimal) ?? "null"),
            "\"needed\": " + (line.needed.map(String.init) ?? "null"),
            "\"met\": " + (line.margin.map { $0 >= 0 ? "true" : "false" } ?? "null"),
            "\"short_by\": " + (line.margin.map { String(max(0, -$0)) } ?? "null"),
        ]
        if line.compared != nil {
            fields.append("\"change_points\": " + (line.changeTenthsOfPoints.map { t in (t < 0 ? "-" : "") + "\(abs(t) / 10).\(abs(t) % 10)" } ?? "null"))
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
