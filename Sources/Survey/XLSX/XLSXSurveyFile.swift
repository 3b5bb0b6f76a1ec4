import Criteria
import Records
import TextSupport

/// Reads one workbook: every sheet is a table of its own, recognised from its first non-empty row.
///
/// A sheet whose header row carries a model's key and name columns but lacks a required column
/// is an error, whatever the other sheets hold. A sheet that fits no model, or has no data rows,
/// is a file error only when no sheet of the workbook could be used; beside sheets that were
/// used it is a note (instructions, lists, …). Hidden sheets are read like the others, and said so.
enum XLSXSurveyFile {
    static func read(path: String, convertTCVN3: Bool, into collector: SurveyCollector) {
        let workbook: XLSXWorkbook
        do {
            workbook = try XLSXWorkbook(path: path)
        } catch {
            let kind: FileProblem.Kind
            switch error {
            case .notAWorkbook: kind = .notAWorkbook
            case .damaged(let why): kind = .damagedWorkbook(why)
            case .noSheets: kind = .noSheets
            case .problem(let problem): kind = .workbookProblem(problem)
            }
            collector.fileErrors.append(FileProblem(path: path, kind: kind))
            return
        }
        // Sheets that could not be used: recognised as a model's (key and name columns) but
        // missing a column, an error whatever the other sheets hold (spec, intake rule 3); the
        // others (a notes sheet, an empty table) notes when the workbook is used otherwise.
        var unusable: [(problem: FileProblem, hidden: Bool)] = []
        var errors: [FileProblem] = []
        var notes: [RowProblem] = []
        var usedSheets = 0
        for sheet in workbook.sheets {
            let source = SurveySource(path: path, sheet: sheet.name)
            var reading = SheetReading(source: source, convertTCVN3: convertTCVN3, date1904: workbook.date1904)
            do {
                try workbook.readSheet(sheet, threads: collector.threads) { number, cells in reading.take(row: number, cells: cells, collector: collector) }
            } catch {
                let kind: FileProblem.Kind
                switch error {
                case .damaged(let reason): kind = .damagedWorkbook(reason)
                case .notAWorkbook, .noSheets: kind = .damagedWorkbook("\(sheet.part)")
                case .problem(let problem): kind = .workbookProblem(problem)
                }
                // A damaged sheet is an error even beside good ones: its rows could not be read.
                errors.append(FileProblem(path: path, sheet: sheet.name, kind: kind))
                continue
            }
            reading.finish(collector: collector)
            if let refused = reading.refusedAboveData {
                errors.append(FileProblem(path: path, sheet: sheet.name, kind: .workbookProblem(refused)))
            }
            if let problem = reading.problem {
                let file = FileProblem(path: path, sheet: sheet.name, kind: problem)
                if reading.recognised && problem != .headerOnly {
                    errors.append(file)
                } else {
                    unusable.append((file, sheet.hidden))
                }
            } else if reading.table != nil {
                usedSheets += 1
                if sheet.hidden {
                    notes.append(RowProblem(vietnamese: "\(source.displayName): trang tính ẩn, vẫn được đọc như các trang khác",
                                            english: "\(source.displayName): a hidden sheet, read like the others"))
                }
            }
        }
        collector.fileErrors += errors
        collector.notes += notes
        if usedSheets > 0 || !errors.isEmpty {
            for (problem, hidden) in unusable { collector.notes.append(Self.note(skipping: problem, hidden: hidden)) }
        } else if unusable.isEmpty {
            collector.fileErrors.append(FileProblem(path: path, kind: .noHeader))
        } else {
            collector.fileErrors += unusable.map(\.problem)
        }
    }

    /// The note for a sheet skipped beside sheets that were used: one that is no model's table
    /// is "not survey data" (with what it lacks when it looks like a table); an empty table says so.
    static func note(skipping problem: FileProblem, hidden: Bool) -> RowProblem {
        let file = SurveySource(path: problem.path).displayName
        let sheet = problem.sheet ?? ""
        switch problem.kind {
        case .noModelMatches, .missingColumns:
            var detail = (vietnamese: "", english: "")
            if case .missingColumns = problem.kind {
                detail = (" (\(problem.reason(in: .vietnamese)))", " (\(problem.reason(in: .english)))")
            }
            return RowProblem(
                vietnamese: "\(file): trang tính \(hidden ? "ẩn " : "")'\(sheet)' không phải dữ liệu khảo sát: bỏ qua" + detail.vietnamese,
                english: "\(file): \(hidden ? "hidden " : "")sheet '\(sheet)' is not survey data: skipped" + detail.english)
        default:
            let hiddenNote = hidden ? (" (trang tính ẩn)", " (a hidden sheet)") : ("", "")
            return RowProblem(
                vietnamese: problem.message(in: .vietnamese) + hiddenNote.0 + " (bỏ qua trang tính này)",
                english: problem.message(in: .english) + hiddenNote.1 + " (sheet skipped)")
        }
    }
}

