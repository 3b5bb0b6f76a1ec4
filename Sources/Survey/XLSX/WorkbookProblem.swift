import Criteria
import TextSupport

/// Why a workbook, or one of its sheets, is refused: a bound of ``InputLimits`` passed, or a
/// container that cannot be trusted (a bad checksum, an encrypted part, a sheet that points
/// outside the file). Shown after the file's (and sheet's) name.
///
/// ```swift
/// WorkbookProblem.badChecksum(part: "xl/worksheets/sheet1.xml").reason(in: .english)
/// // "part xl/worksheets/sheet1.xml is damaged: its CRC-32 checksum does not match"
/// ```
public enum WorkbookProblem: Sendable, Equatable {
    /// A part whose stored size is over ``InputLimits/workbookPartBytes``.
    case partTooLarge(part: String, bytes: UInt64)
    /// A part (or, with part `*`, the whole workbook) inflating more than
    /// ``InputLimits/workbookInflateRatio`` times.
    case inflateRatio(part: String, compressed: UInt64, inflated: UInt64)
    case badChecksum(part: String)
    case encryptedPart(part: String)
    case tooManySheets(count: Int)
    /// A sheet whose part another sheet, listed before it, already reads.
    case samePartAsSheet(part: String, sheet: String)
    /// A sheet whose relationship points outside the workbook (`TargetMode="External"`).
    case externalSheet(target: String)
    /// A sheet whose relationship is missing, or whose part is not in the archive.
    case missingSheetPart(part: String)
    /// A `<row r>` that is not a row number from 1 to ``InputLimits/sheetRows``.
    case rowNumberOutOfRange(String)
    /// Cells of a row above the data (a title row, the header row) that could not be read.
    case cellsNotRead(vietnamese: String, english: String)

    /// A name or value from the file as a message shows it: on one line, at most 60 characters.
    static func shown(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 60 || DisplayWidth.needsOneLine(text) else { return text }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(60))
        return DisplayWidth.oneLine(String(head)) + (scalars.count > 60 ? "…" : "")
    }

    public func reason(in language: Language) -> String {
        switch self {
        case .partTooLarge(let part, let bytes):
            return language.pick(
                "phần \(part) giải nén ra \(bytes) byte, quá giới hạn \(InputLimits.workbookPartBytes) byte",
                "part \(part) inflates to \(bytes) bytes, over the limit of \(InputLimits.workbookPartBytes) bytes")
        case .inflateRatio(let part, let compressed, let inflated):
            let times = compressed == 0 ? inflated : inflated / compressed
            if part == "*" {
                return language.pick(
                    "các phần của sổ tính giải nén ra \(inflated) byte, gấp \(times) lần kích thước tệp (giới hạn \(InputLimits.workbookInflateRatio) lần): tệp nén bất thường (\"bom zip\")",
                    "the workbook's parts inflate to \(inflated) bytes, \(times) times the file's size (the limit is \(InputLimits.workbookInflateRatio) times): an abnormal archive (a \"zip bomb\")")
            }
            return language.pick(
                "phần \(part) nén \(compressed) byte nhưng giải nén ra \(inflated) byte, gấp \(times) lần (giới hạn \(InputLimits.workbookInflateRatio) lần): tệp nén bất thường (\"bom zip\")",
                "part \(part) holds \(compressed) compressed bytes that inflate to \(inflated) bytes, \(times) times (the limit is \(InputLimits.workbookInflateRatio) times): an abnormal archive (a \"zip bomb\")")
        case .badChecksum(let part):
            return language.pick("phần \(part) bị hỏng: mã kiểm tra CRC-32 không khớp",
                                 "part \(part) is damaged: its CRC-32 checksum does not match")
        case .encryptedPart(let part):
            return language.pick("phần \(part) được mã hoá bằng mật khẩu; hãy bỏ mật khẩu rồi lưu lại tệp",
                                 "part \(part) is encrypted with a password; remove the password and save the file again")
        case .tooManySheets(let count):
            return language.pick("sổ tính có \(count) trang tính, quá giới hạn \(InputLimits.workbookSheets)",
                                 "the workbook lists \(count) sheets, over the limit of \(InputLimits.workbookSheets)")
        case .samePartAsSheet(let part, let sheet):
            return language.pick("trỏ tới cùng phần \(part) với trang tính '\(sheet)': chỉ đọc một lần",
                                 "points to the same part \(part) as sheet '\(sheet)': read once only")
        case .externalSheet(let target):
            return language.pick("trang tính trỏ ra ngoài tệp (\(target)): không đọc",
                                 "the sheet points outside the file (\(target)): not read")
        case .missingSheetPart(let part):
            return language.pick("không có phần \(part) của trang tính trong tệp: tệp bị hỏng hoặc không trọn vẹn",
                                 "the sheet's part \(part) is not in the file: the file is damaged or incomplete")
        case .rowNumberOutOfRange(let text):
            return language.pick("số dòng \"\(text)\" không hợp lệ, cần từ 1 đến \(InputLimits.sheetRows) như trong Excel; các dòng từ đó trở đi không được đọc",
                                 "row number \"\(text)\" is not valid, Excel's rows are 1 to \(InputLimits.sheetRows); the rows from there on were not read")
        case .cellsNotRead(let vietnamese, let english):
            return language.pick(vietnamese, english)
        }
    }
}
