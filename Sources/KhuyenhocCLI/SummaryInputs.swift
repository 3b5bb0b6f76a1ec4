import Criteria
import Foundation
import Reports
import Survey
import TextSupport

/// Reads the CSV results other communes send (`khuyenhoc score --format csv` output, known by
/// its header `model,xa,id,name,total,level,rank…`) into a ``SummaryTally``.
///
/// Every row counts once, by its `model`, `xa` and `level`. A row that cannot be counted (a
/// level that is not one of `tieu-bieu`, `dat`, `khong-dat`, `loi`, a model the criteria do not
/// know, a missing cell) is a problem with the file, row, column and value; the summary then
/// still shows the rest, and the command ends with status 1.
///
/// ```swift
/// var tally = SummaryTally()
/// let problems = SummaryResultsFile.read(path: "ket-qua-long-huu.csv", models: criteria.models, into: &tally)
/// ```
enum SummaryResultsFile {
    struct Problem {
        var path: String
        var row: Int
        var column: String
        var value: String
        var expected: (vi: String, en: String)

        func message(_ l: Language) -> String {
            let name = (path as NSString).lastPathComponent
            return l.pick("\(name) dòng \(row), cột \"\(column)\": \"\(value)\" — cần \(expected.vi)",
                          "\(name) row \(row), column \"\(column)\": \"\(value)\" — expected \(expected.en)")
        }
    }

    /// Whether the file is a results CSV (and not a survey file).
    static func isResults(path: String) -> Bool {
        ["csv", "txt"].contains((path as NSString).pathExtension.lowercased()) && SurveyReader.isEarlierReport(path: path)
            && ((try? firstLine(path)) ?? "").hasPrefix("model,xa,id,name,total,level")
    }

    private static func firstLine(_ path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var bytes = [UInt8](try handle.read(upToCount: 4096) ?? Data())
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func read(path: String, models compiled: [CompiledModel], into tally: inout SummaryTally) -> [Problem] {
        let models = Set(compiled.map(\.id))
        guard let data = FileManager.default.contents(atPath: path) else {
            return [Problem(path: path, row: 0, column: "", value: "", expected: ("một tệp đọc được", "a readable file"))]
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let records = parse(String(decoding: bytes, as: UTF8.self))
        guard let header = records.first else { return [] }
        var problems: [Problem] = []
        guard let modelColumn = header.firstIndex(of: "model"), let communeColumn = header.firstIndex(of: "xa"),
              let levelColumn = header.firstIndex(of: "level") else {
            return [Problem(path: path, row: 1, column: "", value: header.joined(separator: ","),
                            expected: ("các cột model, xa, level", "the columns model, xa, level"))]
        }
        for (index, record) in records.enumerated().dropFirst() {
            if record == [""] { continue }   // a blank line
            let row = index + 1
            func cell(_ column: Int) -> String { column < record.count ? record[column] : "" }
            let model = cell(modelColumn), commune = cell(communeColumn), levelText = cell(levelColumn)
            guard models.contains(model) else {
                problems.append(Problem(path: path, row: row, column: "model", value: model,
                                        expected: ("một mô hình của tệp tiêu chí (\(models.sorted().joined(separator: ", ")))",
                                                   "a model of the criteria (\(models.sorted().joined(separator: ", ")))")))
                continue
            }
            let declared = compiled.first { $0.id == model }!
            guard let level = SummaryResult(id: levelText, in: declared) else {
                let ids = (declared.levels.map(\.id) + [Level.notCertifiedId, Level.errorId]).joined(separator: ", ")
                problems.append(Problem(path: path, row: row, column: "level", value: levelText,
                                        expected: ("một mức của mô hình: \(ids)", "a level of the model: \(ids)")))
                continue
            }
            guard !commune.isEmpty || level == .error else {
                problems.append(Problem(path: path, row: row, column: "xa", value: commune, expected: ("tên xã", "a commune name")))
                continue
            }
            tally.add(model: model, commune: commune, level: level)
        }
        return problems
    }

    /// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                    } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\r": continue
            case "\n": record.append(field); records.append(record); record = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
