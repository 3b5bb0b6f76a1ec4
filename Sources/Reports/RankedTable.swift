import Machinery
import Criteria
import Records
import Scoring
import TextSupport

/// The ranked table of one model and commune: column widths fitted to the report width, the
/// footnotes of the rows that were not certified, and the rows' lines written as bytes.
///
/// No row becomes an array of `String` cells: widths are measured on the cells' bytes (a coded
/// column's distinct values once), on several threads; footnotes are numbered by first
/// appearance of each distinct reason text, and each line is written straight into a byte
/// buffer by the table's ``TableLine``, which writes the title rows too.
///
/// ```swift
/// let ranked = RankedTable(results: results, entries: results.listing[section], sources: cells,
///                          language: .vietnamese, width: 100, threads: 2)
/// ranked.table.header + [ranked.line(0)]           // the first lines, as text
/// pages.rows(TableRows(count: ranked.count - 1) { emit in ranked.writeLines(1..<ranked.count, threads: 2, to: emit) })
/// ```
struct RankedTable {
    private(set) var table: TextTable
    /// Footnote texts; footnote `n` is `footnotes[n - 1]`.
    private(set) var footnotes: [String] = []
    /// The rows printed. (Held until the table's lines are written, which with pages is at the
    /// end of the report: every table of a run at once, so each row takes 10 bytes here.)
    private let rows: FixedBuffer<Int32>
    /// The footnote number of each row printed (0: none).
    private let notes: FixedBuffer<Int32>
    /// The words of each row's result: its index into `words` (``variant(_:)``).
    private let variants: FixedBuffer<UInt16>
    /// The words of the results (``variant(_:)``).
    private let words: DistinctBytes
    /// `superscripts[n]` is the marker of footnote `n`.
    private var superscripts = DistinctBytes([""])

    /// The number of rows printed.
    var count: Int { rows.count }

    /// The name column is never made narrower than this while there is other room to take.
    private static let comfortableName = 24

    private let results: ModelResults
    private let key: CellSource
    private let name: CellSource
    private var hamlet: CellSource?
    /// The hamlet codes, printed instead of the names of ``hamlet`` when the names would be cut
    /// or would cut the entities' names.
    private let hamletCodes: CellSource?
    /// The pass marks met among the `đạt` rows printed: their index in the results' pass mark
    /// column is below this.
    private let passMarkCount: Int
    /// The model's lowest declared level (its code): the one shown with its pass mark's note.
    private let noteLevelCode: UInt8
    /// The merit of a not-certified row (declared levels' merits are their codes).
    private let notCertifiedMerit: Int