/// The state of one sheet while its rows stream by.
private struct SheetReading {
    let source: SurveySource
    let convertTCVN3: Bool
    let date1904: Bool
    var table: TableIntake?
    /// Why the sheet cannot be used (set at the header, or at the end for a header-only sheet).
    var problem: FileProblem.Kind?
    var dataRows = 0
    var sawHeader = false
    /// Whether the header row was recognised as a model's (key and name columns, spec intake
    /// rule 1): a problem with it is then an error, not a note (rule 3).
    var recognised = false
    /// Non-blank rows seen while looking for the header row, and the first of them.
    var rowsAbove = 0
    var firstRow: [String]?
    /// Text cells that look like TCVN3 typed with a Western font: how many, and the first one.
    var legacyCells = 0
    var legacyExample: (row: Int, header: String, stored: String, reading: String)?
    /// ``TCVN3InUnicode/repair(_:)`` of texts seen before (names and places repeat down a sheet),
    /// by their exact bytes: the TCVN3 reading of a decomposed name differs from that of the same
    /// name precomposed.
    var repairs: [ExactText: String?] = [:]
    /// Cells not read in the rows above the data (title rows, the header row): an error for the
    /// sheet, naming the first of them.
    var refusedAboveData: WorkbookProblem?
    var refusedAboveDataCount = 0

    init(source: SurveySource, convertTCVN3: Bool, date1904: Bool) {
        self.source = source
        self.convertTCVN3 = convertTCVN3
        self.date1904 = date1904
    }

    mutating func take(row number: Int, cells: XLSXRowCells, collector: SurveyCollector) {
        guard problem == nil else { return }
        var row = cells
        if row.holdsNothing { return }
        guard let table, sawHeader else {
            if !row.refused.isEmpty { noteRefusedAboveData(row, number: number) }
            guard !sawHeader else { return }
            // The first of the first 30 non-blank rows recognised as a model's header; the rows
            // above it are title rows (spec, intake rule 1).
            let headers = (0..<row.count).map(row.text)
            if collector.matcher.recognises(headers: headers) {
                sawHeader = true
                recognised = true
                let above = firstRow.map { first in
                    SurveyCollector.RowsAbove(count: rowsAbove, headerRow: number,
                                              firstText: first.lazy.map(VietnameseFolding.clean).first { !$0.isEmpty }.map(DisplayWidth.oneLine) ?? "")
                }
                open(headers, above: above, collector: collector)
                return
            }
            if firstRow == nil { firstRow = headers }
            rowsAbove += 1
            if rowsAbove == SurveyCollector.headerSearchRows { openUnrecognised(collector: collector) }
            return
        }
        row = row.limited(toHeader: table.headerColumns)
        if let first = row.refused.first {
            // A row with a cell not read is an error row naming it (and how many more).
            let text = Self.refusalText(first, row: number, more: row.refused.count - 1)
            table.reject(row, row: number, vietnamese: text.vietnamese, english: text.english)
            dataRows += 1
            return
        }
        if let probe = Self.notARecordProbe(row, table: table) {
            table.take(probe, row: number)
            return
        }
        row = repairLegacyText(row, number: number, binding: table.binding)
        if table.take(row, row: number) { dataRows += 1 }
    }

    /// A row whose only cells lie far right (``XLSXRowCells/far``) with its commune and key cells
    /// blank is set aside as not a record (spec, intake rule 2), noting its first cell: the same
    /// row with that cell moved to the first column that is neither commune nor key is set aside
    /// the same way without walking the blank columns before it (thousands, in a row this sparse).
    private static func notARecordProbe(_ row: XLSXRowCells, table: TableIntake) -> XLSXRowCells? {
        guard let first = row.far.first, row.cells.allSatisfy(XLSXRowCells.isBlank) else { return nil }
        let model = table.intake.model
        var columns: [Int] = []
        for field in [model.communeFieldIndex] + model.keyFieldIndexes {
            guard let column = table.binding.fieldColumns[field], row.isBlank(column) else { return nil }
            columns.append(column)
        }
        guard let free = (0...columns.count).first(where: { !columns.contains($0) }) else { return nil }
        return XLSXRowCells(cells: [], far: [XLSXRowCells.FarCell(column: free, cell: first.cell)], date1904: row.date1904)
    }

    private mutating func noteRefusedAboveData(_ row: XLSXRowCells, number: Int) {
        refusedAboveDataCount += row.refused.count
        guard let first = row.refused.first else { return }
        if refusedAboveData == nil {
            let text = Self.refusalText(first, row: number, more: row.refused.count - 1)
            refusedAboveData = .cellsNotRead(vietnamese: "dòng \(number): \(text.vietnamese)", english: "row \(number): \(text.english)")
        }
    }

