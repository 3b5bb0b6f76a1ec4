import Foundation
import Records
import Reports
import Scoring
import Testing
import TextSupport

/// The text report's pages are written as they are laid out, the number of pages worked out
/// beforehand: on a commune big enough for dozens of pages, the "Trang N/M" lines must agree
/// with the pages actually written, and the pages must hold exactly the report's lines.
@Suite("Streamed pages")
struct StreamedPagesTests {
    static let households = 3_000
    static let rejected = 40

    /// A commune of 3,000 households in ten hamlets (the fixture's profiles in turn, so that
    /// every level and several footnotes appear), and 40 rows that could not be read.
    static let run: RunResults = {
        let criteria = ReportFixture.criteria
        var data = SurveyData()
        data.sources = ReportFixture.sources
        let table = RecordTable(model: criteria.model(id: "gia-dinh-hoc-tap")!)
        let profiles = ReportFixture.households()
        for i in 0..<households {
            var values = profiles[i % profiles.count]
            values["ma_ho"] = .text("HO\(100_000 + i)")
            values["chu_ho"] = .text(["Kim Văn Rinh", "Thạch Thị Sa Rươl", "Võ Văn Tâm", "Lâm Thị Hồng"][i % 4] + " \(i)")
            values["ma_ap"] = .text("A\(i % 10)")
            ReportFixture.append(values, to: table, row: Int32(i + 2), source: 0)
        }
        data.tables["gia-dinh-hoc-tap"] = table
        data.rejected["gia-dinh-hoc-tap"] = (0..<rejected).map { k in
            RejectedRow(origin: RowOrigin(source: 0, row: Int32(households + 2 + k)), commune: "Long Hữu",
                        key: "LO\(200 + k)", name: "Lý Văn \(k)",
                        problems: [RowProblem(vietnamese: "cột \"Số trẻ đến trường\": \"2,5\" không phải số nguyên",
                                              english: "column \"Children attending school\": \"2,5\" is not a whole number")])
        }
        return ScoringEngine(criteria: criteria).score(data)
    }()

    static func settings(_ paper: Paper, paginate: Bool = true, byHamlet: Bool = false) -> ReportSettings {
        var settings = OfficeLayoutTests.official(paper)
        settings.paginate = paginate
        settings.byHamlet = byHamlet
        return settings
    }

    /// "Trang N/M" (or "Page N/M") read back from a line, trimmed.
    static func pageNumber(_ line: Substring, _ language: Language) -> (n: Int, m: Int)? {
        let word = language.pick("Trang ", "Page ")
        // (The number of a page follows the form feed that starts the page.)
        let text = line.drop(while: { $0 == "\u{0C}" }).trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix(word) else { return nil }
        let parts = text.dropFirst(word.count).split(separator: "/")
        guard parts.count == 2, let n = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return (n, m)
    }

    /// The ranked tables' headers in a report without pages: the lines between the blank line
    /// that ends a list's heading and the table's first row (`1 HO…`).
    static func tableHeaders(_ plain: String) -> [[Substring]] {
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        var headers: [[Substring]] = []
        for (i, line) in lines.enumerated() where Self.isFirstRow(line) {
            let blank = lines[..<i].lastIndex(where: \.isEmpty) ?? -1
            let header = Array(lines[(blank + 1)..<i])
            if !headers.contains(header) { headers.append(header) }
        }
        return headers
    }

    /// Row 1 of a ranked table: its number, then a household's code.
    static func isFirstRow(_ line: Substring) -> Bool {
        let number = line.drop(while: { $0 == " " })
        return number.hasPrefix("1 ") && number.dropFirst().drop(while: { $0 == " " }).hasPrefix("HO1")
    }

