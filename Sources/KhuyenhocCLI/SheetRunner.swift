import Criteria
import TextSupport

/// `khuyenhoc check --sheet MODEL`: the blank scoring sheet.
public struct SheetRunner {
    public var language: Language
    public var width: Int

    public init(language: Language, width: Int) {
        self.language = language
        self.width = width
    }

    public func run(model id: String, paths: [String], schemaPath: String, output: inout String) -> Int32 {
        let report = CriteriaLoader(schemaPath: schemaPath).load(paths: paths)
        guard let model = report.models.first(where: { $0.id == id }) else {
            for d in report.diagnostics { output += d.message(in: language) + "\n" }
            output += language.pick("Không có mô hình '\(id)'. Có: \(report.models.map(\.id).joined(separator: ", "))\n",
                                    "No model '\(id)'. Known: \(report.models.map(\.id).joined(separator: ", "))\n")
            return 1
        }
        output += "TODO sheet for \(model.id)\n"
        return 0
    }
}