    /// Why a cell was not read, naming it (`C5`), and how many more of the row were not.
    static func refusalText(_ refused: XLSXRowCells.Refused, row number: Int, more: Int) -> (vietnamese: String, english: String) {
        let cell = XLSXWorkbook.columnName(refused.column) + String(number)
        var text: (vietnamese: String, english: String)
        switch refused.reason {
        case .beyondColumns(let reference):
            let shown = reference.isEmpty ? cell : WorkbookProblem.shown(reference)
            text = ("ô \(shown) nằm ngoài cột cuối cùng của Excel (XFD, \(InputLimits.sheetColumns) cột): không đọc",
                    "cell \(shown) lies beyond Excel's last column (XFD, \(InputLimits.sheetColumns) columns): not read")
        case .tooLong(let characters):
            text = ("ô \(cell) dài \(characters) ký tự, quá giới hạn \(InputLimits.cellCharacters) ký tự của một ô: không đọc",
                    "cell \(cell) holds \(characters) characters, over the limit of \(InputLimits.cellCharacters) for one cell: not read")
        case .missingSharedString(let index, let count):
            text = ("ô \(cell) trỏ tới chuỗi dùng chung số \(index) nhưng sổ tính chỉ có \(count) chuỗi dùng chung: không đọc",
                    "cell \(cell) refers to shared string \(index) but the workbook has only \(count) shared strings: not read")
        case .beyondHeader(let headerColumns):
            text = ("ô \(cell) nằm xa ngoài bảng (tiêu đề chỉ có \(headerColumns) cột): không đọc",
                    "cell \(cell) lies far outside the table (the header has \(headerColumns) columns): not read")
        }
        if more > 0 {
            text.vietnamese += " (và \(more) ô khác không đọc được)"
            text.english += " (and \(more) more cells not read)"
        }
        return text
    }

    private mutating func open(_ headers: [String], above: SurveyCollector.RowsAbove?, collector: SurveyCollector) {
        switch collector.open(headers: headers, source: source, above: above) {
        case .failed(let kind): problem = kind
        case .table(let opened): table = opened
        }
    }

    /// No header row found: the first non-blank row is matched (and fails) as it was before.
    private mutating func openUnrecognised(collector: SurveyCollector) {
        sawHeader = true
        if let firstRow { open(firstRow, above: nil, collector: collector) }
    }

    /// Text fields only: numbers and tick boxes never hold TCVN3 letters.
    private mutating func repairLegacyText(_ row: XLSXRowCells, number: Int, binding: ColumnBinding) -> XLSXRowCells {
        var cells = row
        for (field, column) in binding.fieldColumns.enumerated() {
            guard let column, column < cells.count, binding.model.definition.fields[field].type == .text,
                  case .text(let stored) = cells.cell(column),
                  stored.utf8.contains(where: { $0 == 0xC2 || $0 == 0xC3 }),  // U+0080…U+00FF
                  let reading = repair(stored) else { continue }
            legacyCells += 1
            if legacyExample == nil { legacyExample = (number, binding.headers[column], stored, reading) }
            if convertTCVN3 { cells.replace(column, with: .text(reading)) }
        }
        return cells
    }

    private mutating func repair(_ stored: String) -> String? {
        if let known = repairs[ExactText(stored)] { return known }
        let reading = TCVN3InUnicode.repair(stored)
        if repairs.count < 65_536 { repairs[ExactText(stored)] = reading }
        return reading
    }

    mutating func finish(collector: SurveyCollector) {
        if !sawHeader && firstRow != nil { openUnrecognised(collector: collector) }
        if problem == nil && table != nil && dataRows == 0 { problem = .headerOnly }
        if !sawHeader { return }
        guard let example = legacyExample else { return }
        let name = source.displayName
        let place = "\(name) dòng \(example.row), cột \"\(example.header)\""
        let placeEnglish = "\(name) row \(example.row), column \"\(example.header)\""
        if convertTCVN3 {
            collector.notes.append(RowProblem(
                vietnamese: "\(name): đã chuyển \(legacyCells) ô từ chữ TCVN3 (ABC) sang Unicode, ví dụ \(place): \"\(example.stored)\" → \"\(example.reading)\"",
                english: "\(name): converted \(legacyCells) cells from TCVN3 (ABC) letters to Unicode, e.g. \(placeEnglish): \"\(example.stored)\" → \"\(example.reading)\""))
        } else {
            collector.notes.append(RowProblem(
                vietnamese: "\(name): \(legacyCells) ô có vẻ là chữ TCVN3 (ABC) gõ bằng phông .Vn, ví dụ \(place): \"\(example.stored)\" (đọc là \"\(example.reading)\"); hãy chuyển mã sang Unicode (Unikey) hoặc bật chuyển TCVN3 khi đọc",
                english: "\(name): \(legacyCells) cells look like TCVN3 (ABC) letters typed with a .Vn font, e.g. \(placeEnglish): \"\(example.stored)\" (reads \"\(example.reading)\"); convert them to Unicode (Unikey) or turn on TCVN3 conversion when reading"))
        }
    }
}
