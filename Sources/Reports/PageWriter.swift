import Machinery
import TextSupport

/// Collects report lines and lays them out on pages: no line wider than the report, the table
/// header repeated at the top of each page, "Trang N/M" centred from page 2, and a form feed
/// between pages. Without pagination lines go straight to the sink.
///
/// Pages are kept as bytes (the number of pages is known only at the end): a ranked table's
/// lines, already formatted, are copied in blocks with no `String` per line, so that a
/// million households on A4 pages cost little more than without pages.
final class PageWriter {
    private let sink: OutputSink
    private let width: Int
    private let pageLines: Int?
    private let language: Language
    /// The pages' lines, each ended by a line break; a page from the second on starts with the
    /// blank line under its number and the repeated table header (the number is written at the end).
    private let body = ByteWriter(capacity: 1 << 16)
    /// Where each finished page ends in ``body``.
    private var pageEnds: [Int] = []
    /// Lines on the current page (its number, blank lines waiting in ``pendingBlanks`` included).
    private var count = 0
    /// Blank lines not yet written: dropped when the page ends before another line comes.
    private var pendingBlanks = 0
    /// Where the content of the current page starts (after the page number and repeated header).
    private var contentStart = 0
    private var hasWritten = false
    /// The header lines of the table being printed, repeated on every new page while set.
    var tableHeader: [String]?

    /// Lines taken on a continued page by the page number and the blank line under it.
    private static let pageNumberLines = 2

    init(settings: ReportSettings, language: Language, sink: OutputSink) {
        self.sink = sink
        self.width = max(1, settings.width)
        self.language = language
        // A page must hold its number, a repeated table header and at least one row.
        self.pageLines = settings.paginate ? max(settings.pageLines, Self.pageNumberLines + 3) : nil
    }

    var isPaginated: Bool { pageLines != nil }

    func line(_ text: String) {
        // A line is one line: a line break or tab that came with a text cell prints as a space.
        var fitted = DisplayWidth.oneLine(text)
        if DisplayWidth.of(fitted) > width { fitted = DisplayWidth.truncate(fitted, to: width) }
        fitted = fitted.trimmingTrailingSpaces()
        guard let pageLines else {
            // A report never opens with a blank line.
            if fitted.isEmpty && !hasWritten { return }
            hasWritten = true
            sink.write(fitted + "\n")
            return
        }
        if count >= pageLines { newPage() }
        if fitted.isEmpty {
            if count > contentStart { pendingBlanks += 1; count += 1 }
            return
        }
        writePendingBlanks()
        body.append(fitted)
        body.append(0x0A)
        count += 1
    }

    private func writePendingBlanks() {
        while pendingBlanks > 0 { body.append(0x0A); pendingBlanks -= 1 }
    }

    /// Lines already formatted as UTF-8, each ended by a line break, none wider than the report
    /// and none blank: written straight to the sink unless pages are being laid out.
    func lines(utf8 block: ColumnView<UInt8>) {
        guard let pageLines else {
            if !block.isEmpty { hasWritten = true }
            sink.write(block)
            return
        }
        // Runs of lines on the same page are copied at once; a page ends after `pageLines` lines.
        writePendingBlanks()
        var run = 0
        var count = self.count
        let end = block.count
        var i = 0
        while i < end {
            // Eight bytes at a time while their line breaks all stay on the current page.
            if i + 8 <= end {
                let breaks = Self.lineBreaks(in: block.word(at: i))
                if count + breaks < pageLines {
                    count += breaks
                    i += 8
                    continue
                }
            }
            if block[unchecked: i] == 0x0A {
                if count >= pageLines {
                    // (The page's own lines end where this line starts.)
                    let lineStart = lastLineStart(block, before: i, from: run)
                    if lineStart > run { body.append(block.view(run..<lineStart)) }
                    self.count = count
                    newPage()
                    count = self.count
                    run = lineStart
                }
                count += 1
            }
            i += 1
        }
        if end > run { body.append(block.view(run..<end)) }
        self.count = count
    }

    /// The number of line-break bytes in a word of eight bytes (each byte tested exactly: a
    /// byte is flagged when it equals 0x0A, with no carry from one byte into the next).
    @inline(__always)
    static func lineBreaks(in word: UInt64) -> Int {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        let zero = ~(((x & low) &+ low) | x | low)
        return zero.nonzeroBitCount
    }

    /// Where the line ending at `newline` starts: after the line break before it, not before `floor`.
    private func lastLineStart(_ block: ColumnView<UInt8>, before newline: Int, from floor: Int) -> Int {
        var j = newline
        while j > floor && block[unchecked: j - 1] != 0x0A { j -= 1 }
        return j
    }

    /// Room for `bytes` more bytes of pages (a ranked table's lines about to come): the pages'
    /// buffer grows once rather than doubling, so its old copy is never held beside the new one
    /// (room reserved and not used is never touched, so it takes no memory).
    func reserve(bytes: Int) {
        if isPaginated { body.reserve(bytes) }
    }

    /// Lines that should stay on one page (a heading with the first rows, a signature block).
    func block(_ lines: [String]) {
        if let pageLines, count > contentStart, count + lines.count > pageLines,
           lines.count + Self.pageNumberLines + (tableHeader?.count ?? 0) <= pageLines {
            newPage()
        }
        lines.forEach(line)
    }

    /// Ends the current page (when it holds anything) so that the next line starts a page: a
    /// hamlet's list or a document of its own. Without pages: a blank line.
    func pageBreak() {
        guard isPaginated else { line(""); return }
        if count > contentStart { newPage() }
    }

    private func newPage() {
        // A page does not end with blank lines (the space before a block moved to the next page).
        pendingBlanks = 0
        pageEnds.append(body.count)
        body.append(0x0A)
        for header in tableHeader ?? [] {
            body.append(header)
            body.append(0x0A)
        }
        count = Self.pageNumberLines + (tableHeader?.count ?? 0)
        contentStart = count
    }

    func finish() {
        guard isPaginated else { return }
        if count > contentStart || pageEnds.isEmpty {
            writePendingBlanks()
            pageEnds.append(body.count)
        }
        let total = pageEnds.count
        let bytes = body.bytes
        var start = 0
        for (p, end) in pageEnds.enumerated() {
            if p > 0 {
                let label = language.pick("Trang \(p + 1)/\(total)", "Page \(p + 1)/\(total)")
                sink.write("\u{0C}" + DisplayWidth.center(label, in: width).trimmingTrailingSpaces() + "\n")
            }
            if end > start { sink.write(bytes.view(start..<end)) }
            // The next page's bytes start after this one's (its blank line and header included).
            start = end
        }
    }
}