    /// Measures the table of `entries`, reading the text cells from `sources`.
    ///
    /// `onlyCertified`: only the rows of level tiêu biểu and đạt, and their result in the level's
    /// words alone (`Đạt`, not `Đạt (hộ nghèo)`: a list posted in public says nothing of a family's
    /// circumstances).
    init(results: ModelResults, entries: ArraySlice<ListingEntry>, sources: CellSources, language: Language, width: Int,
         threads: Int, rowsPerPart: Int = 1_024, onlyCertified: Bool = false, hamletCodes: CellSource? = nil) {
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
        self.hamletCodes = sources.hamlet == nil ? nil : hamletCodes

        // The rows printed, and for each pass mark a `đạt` row reached its level with, one such row.
        var printed: [Int32] = []
        printed.reserveCapacity(entries.count)
        var markRows: [Int] = []
        for entry in entries {
            guard case .scored(let row) = entry else { continue }
            let level = results.levels[row]
            guard level != .error else { continue }
            if onlyCertified && !model.isCertified(level) { continue }
            printed.append(Int32(truncatingIfNeeded: row))
            if ReportWords.showsPassMarkNote(level, model) && !onlyCertified {
                let mark = Int(results.passMarks[row])
                if mark >= markRows.count { markRows += Array(repeating: -1, count: mark + 1 - markRows.count) }
                if mark >= 0 && markRows[mark] < 0 { markRows[mark] = row }
            }
        }
        // (Fewer than 2^31 rows; at most 16 levels times 129 pass marks of result words.)
        rows = FixedBuffer(printed)
        notes = FixedBuffer(repeating: 0, count: printed.count)
        variants = FixedBuffer(repeating: 0, count: printed.count)
        passMarkCount = markRows.count
        noteLevelCode = UInt8(max(0, model.levels.count - 1))
        notCertifiedMerit = model.levels.count
        // The result words of every level, and of `đạt` with each of those pass marks (`Đạt (vùng KK)`).
        var texts: [String] = []
        for level in model.allLevels {
            texts.append(ReportWords.result(level: level, passMark: nil, model: model, language))
            for row in markRows {
                texts.append(ReportWords.showsPassMarkNote(level, model) && row >= 0 ? ReportWords.result(results, row: row, language)
                                                                                     : ReportWords.level(level, model, language))
            }
        }
        words = DistinctBytes(texts)

        // Cells may be cut: a key to 8 columns, a hamlet code to 6, a result to its level word.
        var columns = [TableColumn(language.pick("STT", "No."), .right, width: 3),
                       TableColumn(keyLabel, .left, floor: 8),
                       TableColumn(label(model.nameFieldIndex), .left)]
        if hamlet != nil { columns.append(TableColumn(language.pick("Ấp", "Hamlet"), .left, floor: 6)) }
        columns += model.groups.map { TableColumn($0.definition.id, .right, width: 3) }
        columns += [TableColumn(language.pick("Tổng", "Total"), .right, width: 3),
                    TableColumn(language.pick("Hạng", "Rank"), .right, width: 3),
                    TableColumn(language.pick("Kết quả", "Result"), .left,
                               floor: DisplayWidth.of(ReportWords.notCertified(language)) + 3)]
        let nameColumn = 2
        table = TextTable(columns: columns)

        var codeWidth = 0
        if count > 0 { codeWidth = measure(columns: &columns, language: language, threads: threads, rowsPerPart: rowsPerPart) }

        // The name column takes what is left of the width once every other column is as wide as
        // its cells, with narrower gaps and two-line titles when the name would otherwise be cramped.
        var layout = TextTable(columns: columns)
        layout.layout(width: width, flexible: nameColumn, comfortable: Self.comfortableName)
        if hamletCodes != nil, count > 0 {
            // Hamlet names only when they fit whole and leave the entities' names as wide as before.
            let h = nameColumn + 1
            let nameRoom = min(layout.columns[nameColumn].content, Self.comfortableName)
            if layout.columns[h].width < layout.columns[h].content || layout.columns[nameColumn].width < nameRoom {
                hamlet = hamletCodes
                columns[h].content = 0
                columns[h].width = 0
                columns[h].fit(width: codeWidth)
                layout = TextTable(columns: columns)
                layout.layout(width: width, flexible: nameColumn, comfortable: Self.comfortableName)
            }
        }
        table = layout
    }

    /// Widens the columns to their cells and numbers the footnotes; returns the width of the
    /// widest hamlet code (when ``hamletCodes`` is set).
    private mutating func measure(columns: inout [TableColumn], language: Language, threads: Int, rowsPerPart: Int) -> Int {
        let model = results.model
        let groups = model.groups.count
        let rows = self.rows.view.readOnly
        let parts = min(max(1, threads) * 4, max(1, rows.count / max(1, rowsPerPart)))
        let measured = FixedBuffer(repeating: PartStats(groups: groups), count: parts)
        let out = measured.view
        let work = SendableBox(MeasureWork(table: self, rows: rows, parts: parts, language: language))
        // Each part writes only its own statistics.
        ParallelWork(threads: threads).run(parts: parts) { part in
            out[part] = work.value.run(part: part)
        }
        let stats = Array(measured.view)

        // Footnotes numbered by first appearance: each part's new texts, in the order the part
        // met them, follow those of the parts before it.
        var numbers: [String: Int32] = [:]
        let notes = self.notes.view
        let variants = self.variants.view
        let widths = words.widths
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
            let start = work.value.start(part)
            for i in start..<work.value.start(part + 1) {
                let id = stat.reasonIds[i - start]
                let note = id < 0 ? 0 : local[Int(id)]
                notes[i] = note
                let v = variant(Int(rows[i]))
                variants[i] = UInt16(v)
                var w = widths[v]
                if note > 0 { w += 1 + TableLine.digits(Int(note)) }
                resultWidth = max(resultWidth, w)
            }
        }

