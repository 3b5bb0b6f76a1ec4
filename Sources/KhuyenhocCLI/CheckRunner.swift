import Foundation
import Criteria
import Scoring
import Survey
import TextSupport

/// `khuyenhoc check`: loads criteria files and says, per model, that it is usable or what is
/// wrong (errors, with file and line), and what looks mistaken (warnings, which do not stop
/// scoring).
///
/// A folder is checked whole. A file named alone is checked with the files beside it that it
/// relates to, or that relate to it (``CriteriaLoader/relatedFiles(of:)``): `check` says which
/// it used, and reports only the named file's own problems. A mistake in a related file is
/// never reported as the named file's: the named file is then "not checked", with the file to
/// fix first.
///
/// ```swift
/// var out = ""
/// let status = CheckRunner(language: .vietnamese).run(paths: ["Criteria/dong-ho-hoc-tap.xml"], output: &out)
/// ```
public struct CheckRunner {
    public var language: Language
    /// Survey files to score with the criteria (`--sample`): a declared level that none of
    /// their entities reaches is a warning.
    public var sample: [String] = []

    public init(language: Language) {
        self.language = language
    }

    /// Prints one OK line per model, or every problem; returns the exit status (0 usable, 1 not).
    public func run(paths: [String], output: inout String) -> Int32 {
        let l = language
        // A schema file beside the criteria is never read (the built-in one is used); say so
        // when it is another text, so whoever edited it knows their edit has no effect.
        for path in paths where CriteriaLoader.schemaFileDiffers(in: path) {
            let file = (path as NSString).appendingPathComponent(CriteriaLoader.schemaFileName)
            output += l.pick(
                "Ghi chú: không dùng \(file); các tệp được kiểm tra theo lược đồ có sẵn trong chương trình.\n",
                "Note: \(file) is not used; the files are checked against the schema built into the program.\n")
        }
        var folders: [String] = []
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                folders.append(path)
            } else {
                files.append(path)
            }
        }
        var problems = 0
        var usable = true
        if !folders.isEmpty || files.isEmpty {
            var report = CriteriaLoader().load(paths: folders)
            report.warnings += sampleWarnings(report)
            problems += print(report, only: nil, output: &output)
            usable = usable && report.isUsable
        }
        for file in files {
            let related = CriteriaLoader.relatedFiles(of: file)
            for other in related {
                output += l.pick("Dùng kèm \(other) để kiểm tra \(file)\n", "Using \(other) to check \(file)\n")
            }
            var report = CriteriaLoader().load(paths: related + [file])
            report.warnings += sampleWarnings(report)
            problems += print(report, only: file, output: &output)
            let own = report.diagnostics.contains { $0.location.file == file } || report.notes.contains { $0.location.file == file }
                || !report.models.contains { $0.file == file }
            usable = usable && !own
        }
        if problems > 0 {
            output += l.pick("\(problems) lỗi trong tệp tiêu chí; hãy sửa rồi chạy lại \"khuyenhoc check\".\n",
                             "\(problems) problem(s) in the criteria files; fix them and run \"khuyenhoc check\" again.\n")
        }
        return usable ? 0 : 1
    }

    /// Prints the report's models, errors, notes and warnings (`only`: of that file alone);
    /// returns the number of errors printed.
    private func print(_ report: CriteriaLoadReport, only file: String?, output: inout String) -> Int {
        let l = language
        func mine(_ d: CriteriaDiagnostic) -> Bool { file == nil || d.location.file == file }
        for model in report.models where file == nil || model.file == file {
            let indicators = model.groups.reduce(0) { $0 + $1.indicators.count }
            output += l.pick(
                "OK  \(model.id) \(model.definition.version) (\(model.definition.title)): \(model.groups.count) tiêu chí, \(indicators) chỉ số, \(model.definition.totalPoints) điểm, \(model.definition.fields.count) trường — \(model.file)\n",
                "OK  \(model.id) \(model.definition.version) (\(model.title(.english))): \(model.groups.count) groups, \(indicators) indicators, \(model.definition.totalPoints) points, \(model.definition.fields.count) fields — \(model.file)\n")
            if let levels = levelsLine(model) { output += levels }
            if let period = model.period(l) { output += l.pick("    hiệu lực: \(period)\n", "    in force: \(period)\n") }
            if let history = model.history {
                let names = history.names.joined(separator: ", ")
                output += l.pick("    đọc lịch sử công nhận: \(names) (từ sổ tiếp nhận; không có sổ: 0 và none)\n",
                                 "    reads the certified history: \(names) (from the register; without one: 0 and none)\n")
            }
        }
        let errors = report.diagnostics.filter(mine)
        for diagnostic in errors {
            output += l.pick("LỖI ", "ERROR ") + diagnostic.message(in: l) + "\n"
        }
        for note in report.notes where mine(note) {
            output += l.pick("CHƯA KIỂM TRA ", "NOT CHECKED ") + note.message(in: l) + "\n"
        }
        for warning in report.warnings where mine(warning) {
            output += l.pick("CẢNH BÁO ", "WARNING ") + warning.message(in: l) + "\n"
        }
        return errors.count
    }

    /// With `--sample`: the levels no entity of the sample reaches (of models the sample has
    /// entities of), as warnings at the level's line.
    private func sampleWarnings(_ report: CriteriaLoadReport) -> [CriteriaDiagnostic] {
        guard !sample.isEmpty, report.isUsable else { return [] }
        let read = SurveyReader(criteria: report.criteria).read(paths: sample)
        let run = ScoringEngine(criteria: report.criteria).score(read.data)
        var warnings: [CriteriaDiagnostic] = []
        for model in report.models {
            guard let results = run.model(id: model.id), results.count > 0 else { continue }
            var reached = Set<Level>()
            for row in 0..<results.count { reached.insert(results.levels[row]) }
            for (index, level) in model.levels.enumerated() where !reached.contains(.declared(index)) {
                warnings.append(CriteriaDiagnostic(.levelNeverReached(id: level.id, label: model.levelName(.declared(index), language),
                                                                      entities: results.count), at: level.location))
            }
        }
        return warnings
    }

    /// `    mức: Tiêu biểu (tieu-bieu), Đạt (dat); công nhận: tieu-bieu, dat` for a model whose
    /// levels are not the shipped two, so an editor sees what the reports will print.
    private func levelsLine(_ model: CompiledModel) -> String? {
        let l = language
        let levels = model.levels
        let shipped = levels.map(\.id) == ["tieu-bieu", "dat"] && levels.allSatisfy { level in
            level.certified && LevelDefinition.builtInLabel(level.id)?.vietnamese == level.label
        }
        if shipped { return nil }
        let names = levels.indices.map { "\(model.levelName(.declared($0), l)) (\(levels[$0].id))" }.joined(separator: ", ")
        let certified = levels.filter(\.certified).map(\.id).joined(separator: ", ")
        return l.pick("    mức xếp loại: \(names); được công nhận: \(certified.isEmpty ? "không mức nào" : certified)\n",
                      "    levels: \(names); recognised: \(certified.isEmpty ? "none" : certified)\n")
    }
}
