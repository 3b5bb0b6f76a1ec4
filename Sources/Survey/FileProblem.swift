import Criteria
import Records
import TextSupport

/// A survey file (or a sheet of a workbook) that could not be used at all, and why.
///
/// ```swift
/// for problem in result.fileErrors { print(problem.message(in: .vietnamese)) }
/// // ho-gia-dinh.csv: tệp rỗng (0 byte)
/// ```
public struct FileProblem: Error, Sendable, LocalizedMessage, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound
        case unreadable(String)
        case unsupportedType
        case empty
        case notText
        case invalidText(encoding: String, line: Int)
        case noHeader
        case headerOnly
        case notAWorkbook
        case damagedWorkbook(String)
        case noSheets
        /// No model fits; `closest` is the title of the model that fits best.
        case noModelMatches(found: [String], closest: String, missing: [String])
        /// The columns are clearly of `model`, but required ones are missing.
        case missingColumns(model: String, missing: [String], found: [String])
        /// A workbook (or one of its sheets) refused: a limit passed, or a container not to be trusted.
        case workbookProblem(WorkbookProblem)
    }

    public var path: String
    public var sheet: String?
    public var kind: Kind

    public init(path: String, sheet: String? = nil, kind: Kind) {
        self.path = path
        self.sheet = sheet
        self.kind = kind
    }

    /// The file (and sheet) as a clerk knows it: `long-huu.xlsx [Hộ gia đình]`.
    public var displayName: String { SurveySource(path: path, sheet: sheet).displayName }

    public func message(in language: Language) -> String {
        "\(displayName): " + reason(in: language)
    }

    /// Why, without the file's name.
    func reason(in language: Language) -> String {
        func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
        switch kind {
        case .notFound:
            return language.pick("không tìm thấy tệp", "no such file")
        case .unreadable(let why):
            return language.pick("không đọc được tệp (\(why))", "cannot read the file (\(why))")
        case .unsupportedType:
            return language.pick("không phải tệp .csv, .txt hoặc .xlsx", "not a .csv, .txt or .xlsx file")
        case .empty:
            return language.pick("tệp rỗng (0 byte)", "the file is empty (0 bytes)")
        case .notText:
            return language.pick("không phải tệp văn bản CSV (có byte nhị phân); hãy lưu lại dạng CSV hoặc .xlsx",
                                 "not a CSV text file (it holds binary bytes); save it again as CSV or .xlsx")
        case .invalidText(let encoding, let line):
            return language.pick("dòng \(line) có byte không hợp lệ theo bảng mã \(encoding); hãy chọn đúng bảng mã (--encoding)",
                                 "line \(line) holds bytes that are not valid \(encoding); choose the right encoding (--encoding)")
        case .noHeader:
            return language.pick("không có dòng tiêu đề (tệp chỉ có dòng trống)", "no header row (the file holds only blank rows)")
        case .headerOnly:
            return language.pick("chỉ có dòng tiêu đề, không có dòng dữ liệu nào", "only a header row, no data rows")
        case .notAWorkbook:
            return language.pick("không phải tệp Excel .xlsx (không mở được dạng nén ZIP); tệp .xls cũ hãy lưu lại thành .xlsx",
                                 "not an Excel .xlsx file (not a ZIP archive); save an old .xls file again as .xlsx")
        case .damagedWorkbook(let why):
            return language.pick("tệp .xlsx bị hỏng hoặc không trọn vẹn (\(why))", "the .xlsx file is damaged or incomplete (\(why))")
        case .noSheets:
            return language.pick("sổ tính không có trang tính nào", "the workbook has no sheets")
        case .noModelMatches(let found, let closest, let missing):
            return language.pick(
                "các cột không khớp với mô hình nào. Cột có trong tệp: \(quoted(found)). Gần nhất là \"\(closest)\", còn thiếu: \(quoted(missing))",
                "the columns match no model. Columns found: \(quoted(found)). Closest is \"\(closest)\", which also needs: \(quoted(missing))")
        case .missingColumns(let model, let missing, let found):
            return language.pick(
                "thiếu cột bắt buộc \(quoted(missing)) (\(model)). Cột có trong tệp: \(quoted(found))",
                "missing required column \(quoted(missing)) (\(model)). Columns found: \(quoted(found))")
        case .workbookProblem(let problem):
            return problem.reason(in: language)
        }
    }
}

/// How many rows of one model were read, and how many of them can be scored.
///
/// ```swift
/// print(count.message(in: .vietnamese))   // gia-dinh-hoc-tap: đọc 612 dòng: 600 hợp lệ, 12 lỗi
/// ```
public struct ModelReadCount: Sendable, LocalizedMessage, Equatable {
    public var modelID: String
    /// Non-blank data rows read.
    public var read: Int
    public var valid: Int
    public var rejected: Int
    /// Rows set aside as not records (no commune and no code: footers), not among ``read``.
    public var notRecords: Int = 0

    public func message(in language: Language) -> String {
        let counts = language.pick("\(modelID): đọc \(read) dòng: \(valid) hợp lệ, \(rejected) lỗi",
                                   "\(modelID): read \(read) rows: \(valid) valid, \(rejected) with errors")
        guard notRecords > 0 else { return counts }
        return counts + language.pick("; bỏ qua \(notRecords) dòng không phải dữ liệu (không có xã và mã)",
                                      "; skipped \(notRecords) rows that are not data (no commune and no code)")
    }
}
