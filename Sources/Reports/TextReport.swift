import Criteria
import Machinery
import Records
import Scoring
import TextSupport

/// The printed certification lists: for every model and commune, the ranked table with the
/// reasons of the rows that were not certified as footnotes, the rows with errors, and a summary.
/// This is what `khuyenhoc score` prints by default.
///
/// Every line fits in ``ReportSettings/width`` display columns (names are cut with "…").
/// With ``ReportSettings/paginate`` the report is split into pages with the table header
/// repeated; with any official option (``ReportSettings/isOfficial``) it opens with the issuing
/// body and the national motto and ends with the recipients and the signature.
///
/// The result column says `Đạt (vùng KK)` when a conditional pass mark with a note let a
/// `dat` entity pass; the summary's "Tỉ lệ công nhận" is (tiêu biểu + đạt) / số hộ chấm, where
/// the rows with errors are counted apart and not in the denominator.
///
/// ```swift
/// var settings = ReportSettings()
/// settings.year = 2024
/// TextReport(language: .vietnamese, settings: settings).write(results, to: sink)
/// ```
public struct TextReport {
    public var language: Language
    public var settings: ReportSettings

    public init(language: Language, settings: ReportSettings) {
        self.language = language
        self.settings = settings
    }

    public func write(_ run: RunResults, to sink: OutputSink) {
        let pages = PageWriter(settings: settings, language: language, sink: sink)
        let names = HamletNames(run: run, given: settings.hamletNames)
        // With --by-hamlet every list is a document of its own (heading, list, signature) on
        // pages of its own, to be posted or filed apart; otherwise the run is one document.
        let documents = settings.byHamlet
        if settings.isOfficial && !documents {
            officialHeading().forEach(pages.line)
        }
        let wrapped = WrappedTexts()
        // The pages are written at the end (``PageWriter/finish()``), the ranked tables' lines
        // formatted then from the models' columns: every model's columns stay valid until then,
        // and the cells' distinct values are kept.
        var kept: [[DistinctBytes]] = []
        Self.withColumns(of: run.outputOrder) { allColumns in
            for (results, columns) in zip(run.outputOrder, allColumns) {
                let cells = CellSources(results: results, columns: columns)
                kept.append(cells.distinct)
                for section in Self.communeSections(results, communes: cells.commune) {
                    let entries = results.listing[section.range]
                    let linked = results.model.definition.hamletField.map { results.linkedCodes(field: $0, commune: section.commune) } ?? [:]
                    var keep: [DistinctBytes] = []
                    let named = cells.naming(hamlets: names, commune: section.commune, linked: linked, keep: &keep, results: results)
                    let parts: [(hamlet: String?, entries: ArraySlice<ListingEntry>)] = documents && results.model.hamletFieldIndex != nil
                        ? Self.hamletParts(results, entries: entries, cells: cells, linked: linked, names: names, commune: section.commune)
                            .map { ($0.name, ArraySlice($0.entries)) }
                        : [(nil, entries)]
                    for part in parts {
                        // The annex has no page for rows whose hamlet is blank when none of them is recognised
                        // (their errors are not for a public list; `errors` lists them).
                        if settings.onlyCertified, part.hamlet == "", !part.entries.contains(where: { entry in
                            if case .scored(let row) = entry { return results.isCertified(row: row) }
                            return false
                        }) { continue }
                        // A hamlet's own list does not repeat its hamlet on every row.
                        var partCells = named, partCodes = cells
                        if part.hamlet != nil { partCells.hamlet = nil; partCodes.hamlet = nil }
                        if documents {
                            pages.pageBreak()
                            if settings.isOfficial { officialHeading().forEach(pages.line) }
                        }
                        pages.line("")
                        writeSection(results, commune: section.commune, hamlet: part.hamlet, entries: part.entries,
                                     cells: partCells, codes: partCodes, names: names, wrapped: wrapped, sources: run.sources, pages: pages)
                        if documents && settings.isOfficial {
                            pages.line("")
                            pages.block(signature())
                        }
                    }
                    kept.append(keep)
                }
            }
            if settings.isOfficial && !documents {
                pages.line("")
                pages.block(signature())
            }
            pages.finish()
        }
        withExtendedLifetime(kept) {}
        sink.flush()
    }