        superscripts = DistinctBytes([""] + footnotes.indices.map { ReportWords.superscript($0 + 1) })

        var c = 0
        columns[c].fit(width: TableLine.digits(rows.count)); c += 1
        columns[c].fit(width: stats.map(\.key).max() ?? 0); c += 1
        columns[c].fit(width: stats.map(\.name).max() ?? 0); c += 1
        if hamlet != nil { columns[c].fit(width: stats.map(\.hamlet).max() ?? 0); c += 1 }
        for g in 0..<groups { columns[c].fit(width: stats.map { $0.groups[g] }.max() ?? 0); c += 1 }
        columns[c].fit(width: stats.map(\.total).max() ?? 0); c += 1
        columns[c].fit(width: stats.map(\.rank).max() ?? 0); c += 1
        columns[c].fit(width: resultWidth)
        return stats.map(\.hamletCode).max() ?? 0
    }

    /// What one part of the rows measured.
    fileprivate struct PartStats {
        var key = 0, name = 0, hamlet = 0, hamletCode = 0, total = 0, rank = 0
        var groups: [Int]
        /// Per row of the part: the index of its reason text in `texts`, or -1.
        var reasonIds: [Int32] = []
        /// The part's distinct reason texts, in the order first met.
        var texts: [String] = []

        init(groups: Int) { self.groups = Array(repeating: 0, count: groups) }
    }

    /// Read-only inputs of the measuring threads.
    private struct MeasureWork {
        let table: RankedTable
        let rows: ColumnView<Int32>
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
                let row = Int(rows[unchecked: i])
                stats.key = max(stats.key, table.key.width(row: row))
                stats.name = max(stats.name, table.name.width(row: row))
                if let hamlet = table.hamlet { stats.hamlet = max(stats.hamlet, hamlet.width(row: row)) }
                if let codes = table.hamletCodes { stats.hamletCode = max(stats.hamletCode, codes.width(row: row)) }
                for g in 0..<groups {
                    stats.groups[g] = max(stats.groups[g], TableLine.digits(Int(results.groupPoints[unchecked: row * groups + g])))
                }
                stats.total = max(stats.total, TableLine.digits(Int(results.totals[unchecked: row])))
                stats.rank = max(stats.rank, TableLine.digits(Int(results.ranks[unchecked: row])))
                var id: Int32 = -1
                if results.levels[unchecked: row] == .notCertified, !results.reasons[unchecked: row].isEmpty {
                    let reasons = results.reasons[unchecked: row]
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

    /// The index into the result words of a row's result: its level's, or for a `đạt` row the
    /// one with the pass mark that applied (as the results name it for the row).
    private func variant(_ row: Int) -> Int {
        let code = results.levels[row].code
        // (Merits number the levels in the order the words are made in: declared levels by
        // their codes, then not certified, then error.)
        let merit = code < Level.notCertified.code ? Int(code) : notCertifiedMerit + Int(code - Level.notCertified.code)
        let mark = code == noteLevelCode && passMarkCount > 0 ? Int(results.passMarks[row]) + 1 : 0
        return merit * (passMarkCount + 1) + mark
    }


    /// The table without its footnotes' texts: what writing its lines later needs (a page
    /// writer holds every table of a run until the end; the footnotes are printed already).
    func withoutFootnotes() -> RankedTable {
        var copy = self
        copy.footnotes = []
        return copy
    }

    /// Line `i` of the table (row `rows[i]`), without its line break.
    func line(_ i: Int) -> String {
        let bytes = ByteWriter(capacity: 256)
        LineWriter(self).append(i, to: bytes)
        return String(decoding: bytes.bytes.view(0..<bytes.count - 1), as: UTF8.self)
    }

    /// Lines `range` of the table, each ended by a line break, on `threads` threads: blocks of
    /// lines are formatted at once and handed to `write` in order, with where each of the
    /// block's lines ends in its bytes (a page writer cuts pages there without looking for
    /// line breaks).
    func writeLines(_ range: Range<Int>, threads: Int, to write: (_ bytes: ColumnView<UInt8>, _ lineEnds: ColumnView<Int>) -> Void) {
        let blockLines = 1_024
        let workers = max(1, threads)
        let parallel = ParallelWork(threads: workers)
        var first = range.lowerBound
        let buffers = (0..<workers).map { _ in ByteWriter(capacity: 1 << 20) }
        let endBuffers = (0..<workers).map { _ in FixedBuffer<Int>(zeroedCount: blockLines) }
        let ends = endBuffers.map(\.view)
        let writer = SendableBox(LineWriter(self))
        while first < range.upperBound {
            let round = min(workers, (range.upperBound - first + blockLines - 1) / blockLines)
            let start = first
            // Worker w formats block w of the round into buffer w and line ends w only.
            parallel.run(parts: round) { w in
                let lines = (start + w * blockLines)..<min(range.upperBound, start + (w + 1) * blockLines)
                let out = buffers[w]
                let lineEnds = ends[w]
                out.removeAll()
                let writer = writer.value
                for i in lines {
                    writer.append(i, to: out)
                    lineEnds[unchecked: i - lines.lowerBound] = out.count
                }
            }
            for w in 0..<round {
                let lines = min(blockLines, range.upperBound - (start + w * blockLines))
                write(buffers[w].bytes, ends[w].view(0..<lines).readOnly)
            }
            first = min(range.upperBound, first + round * blockLines)
        }
        withExtendedLifetime(endBuffers) {}
    }

    /// Writes lines of the table: everything a line needs as plain values and views, so that
    /// threads writing lines at once share no reference count. Valid while its table lives.
    private struct LineWriter {
        let line: TableLine
        let rows: ColumnView<Int32>
        let notes: ColumnView<Int32>
        let groups: Int
        let groupPoints: ColumnView<Int32>
        let totals: ColumnView<Int32>
        let ranks: ColumnView<Int32>
        let variants: ColumnView<UInt16>
        let key: CellSource
        let name: CellSource
        let hamlet: CellSource?
        let words: ByteTable.View
        let wordWidths: ColumnView<Int>
        let superscripts: ByteTable.View
        let superscriptWidths: ColumnView<Int>

        init(_ table: RankedTable) {
            line = TableLine(table.table)
            rows = table.rows.view.readOnly
            notes = table.notes.view.readOnly
            groups = table.results.model.groups.count
            groupPoints = table.results.groupPoints.readOnly
            totals = table.results.totals.readOnly
            ranks = table.results.ranks.readOnly
            variants = table.variants.view.readOnly
            key = table.key
            name = table.name
            hamlet = table.hamlet
            words = table.words.values
            wordWidths = table.words.widths
            superscripts = table.superscripts.values
            superscriptWidths = table.superscripts.widths
        }

        /// Appends line `i` and its line break.
        func append(_ i: Int, to out: ByteWriter) {
            let row = Int(rows[unchecked: i])
            let start = line.begin(out)
            var c = 0
            line.number(c, i + 1, to: out); c += 1
            key.append(row: row, column: c, of: line, to: out); c += 1
            name.append(row: row, column: c, of: line, to: out); c += 1
            if let hamlet { hamlet.append(row: row, column: c, of: line, to: out); c += 1 }
            for g in 0..<groups { line.number(c, Int(groupPoints[unchecked: row * groups + g]), to: out); c += 1 }
            line.number(c, Int(totals[unchecked: row]), to: out); c += 1
            line.number(c, Int(ranks[unchecked: row]), to: out); c += 1
            let v = Int(variants[unchecked: i])
            let note = Int(notes[unchecked: i])
            var w = wordWidths[unchecked: v]
            if note > 0 { w += 1 + superscriptWidths[unchecked: note] }
            line.cell(c, width: w, to: out) { out in
                out.append(words[unchecked: v])
                if note > 0 {
                    out.append(0x20)
                    out.append(superscripts[unchecked: note])
                }
            }
            line.end(from: start, out)
        }
    }
}
