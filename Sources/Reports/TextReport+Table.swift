import Machinery
import Criteria
import Records
import Dispatch
import Scoring
import TextSupport

/// The ranked table of one model and commune: column widths fitted to the report width, the
/// footnotes of the rows that were not certified, and the rows' lines written as bytes.
///
/// No row becomes an array of `String` cells: widths are measured on the cells' bytes (a coded
/// column's distinct values once), on several threads; footnotes are numbered by first
/// appearance of each distinct reason text, and each line is written straight into a byte buffer.
/// A line is the same text ``TextTable/row(_:)`` gives for the same cells, which
/// ``line(_:)`` returns for the first row.
struct RankedTable {
    private(set) var table: TextTable
    /// Footnote texts; footnote `n` is `footnotes[n - 1]`.
    private(set) var footnotes: [String] = []
    /// The rows printed, their footnote numbers and the words of their results.
    private let storage: RankedTableStorage

    /// The number of rows printed.
    var count: Int { storage.rows.count }

    /// The name column is never made narrower than this while there is other room to take.
    private static let comfortableName = 24

    private let results: ModelResults
    private let key: CellSource
    private let name: CellSource
    private let hamlet: CellSource?
    private let passMarkCount: Int

    /// Measures the table of `entries`, reading the text cells from `sources`.
    init(results: ModelResults, entries: ArraySlice<ListingEntry>, sources: CellSources, language: Language, width: Int,
         threads: Int, rowsPerPart: Int = 1_024) {
        let model = results.model
        let definition = model.definition
        self.results = results
        func label(_ index: Int) -> String {
            let field = definition.fields[index]
            return language.pick(field.label, optionalEnglish: field.labelEnglish)
        }
        let keyLabel = model.keyFieldIndexes.filter { $0 != model.communeFieldIndex }.map(label).joined(separator: "/")

        key = sources.key
        name = sources.name
        hamlet = sources.hamlet

        // The result words of every level and pass mark (`Đạt (vùng KK)`).
        var marks: [CompiledPassMark] = []
        for step in model.decision {
            if case .passMark(let stepMarks) = step { marks = stepMarks; break }
        }
        passMarkCount = marks.count
        var words: [String] = []
        for level in [Level.exemplary, .certified, .notCertified, .error] {
            for mark in [nil] + marks.map(Optional.some) {
                words.append(ReportWords.result(level: level, passMark: mark, language))
            }
        }
        var printed: [Int] = []
        printed.reserveCapacity(entries.count)
        for entry in entries {
            if case .scored(let row) = entry, results.levels[row] != .error { printed.append(row) }
        }
        storage = RankedTableStorage(rows: printed, words: DistinctBytes.make(words))

        // Cells may be cut: a key to 8 columns, a hamlet code to 6, a result to its level word.
        var columns = [TextColumn(language.pick("STT", "No."), .right, width: 3),
                       TextColumn(keyLabel, .left, floor: 8),
                       TextColumn(label(model.nameFieldIndex), .left)]
        if hamlet != nil { columns.append(TextColumn(language.pick("Ấp", "Hamlet"), .left, floor: 6)) }
        columns += model.groups.map { TextColumn($0.definition.id, .right, width: 3) }
        columns += [TextColumn(language.pick("Tổng", "Total"), .right, width: 3),
                    TextColumn(language.pick("Hạng", "Rank"), .right, width: 3),
                    TextColumn(language.pick("Kết quả", "Result"), .left,
                               floor: DisplayWidth.of(ReportWords.level(.notCertified, language)) + 3)]
        let nameColumn = 2
        table = TextTable(columns: columns)

        if count > 0 { measure(columns: &columns, language: language, threads: threads, rowsPerPart: rowsPerPart) }

        // The name column takes what is left of the width once every other column is as wide as
        // its cells, with narrower gaps and two-line titles when the name would otherwise be cramped.
        var layout = TextTable(columns: columns)
        layout.layout(width: width, flexible: nameColumn, comfortable: Self.comfortableName)
        table = layout
    }