    /// `body` with the columns of every model's record table (valid inside it), in order.
    static func withColumns<R>(of models: [ModelResults], _ body: ([RecordColumns]) -> R) -> R {
        var all: [RecordColumns] = []
        func nest(_ k: Int) -> R {
            if k == models.count { return body(all) }
            return models[k].table.withColumns { all.append($0); return nest(k + 1) }
        }
        return nest(0)
    }

    /// A commune's entries cut into its hamlets (the hamlet each row links to), each hamlet's in
    /// listing order, hamlets in the order of their names; rows whose hamlet is blank last.
    static func hamletParts(_ results: ModelResults, entries: ArraySlice<ListingEntry>, cells: CellSources,
                            linked: [String: String], names: HamletNames, commune: String) -> [(name: String, entries: [ListingEntry])] {
        var coded: FieldBytes?
        if case .field(let bytes)? = cells.hamlet { coded = bytes }
        var byCode: [Int: Int] = [:]
        var byText: [String: Int] = [:]
        var parts: [(code: String, entries: [ListingEntry])] = []
        func part(_ typed: String) -> Int {
            let code = linked[typed] ?? typed
            if let known = byText[code] { return known }
            parts.append((code, []))
            byText[code] = parts.count - 1
            return parts.count - 1
        }
        for entry in entries {
            let index: Int
            switch entry {
            case .scored(let row):
                if let coded, let code = coded.code(row: row) {
                    if let known = byCode[code] { index = known } else {
                        index = part(DisplayWidth.oneLine(coded.value(code: code)))
                        byCode[code] = index
                    }
                } else {
                    index = part(DisplayWidth.oneLine(results.hamlet(row: row) ?? ""))
                }
            case .rejected(let r):
                index = part(DisplayWidth.oneLine(results.rejected[r].hamlet ?? ""))
            }
            parts[index].entries.append(entry)
        }
        return parts.map { (name: $0.code.isEmpty ? "" : names.name(of: $0.code, commune: commune), entries: $0.entries) }
            .map { (key: $0.name.isEmpty ? nil : VietnameseCollation.key($0.name), part: $0) }
            .sorted { a, b in
                switch (a.key, b.key) {
                case (nil, _): return false
                case (_, nil): return true
                case let (x?, y?): return (x, a.part.name) < (y, b.part.name)
                }
            }
            .map(\.part)
    }

    /// The listing cut into its communes (each commune's entries are contiguous in the listing).
    static func communeSections(_ results: ModelResults, communes coded: FieldBytes? = nil) -> [(commune: String, range: Range<Int>)] {
        var sections: [(commune: String, range: Range<Int>)] = []
        var start = 0
        var commune: String?
        // The code of the last scored row: a row with the same code is in the same commune.
        var lastCode = -1
        for (i, entry) in results.listing.enumerated() {
            let name: String
            switch entry {
            case .scored(let row):
                if let coded, let code = coded.code(row: row) {
                    if code == lastCode { continue }
                    lastCode = code
                    name = coded.value(code: code)
                } else {
                    name = results.commune(row: row)
                }
            case .rejected(let index):
                name = results.rejected[index].commune
                lastCode = -1
            }
            if name != commune {
                if let commune, i > start { sections.append((commune, start..<i)) }
                commune = name
                start = i
            }
        }
        if let commune, results.listing.count > start { sections.append((commune, start..<results.listing.count)) }
        return sections
    }

