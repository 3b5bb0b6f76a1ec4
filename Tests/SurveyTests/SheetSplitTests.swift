import Foundation
import TestSupport
import Testing
@testable import Survey

/// A large sheet is parsed in two pieces at once (`XLSXSheetReader.readSplit`): whatever the
/// sheet holds, the rows handed on and the failure thrown are those of the sequential parse.
@Suite("Sheet parsed in two pieces")
struct SheetSplitTests {
    let reader = XLSXSheetReader(name: "xl/worksheets/sheet1.xml", sharedStrings: [], longSharedStrings: [:],
                                 dateStyles: [], date1904: false)

    /// What a parse handed on: each row's number and cells, then the failure's text, if any.
    struct Parse: Equatable {
        var rows: [String] = []
        var failure: String?
    }

    func sequential(_ xml: String) -> Parse {
        var parse = Parse()
        do throws(XLSXWorkbook.Failure) {
            try reader.read(bytes: Array(xml.utf8)) { number, cells in parse.rows.append("\(number): \(cells.cells)") }
        } catch { parse.failure = "\(error)" }
        return parse
    }

    func split(_ xml: String) -> Parse? {
        let bytes = Array(xml.utf8)
        guard let cut = XLSXSheetReader.cut(bytes) else { return nil }
        var parse = Parse()
        do throws(XLSXWorkbook.Failure) {
            try reader.readSplit(bytes: bytes, cut: cut) { number, cells in parse.rows.append("\(number): \(cells.cells)") }
        } catch { parse.failure = "\(error)" }
        return parse
    }

    static func sheet(rows: [String], declaration: String = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                      after: String = #"<pageMargins left="0.7" right="0.7"/>"#) -> String {
        declaration + "\n" + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C9"/><sheetData>"#
            + rows.joined(separator: "\n") + "</sheetData>" + after + "</worksheet>"
    }

    static func row(_ n: Int, numbered: Bool = true) -> String {
        let r = numbered ? #" r="\#(n)""# : ""
        return #"<row\#(r)><c r="A\#(n)" t="inlineStr"><is><t>Hộ \#(n)</t></is></c><c r="B\#(n)"><v>\#(n * 3)</v></c></row>"#
    }

    static let rows = (1...40).map { row($0) }

    @Test("a plain sheet is cut, and gives the sequential parse's rows")
    func plain() throws {
        let xml = Self.sheet(rows: Self.rows)
        let expected = sequential(xml)
        #expect(expected.rows.count == 40 && expected.failure == nil)
        #expect(expected.rows[39] == "40: [Survey.XLSXCell.text(\"Hộ 40\"), Survey.XLSXCell.number(\"120\", isDate: false)]")
        let pieces = try #require(split(xml))
        #expect(pieces == expected)
    }

    @Test("rows without numbers after the cut: parsed whole again, the same rows")
    func unnumberedRows() throws {
        let rows = (1...40).map { Self.row($0, numbered: $0 < 5) }
        let xml = Self.sheet(rows: rows)
        let expected = sequential(xml)
        #expect(expected.rows.map { $0.prefix(3) } == (1...40).map { "\($0): ".prefix(3) })
        #expect(try #require(split(xml)) == expected)
    }

    @Test("a </row> inside a comment, a CDATA section or a processing instruction: the same rows")
    func hiddenRowEnds() throws {
        for hiding in ["<!-- </row> -->", "<c r=\"C20\" t=\"inlineStr\"><is><t><![CDATA[x</row>y]]></t></is></c>", "<?note </row> ?>"] {
            var rows = Self.rows
            // Many hidden ends around the middle, so that the cut falls on one of them.
            for i in 15..<26 { rows[i] = rows[i].replacingOccurrences(of: "</row>", with: hiding + "</row>") }
            let xml = Self.sheet(rows: rows)
            let expected = sequential(xml)
            #expect(expected.rows.count == 40, "\(hiding)")
            #expect(try #require(split(xml)) == expected, "\(hiding)")
        }
    }

    @Test("malformed XML after the cut: the rows before it, and the sequential parse's line")
    func malformedAfterCut() throws {
        var rows = Self.rows
        rows[33] = "<row r=\"34\"><c r=\"A34\"><v>1</v></row>"
        let xml = Self.sheet(rows: rows)
        let expected = sequential(xml)
        #expect(expected.rows.count == 33)
        #expect(expected.failure?.contains("line 35") == true, "\(expected.failure ?? "")")
        #expect(try #require(split(xml)) == expected)
    }

    @Test("malformed XML before the cut: the same rows and failure")
    func malformedBeforeCut() throws {
        var rows = Self.rows
        rows[5] = "<row r=\"6\"><c r=\"A6\"><v>1</c></row>"
        let xml = Self.sheet(rows: rows)
        let expected = sequential(xml)
        #expect(expected.rows.count == 5 && expected.failure != nil)
        #expect(try #require(split(xml)) == expected)
    }

    @Test("a row number out of range after the cut: the rows before it, then the refusal")
    func rowNumberOutOfRange() throws {
        var rows = Self.rows
        rows[30] = Self.row(31).replacingOccurrences(of: "<row r=\"31\"", with: "<row r=\"2147483648\"")
        let xml = Self.sheet(rows: rows)
        let expected = sequential(xml)
        #expect(expected.rows.count == 30 && expected.failure?.contains("2147483648") == true)
        #expect(try #require(split(xml)) == expected)
    }

