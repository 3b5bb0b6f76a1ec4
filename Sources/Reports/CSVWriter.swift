import Machinery
import Criteria
import Records
import Scoring
import TextSupport

/// Writes the scoring output contract as CSV: UTF-8, a header row, one row per input entity of
/// every model, in listing order.
///
/// Columns: `model,xa,id,name,total,level,rank`, then one column per criteria group id found in
/// any model (in order of first appearance: `TC1`, `TC2`, …; empty where a model has no such
/// group), then `reasons` (joined with `; `). Fields are quoted as RFC 4180 says; lines end in LF.
///
/// ```swift
/// CSVWriter(language: .vietnamese).write(results, to: sink)
/// ```
public struct CSVWriter {
    public var language: Language
    /// How many threads format lines at once; the bytes written are the same for any number.
    public var threads: Int

    public init(language: Language, threads: Int = 1) {
        self.language = language
        self.threads = max(1, threads)
    }

    /// Lines are formatted in blocks of this many entries; blocks are written in order.
    static let blockEntries = 8_192

    public func write(_ run: RunResults, to sink: OutputSink) {
        let models = run.outputOrder
        var groupIds: [String] = []
        for model in models {
            for group in model.model.groups where !groupIds.contains(group.definition.id) {
                groupIds.append(group.definition.id)
            }
        }
        sink.write((["model", "xa", "id", "name", "total", "level", "rank"] + groupIds + ["reasons"]).joined(separator: ",") + "\n")
        let parallel = ParallelWork(threads: threads)
        for results in models {
            let count = results.listing.count
            let blocks = (count + Self.blockEntries - 1) / Self.blockEntries
            let workers = min(threads, max(blocks, 1))
            // Each worker has its own buffer and its own cache of worded reasons.
            let buffers = (0..<workers).map { _ in ByteWriter(capacity: 1 << 20) }
            let caches = (0..<workers).map { _ in SendableBox([Reason: String]()) }
            results.table.withColumns { columns in
                let (formatter, distinct) = LineFormatter(results: results, groupIds: groupIds, language: language).reading(columns)
                let shared = SendableBox(formatter)
                var first = 0
                while first < blocks {
                    let round = min(workers, blocks - first)
                    // Worker i formats block `first + i` into buffer i only: no two threads share anything mutable.
                    let firstBlock = first
                    parallel.run(parts: round) { i in
                        let block = firstBlock + i
                        let range = (block * Self.blockEntries)..<min(count, (block + 1) * Self.blockEntries)
                        buffers[i].removeAll()
                        shared.value.format(range, into: buffers[i], worded: &caches[i].value)
                    }
                    for i in 0..<round { sink.write(buffers[i].bytes) }
                    first += round
                }
                withExtendedLifetime(distinct) {}
            }
        }
        sink.flush()
    }

    /// Whether a field with these bytes must be quoted: a comma, quote or line break in it, or
    /// a first character a spreadsheet would take for the start of a formula (``startsLikeFormula``).
    @inline(__always)
    static func needsQuotes(_ bytes: ColumnView<UInt8>) -> Bool {
        if bytes.count > 0, startsLikeFormula(bytes[unchecked: 0]) { return true }
        for i in bytes.indices {
            let byte = bytes[unchecked: i]
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
        }
        return false
    }

    /// Appends a field's bytes, quoted if `quote`.
    @inline(__always)
    static func quoted(_ bytes: ColumnView<UInt8>, quote: Bool, _ out: ByteWriter) {
        out.withBuffer { quoted(bytes, quote: quote, &$0) }
    }