    /// The title of a model's list: `DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN "GIA ĐÌNH HỌC TẬP" NĂM 2024`;
    /// with ``ReportSettings/onlyCertified``, the annex of the recognition decision:
    /// `DANH SÁCH "GIA ĐÌNH HỌC TẬP" ĐƯỢC CÔNG NHẬN NĂM 2024`.
    func title(_ model: CompiledModel) -> String {
        let name = model.title(language).uppercased()
        let year = settings.year
        if settings.onlyCertified {
            return language.pick("DANH SÁCH \"\(name)\" ĐƯỢC CÔNG NHẬN" + (year.map { " NĂM \($0)" } ?? ""),
                                 "LIST OF \"\(name)\" RECOGNISED" + (year.map { ", \($0)" } ?? ""))
        }
        return language.pick("DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN \"\(name)\"" + (year.map { " NĂM \($0)" } ?? ""),
                             "LIST PROPOSED FOR RECOGNITION AS \"\(name)\"" + (year.map { ", \($0)" } ?? ""))
    }

    /// For criteria that declare a period (`valid-from`, `valid-to`): the period (centred), the
    /// basis (wrapped), and a warning when the report's year is outside the period. None for the
    /// others (the shipped files declare no period).
    func periodLines(_ model: CompiledModel, width: Int, centred: (String) -> String) -> [String] {
        guard let period = model.period(language) else { return [] }
        var lines = [centred(language.pick("Hiệu lực: \(period)", "In force: \(period)"))]
        for basis in model.definition.basis {
            lines += DisplayWidth.wrap(language.pick("Căn cứ: ", "Basis: ") + DisplayWidth.oneLine(basis), width: width - 1, indent: "  ")
                .map { " " + $0 }
        }
        if let year = settings.year, let warning = model.periodWarning(year: year, language) {
            lines += DisplayWidth.wrap(language.pick("CẢNH BÁO: ", "WARNING: ") + warning, width: width - 1, indent: "  ").map { " " + $0 }
        }
        return lines
    }

    /// `text` centred over a table `span` columns wide, on a page `width` columns wide: a title
    /// wider than the table starts at the table's one-space margin, and none goes past the page.
    static func centred(_ text: String, over span: Int, width: Int) -> String {
        let textWidth = DisplayWidth.of(text)
        if textWidth >= width { return DisplayWidth.truncate(text, to: width) }
        let offset = min(max(1, (span - textWidth) / 2), width - textWidth)
        return String(repeating: " ", count: offset) + text
    }

