import Machinery
import TextSupport

/// Collects report lines and lays them out on pages: no line wider than the report, the table
/// header repeated at the top of each page, "Trang N/M" centred from page 2, and a form feed
/// between pages. Without pagination lines go straight to the sink.
final class PageWriter {
    private let sink: OutputSink
    private let width: Int
    private let pageLines: Int?
    private let language: Language
    private var pages: [[String]] = []
    private var current: [String] = []
    /// Where the content of the current page starts (after the page number and repeated header).
    private var contentStart = 0
    private var hasWritten = false
    /// The header lines of the table being printed, repeated on every new page while set.
    var tableHeader: [String]?

    private static let pageNumberMark = "\u{0}page"
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
        if current.count >= pageLines { newPage() }
        if fitted.isEmpty && current.count == contentStart { return }
        current.append(fitted)
    }

    /// Lines already formatted as UTF-8, each ended by a line break, none wider than the report
    /// and none blank: written straight to the sink unless pages are being laid out.
    func lines(utf8 block: ColumnView<UInt8>) {
        guard isPaginated else {
            if !block.isEmpty { hasWritten = true }
            sink.write(block)
            return
        }
        var start = 0
        for (i, byte) in block.enumerated() where byte == 0x0A {
            line(String(decoding: block.view(start..<i), as: UTF8.self))
            start = i + 1
        }
    }

    /// Lines that should stay on one page (a heading with the first rows, a signature block).
    func block(_ lines: [String]) {
        if let pageLines, current.count > contentStart, current.count + lines.count > pageLines,
           lines.count + Self.pageNumberLines + (tableHeader?.count ?? 0) <= pageLines {
            newPage()
        }
        lines.forEach(line)
    }

    /// Ends the current page (when it holds anything) so that the next line starts a page: a
    /// hamlet's list or a document of its own. Without pages: a blank line.
    func pageBreak() {
        guard isPaginated else { line(""); return }
        if current.count > contentStart { newPage() }
    }

    private func newPage() {
        // A page does not end with blank lines (the space before a block moved to the next page).
        while current.count > contentStart, current.last == "" { current.removeLast() }
        pages.append(current)
        current = [Self.pageNumberMark, ""] + (tableHeader ?? [])
        contentStart = current.count
    }

    func finish() {
        guard isPaginated else { return }
        if current.count > contentStart || pages.isEmpty { pages.append(current) }
        let total = pages.count
        for (p, page) in pages.enumerated() {
            if p > 0 { sink.write("\u{0C}") }
            for text in page {
                if text == Self.pageNumberMark {
                    let label = language.pick("Trang \(p + 1)/\(total)", "Page \(p + 1)/\(total)")
                    sink.write(DisplayWidth.center(label, in: width).trimmingTrailingSpaces() + "\n")
                } else {
                    sink.write(text + "\n")
                }
            }
        }
    }
}
