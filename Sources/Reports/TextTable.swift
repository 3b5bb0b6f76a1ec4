import TextSupport

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
