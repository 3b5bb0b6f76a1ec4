import Machinery
import TextSupport

/// Lays report lines out on pages: no line wider than the report, the table header repeated at
/// the top of each page, "Trang N/M" centred from page 2, and a form feed between pages. Without
/// pagination lines go straight to the sink.
///
/// Pages are streamed. Page 2 already names the number of pages M, so the report is laid out
/// twice over a short record of what it was given: while the report is made, the writer keeps
/// its lines (fitted to the width), the blocks to keep on one page, the page breaks and table
/// headers, and for a ranked table only the number of its rows and the means to format them
/// (``TableRows``), and lays the pages out counting them; ``finish()`` lays them out again, now
/// writing each page to the sink as its lines are formatted. Rows, wrapping and page breaks are
/// deterministic, so both layouts break pages at the same lines, and a million rows are never
/// held: only the lines around the tables (titles, footnotes, errors, summaries) are kept.
///
/// The sources a ``TableRows`` reads (a record table's columns) must still be valid when
/// ``finish()`` is called.
///
/// ```swift
/// let pages = PageWriter(settings: settings, language: .vietnamese, sink: sink)
/// pages.block(heading + table.header + [firstRow])
/// pages.tableHeader = table.header
/// pages.rows(TableRows(count: ranked.count - 1) { emit in ranked.writeLines(1..<ranked.count, threads: 2, to: emit) })
/// pages.tableHeader = nil
/// pages.finish()                                   // writes the pages
/// ```
final class PageWriter {
    private let sink: OutputSink
    private let width: Int
    private let pageLines: Int?
    private let language: Language
    private var hasWritten = false
    /// What the report gave, in order (only with pages).
    private var items: [PageItem] = []
    /// The bytes of the lines in ``items``, each ended by a line break.
    private let texts = ByteWriter(capacity: 1 << 16)
    /// The pages laid out as the items come, counting only: the number of pages at the end.
    private var counting: PageLayout?
    /// The header lines of the table being printed, repeated on every new page while set (cut
    /// to the width as any line is: a table wider than the page has its rows cut too).
    var tableHeader: [String]? {
        didSet { if isPaginated { record(.header(tableHeader?.map { Self.fitted($0, width: width) })) } }
    }

    init(settings: ReportSettings, language: Language, sink: OutputSink) {
        self.sink = sink
        self.width = max(1, settings.width)
        self.language = language
        // A page must hold its number, a repeated table header and at least one row.
        let pageLines = settings.paginate ? max(settings.pageLines, PageLayout.pageNumberLines + 3) : nil
        self.pageLines = pageLines
        if let pageLines {
            counting = PageLayout(pageLines: pageLines, width: width, language: language, sink: nil, total: 0, texts: nil)
        }
    }

    var isPaginated: Bool { pageLines != nil }

    private func record(_ item: PageItem) {
        guard let counting else { return }
        counting.apply(item)
        items.append(item)
    }

    /// A line as printed: on one line (a line break or tab that came with a text cell prints as
    /// a space), cut to the width, without spaces at its end.
    static func fitted(_ text: String, width: Int) -> String {
        var fitted = DisplayWidth.oneLine(text)
        if DisplayWidth.of(fitted) > width { fitted = DisplayWidth.truncate(fitted, to: width) }
        return fitted.trimmingTrailingSpaces()
    }

    func line(_ text: String) {
        let fitted = Self.fitted(text, width: width)
        guard isPaginated else {
            // A report never opens with a blank line.
            if fitted.isEmpty && !hasWritten { return }
            hasWritten = true
            sink.write(fitted + "\n")
            return
        }
        let start = texts.count
        if !fitted.isEmpty {
            texts.append(fitted)
            texts.append(0x0A)
        }
        record(.line(start..<texts.count))
    }

    /// Lines of a table, formatted when they are written (straight away without pages, by
    /// ``finish()`` with them).
    func rows(_ rows: TableRows) {
        guard rows.count > 0 else { return }
        guard isPaginated else {
            hasWritten = true
            rows.write { bytes, _ in sink.write(bytes) }
            return
        }
        record(.rows(rows))
    }

    /// Lines that should stay on one page (a heading with the first rows, a signature block).
    func block(_ lines: [String]) {
        record(.keep(lines.count))
        lines.forEach(line)
    }

    /// Ends the current page (when it holds anything) so that the next line starts a page: a
    /// hamlet's list or a document of its own. Without pages: a blank line.
    func pageBreak() {
        guard isPaginated else { line(""); return }
        record(.pageBreak)
    }

    /// Writes the pages (with pages; without them everything is written already).
    func finish() {
        guard let pageLines, let counting else { return }
        let total = counting.finish()
        let writing = PageLayout(pageLines: pageLines, width: width, language: language, sink: sink, total: total,
                                 texts: texts.bytes)
        for item in items { writing.apply(item) }
        _ = writing.finish()
        items = []
    }
}