    /// One list: a model's entities of a commune, or of one hamlet of it (`hamlet`: its name, ""
    /// for rows whose hamlet is blank).
    private func writeSection(_ results: ModelResults, commune: String, hamlet: String? = nil, entries: ArraySlice<ListingEntry>,
                              cells: CellSources, codes: CellSources, names: HamletNames, wrapped: WrappedTexts,
                              sources: [SurveySource], pages: PageWriter) {
        let model = results.model
        let width = max(1, settings.width)
        let place = (hamlet.map { HamletNames.titled($0, language) + " — " } ?? "") + ReportWords.commune(DisplayWidth.oneLine(commune), language)
        let ranked = {
            let ranked = RankedTable(results: results, entries: entries, sources: cells, language: language,
                                     width: width, threads: settings.threads, rowsPerPart: settings.rowsPerPart,
                                     onlyCertified: settings.onlyCertified, hamletCodes: codes.hamlet)
            // The titles are centred over the table (over the page when there is none): a table
            // narrower than the page has its titles above it, not off to its right.
            let centred = { (text: String) in
                ranked.count == 0 ? DisplayWidth.center(text, in: width) : Self.centred(text, over: ranked.table.lineWidth, width: width)
            }
            var heading = [centred(title(model)),
                           centred(place + " — " + language.pick("theo bộ tiêu chí", "criteria") + " \(model.id) \(model.definition.version)")]
            heading += periodLines(model, width: width, centred: centred) + [""]
            if ranked.count == 0 {
                heading.append(" " + (settings.onlyCertified
                    ? language.pick("Không có \(model.definition.entity) nào được công nhận.",
                                    "No \(model.definition.entityEnglish ?? model.definition.entity) was recognised.")
                    : language.pick("Không có \(model.definition.entity) nào được chấm điểm.",
                                    "No \(model.definition.entityEnglish ?? model.definition.entity) was scored.")))
                pages.block(heading)
            } else {
                pages.block(heading + ranked.table.header + [ranked.line(0)])
                pages.tableHeader = ranked.table.header
                pages.rows(Self.tableRows(ranked, width: width, threads: settings.threads))
                pages.tableHeader = nil
            }
            return ranked
        }()
        if !ranked.footnotes.isEmpty {
            pages.line("")
            for (number, text) in ranked.footnotes.enumerated() {
                let (marker, indent) = wrapped.marker(number + 1)
                // The footnote's lines, each already within the width.
                for (i, part) in wrapped.lines(text, width: width - indent.count).enumerated() {
                    pages.line((i == 0 ? marker : indent) + part)
                }
            }
        }
        if settings.onlyCertified {
            // The annex names the recognised and counts them; nothing about the others.
            let counts = LevelCounts(results: results, entries: entries)
            let entity = language.pick(model.definition.entity, model.definition.entityEnglish ?? model.definition.entity)
            pages.line("")
            // Each recognised level with its count, best first ("Tiêu biểu 3, Đạt 5").
            let byLevel = model.levels.indices.filter { model.levels[$0].certified }.map { index in
                let name = model.levelName(.declared(index), language)
                return "\(language == .english ? name.lowercased() : name) \(counts.declared[index])"
            }.joined(separator: ", ")
            let total = counts.certified(model)
            DisplayWidth.wrap(language.pick("Tổng cộng: \(total) \(entity) (\(byLevel)).",
                                            "Total: \(total) \(entity)(s) (\(byLevel))."),
                              width: width - 1, indent: "  ").forEach { pages.line(" " + $0) }
            return
        }
        if hamlet == nil { writeUnmatched(results, commune: commune, pages: pages) }
        writeErrors(results, entries: entries, sources: sources, pages: pages)
        pages.line("")
        if model.hamletFieldIndex != nil && hamlet == nil {
            var coded: FieldBytes?
            if case .field(let bytes)? = cells.hamlet { coded = bytes }
            let linked = model.definition.hamletField.map { results.linkedCodes(field: $0, commune: commune) } ?? [:]
            pages.block(HamletSummary(results: results, entries: entries, language: language, hamlets: coded, linked: linked,
                                      names: names.byCommune[commune] ?? [:])
                .lines(width: width))
        } else {
            DisplayWidth.wrap(oneLineSummary(results, entries: entries), width: width - 1, indent: "  ")
                .forEach { pages.line(" " + $0) }
        }
        if hamlet == nil, let completeness = CompletenessTable(results: results, language: language) {
            let lines = completeness.lines(entries: entries, width: width)
            if !lines.isEmpty {
                pages.line("")
                pages.block(lines)
            }
        }
    }

