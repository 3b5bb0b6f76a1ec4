import Criteria
import Machinery
import Records
import TextSupport

/// Reads one text survey file (`.csv`, `.txt`): decode, find the header, recognise the model,
/// then take every non-blank record.
enum CSVSurveyFile {
    /// Takes the file's bytes over: they are released once the rows are read, before the rows
    /// read on other threads are joined to the table.
    static func read(bytes: consuming [UInt8], path: String, encoding choice: TextEncodingChoice, threads: Int = 1,
                     minimumChunkBytes: Int = CSVChunking.minimumChunkBytes, into collector: SurveyCollector) {
        let source = SurveySource(path: path)
        func fail(_ kind: FileProblem.Kind) { collector.fileErrors.append(FileProblem(path: path, kind: kind)) }
        guard !bytes.isEmpty else { return fail(.empty) }
        // Plain UTF-8 (the common case, and the register's stored files): read straight from the
        // bytes after one check, as a mapped file is; the decoder's path would scan them twice.
        let plain = bytes.withColumnView { buffer in
            readPlainUTF8(buffer, path: path, encoding: choice, threads: threads, minimumChunkBytes: minimumChunkBytes, into: collector)
        }
        if case let .some(join) = plain {
            // The rows are read: the bytes can go before the chunks are joined.
            bytes = []
            join?.run()
            return
        }
        var decoded: SurveyTextDecoder.Decoded
        do {
            decoded = try SurveyTextDecoder.decode(bytes, choice: choice, threads: threads)
            _ = consume bytes
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
        // Lone CR line ends, bytes that are not UTF-8 and control characters are repaired once
        // for the whole file (each bad byte listed, its record an error row); a plain file is used as it is.
        let repaired: (text: [UInt8], unusual: [UnusualByte])? = decoded.withText { buffer in
            let crOnly = TextRepair.crOnly(buffer)
            if !crOnly, case .valid = SurveyTextDecoder.scanUTF8(buffer, threads: threads) { return nil }
            return TextRepair.repair(buffer, crOnly: crOnly)
        }
        if let repaired {
            decoded.storage = []
            if repaired.unusual.count > InputLimits.unusualBytesPerFile {
                // Too many bytes to replace one by one: not a damaged survey but another kind of file.
                if let first = repaired.unusual.first(where: { if case .invalidByte = $0.kind { true } else { false } }) {
                    return fail(.invalidText(encoding: TextEncoding.utf8.rawValue, line: first.line))
                }
                return fail(.notText)
            }
            var unusual = UnusualCursor(repaired.unusual)
            let join = repaired.text.withColumnView { buffer in
                read(buffer, source: source, into: collector, threads: unusual.isEmpty ? threads : 1,
                     minimumChunkBytes: minimumChunkBytes, unusual: &unusual, fail: fail)
            }
            join?.run()
            return
        }
        var none = UnusualCursor([])
        let join = decoded.withText { buffer in
            read(buffer, source: source, into: collector, threads: threads, minimumChunkBytes: minimumChunkBytes, unusual: &none, fail: fail)
        }
        decoded.storage = []
        join?.run()
    }

    /// Reads a mapped file straight from the mapping when it is plain UTF-8 (no byte-order mark,
    /// valid, no combining marks to compose), the common case, which then needs no copy of its
    /// bytes at all. Returns false, having done nothing, for any other file.
    static func read(mapped file: MappedBytes, path: String, encoding choice: TextEncodingChoice, threads: Int = 1,
                     minimumChunkBytes: Int = CSVChunking.minimumChunkBytes, into collector: SurveyCollector) -> Bool {
        guard !file.bytes.isEmpty, case let .some(join) = readPlainUTF8(file.bytes, path: path, encoding: choice, threads: threads,
                                                                         minimumChunkBytes: minimumChunkBytes, into: collector)
        else { return false }
        // The rows are read: the file's pages can go before the chunks are joined.
        file.unmap()
        join?.run()
        return true
    }

    /// Reads the records of `buffer` when it is plain UTF-8 (no byte-order mark, not binary,
    /// valid, no combining marks to compose, no lone CR line ends) and the encoding asked allows
    /// it; `.none`, having read nothing, otherwise. What is returned joins the chunks read on
    /// other threads (see `read(_:source:into:…)`).
    private static func readPlainUTF8(_ buffer: ColumnView<UInt8>, path: String, encoding choice: TextEncodingChoice, threads: Int,
                                      minimumChunkBytes: Int, into collector: SurveyCollector) -> PendingJoin?? {
        guard choice == .automatic || choice == .utf8, SurveyTextDecoder.byteOrderMark(buffer) == nil,
              choice == .utf8 || !SurveyTextDecoder.looksBinary(buffer),
              SurveyTextDecoder.scanUTF8(buffer, threads: threads) == .valid(marks: false),
              !TextRepair.crOnly(buffer) else { return .none }
        func fail(_ kind: FileProblem.Kind) { collector.fileErrors.append(FileProblem(path: path, kind: kind)) }
        var none = UnusualCursor([])
        return .some(read(buffer, source: SurveySource(path: path), into: collector, threads: threads,
                          minimumChunkBytes: minimumChunkBytes, unusual: &none, fail: fail))
    }

    /// Reads the records; what is returned, if anything, joins the chunks read on other threads
    /// to the table, and needs no more of the text.
    private static func read(_ buffer: ColumnView<UInt8>, source: SurveySource, into collector: SurveyCollector, threads: Int,
                             minimumChunkBytes: Int, unusual: inout UnusualCursor,
                             fail: @escaping (FileProblem.Kind) -> Void) -> PendingJoin? {
        var scanner = CSVScanner(delimiter: CSVScanner.detectDelimiter(in: buffer))
        let fields = CSVFields()
        // The header row: the first of the first 30 non-blank rows recognised as a model's
        // header; title rows above it are skipped. None: the first non-blank row is matched
        // (and fails) as before.
        var headers: [String] = []
        var first: [String]?
        var above: SurveyCollector.RowsAbove?
        var nonBlank = 0
        header: while true {
            switch scanner.next(in: buffer, fields: fields) {
            case .end:
                guard let first else {
                    fail(.noHeader)
                    return nil
                }
                headers = first
                break header
            case .unterminatedQuote:
                scanner.recoverLine(in: buffer, fields: fields)
            case .record:
                break
            }
            let cells = CSVRowCells(buffer: buffer, fields: fields)
            if cells.isBlankRow { continue }
            let row = (0..<cells.count).map(cells.text)
            if collector.matcher.recognises(headers: row) {
                headers = row
                if let first {
                    above = SurveyCollector.RowsAbove(count: nonBlank, headerRow: scanner.record,
                                                      firstText: first.lazy.map(VietnameseFolding.clean).first { !$0.isEmpty }.map(DisplayWidth.oneLine) ?? "")
                }
                break header
            }
            if first == nil { first = row }
            nonBlank += 1
            if nonBlank == SurveyCollector.headerSearchRows {
                headers = first ?? row
                break header
            }
        }
        let table: TableIntake
        switch collector.open(headers: headers, source: source, above: above) {
        case .failed(let kind):
            fail(kind)
            return nil
        case .table(let opened): table = opened
        }
        if headers.count >= 3 { scanner.recordDelimiters = headers.count - 1 }
        let starts = threads > 1 ? CSVChunking.starts(in: buffer, from: scanner.resume, chunks: threads, minimumChunkBytes: minimumChunkBytes) : []
        if starts.isEmpty {
            table.intake.reserve(moreRows: CSVChunking.estimatedRecords(in: buffer, from: scanner.position, to: buffer.count))
            if takeRows(buffer, scanner: &scanner, fields: fields, table: table, until: buffer.count, unusual: &unusual) == 0 { fail(.headerOnly) }
            return nil
        }
        return takeChunks(buffer, scanner: &scanner, fields: fields, table: table, starts: starts, fail: fail)
    }

    /// Takes the records from the scanner's position until it reaches `limit` (or the end).
    /// Returns the number of records taken (not counting blank rows and rows that are not records).
    fileprivate static func takeRows(_ buffer: ColumnView<UInt8>, scanner: inout CSVScanner, fields: CSVFields,
                                 table: TableIntake, until limit: Int, unusual: inout UnusualCursor) -> Int {
        var dataRows = 0
        let fast = table.quickRows ? CSVFastRows(table: table, delimiter: scanner.delimiter) : nil
        // A file with bytes replaced (``TextRepair``): records on their lines take the full way.
        let marked = !unusual.isEmpty
        while scanner.position < limit {
            if let fast, !(marked && unusual.onLine(scanner.line, from: scanner.position)), fast.take(buffer, scanner: &scanner) {
                dataRows += 1
                continue
            }
            switch scanner.next(in: buffer, fields: fields) {
            case .end:
                return dataRows
            case .record:
                let cells = CSVRowCells(buffer: buffer, fields: fields)
                let problems = marked ? unusualProblems(&unusual, scanner: scanner, fields: fields, table: table) : []
                if problems.isEmpty && cells.isBlankRow { continue }
                if table.take(cells, row: scanner.record, extraProblems: problems) { dataRows += 1 }
            case .unterminatedQuote(let line):
                let ranInto = scanner.quoteRanIntoLine
                scanner.recoverLine(in: buffer, fields: fields)
                if marked { _ = unusualProblems(&unusual, scanner: scanner, fields: fields, table: table) }
                dataRows += 1
                if ranInto > 0 {
                    table.reject(CSVRowCells(buffer: buffer, fields: fields), row: scanner.record,
                                 vietnamese: "dấu ngoặc kép mở ở dòng \(line) không được đóng trước dòng \(ranInto), một dòng trông như một bản ghi; các dòng sau dòng này vẫn được đọc riêng",
                                 english: "the quote opened on line \(line) is never closed before line \(ranInto), which looks like a record; the lines after it are still read one by one")
                } else {
                    table.reject(CSVRowCells(buffer: buffer, fields: fields), row: scanner.record,
                                 vietnamese: "dấu ngoặc kép mở ở dòng \(line) không được đóng; các dòng sau dòng này vẫn được đọc riêng",
                                 english: "the quote opened on line \(line) is never closed; the lines after it are still read one by one")
                }
            }
        }
        return dataRows
    }

    /// The problems of the replaced bytes (``UnusualByte``) in the record last read (from where it
    /// started to where the next one starts), each naming the column holding it.
    private static func unusualProblems(_ unusual: inout UnusualCursor, scanner: CSVScanner, fields: CSVFields,
                                        table: TableIntake) -> [RowProblem] {
        let found = unusual.take(from: scanner.recordStart, before: scanner.position)
        guard !found.isEmpty else { return [] }
        // Fields and replaced bytes both run in file order: one walk finds each byte's column.
        var problems: [RowProblem] = []
        var column = 0
        for byte in found.prefix(InputLimits.unusualBytesNamedPerRow) {
            while column + 1 < fields.count && fields[column + 1].start <= byte.offset { column += 1 }
            let header = column < table.binding.headers.count ? table.binding.headers[column] : CellPlace.columnLetters(column)
            let place = CellPlace(source: table.sourceName, row: Int32(scanner.record), header: header)
            problems.append(place.problem(byte.words(true), byte.words(false)))
        }
        if found.count > InputLimits.unusualBytesNamedPerRow {
            let rest = found.count - InputLimits.unusualBytesNamedPerRow
            problems.append(RowProblem(vietnamese: "\(table.sourceName) dòng \(scanner.record): và \(rest) byte hỏng hoặc ký tự điều khiển khác",
                                       english: "\(table.sourceName) row \(scanner.record): and \(rest) more damaged bytes or control characters"))
        }
        return problems
    }

    /// Reads chunk 0 into the table's own intake on this thread and every other chunk into an
    /// intake of its own on another thread, then joins them in order. A chunk is kept only if the
    /// chunk before it ended exactly where it was predicted to start (same byte, line and record
    /// number); otherwise its rows are read again, sequentially, from where the chunk before ended.
    /// Either way the result is the one a single sequential read gives.
    private static func takeChunks(_ buffer: ColumnView<UInt8>, scanner: inout CSVScanner, fields: CSVFields,
                                   table: TableIntake, starts: [CSVScanner.Resume],
                                   fail: @escaping (FileProblem.Kind) -> Void) -> PendingJoin? {
        let limits = starts.map(\.position) + [buffer.count]
        let beginnings = [scanner.position] + starts.map(\.position)
        let estimates = limits.indices.map { CSVChunking.estimatedRecords(in: buffer, from: beginnings[$0], to: limits[$0]) }
        // The table's own intake gets room for every chunk: the others are appended to it in
        // place (pages not yet written cost no memory).
        table.intake.reserve(moreRows: estimates.reduce(0, +))
        var works = [ChunkWork(scanner: scanner, table: table, limit: limits[0])]
        for (index, start) in starts.enumerated() {
            let intake = ModelIntake(model: table.binding.model)
            intake.reserve(moreRows: estimates[index + 1])
            var chunkScanner = CSVScanner(delimiter: scanner.delimiter, resume: start)
            chunkScanner.recordDelimiters = scanner.recordDelimiters
            works.append(ChunkWork(scanner: chunkScanner,
                                   table: table.with(intake: intake),
                                   limit: limits[index + 1]))
        }
        // One part per chunk, each on its own thread, each changing only its own work.
        let shared = SendableBox(works.map(SendableBox.init))
        ParallelWork(threads: works.count).run(parts: works.count) { index in
            shared.value[index].value.run(buffer)
        }
        let chunks = shared.value.map(\.value)
        // Every chunk started where the one before it ended: the rows are all read, the text can
        // go, and the chunks are joined in order afterwards.
        if chunks.indices.dropFirst().allSatisfy({ chunks[$0 - 1].scanner.resume == starts[$0 - 1] }) {
            let rows = chunks.reduce(0) { $0 + $1.rows }
            return PendingJoin(table: table, intakes: chunks.dropFirst().map(\.table.intake), emptyFile: rows == 0 ? { fail(.headerOnly) } : nil)
        }
        // A prediction was wrong (a stray quote fooled the parity count): from there on the rows
        // are read again sequentially, and chunks whose start still checks out are joined in order.
        scanner = chunks[0].scanner
        var dataRows = chunks[0].rows
        for (index, work) in chunks.dropFirst().enumerated() {
            if scanner.resume == starts[index] {
                table.intake.absorb(work.table.intake)
                dataRows += work.rows
                scanner = work.scanner
            } else {
                var none = UnusualCursor([])
                dataRows += takeRows(buffer, scanner: &scanner, fields: fields, table: table, until: limits[index + 1], unusual: &none)
            }
        }
        if dataRows == 0 { fail(.headerOnly) }
        return nil
    }
}

/// Rows read on other threads, waiting to be appended to the table in order.
private struct PendingJoin {
    let table: TableIntake
    let intakes: [ModelIntake]
    let emptyFile: (() -> Void)?

