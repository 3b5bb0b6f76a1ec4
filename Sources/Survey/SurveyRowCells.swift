import Criteria
import Machinery
import Records
import TextSupport

/// Some rows of a survey file as the file holds them: its header row and the cells of the rows
/// asked for, for `khuyenhoc errors`, which prints each row to correct in the columns of the
/// hamlet's own file.
///
/// ```swift
/// let rows = SurveyReader.cells(of: source, rows: [34, 41], models: criteria.models)
/// rows?.header            // ["Mã hộ", "Họ và tên chủ hộ", …] as the file writes them
/// rows?.rows[34]          // ["HO0033", "Trần Văn Lợi", …]
/// ```
public struct SurveyRowCells: Sendable {
    public var header: [String]
    /// Row number (as ``RowOrigin/row`` counts them) → its cells.
    public var rows: [Int32: [String]]
}

extension SurveyReader {
    /// The header and the cells of `rows` of a text file (`.csv`, `.txt`) or a workbook's sheet,
    /// read again the way the scoring read it (same encoding, delimiter, header search); nil
    /// for a file that can no longer be read.
    public static func cells(of source: SurveySource, rows wanted: Set<Int32>, models: [CompiledModel],
                             encoding: TextEncodingChoice = .automatic) -> SurveyRowCells? {
        guard !wanted.isEmpty else { return nil }
        if let sheet = source.sheet { return workbookCells(path: source.path, sheet: sheet, rows: wanted, models: models) }
        guard let bytes = try? Self.contents(of: source.path),
              let decoded = try? SurveyTextDecoder.decode(bytes, choice: encoding) else { return nil }
        let matcher = HeaderMatcher(models: models)
        return decoded.withText { buffer -> SurveyRowCells? in
            var scanner = CSVScanner(delimiter: CSVScanner.detectDelimiter(in: buffer))
            let fields = CSVFields()
            var header: [String]?
            var first: [String]?
            var nonBlank = 0
            var found: [Int32: [String]] = [:]
            let last = wanted.max() ?? 0
            while Int32(clamping: scanner.record) < last {
                switch scanner.next(in: buffer, fields: fields) {
                case .end: return header.map { SurveyRowCells(header: $0, rows: found) }
                case .unterminatedQuote: scanner.recoverLine(in: buffer, fields: fields)
                case .record: break
                }
                let cells = CSVRowCells(buffer: buffer, fields: fields)
                let row = (0..<cells.count).map(cells.text)
                if header == nil {
                    if cells.isBlankRow { continue }
                    if matcher.recognises(headers: row) { header = row; continue }
                    if first == nil { first = row }
                    nonBlank += 1
                    if nonBlank == SurveyCollector.headerSearchRows { header = first }
                    continue
                }
                let number = Int32(clamping: scanner.record)
                if wanted.contains(number) { found[number] = row }
            }
            return header.map { SurveyRowCells(header: $0, rows: found) }
        }
    }

    /// The header and the cells of `rows` of one sheet of a workbook (cells as the reader gives
    /// their text: numbers as Excel stores them).
    private static func workbookCells(path: String, sheet name: String, rows wanted: Set<Int32>,
                                      models: [CompiledModel]) -> SurveyRowCells? {
        guard let workbook = try? XLSXWorkbook(path: path), let sheet = workbook.sheets.first(where: { $0.name == name }) else { return nil }
        let matcher = HeaderMatcher(models: models)
        var header: [String]?
        var first: [String]?
        var nonBlank = 0
        var found: [Int32: [String]] = [:]
        do {
            try workbook.readSheet(sheet) { number, cells in
                if cells.holdsNothing { return }
                let row = (0..<cells.count).map(cells.text)
                guard header != nil else {
                    if matcher.recognises(headers: row) { header = row; return }
                    if first == nil { first = row }
                    nonBlank += 1
                    if nonBlank == SurveyCollector.headerSearchRows { header = first }
                    return
                }
                let key = Int32(clamping: number)
                if wanted.contains(key) { found[key] = row }
            }
        } catch {
            return nil
        }
        return header.map { SurveyRowCells(header: $0, rows: found) }
    }
}