    /// Widens the columns to their cells and numbers the footnotes.
    private mutating func measure(columns: inout [TextColumn], language: Language, threads: Int, rowsPerPart: Int) {
        let model = results.model
        let groups = model.groups.count
        let rows = storage.rows
        let parts = min(max(1, threads) * 4, max(1, rows.count / max(1, rowsPerPart)))
        var stats = [PartStats](repeating: PartStats(groups: groups), count: parts)
        let work = MeasureWork(table: self, rows: rows, parts: parts, language: language)
        stats.withUnsafeMutableBufferPointer { stats in
            let out = UncheckedPointer(stats.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                out.pointer[part] = work.run(part: part)
            }
        }

        // Footnotes numbered by first appearance: each part's new texts, in the order the part
        // met them, follow those of the parts before it.
        var numbers: [String: Int32] = [:]
        let notes = storage.notes
        let words = storage.words.list
        var resultWidth = 0
        for (part, stat) in stats.enumerated() {
            var local = [Int32](repeating: 0, count: stat.texts.count)
            for (index, text) in stat.texts.enumerated() {
                if let known = numbers[text] {
                    local[index] = known
                } else {
                    footnotes.append(text)
                    let number = Int32(footnotes.count)
                    numbers[text] = number
                    local[index] = number
                }
            }
            let start = work.start(part)
            for i in start..<work.start(part + 1) {
                let id = stat.reasonIds[i - start]
                let note = id < 0 ? 0 : local[Int(id)]
                notes[i] = note
                var w = words.width(variant(rows[i]))
                if note > 0 { w += 1 + Self.digits(Int(note)) }
                resultWidth = max(resultWidth, w)
            }
        }

        storage.superscripts = DistinctBytes.make([""] + footnotes.indices.map { ReportWords.superscript($0 + 1) })

        var c = 0
        columns[c].fit(width: Self.digits(rows.count)); c += 1
        columns[c].fit(width: stats.map(\.key).max() ?? 0); c += 1
        columns[c].fit(width: stats.map(\.name).max() ?? 0); c += 1
        if hamlet != nil { columns[c].fit(width: stats.map(\.hamlet).max() ?? 0); c += 1 }
        for g in 0..<groups { columns[c].fit(width: stats.map { $0.groups[g] }.max() ?? 0); c += 1 }
        columns[c].fit(width: stats.map(\.total).max() ?? 0); c += 1
        columns[c].fit(width: stats.map(\.rank).max() ?? 0); c += 1
        columns[c].fit(width: resultWidth)
    }

    /// What one part of the rows measured.
    fileprivate struct PartStats {
        var key = 0, name = 0, hamlet = 0, total = 0, rank = 0
        var groups: [Int]
        /// Per row of the part: the index of its reason text in `texts`, or -1.
        var reasonIds: [Int32] = []
        /// The part's distinct reason texts, in the order first met.
        var texts: [String] = []

        init(groups: Int) { self.groups = Array(repeating: 0, count: groups) }
    }

    /// Read-only inputs of the measuring threads.
    private struct MeasureWork: @unchecked Sendable {
        let table: RankedTable
        let rows: UnsafeMutableBufferPointer<Int>
        let parts: Int
        let language: Language

        func start(_ part: Int) -> Int { rows.count * part / parts }