    func run() {
        table.intake.absorb(intakes)
        emptyFile?()
    }
}


/// One chunk of records read on its own thread into its own intake.
private struct ChunkWork {
    var scanner: CSVScanner
    let table: TableIntake
    let limit: Int
    var rows = 0

    mutating func run(_ buffer: ColumnView<UInt8>) {
        let fields = CSVFields()
        var none = UnusualCursor([])
        rows = CSVSurveyFile.takeRows(buffer, scanner: &scanner, fields: fields, table: table, until: limit, unusual: &none)
    }
}

/// The replaced bytes of a file (``UnusualByte``), taken in order as the records holding them are read.
struct UnusualCursor {
    private let list: [UnusualByte]
    private var next = 0

    init(_ list: [UnusualByte]) { self.list = list }

    var isEmpty: Bool { list.isEmpty }

    /// Whether a replaced byte not yet taken lies on `line` (skipping those before `position`,
    /// in rows not read as records: the header, the rows above it).
    mutating func onLine(_ line: Int, from position: Int) -> Bool {
        while next < list.count && list[next].offset < position { next += 1 }
        return next < list.count && list[next].line == line
    }

    /// The replaced bytes in `start..<end` (those before `start`, in rows not read as records, are passed).
    mutating func take(from start: Int, before end: Int) -> ArraySlice<UnusualByte> {
        while next < list.count && list[next].offset < start { next += 1 }
        let first = next
        while next < list.count && list[next].offset < end { next += 1 }
        return list[first..<next]
    }
}