    /// The report's lines as they would be without pages: each page's number, the blank line
    /// under it and a table header (one of `headers`) repeated under it taken away; blank lines
    /// (which a page drops at its end) left out everywhere.
    static func contentLines(ofPages text: String, headers: [[Substring]]) -> [Substring] {
        var lines: [Substring] = []
        for (p, page) in text.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            var pageLines = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast()[...]
            if p > 0 {
                pageLines = pageLines.dropFirst(2)
                // A table continued: its header repeated at the top.
                if let header = headers.first(where: { pageLines.starts(with: $0) }) {
                    pageLines = pageLines.dropFirst(header.count)
                }
            }
            lines += pageLines.filter { !$0.isEmpty }
        }
        return lines
    }

    @Test("dozens of pages: M in every \"Trang N/M\" is the number of pages written, each N from 2 to M once in order",
          arguments: [Paper.a4Portrait, .a4Landscape], [Language.vietnamese, .english])
    func numbersAgreeWithPages(paper: Paper, language: Language) {
        let text = TextReportTests.report(language, Self.settings(paper), run: Self.run)
        let formFeeds = text.filter { $0 == "\u{0C}" }.count
        let pages = formFeeds + 1
        // At most `paper.lines` lines a page, a household a line: far more pages than 3,000 / lines.
        #expect(pages > Self.households / paper.lines)
        // The numbers as printed, wherever they are, in the order they are printed.
        let numbers = text.split(separator: "\n").compactMap { Self.pageNumber($0, language) }
        #expect(numbers.map(\.n) == Array(2...max(2, pages)))
        #expect(numbers.allSatisfy { $0.m == pages })
        // Each number heads its page (after the form feed); the first page has none.
        let split = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(split.count == pages)
        #expect(!split[0].contains(language.pick("Trang ", "Page ")))
        for (p, page) in split.enumerated() {
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= paper.lines, "page \(p + 1) has \(lines.count) lines")
            if p > 0 {
                #expect(lines.first.flatMap { Self.pageNumber($0, language) }.map { $0.n == p + 1 } == true)
                #expect(lines.dropFirst().first == "", "a blank line under the number of page \(p + 1)")
                #expect(lines.count > 2, "page \(p + 1) holds something")
            }
        }
    }

    @Test("the pages hold every line of the report without pages, once and in order; every household once",
          arguments: [Paper.a4Portrait, .a4Landscape], [false, true])
    func pagesHoldTheReport(paper: Paper, byHamlet: Bool) {
        let language = Language.vietnamese
        let paged = TextReportTests.report(language, Self.settings(paper, byHamlet: byHamlet), run: Self.run)
        let plain = TextReportTests.report(language, Self.settings(paper, paginate: false, byHamlet: byHamlet), run: Self.run)
        #expect(!plain.contains("\u{0C}"))
        let expected = plain.split(separator: "\n").filter { !$0.isEmpty }
        let headers = Self.tableHeaders(plain)
        #expect(!headers.isEmpty && headers.allSatisfy { $0.count >= 2 && $0.last!.contains("───") })
        let actual = Self.contentLines(ofPages: paged, headers: headers)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
        // Every household's row once, and every unreadable row's line once.
        for i in [0, 1, 59, 60, 1_234, Self.households - 1] {
            #expect(paged.components(separatedBy: " HO\(100_000 + i) ").count == 2, "HO\(100_000 + i)")
        }
        let rows = paged.split(separator: "\n").filter { $0.contains(" HO1") }
        #expect(rows.count == Self.households)
        #expect(paged.split(separator: "\n").filter { $0.contains("(LO2") }.count == Self.rejected)
        if byHamlet {
            // Each hamlet's list is a document of its own, on pages of its own.
            for page in paged.split(separator: "\u{0C}") where page.contains("DANH SÁCH ĐỀ NGHỊ") {
                #expect(page.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            }
        }
    }

    @Test("a table wider than the page is cut line by line on streamed pages, numbered as written")
    func narrowPages() {
        var settings = Self.settings(.a4Portrait)
        settings.width = 40
        settings.pageLines = 30
        let text = TextReportTests.report(.vietnamese, settings, run: Self.run)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let tooWide = lines.filter { DisplayWidth.of(String($0.filter { $0 != "\u{0C}" })) > 40 }
        #expect(tooWide.isEmpty, "\(tooWide.prefix(3))")
        let pages = text.filter { $0 == "\u{0C}" }.count + 1
        let numbers = lines.compactMap { Self.pageNumber($0, .vietnamese) }
        #expect(pages > Self.households / 30)
        #expect(numbers.map(\.n) == Array(2...max(2, pages)))
        #expect(numbers.allSatisfy { $0.m == pages })
        #expect(lines.filter { $0.contains(" HO1") }.count == Self.households)
    }

    @Test("the pages written to a file are the pages a captured report holds")
    func fileEqualsCapture() throws {
        let settings = Self.settings(.a4Portrait)
        let captured = TextReportTests.report(.vietnamese, settings, run: Self.run)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-pages-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try OutputSink(path: path)
        TextReport(language: .vietnamese, settings: settings).write(Self.run, to: sink)
        sink.close()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.utf8.count == captured.utf8.count)
        #expect(written == captured)
    }
}