        func run(part: Int) -> PartStats {
            let results = table.results
            let model = results.model
            let groups = model.groups.count
            var stats = PartStats(groups: groups)
            var ids: [[Reason]: Int32] = [:]
            var lastReasons: [Reason] = []
            var lastId: Int32 = -1
            let range = start(part)..<start(part + 1)
            stats.reasonIds.reserveCapacity(range.count)
            for i in range {
                let row = rows[i]
                stats.key = max(stats.key, table.key.width(row: row))
                stats.name = max(stats.name, table.name.width(row: row))
                if let hamlet = table.hamlet { stats.hamlet = max(stats.hamlet, hamlet.width(row: row)) }
                for g in 0..<groups {
                    stats.groups[g] = max(stats.groups[g], RankedTable.digits(Int(results.groupPoints[row * groups + g])))
                }
                stats.total = max(stats.total, RankedTable.digits(Int(results.totals[row])))
                stats.rank = max(stats.rank, RankedTable.digits(Int(results.ranks[row])))
                var id: Int32 = -1
                if results.levels[row] == .notCertified, !results.reasons[row].isEmpty {
                    let reasons = results.reasons[row]
                    // Rows in listing order often have the reasons of the row before.
                    if reasons == lastReasons {
                        id = lastId
                    } else if let known = ids[reasons] {
                        id = known
                    } else {
                        id = Int32(stats.texts.count)
                        ids[reasons] = id
                        stats.texts.append(reasons.map { $0.message(in: language, model: model) }.joined(separator: "; "))
                    }
                    lastReasons = reasons
                    lastId = id
                }
                stats.reasonIds.append(id)
            }
            return stats
        }
    }

    /// The index into the result words of a row's result.
    private func variant(_ row: Int) -> Int {
        Self.variant(level: results.levels[row], passMark: results.passMarks[row], passMarkCount: passMarkCount)
    }

    /// The index into the result words of a level reached with a pass mark (-1: none).
    @inline(__always)
    static func variant(level: Level, passMark: Int8, passMarkCount: Int) -> Int {
        // (`meritOrder` numbers the levels in the order the words are made in.)
        let mark = level == .certified ? Int(passMark) + 1 : 0
        return level.meritOrder * (passMarkCount + 1) + mark
    }

    /// The number of characters of a whole number written in decimal.
    static func digits(_ value: Int) -> Int {
        var n = value < 0 ? 2 : 1
        var rest = value.magnitude
        while rest >= 10 { rest /= 10; n += 1 }
        return n
    }

    /// Line `i` of the table (row `rows[i]`), without its line break.
    func line(_ i: Int) -> String {
        let bytes = ByteWriter(capacity: 256)
        LineWriter(self).append(i, to: bytes)
        return String(decoding: bytes.bytes.dropLast(), as: UTF8.self)
    }

    /// Lines `range` of the table, each ended by a line break, on `threads` threads: blocks of
    /// lines are formatted at once and handed to `write` in order.
    func writeLines(_ range: Range<Int>, threads: Int, to write: (UnsafeBufferPointer<UInt8>) -> Void) {
        let blockLines = 1_024
        let workers = max(1, threads)
        var first = range.lowerBound
        let buffers = (0..<workers).map { _ in ByteWriter(capacity: 1 << 20) }
        let writer = LineWriter(self)
        while first < range.upperBound {
            let round = min(workers, (range.upperBound - first + blockLines - 1) / blockLines)
            let start = first
            let format: @Sendable (Int) -> Void = { w in
                let lines = (start + w * blockLines)..<min(range.upperBound, start + (w + 1) * blockLines)
                let out = buffers[w]
                out.removeAll()
                for i in lines { writer.append(i, to: out) }
            }
            if round == 1 { format(0) } else { DispatchQueue.concurrentPerform(iterations: round, execute: format) }
            for w in 0..<round { write(buffers[w].bytes) }
            first = min(range.upperBound, first + round * blockLines)
        }
    }

