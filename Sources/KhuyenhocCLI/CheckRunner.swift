import Foundation
import Criteria
import TextSupport

/// `khuyenhoc check`: loads criteria files and says, per model, that it is usable or what is wrong.
///
/// ```swift
/// var out = ""
/// let status = CheckRunner(language: .vietnamese).run(paths: ["Criteria"], output: &out)
/// ```
public struct CheckRunner {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    /// Prints one OK line per model, or every problem; returns the exit status (0 usable, 1 not).
    public func run(paths: [String], output: inout String) -> Int32 {
        let report = CriteriaLoader().load(paths: paths)
        let l = language
        // A schema file beside the criteria is never read (the built-in one is used); say so
        // when it is another text, so whoever edited it knows their edit has no effect.
        for path in paths where CriteriaLoader.schemaFileDiffers(in: path) {
            let file = (path as NSString).appendingPathComponent(CriteriaLoader.schemaFileName)
            output += l.pick(
                "Ghi chú: không dùng \(file); các tệp được kiểm tra theo lược đồ có sẵn trong chương trình.\n",
                "Note: \(file) is not used; the files are checked against the schema built into the program.\n")
        }
        for model in report.models {
            let indicators = model.groups.reduce(0) { $0 + $1.indicators.count }
            output += l.pick(
                "OK  \(model.id) \(model.definition.version) (\(model.definition.title)): \(model.groups.count) tiêu chí, \(indicators) chỉ số, \(model.definition.totalPoints) điểm, \(model.definition.fields.count) trường — \(model.file)\n",
                "OK  \(model.id) \(model.definition.version) (\(model.title(.english))): \(model.groups.count) groups, \(indicators) indicators, \(model.definition.totalPoints) points, \(model.definition.fields.count) fields — \(model.file)\n")
        }
        for diagnostic in report.diagnostics {
            output += l.pick("LỖI ", "ERROR ") + diagnostic.message(in: l) + "\n"
        }
        if !report.diagnostics.isEmpty {
            let count = report.diagnostics.count
            output += l.pick("\(count) lỗi trong tệp tiêu chí; hãy sửa rồi chạy lại \"khuyenhoc check\".\n",
                             "\(count) problem(s) in the criteria files; fix them and run \"khuyenhoc check\" again.\n")
        }
        return report.isUsable ? 0 : 1
    }
}
