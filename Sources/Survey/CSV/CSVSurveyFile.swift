import Criteria
import TextSupport

/// Reads one text survey file (`.csv`, `.txt`): decode, find the header, recognise the model,
/// then take every non-blank record.
enum CSVSurveyFile {
    static func read(bytes: [UInt8], path: String, encoding choice: TextEncodingChoice, into collector: SurveyCollector) {
        let source = SurveySource(path: path)
        func fail(_ kind: FileProblem.Kind) { collector.fileErrors.append(FileProblem(path: path, kind: kind)) }
        guard !bytes.isEmpty else { return fail(.empty) }
        let decoded: SurveyTextDecoder.Decoded
        do {
            decoded = try SurveyTextDecoder.decode(bytes, choice: choice)
        } catch {
            switch error {
            case .notText: return fail(.notText)
            case .invalid(let encoding, let line): return fail(.invalidText(encoding: encoding.rawValue, line: line))
            }
        }
        if decoded.guessed {
            collector.notes.append(RowProblem(
                vietnamese: "\(source.displayName): đọc theo bảng mã \(decoded.encoding.rawValue) (tự nhận biết; nếu chữ sai, hãy chọn bảng mã bằng --encoding)",
                english: "\(source.displayName): read as \(decoded.encoding.rawValue) (detected; if the letters look wrong, choose the encoding with --encoding)"))
        }
        decoded.utf8.withUnsafeBufferPointer { buffer in
            read(buffer, source: source, into: collector, fail: fail)
        }
    }

    private static func read(_ buffer: UnsafeBufferPointer<UInt8>, source: SurveySource, into collector: SurveyCollector,
                             fail: (FileProblem.Kind) -> Void) {
        var scanner = CSVScanner(delimiter: CSVScanner.detectDelimiter(in: buffer))
        var fields: [CSVField] = []
        var headers: [String] = []
        header: while true {
            switch scanner.next(in: buffer, fields: &fields) {
            case .end:
                return fail(.noHeader)
            case .unterminatedQuote:
                scanner.recoverLine(in: buffer, fields: &fields)
            case .record:
                break
            }
            let cells = CSVRowCells(buffer: buffer, fields: fields)
            if !cells.isBlankRow {
                headers = (0..<cells.count).map(cells.text)
                break header
            }
        }
        let table: TableIntake
        switch collector.open(headers: headers, source: source) {
        case .failed(let kind): return fail(kind)
        case .table(let opened): table = opened
        }
        var dataRows = 0
        while true {
            switch scanner.next(in: buffer, fields: &fields) {
            case .end:
                if dataRows == 0 { fail(.headerOnly) }
                return
            case .record:
                let cells = CSVRowCells(buffer: buffer, fields: fields)
                if cells.isBlankRow { continue }
                dataRows += 1
                table.take(cells, row: scanner.record)
            case .unterminatedQuote(let line):
                scanner.recoverLine(in: buffer, fields: &fields)
                dataRows += 1
                table.reject(CSVRowCells(buffer: buffer, fields: fields), row: scanner.record,
                             vietnamese: "dấu ngoặc kép mở ở dòng \(line) không được đóng; các dòng sau dòng này vẫn được đọc riêng",
                             english: "the quote opened on line \(line) is never closed; the lines after it are still read one by one")
            }
        }
    }
}
