import Criteria
import Foundation
@testable import KhuyenhocCLI
import Reports
import Register
import SurveySamples
import Testing
import TextSupport

/// `khuyenhoc summary` (issue 16, part 1): every figure of the summary is counted again here,
/// independently, from the CSV results the communes would send (`score --format csv`).
@Suite(.serialized) struct SummaryTests {
    /// Generated survey files of several communes (about 5,000 households each), scored once.
    static let generated: (folder: String, results: String) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-summary-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let survey = folder.appendingPathComponent("survey")
        let report = CriteriaLoader().load(paths: [CLIFixtures.criteriaFolder])
        _ = try! SampleGenerator(criteria: report.criteria, households: 14_000, seed: 16).write(to: survey)
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .csv
        let results = folder.appendingPathComponent("ket-qua.csv").path
        var messages = ""
        let sink = try! OutputSink(path: results)
        _ = runner.run(inputs: [survey.path], criteriaPaths: [CLIFixtures.criteriaFolder], output: sink, messages: &messages)
        return (survey.path, results)
    }()

    /// A plain CSV reader for the test's own counting (fields may be quoted).
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, previousQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; previousQuote = true } else { field.append(c) }
                continue
            }
            if c == "\"" { if previousQuote { field.append("\"") }; quoted = true; previousQuote = false; continue }
            previousQuote = false
            if c == "," { record.append(field); field = "" }
            else if c == "\n" { record.append(field); records.append(record); record = []; field = "" }
            else if c != "\r" { field.append(c) }
        }
        if !record.isEmpty || !field.isEmpty { record.append(field); records.append(record) }
        return records
    }

    struct Count: Equatable { var registered = 0, recognised = 0, exemplary = 0, errors = 0 }

    /// (commune, model) → counts, from the results CSV.
    static func count(_ resultsCSV: String) -> [String: [String: Count]] {
        let rows = records(resultsCSV)
        let header = rows[0]
        let m = header.firstIndex(of: "model")!, x = header.firstIndex(of: "xa")!, lv = header.firstIndex(of: "level")!
        var counts: [String: [String: Count]] = [:]
        for row in rows.dropFirst() {
            var c = counts[row[x], default: [:]][row[m], default: Count()]
            switch row[lv] {
            case "tieu-bieu": c.registered += 1; c.recognised += 1; c.exemplary += 1
            case "dat": c.registered += 1; c.recognised += 1
            case "khong-dat": c.registered += 1
            case "loi": c.errors += 1
            default: Issue.record("unexpected level \(row[lv])")
            }
            counts[row[x], default: [:]][row[m]] = c
        }
        return counts
    }

    /// Four decimals, rounded half up, from whole numbers.
    static func fourDecimals(_ part: Int, _ whole: Int) -> String {
        let tenThousandths = (part * 20_000 + whole) / (2 * whole)
        return String(format: "%d.%04d", tenThousandths / 10_000, tenThousandths % 10_000)
    }

    func summary(_ inputs: [String], format: SummaryFormat = .csv, year: Int? = 2025, criteria: String = CLIFixtures.criteriaFolder,
                 configure: (inout SummaryRunner) -> Void = { _ in }) throws -> (status: Int32, output: String, messages: String) {
        var runner = SummaryRunner(language: .vietnamese)
        runner.criteriaPaths = [criteria]
        runner.year = year
        runner.report.width = 132
        configure(&runner)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var messages = ""
        let status = runner.run(inputs: inputs, format: format, output: out, messages: &messages)
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", messages)
    }

    /// The results CSV cut into one file per commune, as each commune would send its own.
    static func perCommuneFiles() throws -> [String] {
        let text = try String(contentsOfFile: generated.results, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0]
        var byCommune: [String: [String]] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            byCommune[records(line + "\n")[0][1], default: []].append(line)
        }
        let folder = URL(fileURLWithPath: generated.results).deletingLastPathComponent().appendingPathComponent("communes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try byCommune.keys.sorted().enumerated().map { i, commune in
            let path = folder.appendingPathComponent("xa-\(i).csv").path
            try ([header] + byCommune[commune]!).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test("CSV summary of the communes' results: every figure equals the test's own count")
    func csvFiguresEqualAnIndependentCount() throws {
        let files = try Self.perCommuneFiles()
        #expect(files.count >= 2, "the generated data should have several communes")
        let counts = Self.count(try String(contentsOfFile: Self.generated.results, encoding: .utf8))
        let result = try summary(files)
        #expect(result.status == 0, "\(result.messages)")
        let rows = Self.records(result.output)
        #expect(rows[0] == ["xa", "model", "registered", "recognised", "tieu_bieu", "errors", "share", "target"])
        // Published targets for 2025 (387/QĐ-TTg): families 70 %, clans 65 %, hamlets 65 %.
        let targets = ["gia-dinh-hoc-tap": "0.7000", "dong-ho-hoc-tap": "0.6500", "cong-dong-hoc-tap": "0.6500"]
        let communes = counts.keys.sorted { $0.folding(options: .diacriticInsensitive, locale: nil) < $1.folding(options: .diacriticInsensitive, locale: nil) }
        var expected: [[String]] = []
        for model in ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"] {
            var total = Count()
            for commune in communes {
                let c = counts[commune]?[model] ?? Count()
                total.registered += c.registered; total.recognised += c.recognised; total.exemplary += c.exemplary; total.errors += c.errors
                expected.append([commune, model, "\(c.registered)", "\(c.recognised)", "\(c.exemplary)", "\(c.errors)",
                                 c.registered == 0 ? "" : Self.fourDecimals(c.recognised, c.registered), targets[model]!])
            }
            expected.append(["TOÀN TỈNH", model, "\(total.registered)", "\(total.recognised)", "\(total.exemplary)", "\(total.errors)",
                             Self.fourDecimals(total.recognised, total.registered), targets[model]!])
        }
        #expect(Array(rows.dropFirst()) == expected)
    }

    @Test("the survey files scored by summary give the same figures as the results they produce")
    func surveyFilesGiveTheSameSummary() throws {
        let fromResults = try summary([Self.generated.results])
        let fromSurvey = try summary([Self.generated.folder])
        #expect(fromSurvey.status == 0)
        #expect(fromSurvey.output == fromResults.output)
    }

    @Test("the text shows X/Y (Z%), the target and how many short or over, per commune and for the province")
    func textFigures() throws {
        let counts = Self.count(try String(contentsOfFile: Self.generated.results, encoding: .utf8))
        let result = try summary([Self.generated.results], format: .text)
        #expect(result.status == 0)
        func grouped(_ n: Int) -> String {
            let f = NumberFormatter(); f.numberStyle = .decimal; f.groupingSeparator = "."; f.usesGroupingSeparator = true
            return f.string(from: NSNumber(value: n))!
        }
        func percent(_ part: Int, _ whole: Int) -> String {
            let tenths = (part * 2000 + whole) / (2 * whole)
            return "\(tenths / 10),\(tenths % 10)%"
        }
        for (commune, models) in counts {
            let c = models["gia-dinh-hoc-tap"]!
            let needed = Int((Double(c.registered) * 0.7).rounded(.up))
            let margin = c.recognised - needed
            let words = margin < 0 ? "thiếu \(grouped(-margin))" : (margin == 0 ? "đạt" : "đạt, vượt \(grouped(margin))")
            let line = result.output.split(separator: "\n").first { $0.contains(" \(commune) ") && $0.contains("\(grouped(c.recognised))/\(grouped(c.registered)) (\(percent(c.recognised, c.registered)))") }
            #expect(line != nil, "no line for \(commune)")
            #expect(line?.hasSuffix(words) == true, "\(line ?? "") should end with \(words)")
            #expect(line?.contains("70,0%") == true)
            // The bar of the commune: the target marked at 70 % of 40 cells.
            let bar = result.output.split(separator: "\n").first { $0.hasPrefix(" \(commune) ") && $0.contains("█") }
            #expect(bar.map { String($0).components(separatedBy: "│")[0].filter { $0 == "█" || $0 == "░" }.count } == 28)
        }
        #expect(result.output.contains("TOÀN TỈNH"))
        #expect(result.output.contains("Quyết định 387/QĐ-TTg"))
    }

    /// The target is data: a criteria copy whose household target is put just above the
    /// commune's share turns "met" into "short".
    @Test("editing a target in a criteria copy changes met / short")
    func editedTargetChangesTheVerdict() throws {
        let counts = Self.count(try String(contentsOfFile: Self.generated.results, encoding: .utf8))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("criteria-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: CLIFixtures.criteriaFolder, toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let file = copy.appendingPathComponent("gia-dinh-hoc-tap.xml")
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(xml.contains("<target year=\"2025\" share=\"0.70\"/>"))
        try xml.replacingOccurrences(of: "<target year=\"2025\" share=\"0.70\"/>", with: "<target year=\"2025\" share=\"0.95\"/>")
            .write(to: file, atomically: true, encoding: .utf8)
        let before = try summary([Self.generated.results], format: .json)
        let after = try summary([Self.generated.results], format: .json, criteria: copy.path)
        #expect(after.status == 0, "\(after.messages)")
        func households(_ json: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            let model = (object["models"] as! [[String: Any]]).first { $0["model"] as? String == "gia-dinh-hoc-tap" }!
            return model["communes"] as! [[String: Any]]
        }
        for (old, new) in zip(try households(before.output), try households(after.output)) {
            let c = counts[old["xa"] as! String]!["gia-dinh-hoc-tap"]!
            #expect(old["met"] as? Bool == (c.recognised * 10 >= c.registered * 7))
            #expect(new["met"] as? Bool == false)
            #expect(new["target"] as? Double == 0.95)
            #expect(new["short_by"] as? Int == Int((Double(c.registered) * 0.95).rounded(.up)) - c.recognised)
        }
        // The text says so too.
        let text = try summary([Self.generated.results], format: .text, criteria: copy.path)
        #expect(text.output.contains("95,0%") && text.output.contains("thiếu"))
    }

    @Test("a target with when applies to the commune declared under it (281/QĐ-TTg, 2020: 60 % in disadvantaged areas)")
    func conditionalTarget() throws {
        let counts = Self.count(try String(contentsOfFile: Self.generated.results, encoding: .utf8))
        let communes = counts.keys.sorted { $0.folding(options: .diacriticInsensitive, locale: nil) < $1.folding(options: .diacriticInsensitive, locale: nil) }
        let poor = communes[0]
        let result = try summary([Self.generated.results], year: 2020) { $0.conditions[poor] = ["vung_kho_khan"] }
        let rows = Self.records(result.output).filter { $0[1] == "gia-dinh-hoc-tap" }
        #expect(rows.first { $0[0] == poor }?[7] == "0.6000")
        #expect(rows.first { $0[0] == communes[1] }?[7] == "0.7000")
        // The province: the communes' targets weighted by what each registered.
        let weighted = communes.reduce(0) { $0 + (counts[$1]!["gia-dinh-hoc-tap"]!.registered * ($1 == poor ? 6_000 : 7_000)) }
        let registered = communes.reduce(0) { $0 + counts[$1]!["gia-dinh-hoc-tap"]!.registered }
        #expect(rows.last?[0] == "TOÀN TỈNH")
        #expect(rows.last?[7] == Self.fourDecimals(weighted, registered * 10_000))
        // A year between milestones is measured against the next one; after the last, no target.
        #expect(Self.records(try summary([Self.generated.results], year: 2023).output)[1][7] == "0.7000")
        #expect(Self.records(try summary([Self.generated.results], year: 2031).output)[1][7] == "")
    }

    @Test("--compare-year: the change of share in points against the compared year's files")
    func compareYear() throws {
        let files = try Self.perCommuneFiles()
        let counts = Self.count(try String(contentsOfFile: Self.generated.results, encoding: .utf8))
        // The compared year: only the first commune's file.
        let result = try summary([Self.generated.results]) { runner in
            runner.compareYear = 2024
            runner.compareInputs = [files[0]]
        }
        let rows = Self.records(result.output)
        #expect(rows[0].suffix(2) == ["compare_share", "change"])
        let first = Self.records(try String(contentsOfFile: files[0], encoding: .utf8))[1][1]
        let row = rows.first { $0[0] == first && $0[1] == "gia-dinh-hoc-tap" }!
        #expect(row[8] == row[6])   // the same file both years
        #expect(row[9] == "0.0")
        let other = rows.first { $0[0] != first && $0[0] != "TOÀN TỈNH" && $0[1] == "gia-dinh-hoc-tap" }!
        #expect(other[8] == "" && other[9] == "")
        _ = counts
    }

    @Test("a results row that cannot be counted is named with file, row, column and value; exit 1")
    func badResultsRow() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xa-loi-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "model,xa,id,name,total,level,rank,TC1,TC2,TC3,TC4,reasons\ngia-dinh-hoc-tap,Long Hữu,HO1,A,90,dat,1,30,30,20,10,\ngia-dinh-hoc-tap,Long Hữu,HO2,B,90,dat-roi,1,30,30,20,10,\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try summary([path])
        #expect(result.status == 1)
        #expect(result.messages.contains("dòng 3, cột \"level\": \"dat-roi\""))
        // The row that could be read is still summed.
        #expect(Self.records(result.output)[1] == ["Long Hữu", "gia-dinh-hoc-tap", "1", "1", "0", "0", "1.0000", "0.7000"])
    }

    @Test("no INPUT: the register's current files of the year give the files' summary")
    func fromTheRegister() throws {
        let register = FileManager.default.temporaryDirectory.appendingPathComponent("summary-register-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: register + suffix) } }
        var log = ""
        let samples = CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path
        let importer = RegisterRunner(language: .vietnamese, registerPath: register, criteriaPaths: [CLIFixtures.criteriaFolder])
        #expect(importer.importFiles(ImportRequest(paths: [samples], year: 2025, clerk: "test"), output: &log) == 0, "\(log)")
        let fromRegister = try summary([]) { $0.registerPath = register }
        let fromFiles = try summary([samples])
        #expect(fromRegister.status == 0, "\(fromRegister.messages)")
        #expect(fromRegister.output == fromFiles.output)
        // Samples/expected.csv, counted by hand in Samples/README.md: 356 households scored, 4 in error.
        #expect(Self.records(fromFiles.output)[1].prefix(6) == ["Long Hữu", "gia-dinh-hoc-tap", "356", "222", "83", "4"])
    }

    @Test("--paginate: pages of at most --page-lines lines, the table header repeated, the signature on one page")
    func paginated() throws {
        let result = try summary([Self.generated.results], format: .text) { runner in
            runner.report.paginate = true
            runner.report.pageLines = 25
            runner.report.organization = "Hội Khuyến học tỉnh"
            runner.report.signer = "Nguyễn Văn A"
        }
        let pages = result.output.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(pages.count >= 3)
        for page in pages {
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty || true }
            #expect(lines.count <= 26, "a page of \(lines.count) lines")
        }
        // A page that continues a table starts with its header.
        let continued = pages.dropFirst().filter { $0.contains("TOÀN TỈNH") && !$0.contains("Mục tiêu năm") }
        for page in continued { #expect(page.contains("  STT  Xã, phường")) }
        let last = try #require(pages.last)
        #expect(last.contains("Nơi nhận:") && last.contains("Nguyễn Văn A"))
    }

    @Test("--lang en: the summary's own words in English, decimal points, names as they are")
    func english() throws {
        let result = try summary([Self.generated.results], format: .text) { $0.language = .english }
        #expect(result.output.contains("SUMMARY OF THE LEARNING MODELS 2025"))
        #expect(result.output.contains("Against target"))
        #expect(result.output.contains("WHOLE PROVINCE"))
        #expect(result.output.contains("70.0%"))
        for word in ["Đánh giá", "Mục tiêu năm", "thiếu", "vượt", "TOÀN TỈNH", "70,0%"] {
            #expect(!result.output.contains(word), "\(word)")
        }
    }

    @Test("the summary's help lists every option ArgumentParser knows, in both languages")
    func helpCoversEveryOption() throws {
        let parserHelp = Khuyenhoc.helpMessage(for: SummaryCommand.self)
        let options = Set(try NSRegularExpression(pattern: "--[a-z0-9-]+").matches(in: parserHelp, range: NSRange(parserHelp.startIndex..., in: parserHelp))
            .map { (parserHelp as NSString).substring(with: $0.range) })
        for language in [Language.vietnamese, .english] {
            let text = CommandHelp.summary.text(in: language)
            for option in options { #expect(text.contains(option + " ") || text.contains(option + "\n"), "\(language): \(option)") }
        }
    }
}