    /// Writes lines of the table: everything a line needs, as plain values and pointers, so that
    /// threads writing lines at once share no reference count.
    private struct LineWriter: @unchecked Sendable {
        let rows: UnsafeBufferPointer<Int>
        let notes: UnsafeBufferPointer<Int32>
        let widths: [Int]
        let rightAligned: [Bool]
        let separator: Int
        let groups: Int
        let groupPoints: MutableColumnView<Int32>
        let totals: MutableColumnView<Int32>
        let ranks: MutableColumnView<Int32>
        let levels: MutableColumnView<Level>
        let passMarks: MutableColumnView<Int8>
        let passMarkCount: Int
        let key: CellSource
        let name: CellSource
        let hamlet: CellSource?
        let words: ByteList
        let superscripts: ByteList
        /// Keep `rows`, `notes` and the byte lists alive.
        let owner: RankedTableStorage
        let superscriptBytes: DistinctBytes

        init(_ table: RankedTable) {
            owner = table.storage
            rows = UnsafeBufferPointer(owner.rows)
            notes = UnsafeBufferPointer(owner.notes)
            widths = table.table.columns.map(\.width)
            rightAligned = table.table.columns.map { $0.alignment == .right }
            separator = table.table.separator
            groups = table.results.model.groups.count
            groupPoints = table.results.groupPoints
            totals = table.results.totals
            ranks = table.results.ranks
            levels = table.results.levels
            passMarks = table.results.passMarks
            passMarkCount = table.passMarkCount
            key = table.key
            name = table.name
            hamlet = table.hamlet
            words = owner.words.list
            superscriptBytes = owner.superscripts
            superscripts = superscriptBytes.list
        }

        /// Appends line `i` and its line break.
        func append(_ i: Int, to out: ByteWriter) {
            let row = rows[i]
            let start = out.count
            out.append(0x20)
            var c = 0
            func gap() {
                if c > 0 { out.append(spaces: separator) }
            }
            func number(_ value: Int) {
                gap()
                RankedTable.appendNumber(value, width: widths[c], right: rightAligned[c], to: out)
                c += 1
            }
            func text(_ source: CellSource) {
                gap()
                source.append(row: row, width: widths[c], right: rightAligned[c], to: out)
                c += 1
            }
            number(i + 1)
            text(key)
            text(name)
            if let hamlet { text(hamlet) }
            for g in 0..<groups { number(Int(groupPoints[row * groups + g])) }
            number(Int(totals[row]))
            number(Int(ranks[row]))
            gap()
            let v = RankedTable.variant(level: levels[row], passMark: passMarks[row], passMarkCount: passMarkCount)
            let note = Int(notes[i])
            let room = widths[c]
            var w = words.width(v)
            if note > 0 { w += 1 + superscripts.width(note) }
            if w <= room && !rightAligned[c] {
                out.append(words[v])
                if note > 0 {
                    out.append(0x20)
                    out.append(superscripts[note])
                }
                // (Trailing spaces are trimmed below.)
            } else {
                var cell = Array(words[v])
                if note > 0 { cell.append(0x20); cell += superscripts[note] }
                cell.withUnsafeBufferPointer { RankedTable.appendCell($0, width: w, room: room, right: rightAligned[c], to: out) }
            }
            out.trimSpaces(downTo: start)
            out.append(0x0A)
        }
    }

    /// A cell padded (or cut, with "…") to its column's width.
    @inline(__always)
    static func appendCell(_ bytes: UnsafeBufferPointer<UInt8>, width w: Int, room: Int, right: Bool, to out: ByteWriter) {
        guard w <= room else {
            var fitted = String(decoding: bytes, as: UTF8.self)
            fitted = right ? DisplayWidth.padLeft(fitted, to: room) : DisplayWidth.padRight(fitted, to: room)
            fitted.withUTF8 { out.append($0) }
            return
        }
        if right { out.append(spaces: room - w) }
        out.append(bytes)
        if !right { out.append(spaces: room - w) }
    }

    @inline(__always)
    static func appendNumber(_ value: Int, width room: Int, right: Bool, to out: ByteWriter) {
        let n = digits(value)
        guard n <= room else {
            var text = String(value)
            text.withUTF8 { appendCell($0, width: n, room: room, right: right, to: out) }
            return
        }
        if right { out.append(spaces: room - n) }
        out.append(number: value)
        if !right { out.append(spaces: room - n) }
    }
}

