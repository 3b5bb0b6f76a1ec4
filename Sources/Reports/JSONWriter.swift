import Criteria
import Records
import Foundation
import Scoring
import TextSupport

/// Writes the scoring output as JSON: the same facts as the CSV, plus for every entity its
/// points per indicator, the rule that fired, the pass mark that applied, where the row came
/// from, and its reasons. The shape is described by `Schemas/score-output.schema.json`.
///
/// ```swift
/// JSONWriter(language: .english).write(results, to: sink)
/// ```
public struct JSONWriter {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    public func write(_ run: RunResults, to sink: OutputSink) {
        sink.write("{\n  \"format\": \"khuyenhoc-score/1\",\n  \"language\": \(Self.string(language.rawValue)),\n  \"models\": [")
        for (m, results) in run.outputOrder.enumerated() {
            let model = results.model
            sink.write(m == 0 ? "\n" : ",\n")
            sink.write("    {\"id\": \(Self.string(model.id)), \"version\": \(Self.string(model.definition.version)), ")
            sink.write("\"title\": \(Self.string(model.title(language))), \"total\": \(model.definition.totalPoints), ")
            sink.write("\"groups\": [" + model.groups.map { group in
                "{\"id\": \(Self.string(group.definition.id)), \"max\": \(group.definition.maximum), \"min\": \(group.definition.minimum), \"indicators\": ["
                    + group.indicators.map { "{\"id\": \(Self.string($0.definition.id)), \"max\": \($0.definition.maximum)}" }.joined(separator: ", ")
                    + "]}"
            }.joined(separator: ", ") + "], ")
            sink.write("\"levels\": [" + model.levels.map { level in
                "{\"id\": \(Self.string(level.id)), \"label\": \(Self.string(language.pick(level.label, optionalEnglish: level.labelEnglish))), "
                    + "\"certified\": \(level.certified)}"
            }.joined(separator: ", ") + "]}")
        }
        sink.write("\n  ],\n  \"results\": [")
        var first = true
        for results in run.outputOrder {
            for entry in results.listing {
                sink.write(first ? "\n    " : ",\n    ")
                first = false
                sink.write(entity(entry, results, run.sources))
            }
        }
        sink.write("\n  ]\n}\n")
    }

    private func entity(_ entry: ListingEntry, _ results: ModelResults, _ sources: [SurveySource]) -> String {
        let model = results.model
        var parts: [String] = ["\"model\": \(Self.string(model.id))"]
        func source(_ origin: RowOrigin) -> String {
            let s = sources.indices.contains(Int(origin.source)) ? sources[Int(origin.source)] : SurveySource(path: "?")
            return "{\"file\": \(Self.string(s.path)), \"sheet\": \(s.sheet.map(Self.string) ?? "null"), \"row\": \(origin.row)}"
        }
        switch entry {
        case .rejected(let index):
            let row = results.rejected[index]
            parts += ["\"xa\": \(Self.string(row.commune))", "\"id\": \(Self.string(row.key))", "\"name\": \(Self.string(row.name))",
                      "\"total\": null", "\"level\": \"loi\"", "\"levelLabel\": \(Self.string(model.levelName(.error, language)))", "\"rank\": null", "\"groups\": {}", "\"indicators\": []",
                      "\"passMark\": null",
                      "\"reasons\": [" + row.problems.map { Self.string($0.message(in: language)) }.joined(separator: ", ") + "]",
                      "\"source\": \(source(row.origin))"]
        case .scored(let row):
            let isError = results.levels[row] == .error
            parts += ["\"xa\": \(Self.string(results.commune(row: row)))", "\"id\": \(Self.string(results.key(row: row)))",
                      "\"name\": \(Self.string(results.name(row: row)))"]
            if let hamlet = results.hamlet(row: row) { parts.append("\"hamlet\": \(Self.string(hamlet))") }
            parts.append("\"total\": " + (isError ? "null" : String(results.totals[row])))
            parts.append("\"level\": \(Self.string(results.levelId(row: row)))")
            parts.append("\"levelLabel\": \(Self.string(model.levelName(results.levels[row], language)))")
            parts.append("\"rank\": " + (isError ? "null" : String(results.ranks[row])))
            if isError {
                parts += ["\"groups\": {}", "\"indicators\": []", "\"passMark\": null"]
            } else {
                parts.append("\"groups\": {" + model.groups.enumerated().map { g, group in
                    "\(Self.string(group.definition.id)): \(results.groupPoints(row: row, group: g))"
                }.joined(separator: ", ") + "}")
                var indicators: [String] = []
                var i = 0
                for group in model.groups {
                    for indicator in group.indicators {
                        let fired = results.firedRule(row: row, indicator: i)
                        let rule = indicator.rules[fired]
                        indicators.append("{\"id\": \(Self.string(indicator.definition.id)), \"points\": \(results.points(row: row, indicator: i)), \"max\": \(indicator.definition.maximum), \"rule\": \(fired + 1), \"when\": \(rule.text.map(Self.string) ?? "null")}")
                        i += 1
                    }
                }
                parts.append("\"indicators\": [" + indicators.joined(separator: ", ") + "]")
                if let mark = results.passMark(row: row) {
                    parts.append("\"passMark\": {\"value\": \(mark.definition.value), \"when\": \(mark.definition.condition.map(Self.string) ?? "null")}")
                } else {
                    parts.append("\"passMark\": null")
                }
            }
            parts.append("\"reasons\": [" + results.reasons[row].map { Self.string($0.message(in: language, model: model)) }.joined(separator: ", ") + "]")
            parts.append("\"source\": \(source(results.table.origins[row]))")
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