    /// The ranked table's lines after the first (which goes with the heading), formatted when
    /// the page writer writes them.
    static func tableRows(_ table: RankedTable, width: Int, threads: Int) -> TableRows {
        let ranked = table.withoutFootnotes()
        let count = ranked.count - 1
        guard ranked.table.lineWidth > width else {
            // Every line is exactly as wide as the table: no line needs the page writer's cut.
            return TableRows(count: count) { emit in ranked.writeLines(1..<ranked.count, threads: threads, to: emit) }
        }
        // Wider than the page (a narrow --width): each line cut as the page writer cuts a line
        // (with "…", so that none is blank), a block of lines at a time.
        return TableRows(count: count) { emit in
            let blockLines = 1_024
            let out = ByteWriter(capacity: 1 << 16)
            var ends: [Int] = []
            ends.reserveCapacity(blockLines)
            for i in 1..<ranked.count {
                out.append(PageWriter.fitted(ranked.line(i), width: width))
                out.append(0x0A)
                ends.append(out.count)
                if ends.count == blockLines || i == ranked.count - 1 {
                    ends.withColumnView { emit(out.bytes, $0) }
                    out.removeAll()
                    ends.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// One note per code of the commune typed another way and read as a clan's or hamlet's code
    /// (rule 4: "'Long Khánh' được hiểu là ấp LK"), then one per code that names no clan or
    /// hamlet of the commune, or several: the rows are still scored.
    private func writeUnmatched(_ results: ModelResults, commune: String, pages: PageWriter) {
        let resolved = results.resolvedLinks.filter { $0.commune == commune }
        let notes = results.unmatchedLinks.filter { $0.commune == commune }
        guard !notes.isEmpty || !resolved.isEmpty else { return }
        let width = max(1, settings.width)
        let rows = results.model.definition
        let rowsEntity = language.pick(rows.entity, rows.entityEnglish ?? rows.entity)
        pages.line("")
        for link in resolved {
            // "ấp, khóm" names the entity as "ấp".
            let entity = link.entity.split(separator: ",").first.map(String.init) ?? link.entity
            let text = language.pick(
                "Ghi chú: \(link.fieldLabel.lowercased()) '\(link.typed)' được hiểu là \(entity) \(link.code) (\(link.name)); \(link.rows) \(rows.entity).",
                "Note: \(link.fieldLabelEnglish ?? link.field) '\(link.typed)' read as \(link.entityEnglish ?? link.model) \(link.code) ('\(link.name)'); \(link.rows) \(rowsEntity)(s).")
            DisplayWidth.wrap(text, width: width - 1, indent: "  ").forEach { pages.line(" " + $0) }
        }
        for note in notes {
            let label = language.pick(note.fieldLabel.lowercased(), note.fieldLabelEnglish ?? note.fieldLabel)
            let text: String
            if note.candidates.isEmpty {
                text = language.pick(
                    "Ghi chú: \(label) \"\(note.code)\" không có trong danh sách \(note.entity) của xã; \(note.rows) \(rows.entity) mang mã này vẫn được chấm.",
                    "Note: \(label) \"\(note.code)\" names no \(note.entityEnglish ?? note.model) of the commune; the \(note.rows) \(rowsEntity)(s) using it are still scored.")
            } else {
                let several = note.candidates.joined(separator: ", ")
                let entity = note.entity.split(separator: ",").first.map(String.init) ?? note.entity
                text = language.pick(
                    "Ghi chú: \(label) \"\(note.code)\" ứng với nhiều \(entity) của xã (\(several)) nên không liên kết được; \(note.rows) \(rows.entity) mang mã này vẫn được chấm.",
                    "Note: \(label) \"\(note.code)\" could be several \(note.entityEnglish ?? note.model)s of the commune (\(several)), so it is not linked; the \(note.rows) \(rowsEntity)(s) using it are still scored.")
            }
            DisplayWidth.wrap(text, width: width - 1, indent: "  ").forEach { pages.line(" " + $0) }
        }
    }

    private func writeErrors(_ results: ModelResults, entries: ArraySlice<ListingEntry>,
                             sources: [SurveySource], pages: PageWriter) {
        var lines: [String] = []
        let width = max(1, settings.width)
        for entry in entries {
            let origin: RowOrigin, key: String, name: String, problems: [String]
            switch entry {
            case .scored(let row):
                guard results.levels[row] == .error else { continue }
                origin = results.table.origins[row]
                key = results.key(row: row)
                name = results.name(row: row)
                problems = results.reasons[row].map { $0.message(in: language, model: results.model) }
            case .rejected(let index):
                let rejected = results.rejected[index]
                origin = rejected.origin
                key = rejected.key
                name = rejected.name
                problems = rejected.problems.map { $0.message(in: language) }
            }
            // The place is named once, at the start of the line: not again in each problem.
            let place = ReportWords.origin(origin, sources: sources, language)
            let who = [key, name].filter { !$0.isEmpty }.map(ReportWords.oneLine).joined(separator: ", ")
            let head = place + (who.isEmpty ? "" : " (\(who))") + ": "
            let said = problems.map { ReportWords.problem($0, at: place) }
            if said.count <= 1 {
                lines += DisplayWidth.wrap(head + said.joined(), width: width - 2, indent: "    ").map { "  " + $0 }
            } else {
                // One row with several problems: the row once, then one problem a line.
                lines.append("  " + DisplayWidth.truncate(head + language.pick("\(said.count) lỗi", "\(said.count) problems"), to: width - 2))
                for problem in said {
                    lines += DisplayWidth.wrap("- " + problem, width: width - 4, indent: "  ").map { "    " + $0 }
                }
            }
        }
        guard !lines.isEmpty else { return }
        pages.line("")
        pages.line(" " + language.pick("Dòng có lỗi (không chấm điểm, cần sửa rồi nhập lại):",
                                       "Rows with errors (not scored; correct them and import again):"))
        lines.forEach(pages.line)
    }

    /// `Tổng hợp: 2 được chấm — Tiêu biểu 1, Đạt 0, Không đạt 1, Lỗi 0 — Tỉ lệ công nhận 50,0%`.
    private func oneLineSummary(_ results: ModelResults, entries: ArraySlice<ListingEntry>) -> String {
        let counts = LevelCounts(results: results, entries: entries)
        let model = results.model
        let rate = VietnameseFormat.percent(counts.certified(model), of: counts.scored, language: language)
        // Each declared level by its label (in English lower case, as the sentence reads).
        let levels = model.levels.indices.map { i -> String in
            let name = model.levelName(.declared(i), language)
            return (language == .english ? name.lowercased() : name) + " \(counts.declared[i])"
        }.joined(separator: ", ")
        return language.pick(
            "Tổng hợp: \(counts.scored) được chấm — \(levels), "
                + "Không đạt \(counts.notCertified), Lỗi \(counts.errors) — Tỉ lệ công nhận \(rate)",
            "Summary: \(counts.scored) scored — \(levels), "
                + "not certified \(counts.notCertified), errors \(counts.errors) — recognition rate \(rate)")
    }
}

/// Texts wrapped to a width, each wrapped once: most communes print the same footnotes
/// ("tổng 75 điểm, dưới mức đạt 80").
final class WrappedTexts {
    private var known: [Int: [String: [String]]] = [:]
    private var markers: [(marker: String, indent: String)] = []

    /// ` ¹² ` and the spaces as wide: the start of footnote `number`'s first and next lines.
    func marker(_ number: Int) -> (marker: String, indent: String) {
        while markers.count < number {
            let marker = " " + ReportWords.superscript(markers.count + 1) + " "
            markers.append((marker, String(repeating: " ", count: DisplayWidth.of(marker))))
        }
        return markers[number - 1]
    }

    func lines(_ text: String, width: Int) -> [String] {
        if let lines = known[width]?[text] { return lines }
        let lines = DisplayWidth.wrap(text, width: width)
        known[width, default: [:]][text] = lines
        return lines
    }
}

/// Counts of a group of entities by level: each declared level (by its place), not certified,
/// errors.
struct LevelCounts {
    var declared = [Int](repeating: 0, count: LevelDefinition.maximumCount)
    var notCertified = 0
    var errors = 0

    var scored: Int { declared.reduce(0, +) + notCertified }

    /// The entities whose level counts as recognised by `model`.
    func certified(_ model: CompiledModel) -> Int {
        model.levels.indices.reduce(0) { $0 + (model.levels[$1].certified ? declared[$1] : 0) }
    }

    init() {}

    init(results: ModelResults, entries: ArraySlice<ListingEntry>) {
        for entry in entries {
            switch entry {
            case .scored(let row): add(results.levels[row])
            case .rejected: errors += 1
            }
        }
    }

    mutating func add(_ level: Level) {
        if let index = level.declaredIndex, index < declared.count {
            declared[index] += 1
        } else if level == .notCertified {
            notCertified += 1
        } else {
            errors += 1
        }
    }

    static func + (a: LevelCounts, b: LevelCounts) -> LevelCounts {
        var sum = a
        for i in sum.declared.indices { sum.declared[i] += b.declared[i] }
        sum.notCertified += b.notCertified
        sum.errors += b.errors
        return sum
    }
}
