import Criteria
import TextSupport

/// The printed summary: per model a table of communes (and the province total, or the hamlets
/// of a single commune), each with registered, recognised, tiêu biểu, errors, `X/Y (Z%)`, the
/// target and how far from it, then a text bar per commune with the target marked; with the
/// official options the heading and signature block of the lists.
///
/// ```swift
/// SummaryText(language: .vietnamese, settings: settings).write(summary, to: sink)
/// ```
public struct SummaryText {
    public var language: Language
    public var settings: ReportSettings

    public init(language: Language, settings: ReportSettings) {
        self.language = language
        self.settings = settings
    }

    /// Width of the bars, in cells.
    static let barWidth = 40

    /// With `--paginate`, pages of `--page-lines` lines with "Trang N/M" and the table header
    /// repeated; the signature block kept on one page.
    public func write(_ summary: Summary, to sink: OutputSink) {
        var settings = self.settings
        settings.width = max(60, settings.width)
        let pages = PageWriter(settings: settings, language: language, sink: sink)
        let all = lines(summary)
        var tables = Self.tableHeaders(all)
        let signatureStart = self.settings.isOfficial ? all.count - TextReport(language: language, settings: settings).signature().count : all.count
        for (i, line) in all.enumerated() where i < signatureStart {
            pages.line(line)
            // Repeated on the pages after the one where the header itself is printed.
            if let header = tables.first, header.start + 1 == i { pages.tableHeader = header.lines }
            if let header = tables.first, header.end == i { pages.tableHeader = nil; tables.removeFirst() }
        }
        if signatureStart < all.count { pages.block(Array(all[signatureStart...])) }
        pages.finish()
        sink.flush()
    }

    /// Where each table's header (its column names and rule) starts, and its last line.
    static func tableHeaders(_ lines: [String]) -> [(start: Int, end: Int, lines: [String])] {
        var found: [(start: Int, end: Int, lines: [String])] = []
        var i = 0
        while i + 1 < lines.count {
            if lines[i + 1].hasPrefix("  ─") && !found.contains(where: { $0.end >= i }) {
                // The rule under the header; the table ends at the line after the second rule.
                var end = i + 2
                while end < lines.count && !lines[end].hasPrefix("  ─") { end += 1 }
                found.append((i, min(lines.count - 1, end + 1), [lines[i], lines[i + 1]]))
                i = end + 2
            } else {
                i += 1
            }
        }
        return found
    }

    /// The report as lines (no line longer than the width, except names that cannot be cut).
    public func lines(_ summary: Summary) -> [String] {
        let l = language
        let width = max(60, settings.width)
        var settings = self.settings
        settings.width = width
        let report = TextReport(language: l, settings: settings)
        var out: [String] = []
        if settings.isOfficial { out += report.officialHeading() + [""] }
        let yearText = summary.year.map { l.pick(" NĂM \($0)", " \($0)") } ?? ""
        out.append(DisplayWidth.center(l.pick("BÁO CÁO TỔNG HỢP KẾT QUẢ XÂY DỰNG MÔ HÌNH HỌC TẬP", "SUMMARY OF THE LEARNING MODELS") + yearText, in: width).trimmingTrailingSpaces())
        if summary.models.isEmpty {
            out += ["", l.pick("Không có kết quả nào để tổng hợp.", "No results to sum up.")]
        }
        for model in summary.models { out += [""] + section(model, summary: summary, width: width) }
        if settings.isOfficial { out += [""] + report.signature() }
        return out
    }

