import Criteria
import Machinery
import Records
import Scoring
import TextSupport

extension Level {
    /// The level in words: `Tiêu biểu`, `Đạt`, `Không đạt`, `Lỗi` (English with `.english`).
    public func name(_ language: Language) -> String {
        switch self {
        case .exemplary: language.pick("Tiêu biểu", "Exemplary")
        case .certified: language.pick("Đạt", "Certified")
        case .notCertified: language.pick("Không đạt", "Not certified")
        case .error: language.pick("Lỗi", "Error")
        }
    }
}

/// The words the text reports print for levels and other fixed labels, in either language.
enum ReportWords {
    static func level(_ level: Level, _ language: Language) -> String {
        level.name(language)
    }

    /// The level in words, with the note of the pass mark that let a `dat` entity pass:
    /// `Đạt (vùng KK)`.
    static func result(_ results: ModelResults, row: Int, _ language: Language) -> String {
        result(level: results.levels[row], passMark: results.passMark(row: row), language)
    }

    /// The words of a level reached with a pass mark (`nil`: none applied).
    static func result(level: Level, passMark: CompiledPassMark?, _ language: Language) -> String {
        var text = ReportWords.level(level, language)
        if level == .certified, let mark = passMark, let note = mark.definition.note {
            text += " (" + language.pick(note, optionalEnglish: mark.definition.noteEnglish) + ")"
        }
        return text
    }

    /// `¹`, `²`, … `¹⁰`: the footnote marker of a number.
    static func superscript(_ number: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(number).map { digits[Int(String($0))!] })
    }

    /// "Xã Long Hữu", unless the survey already wrote the kind of commune into its name.
    static func commune(_ name: String, _ language: Language) -> String {
        if name.isEmpty { return language.pick("(không rõ xã)", "(commune unknown)") }
        let folded = VietnameseFolding.fold(name)
        let kinds = ["xa ", "phuong ", "thi tran "]
        if kinds.contains(where: { folded.hasPrefix($0) }) { return name }
        return language.pick("Xã \(name)", "Commune \(name)")
    }

    /// `ho-gia-dinh.csv dòng 14`: where a survey row came from, as the clerk can find it.
    static func origin(_ origin: RowOrigin, sources: [SurveySource], _ language: Language) -> String {
        let index = Int(origin.source)
        let file = sources.indices.contains(index) ? sources[index].displayName : "?"
        return language.pick("\(file) dòng \(origin.row)", "\(file) row \(origin.row)")
    }
}

/// A column of a printed table: its title, alignment and width in display columns.
struct TableColumn {
    enum Alignment { case left, right }
    var title: String
    var alignment: Alignment
    /// The width of the widest cell.
    var content: Int
    /// Cells may be cut to this width (with "…") when the line would not fit otherwise.
    var floor: Int
    var width: Int = 0

    init(_ title: String, _ alignment: Alignment, width: Int = 0, floor: Int? = nil) {
        self.title = title
        self.alignment = alignment
        self.content = width
        self.floor = floor ?? Int.max
    }

    /// Widens the column to hold a cell.
    mutating func fit(_ cell: String) {
        fit(width: DisplayWidth.of(cell))
    }

    /// Widens the column to hold a cell of `cellWidth` columns.
    mutating func fit(width cellWidth: Int) {
        content = max(content, cellWidth)
        width = max(width, content)
    }

    var titleWidth: Int { DisplayWidth.of(title) }

    /// The narrowest width at which the title still fits on two lines.
    var twoLineTitleWidth: Int {
        let full = titleWidth
        let widestWord = title.split(separator: " ").map { DisplayWidth.of(String($0)) }.max() ?? 0
        guard widestWord < full else { return full }
        for w in widestWord..<full where DisplayWidth.wrap(title, width: w).count <= 2 { return w }
        return full
    }
}

/// Columns laid out on one line: a one-space margin, then the cells separated by spaces.
struct TextTable {
    var columns: [TableColumn]
    var separator: Int = 2

    init(columns: [TableColumn]) {
        self.columns = columns
        for c in self.columns.indices { self.columns[c].width = max(self.columns[c].content, self.columns[c].titleWidth) }
    }

    var lineWidth: Int { 1 + columns.reduce(0) { $0 + $1.width } + separator * max(0, columns.count - 1) }

    /// Fits the table into `width` columns, giving up comfort step by step: narrower gaps, titles
    /// on two lines, then cells cut to their column's floor. The `flexible` column (the name)
    /// takes whatever is left, at least 4 columns and at most what its cells need.
    mutating func layout(width: Int, flexible: Int? = nil, comfortable: Int = 24) {
        func natural(_ c: Int) -> Int { max(columns[c].content, columns[c].titleWidth) }
        for c in columns.indices { columns[c].width = natural(c) }
        let wanted = flexible.map { min(natural($0), comfortable) } ?? 0
        func fits() -> Bool {
            if let flexible { columns[flexible].width = 0 }
            return lineWidth + wanted <= width
        }
        separator = 2
        let steps: [(inout TextTable) -> Void] = [
            { $0.separator = 1 },
            { table in
                for c in table.columns.indices where c != flexible {
                    table.columns[c].width = max(table.columns[c].content, table.columns[c].twoLineTitleWidth)
                }
            },
            { table in
                for c in table.columns.indices where c != flexible {
                    let floor = min(table.columns[c].floor, table.columns[c].content)
                    table.columns[c].width = max(floor, table.columns[c].twoLineTitleWidth)
                }
            },
        ]
        for step in steps {
            if fits() { break }
            step(&self)
        }
        if let flexible {
            columns[flexible].width = 0
            columns[flexible].width = max(4, min(natural(flexible), width - lineWidth))
        }
    }

    /// The titles (wrapped on two lines where a column is narrower than its title, aligned to
    /// the bottom) and the rules under them.
    var header: [String] {
        let titles = columns.map { DisplayWidth.wrap($0.title, width: max(1, $0.width)) }
        let height = titles.map(\.count).max() ?? 1
        var lines: [String] = []
        for line in 0..<height {
            lines.append(row(titles.map { wrapped in
                let index = line - (height - wrapped.count)
                return index >= 0 ? wrapped[index] : ""
            }))
        }
        return lines + [row(columns.map { String(repeating: "─", count: $0.width) })]
    }

    /// The line of `cells` (written by ``TableLine``, as every line of a table is).
    func row(_ cells: [String]) -> String {
        TableLine(self).text(cells)
    }
}

extension String {
    /// Trailing spaces removed. A space is one byte that never ends a longer cluster, so the
    /// bytes can be trimmed directly.
    func trimmingTrailingSpaces() -> String {
        let bytes = utf8
        var trailing = 0
        var index = bytes.endIndex
        while index > bytes.startIndex {
            let before = bytes.index(before: index)
            guard bytes[before] == 0x20 else { break }
            trailing += 1
            index = before
        }
        return trailing == 0 ? self : String(decoding: bytes.dropLast(trailing), as: UTF8.self)
    }
}

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
        var fitted = text
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

    private func newPage() {
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