/// The text cells of a model's ranked tables: made once per model (a coded column's distinct
/// values measured once), valid inside the ``RecordTable/withColumns(_:)`` they were made in.
struct CellSources {
    /// The commune field read by code, when it is coded text.
    let commune: FieldBytes?
    let key: CellSource
    let name: CellSource
    let hamlet: CellSource?
    /// Keeps the measured distinct values of coded columns alive.
    let distinct: [DistinctBytes]

    init(results: ModelResults, columns: RecordColumns) {
        let model = results.model
        var distinct: [DistinctBytes] = []
        func source(field: Int, fallback: @escaping @Sendable (Int) -> String) -> CellSource {
            guard model.fieldTypes[field] == .text else { return .computed(fallback) }
            let (bytes, values) = FieldBytes.make(columns, slot: model.fieldSlots[field])
            if let values { distinct.append(values) }
            return .field(bytes)
        }
        let keyFields = model.displayKeyFieldIndexes
        if model.fieldTypes[model.communeFieldIndex] == .text, columns.texts[model.fieldSlots[model.communeFieldIndex]].isCoded {
            commune = FieldBytes(view: columns.texts[model.fieldSlots[model.communeFieldIndex]], distinct: nil)
        } else {
            commune = nil
        }
        key = keyFields.count == 1 ? source(field: keyFields[0]) { results.key(row: $0) } : .computed { results.key(row: $0) }
        name = source(field: model.nameFieldIndex) { results.name(row: $0) }
        hamlet = model.hamletFieldIndex.map { field in source(field: field) { results.hamlet(row: $0) ?? "" } }
        self.distinct = distinct
    }
}

/// Where a text cell of the ranked table comes from.
enum CellSource: @unchecked Sendable {
    /// A text field, read as bytes.
    case field(FieldBytes)
    /// Worked out per row (a key of several fields, a field that is not text).
    case computed(@Sendable (Int) -> String)

    @inline(__always)
    func width(row: Int) -> Int {
        switch self {
        case .field(let bytes): return bytes.width(row: row)
        case .computed(let make): return DisplayWidth.of(make(row))
        }
    }

    @inline(__always)
    func append(row: Int, width room: Int, right: Bool, to out: ByteWriter) {
        switch self {
        case .field(let bytes):
            bytes.withBytes(row: row) { RankedTable.appendCell($0, width: bytes.width(of: $0, row: row), room: room, right: right, to: out) }
        case .computed(let make):
            var text = make(row)
            let w = DisplayWidth.of(text)
            text.withUTF8 { RankedTable.appendCell($0, width: w, room: room, right: right, to: out) }
        }
    }
}

/// A pointer handed to `concurrentPerform`, each thread writing only its own elements.
struct UncheckedPointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    init(_ pointer: UnsafeMutablePointer<Element>) { self.pointer = pointer }
}

/// The rows of a ``RankedTable`` and what their lines print, in fixed buffers that threads
/// writing lines read without reference counting.
final class RankedTableStorage: @unchecked Sendable {
    let rows: UnsafeMutableBufferPointer<Int>
    /// The footnote number of each row (0: none).
    let notes: UnsafeMutableBufferPointer<Int32>
    /// The result words per level and pass mark (``RankedTable/variant(level:passMark:passMarkCount:)``).
    let words: DistinctBytes
    /// `superscripts[n]` is the marker of footnote `n`.
    var superscripts: DistinctBytes

    init(rows: [Int], words: DistinctBytes) {
        self.rows = .allocate(capacity: rows.count)
        _ = self.rows.initialize(from: rows)
        notes = .allocate(capacity: rows.count)
        notes.initialize(repeating: 0)
        self.words = words
        superscripts = DistinctBytes.make([""])
    }

    deinit {
        rows.deallocate()
        notes.deallocate()
    }
}