    @inline(__always)
    static func quoted(_ bytes: ColumnView<UInt8>, quote: Bool, _ out: inout ByteBuffer) {
        guard quote else {
            out.append(bytes)
            return
        }
        out.append(0x22)
        // A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a tab
        // or carriage return first) is written as text: an apostrophe before it, as Excel
        // itself marks a typed text (OWASP's advice against CSV injection).
        if bytes.count > 0, startsLikeFormula(bytes[unchecked: 0]) { out.append(0x27) }
        for i in bytes.indices {
            let byte = bytes[unchecked: i]
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// `=`, `+`, `-`, `@`, tab or carriage return: the characters with which a spreadsheet
    /// starts reading a cell as a formula. Only text fields are asked; numbers are written apart.
    @inline(__always)
    static func startsLikeFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    static func quoted(_ value: String, _ out: inout ByteBuffer) {
        var value = value
        value.withUTF8View { quoted($0, quote: needsQuotes($0), &out) }
    }

    static func quoted(_ value: String, _ out: ByteWriter) {
        var value = value
        value.withUTF8View { quoted($0, quote: needsQuotes($0), out) }
    }
}

/// Formats the CSV lines of one model's listing entries.
struct LineFormatter {
    let results: ModelResults
    let model: CompiledModel
    let language: Language
    let groupColumn: [Int?]
    /// `groupColumn` in a fixed buffer (-1 for none).
    private let groupColumns: FixedBuffer<Int>
    /// `model,`, then each level's id followed by a comma, by ``Level/code`` (256 entries).
    let words: ByteTable.View
    private let wordBytes: ByteTable
    /// The model's groups: a row's group points are this many apart.
    let groupStride: Int
    let communeSlot: Int?
    let nameSlot: Int?
    let keySlot: Int?
    /// The text fields read as bytes (set by ``reading(_:)``).
    private var commune: FieldBytes?
    private var name: FieldBytes?
    private var key: FieldBytes?

    init(results: ModelResults, groupIds: [String], language: Language) {
        let model = results.model
        self.results = results
        self.model = model
        self.language = language
        groupColumn = groupIds.map { id in model.groups.firstIndex { $0.definition.id == id } }
        groupColumns = FixedBuffer(groupColumn.map { $0 ?? -1 })
        groupStride = model.groups.count
        wordBytes = ByteTable([model.id + ","] + (0..<256).map { model.levelId(Level(code: UInt8($0))) + "," })
        words = wordBytes.view
        // Text fields are read through the table's column views: no retain per value.
        let textSlot = { (field: Int) -> Int? in model.fieldTypes[field] == .text ? model.fieldSlots[field] : nil }
        let keyFields = model.displayKeyFieldIndexes
        communeSlot = textSlot(model.communeFieldIndex)
        nameSlot = textSlot(model.nameFieldIndex)
        keySlot = keyFields.count == 1 ? textSlot(keyFields[0]) : nil
    }

    /// The formatter reading its text fields from `columns` (the table's), with the distinct
    /// values of coded columns to keep alive while it is used.
    func reading(_ columns: RecordColumns) -> (LineFormatter, [DistinctBytes]) {
        var copy = self
        var distinct: [DistinctBytes] = []
        func bytes(_ slot: Int?) -> FieldBytes? {
            guard let slot else { return nil }
            let (field, values) = FieldBytes.makeForCSV(columns, slot: slot)
            if let values { distinct.append(values) }
            return field
        }
        copy.commune = bytes(communeSlot)
        copy.key = bytes(keySlot)
        copy.name = bytes(nameSlot)
        return (copy, distinct)
    }

    func format(_ range: Range<Int>, into out: ByteWriter, worded: inout [Reason: String]) {
        // The lines are written into the writer's storage taken out for the loop: its pointer and
        // count stay in registers rather than being read and written back on every byte.
        out.withBuffer { out in format(range, into: &out, worded: &worded) }
    }

    /// Entries ahead whose rows are asked for before they are formatted: rows come in rank
    /// order, each in a different place of the columns.
    static let lookAhead = 8

    /// Asks for the cache lines of everything the line of `row` reads.
    @inline(__always)
    private func prefetch<C: CSVCell, K: CSVCell, N: CSVCell>(row: Int, _ commune: C, _ key: K, _ name: N) {
        results.levels.prefetch(at: row)
        results.totals.prefetch(at: row)
        results.ranks.prefetch(at: row)
        results.groupPoints.prefetch(at: row * groupStride)
        results.reasons.prefetch(at: row)
        commune.prefetch(row: row)
        key.prefetch(row: row)
        name.prefetch(row: row)
    }

    /// For a row that will show reasons, asks for its reasons' storage (its slot was asked for
    /// by ``prefetch(row:_:_:_:)`` earlier).
    @inline(__always)
    private func prefetchReasons(row: Int) {
        let level = results.levels[unchecked: row]
        guard level == .notCertified || level == .error else { return }
        results.reasons.prefetchArrayStorage(at: row)
    }

    private func format(_ range: Range<Int>, into out: inout ByteBuffer, worded: inout [Reason: String]) {
        // The usual model reads its three text fields as bytes: its lines are made by a loop
        // specialised for that, which holds no optional field (an optional of a field is copied
        // out and its case asked by a call, on every use).
        if let commune, let key, let name {
            format(range, commune, key, name, into: &out, worded: &worded)
            return
        }
        let results = results
        format(range, AnyCSVCell(commune) { results.commune(row: $0) }, AnyCSVCell(key) { results.key(row: $0) },
               AnyCSVCell(name) { results.name(row: $0) }, into: &out, worded: &worded)
    }

    private func format<C: CSVCell, K: CSVCell, N: CSVCell>(_ range: Range<Int>, _ commune: C, _ key: K, _ name: N,
                                                            into out: inout ByteBuffer, worded: inout [Reason: String]) {
        var lastReasons: [Reason] = []
        var lastBytes: [UInt8] = []
        // The quoted cell of each single reason met (most rows that have reasons have one).
        var quotedSingle: [Reason: [UInt8]] = [:]
        let prefix = words[unchecked: 0]
        // The result columns in locals: read through `results` they would be loaded again on
        // every use (the bytes written could, for all the compiler knows, change them).
        let groupPoints = results.groupPoints, levels = results.levels, totals = results.totals, ranks = results.ranks
        let reasonColumn = results.reasons
        let groupColumns = groupColumns.view
        let groupStride = groupStride
        results.listing.withColumnView { listing in
        for index in range {
            if index + Self.lookAhead < range.upperBound, case .scored(let ahead) = listing[unchecked: index + Self.lookAhead] {
                prefetch(row: ahead, commune, key, name)
            }
            if index + Self.lookAhead / 2 < range.upperBound, case .scored(let ahead) = listing[unchecked: index + Self.lookAhead / 2] {
                prefetchReasons(row: ahead)
                name.prefetchValue(row: ahead)
            }
            let entry = listing[unchecked: index]
            out.append(prefix)
            switch entry {
            case .scored(let row):
                let level = levels[unchecked: row]
                let isError = level == .error
                commune.appendField(row: row, &out)
                key.appendField(row: row, &out)
                name.appendField(row: row, &out)
                if !isError { out.append(number: Int(totals[unchecked: row])) }
                out.append(0x2C)
                out.append(words[unchecked: 1 + Int(level.code)])
                if !isError { out.append(number: Int(ranks[unchecked: row])) }
                // (Through a fixed buffer: iterating the shared array would retain it on every row.)
                for c in 0..<groupColumns.count {
                    out.append(0x2C)
                    let g = groupColumns[unchecked: c]
                    if g >= 0, !isError { out.append(number: Int(groupPoints[unchecked: row * groupStride + g])) }
                }
                out.append(0x2C)
                // Only `khong-dat` and `loi` rows are given reasons: the others' are not read
                // (rows come in rank order, and reading each one's would cost a cache miss).
                guard level == .notCertified || level == .error else { break }
                let reasons = reasonColumn[unchecked: row]
                guard !reasons.isEmpty else { break }
                // Rows in listing order often have the reasons of the row before (the same
                // total below the same pass mark): those bytes are copied again.
                if reasons == lastReasons {
                    out.append(lastBytes)
                    break
                }
                // Most reasons repeat ("TC1 được 10 điểm, …"): word each distinct one once.
                func wording(_ reason: Reason) -> String {
                    if let known = worded[reason] { return known }
                    let text = reason.message(in: language, model: model)
                    worded[reason] = text
                    return text
                }
                var cell: [UInt8]
                if reasons.count == 1, let known = quotedSingle[reasons[0]] {
                    cell = known
                } else {
                    let bytes = ByteWriter(capacity: 128)
                    CSVWriter.quoted(reasons.count == 1 ? wording(reasons[0]) : reasons.map(wording).joined(separator: "; "), bytes)
                    cell = bytes.array
                    if reasons.count == 1 { quotedSingle[reasons[0]] = cell }
                }
                out.append(cell)
                lastReasons = reasons
                lastBytes = cell
            case .rejected(let index):
                let rejected = results.rejected[index]
                field(rejected.commune, &out)
                field(rejected.key, &out)
                field(rejected.name, &out)
                for byte in ("," + Level.errorId + ",").utf8 { out.append(byte) }
                for _ in 0...groupColumn.count { out.append(0x2C) }
                CSVWriter.quoted(rejected.problems.map { $0.message(in: language) }.joined(separator: "; "), &out)
            }
            out.append(0x0A)
        }
        }
    }

    /// Appends a field and the comma after it.
    private func field(_ value: String, _ out: inout ByteBuffer) {
        CSVWriter.quoted(value, &out)
        out.append(0x2C)
    }
}

/// A text column of a CSV line: the line loop is specialised for the kind of each of its three
/// (commune, key, name), so it asks no optional on every row.
protocol CSVCell {
    /// Asks for the cache line of the row's value (a hint).
    func prefetch(row: Int)
    /// Asks for where the row's value's bytes start (a hint; after ``prefetch(row:)``).
    func prefetchValue(row: Int)
    /// Appends the row's field, quoted as RFC 4180 says, and the comma after it.
    func appendField(row: Int, _ out: inout ByteBuffer)
}

extension FieldBytes: CSVCell {
    @inline(__always)
    func appendField(row: Int, _ out: inout ByteBuffer) {
        withCSVField(row: row) { value, needsQuotes in
            // Most cells need no quotes: their bytes are copied here, the rest quoted.
            if needsQuotes { CSVWriter.quoted(value, quote: true, &out) } else { out.append(value) }
        }
        out.append(0x2C)
    }
}

/// A text column read as bytes when it can be, otherwise through the results' `String` of each
/// row (a key of several fields, a field that is not text).
struct AnyCSVCell: CSVCell {
    let bytes: FieldBytes?
    let text: (Int) -> String

    init(_ bytes: FieldBytes?, text: @escaping (Int) -> String) {
        self.bytes = bytes
        self.text = text
    }

    func prefetch(row: Int) { bytes?.prefetch(row: row) }

    func prefetchValue(row: Int) { bytes?.prefetchValue(row: row) }

    func appendField(row: Int, _ out: inout ByteBuffer) {
        if let bytes {
            bytes.appendField(row: row, &out)
        } else {
            CSVWriter.quoted(text(row), &out)
            out.append(0x2C)
        }
    }
}
