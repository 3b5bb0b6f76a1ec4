import Criteria
import Foundation
import Reports
import Scoring
import Testing

/// The machine-readable outputs follow the contract of survey-files.md and the committed schema.
@Suite struct OutputContractTests {
    let criteria: CriteriaSet
    init() throws { criteria = try loadCriteria() }

    func run(seed: UInt64) throws -> RunResults {
        let (data, _) = try ScoringPropertyTests().generate(seed: seed)
        return ScoringEngine(criteria: criteria).score(data)
    }

    func json(_ run: RunResults) throws -> Any {
        let sink = OutputSink(capturing: ())
        JSONWriter(language: .vietnamese).write(run, to: sink)
        return try JSONSerialization.jsonObject(with: Data(sink.captured!.utf8))
    }

    func schema() throws -> [String: Any] {
        let url = repositoryRoot.appendingPathComponent("Schemas/score-output.schema.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    @Test func jsonOutputValidatesAgainstTheSchema() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let problems = SchemaValidator.validate(try json(try run(seed: seed)), against: try schema())
            #expect(problems.isEmpty, "\(problems.prefix(5))")
        }
    }

    @Test func theValidatorRejectsAWrongDocument() throws {
        var document = try json(try run(seed: 1)) as! [String: Any]
        var results = document["results"] as! [[String: Any]]
        results[0]["level"] = "Đạt"   // a label where the id belongs
        results[1]["total"] = "80"
        results[2].removeValue(forKey: "rank")
        document["results"] = results
        let problems = SchemaValidator.validate(document, against: try schema())
        #expect(problems.count == 3)
    }

    @Test func csvHasTheContractColumnsAndTheSameFactsAsJSON() throws {
        let run = try run(seed: 7)
        let sink = OutputSink(capturing: ())
        CSVWriter(language: .vietnamese).write(run, to: sink)
        let lines = sink.captured!.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "model,xa,id,name,total,level,rank,TC1,TC2,TC3,TC4,reasons")
        let rows = lines.dropFirst().map { CSVTestParser.fields(String($0)) }
        let json = (try json(run) as! [String: Any])["results"] as! [[String: Any]]
        #expect(rows.count == json.count)
        let inputRows = run.models.reduce(0) { $0 + $1.count + $1.rejected.count }
        #expect(rows.count == inputRows)
        for (csv, object) in zip(rows, json) {
            #expect(csv.count == 12)
            #expect(csv[0] == object["model"] as? String)
            #expect(csv[2] == object["id"] as? String)
            #expect(csv[5] == object["level"] as? String)
            if csv[5] == "loi" {
                #expect(csv[4].isEmpty && csv[6].isEmpty && csv[7].isEmpty)
                #expect(!csv[11].isEmpty)
            } else {
                #expect(Int(csv[4]) == object["total"] as? Int)
                #expect(Int(csv[6]) == object["rank"] as? Int)
            }
        }
    }
}

/// Splits one CSV line with RFC 4180 quotes (test helper; lines here hold no newlines).
enum CSVTestParser {
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { out.append(field); field = "" }
            else { field.append(c) }
        }
        out.append(field)
        return out
    }
}

/// The part of JSON Schema the output schema uses: type, enum, pattern, required, properties,
/// additionalProperties (false or a schema) and items.
enum SchemaValidator {
    static func validate(_ value: Any, against schema: [String: Any], path: String = "$") -> [String] {
        var problems: [String] = []
        if let allowed = schema["enum"] as? [Any] {
            if !allowed.contains(where: { "\($0)" == "\(value)" && type(of: $0) == type(of: value) }) { problems.append("\(path): \(value) not in enum") }
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): \(text) does not match \(pattern)")
        }
        if let t = schema["type"] {
            let types = (t as? [String]) ?? [t as! String]
            if !types.contains(where: { matches(value, $0) }) { problems.append("\(path): expected \(types)"); return problems }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let sub = properties[key] as? [String: Any] {
                    problems += validate(item, against: sub, path: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    if let sub = extra as? [String: Any] { problems += validate(item, against: sub, path: "\(path).\(key)") }
                    else if (extra as? Bool) == false { problems.append("\(path): unexpected \(key)") }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { problems += validate(item, against: items, path: "\(path)[\(i)]") }
        }
        return problems
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "integer":
            guard let n = value as? NSNumber, !(value is String) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "boolean": return value is Bool
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        default: return false
        }
    }
}