    @Test("2,000 sheets mangled at random around the cut: every one cut gives the whole parse's rows and failure")
    func mangledSheets() {
        var random = SeededGenerator(seed: 0x5_9117)
        let snippets = ["</row>", "<row>", "<row r=\"7\">", "<!--", "-->", "<![CDATA[", "]]>", "<?x ", "?>", "<c r=\"B3\">",
                        "</c>", "<v>", "</v>", "<is><t>", "</t></is>", "</sheetData>", "<sheetData>", "&amp;", "&bogus;", "\u{0}",
                        "<row r=\"2147483648\">", "<c r=\"ZZZZZZZZZZZZZZ4\">"]
        var cutCount = 0
        var broken = 0
        for _ in 0..<2_000 {
            var xml = Array(Self.sheet(rows: Self.rows).utf8)
            for _ in 0..<(1 + random.below(4)) {
                // Mostly near the middle, where the cut falls.
                let at = xml.count / 3 + random.below(xml.count / 3)
                switch random.below(3) {
                case 0: xml.insert(contentsOf: Array(snippets[random.below(snippets.count)].utf8), at: at)
                case 1: xml.removeSubrange(at..<min(xml.count, at + 1 + random.below(40)))
                default: xml.insert(contentsOf: xml[at..<min(xml.count, at + random.below(200))], at: min(xml.count, at + random.below(300)))
                }
            }
            let text = String(decoding: xml, as: UTF8.self)
            guard let pieces = split(text) else { continue }
            cutCount += 1
            let whole = sequential(text)
            if whole.failure != nil { broken += 1 }
            #expect(pieces == whole, "\(text)")
        }
        // The test means something only if many sheets were cut, broken ones among them.
        #expect(cutCount > 1_000)
        #expect(broken > 200)
    }

    @Test("sheets that are not cut: another encoding, rows after the sheet data, no rows")
    func notCut() {
        #expect(XLSXSheetReader.cut(Array(Self.sheet(rows: Self.rows, declaration: #"<?xml version="1.0" encoding="ISO-8859-1"?>"#).utf8)) == nil)
        #expect(XLSXSheetReader.cut(Array(Self.sheet(rows: Self.rows, after: #"<extLst><row r="99"/></extLst>"#).utf8)) == nil)
        #expect(XLSXSheetReader.cut(Array(Self.sheet(rows: Self.rows, after: "<!-- x -->").utf8)) == nil)
        #expect(XLSXSheetReader.cut(Array(Self.sheet(rows: []).utf8)) == nil)
        let utf16 = [UInt8](Self.sheet(rows: Self.rows, declaration: #"<?xml version="1.0" encoding="UTF-16"?>"#).data(using: .utf16)!)
        #expect(XLSXSheetReader.cut(utf16) == nil)
        // Without a declaration, UTF-8 is the default: cut.
        #expect(XLSXSheetReader.cut(Array(Self.sheet(rows: Self.rows, declaration: "").utf8)) != nil)
    }
}

/// The same, through the survey reader: a workbook whose household sheet is large enough to be
/// cut gives, on two threads, exactly what it gives on one.
@Suite("Large workbook read on two threads")
struct LargeWorkbookTwoThreadsTests {
    @Test("12,000 households with errors and duplicates: the same records, rejected rows and messages")
    func sameAsOneThread() throws {
        var rows = ["<row r=\"1\">\(Sheet.cells(Sheet.header))</row>"]
        for n in 2...12_001 {
            var values = Sheet.household(n)
            if n % 1_001 == 0 { values[7] = "hai" }               // not a number
            if n % 1_777 == 0 && n > 6_000 { values[0] = "HO\(String(format: "%04d", n - 6_000))" } // an earlier code again
            rows.append("<row r=\"\(n)\">\(Sheet.cells(values))</row>")
        }
        let xml = Sheet.xml(rows)
        #expect(xml.utf8.count >= XLSXSheetReader.splitBytes)
        #expect(XLSXSheetReader.cut(Array(xml.utf8)) != nil)
        let bytes = HostileZip.bytes(Workbook.parts(sheets: [("Hộ gia đình", xml)]).map { part in
            var part = part
            part.deflate = true
            return part
        })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-split-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho.xlsx").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        func read(threads: Int) -> (rows: [[String]], rejected: [String], errors: [String], notes: [String]) {
            let result = SurveyReader(criteria: Fixture.criteria, threads: threads).read(paths: [path])
            let table = result.data.tables["gia-dinh-hoc-tap"]!
            let rejected = (result.data.rejected["gia-dinh-hoc-tap"] ?? []).flatMap { $0.problems.map { $0.message(in: .english) } }
            return (Fixture.rows(table), rejected, result.fileErrors.map { $0.message(in: .english) },
                    result.data.notes.map { $0.message(in: .english) })
        }
        let one = read(threads: 1)
        let two = read(threads: 2)
        // 12,000 rows: 11 not numbers (rows 1,001 … 11,011), and rows 7,108, 8,885 and 10,662
        // repeating the codes of rows 1,108, 2,885 and 4,662: both rows of each pair rejected.
        #expect(one.rows.count == 12_000 - 11 - 6)
        #expect(one.rejected.count == 11 + 6)
        #expect(two.rows == one.rows)
        #expect(two.rejected == one.rejected)
        #expect(two.errors == one.errors)
        #expect(two.notes == one.notes)
    }
}