    private func section(_ model: SummaryModel, summary: Summary, width: Int) -> [String] {
        let l = language
        var out: [String] = []
        out.append(DisplayWidth.center("\"\(model.title(l).uppercased())\"", in: width).trimmingTrailingSpaces())
        if let year = model.targetYear {
            var basis = l.pick("Mục tiêu năm \(year)", "Target for \(year)")
            if let text = model.targetBasis { basis += l.pick(" theo \(text)", " under \(text)") }
            out += DisplayWidth.wrap(basis, width: width - 2).map { DisplayWidth.center($0, in: width).trimmingTrailingSpaces() }
        } else {
            out.append(DisplayWidth.center(l.pick("(tệp tiêu chí không ghi mục tiêu cho năm này)", "(the criteria set no target for this year)"), in: width).trimmingTrailingSpaces())
        }
        if model.definition.targets.contains(where: { $0.base == .declared }) {
            out.append(l.pick(" Ghi chú: tỉ lệ tính trên số được đánh giá (kết quả gửi lên không có số hộ khai báo).",
                              " Note: shares are over the entities assessed (the results sent carry no declared household counts)."))
        }
        out.append("")
        let single = model.communes.count == 1 && !model.hamlets.isEmpty
        let compare = summary.compareYear
        var header = [l.pick("STT", "No."), single ? l.pick("Ấp, khóm", "Hamlet") : l.pick("Xã, phường", "Commune"),
                      l.pick("Đánh giá", "Assessed"), l.pick("Công nhận", "Recognised"), l.pick("Tiêu biểu", "Exemplary"),
                      l.pick("Lỗi", "Errors"), l.pick("Tỉ lệ công nhận", "Share recognised"), l.pick("Mục tiêu", "Target"),
                      l.pick("So với mục tiêu", "Against target")]
        if let compare { header.append(l.pick("So với \(compare)", "Against \(compare)")) }
        var rows: [[String]] = []
        let shown = single ? model.hamlets : model.communes
        for (i, line) in shown.enumerated() { rows.append(cells(line, number: "\(i + 1)", compare: compare != nil)) }
        var totalLine = model.total
        if single { totalLine.name = l.pick("Toàn xã \(model.communes[0].name ?? "")", "Whole commune \(model.communes[0].name ?? "")") }
        let total = cells(totalLine, number: "", compare: compare != nil)
        out += table(header: header, rows: rows, total: total, width: width)
        out.append("")
        // The bars: one per commune (or hamlet), the target marked.
        let labels = shown.map { $0.name ?? "" } + [totalLine.name ?? SummaryWords.province(l)]
        let labelWidth = min(max(10, width - Self.barWidth - 12), labels.map(DisplayWidth.of).max() ?? 0)
        for line in shown + [totalLine] {
            let label = DisplayWidth.padRight(DisplayWidth.truncate(line.name ?? SummaryWords.province(l), to: labelWidth), to: labelWidth)
            let share = line.shareTenThousandths
            let percent = VietnameseFormat.percent(line.counts.recognised, of: line.counts.registered, language: l)
            out.append(" \(label)  \(SummaryWords.bar(share: share, target: line.target, width: Self.barWidth)) \(percent)")
        }
        if let target = model.total.target {
            out.append(" " + String(repeating: " ", count: labelWidth + 2)
                       + l.pick("│ mục tiêu \(SummaryWords.share(target, l))", "│ target \(SummaryWords.share(target, l))"))
        }
        return out
    }

    private func cells(_ line: SummaryLine, number: String, compare: Bool) -> [String] {
        let l = language
        let c = line.counts
        var row = [number, line.name ?? SummaryWords.province(l), SummaryWords.grouped(c.registered, l),
                   SummaryWords.grouped(c.recognised, l), SummaryWords.grouped(c.exemplary, l), SummaryWords.grouped(c.errors, l),
                   SummaryWords.fraction(c.recognised, of: c.registered, l),
                   line.target.map { SummaryWords.share($0, l) } ?? "—",
                   line.margin.map { SummaryWords.margin($0, l) } ?? "—"]
        if compare { row.append(line.changeTenthsOfPoints.map { SummaryWords.change($0, l) } ?? "—") }
        return row
    }

    /// Columns as wide as their widest cell; the name column gives way when the page is narrow.
    private func table(header: [String], rows: [[String]], total: [String], width: Int) -> [String] {
        let all = [header] + rows + [total]
        var widths = header.indices.map { column in all.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        let used = widths.reduce(0, +) + 2 * widths.count
        if used > width { widths[1] = max(8, widths[1] - (used - width)) }
        func render(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                let fitted = DisplayWidth.truncate(cell, to: widths[i])
                // Text columns (name, "against target") flush left, numbers flush right.
                let left = i == 1 || i == 8
                text += "  " + (left ? DisplayWidth.padRight(fitted, to: widths[i]) : DisplayWidth.padLeft(fitted, to: widths[i]))
            }
            return text.trimmingTrailingSpaces()
        }
        let rule = widths.map { "  " + String(repeating: "─", count: $0) }.joined()
        return [render(header), rule] + rows.map(render) + [rule, render(total)]
    }
}