/// Rows of a table whose lines are formatted only when written: `count` lines, each one line,
/// none blank and none wider than the report. `write` formats them all in order and hands them
/// over in blocks: the bytes of whole lines, each ended by a line break, and where each line
/// ends in those bytes.
///
/// ```swift
/// TableRows(count: 2) { emit in
///     let bytes = Array(" 1 An\n 2 Bình\n".utf8), ends = [6, 15]
///     bytes.withColumnView { b in ends.withColumnView { e in emit(b, e) } }
/// }
/// ```
struct TableRows {
    let count: Int
    let write: (_ emit: (_ bytes: ColumnView<UInt8>, _ lineEnds: ColumnView<Int>) -> Void) -> Void
}

/// What a report gave the page writer.
private enum PageItem {
    /// A line fitted to the width: where its bytes and line break are in the page writer's
    /// texts (none: a blank line).
    case line(Range<Int>)
    /// The next lines (this many) go on one page when they can.
    case keep(Int)
    case pageBreak
    /// The table header repeated on new pages from now on (nil: none).
    case header([String]?)
    case rows(TableRows)
}

/// The pages being laid out: counting them (no sink), or writing them with their number known.
private final class PageLayout {
    /// Lines taken on a continued page by the page number and the blank line under it.
    static let pageNumberLines = 2

    let pageLines: Int
    let width: Int
    let language: Language
    let sink: OutputSink?
    /// The lines' bytes (when writing).
    let texts: ColumnView<UInt8>?
    /// The number of pages, for "Trang N/M" (when writing).
    let total: Int
    /// Lines on the current page (its number, blank lines waiting in ``pendingBlanks`` included).
    var count = 0
    /// Blank lines not yet written: dropped when the page ends before another line comes.
    var pendingBlanks = 0
    /// Where the content of the current page starts (after the page number and repeated header).
    var contentStart = 0
    var header: [String]?
    /// The pages that have content so far (the first counts always).
    var pages = 1
    /// A new page has begun and has no content yet: its number and header (``openingHeader``)
    /// are written with its first line, and it is no page at all if none comes.
    var opening = false
    var openingHeader: [String] = []

    init(pageLines: Int, width: Int, language: Language, sink: OutputSink?, total: Int, texts: ColumnView<UInt8>?) {
        self.texts = texts
        self.pageLines = pageLines
        self.width = width
        self.language = language
        self.sink = sink
        self.total = total
    }

    func apply(_ item: PageItem) {
        switch item {
        case .line(let bytes): line(bytes)
        case .keep(let lines):
            if count > contentStart, count + lines > pageLines,
               lines + Self.pageNumberLines + (header?.count ?? 0) <= pageLines {
                newPage()
            }
        case .pageBreak:
            if count > contentStart { newPage() }
        case .header(let lines): header = lines
        case .rows(let rows): self.rows(rows)
        }
    }

    private func line(_ bytes: Range<Int>) {
        if count >= pageLines { newPage() }
        if bytes.isEmpty {
            if count > contentStart { pendingBlanks += 1; count += 1 }
            return
        }
        open()
        writePendingBlanks()
        if let sink, let texts { sink.write(texts.view(bytes)) }
        count += 1
    }

    private func rows(_ rows: TableRows) {
        writePendingBlanks()
        guard let sink else {
            var left = rows.count
            while left > 0 {
                if count >= pageLines { newPage() }
                open()
                let taken = min(left, pageLines - count)
                count += taken
                left -= taken
            }
            return
        }
        rows.write { bytes, ends in
            var line = 0, start = 0
            while line < ends.count {
                if count >= pageLines { newPage() }
                open()
                let taken = min(ends.count - line, pageLines - count)
                let end = ends[line + taken - 1]
                sink.write(bytes.view(start..<end))
                start = end
                line += taken
                count += taken
            }
        }
    }

    private func writePendingBlanks() {
        guard pendingBlanks > 0 else { return }
        if let sink { sink.write(String(repeating: "\n", count: pendingBlanks)) }
        pendingBlanks = 0
    }

    private func newPage() {
        // A page does not end with blank lines (the space before a block moved to the next page).
        pendingBlanks = 0
        opening = true
        openingHeader = header ?? []
        count = Self.pageNumberLines + openingHeader.count
        contentStart = count
    }

    /// Starts the page begun by ``newPage()`` when its first content comes: its number, the
    /// blank line under it, the repeated header.
    private func open() {
        guard opening else { return }
        opening = false
        pages += 1
        guard let sink else { return }
        let label = language.pick("Trang \(pages)/\(total)", "Page \(pages)/\(total)")
        // The number centred (an ASCII label is as wide as its bytes; its centring made by hand:
        // a page of a million households' list is one of thousands).
        let labelWidth = label.utf8.count
        if labelWidth <= width {
            var bytes: [UInt8] = [0x0C]
            bytes.reserveCapacity(width + 3)
            bytes.append(contentsOf: repeatElement(0x20, count: (width - labelWidth) / 2))
            bytes.append(contentsOf: label.utf8)
            bytes.append(contentsOf: [0x0A, 0x0A])
            sink.write(bytes: bytes)
        } else {
            sink.write("\u{0C}" + DisplayWidth.center(label, in: width).trimmingTrailingSpaces() + "\n\n")
        }
        for line in openingHeader { sink.write(line + "\n") }
    }

    /// Ends the last page; returns the number of pages.
    func finish() -> Int {
        // (Blank lines waiting belong to a page with content: they end the report.)
        writePendingBlanks()
        return pages
    }
}
