import Criteria
import Foundation
import Machinery
import Records
import Testing
import TextSupport
import ZIPFoundation
@testable import Survey

/// Workbooks built to break the reader (issue 13): each is refused, or read, with a message
/// naming the file, sheet, row or cell, and never crashes, hangs or takes all memory.
@Suite("Hostile and broken workbooks")
struct HostileWorkbookTests {
    static let households = "gia-dinh-hoc-tap"

    // MARK: Reading

    /// Reads the workbook made of `parts` (written to a temporary file named `name`).
    static func read(_ parts: [HostileZip.Part], name: String = "hostile.xlsx") throws -> SurveyReadResult {
        try read(bytes: HostileZip.bytes(parts), name: name)
    }

    static func read(bytes: [UInt8], name: String = "hostile.xlsx") throws -> SurveyReadResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return SurveyReader(criteria: Fixture.criteria).read(paths: [path])
    }

    static func errors(_ result: SurveyReadResult, _ language: Language = .english) -> [String] {
        result.fileErrors.map { $0.message(in: language) }
    }

    static func rejected(_ result: SurveyReadResult, _ language: Language = .english) -> [String] {
        (result.data.rejected[households] ?? []).flatMap { $0.problems.map { $0.message(in: language) } }
    }

    static func valid(_ result: SurveyReadResult) -> Int { result.data.tables[households]?.count ?? 0 }

    // MARK: Defect 1: column letters

    @Test("a cell reference with many column letters is an error for its row, not a crash")
    func manyColumnLetters() throws {
        let sheet = Sheet.households(extraRows: [
            "<row r=\"3\">\(Sheet.cells(Sheet.household(3)))<c r=\"ZZZZZZZZZZZZZZ3\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
            "<row r=\"4\">\(Sheet.cells(Sheet.household(4)))<c r=\"BAAAAAAAAAAAAA4\"><v>1</v></c></row>",
            "<row r=\"5\">\(Sheet.cells(Sheet.household(5)))<c r=\"XFE5\"><v>1</v></c></row>",
        ])
        let result = try Self.read(Workbook.parts(sheets: [("Hộ", sheet)]))
        #expect(Self.errors(result).isEmpty)
        #expect(Self.valid(result) == 1)
        #expect(Self.rejected(result) == [
            "hostile.xlsx [Hộ] row 3: cell ZZZZZZZZZZZZZZ3 lies beyond Excel's last column (XFD, 16384 columns): not read",
            "hostile.xlsx [Hộ] row 4: cell BAAAAAAAAAAAAA4 lies beyond Excel's last column (XFD, 16384 columns): not read",
            "hostile.xlsx [Hộ] row 5: cell XFE5 lies beyond Excel's last column (XFD, 16384 columns): not read",
        ])
        #expect(Self.rejected(result, .vietnamese)[0] == "hostile.xlsx [Hộ] dòng 3: ô ZZZZZZZZZZZZZZ3 nằm ngoài cột cuối cùng của Excel (XFD, 16384 cột): không đọc")
        #expect(XLSXWorkbook.columnIndex("XFD1") == 16_383)
        #expect(XLSXWorkbook.columnIndex("ZZZZZZZZZZZZZZ400") == InputLimits.sheetColumns)
        #expect(XLSXWorkbook.columnName(16_383) == "XFD")
    }

    // MARK: Defect 2: row numbers

    @Test("a row number past 1,048,576 stops the sheet with a message; the rows before it are read")
    func rowNumbers() throws {
        for (rows, shown) in [
            (["<row r=\"2147483648\">\(Sheet.cells(Sheet.household(3)))</row>"], "2147483648"),
            (["<row r=\"9223372036854775807\">\(Sheet.cells(Sheet.household(3)))</row>", "<row>\(Sheet.cells(Sheet.household(4)))</row>"], "9223372036854775807"),
            (["<row r=\"1048576\">\(Sheet.cells(Sheet.household(3)))</row>", "<row>\(Sheet.cells(Sheet.household(4)))</row>"], "1048577"),
        ] {
            let result = try Self.read(Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: rows))]))
            #expect(Self.errors(result) == [
                "hostile.xlsx [Hộ]: row number \"\(shown)\" is not valid, Excel's rows are 1 to 1048576; the rows from there on were not read",
            ])
            #expect(Self.valid(result) == (shown == "1048577" ? 2 : 1))
        }
    }

    // MARK: Defect 3: rows as wide as their furthest cell

    @Test("rows of one far cell each cost what their cells do: 50,000 of them are error rows, quickly")
    func farCells() throws {
        var rows: [String] = []
        rows.reserveCapacity(50_000)
        for row in 3..<50_003 { rows.append("<row r=\"\(row)\"><c r=\"XFD\(row)\" t=\"inlineStr\"><is><t>x</t></is></c></row>") }
        // A sparse row within the table stays readable: a household whose last answer is far right.
        let result = try Self.read(Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: rows))]))
        #expect(Self.errors(result).isEmpty)
        #expect(Self.valid(result) == 1)
        let rejected = Self.rejected(result)
        #expect(rejected.count == 50_000)
        #expect(rejected.first == "hostile.xlsx [Hộ] row 3: cell XFD3 lies far outside the table (the header has 25 columns): not read")
    }

    @Test("a sparse row inside a wide header is read cell by cell, as a dense one")
    func sparseRowInsideTheHeader() throws {
        // The header's 25 columns, then 100 unused ones; the row's cells sit at A–D and at DU.
        let header = Sheet.header + (0..<100).map { "Cột thêm \($0)" }
        let household = Sheet.household(2)
        let keyCells = (0..<4).map { "<c r=\"\(XLSXWorkbook.columnName($0))2\" t=\"inlineStr\"><is><t>\(household[$0])</t></is></c>" }.joined()
        let far = "<c r=\"\(XLSXWorkbook.columnName(124))2\" t=\"inlineStr\"><is><t>thêm</t></is></c>"
        // A footer far right, alone on its row: set aside as not a record, named as ever.
        let footer = "<row r=\"3\"><c r=\"\(XLSXWorkbook.columnName(120))3\" t=\"inlineStr\"><is><t>Người lập biểu</t></is></c></row>"
        let sheet = Sheet.xml(["<row r=\"1\">\(Sheet.cells(header))</row>", "<row r=\"2\">\(keyCells)\(far)</row>", footer])
        let result = try Self.read(Workbook.parts(sheets: [("Hộ", sheet)]))
        #expect(result.data.notes.map(\.english).contains("hostile.xlsx [Hộ] row 3: not a data row (no commune and no code): skipped 'Người lập biểu'"))
        #expect(Self.errors(result).isEmpty)
        // The row is a record (its other fields blank), not refused and not set aside.
        #expect(Self.valid(result) + Self.rejected(result).count >= 1)
        #expect(!Self.rejected(result).contains { $0.contains("not read") })
    }

    // MARK: Defect 4: inflating

    @Test("a shared-strings part inflating a thousand times is refused before it is inflated")
    func sharedStringsBomb() throws {
        let strings = Array(("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + String(repeating: "<si><t>aaaaaaaaaaaaaaaa</t></si>", count: 1_000_000) + "</sst>").utf8)
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))], sharedStrings: nil)
        parts.append(HostileZip.Part(name: "xl/sharedStrings.xml", data: strings, deflate: true))
        let result = try Self.read(parts)
        #expect(Self.errors(result).count == 1)
        let message = try #require(Self.errors(result).first)
        #expect(message.hasPrefix("hostile.xlsx: part xl/sharedStrings.xml holds "))
        #expect(message.contains("compressed bytes that inflate to \(strings.count) bytes"))
        #expect(message.contains("(the limit is 200 times): an abnormal archive (a \"zip bomb\")"))
        #expect(Self.valid(result) == 0)
    }

    @Test("a part inflating past the size its archive records stops there; a recorded size over 1 GiB is refused unread")
    func lyingSizes() throws {
        let strings = Array(("<sst>" + String(repeating: "<si><t>b</t></si>", count: 100_000) + "</sst>").utf8)
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))])
        parts.append(HostileZip.Part(name: "xl/sharedStrings.xml", data: strings, deflate: true, recordedSize: 1000))
        #expect(Self.errors(try Self.read(parts)) == [
            "hostile.xlsx: the .xlsx file is damaged or incomplete (xl/sharedStrings.xml: inflates to more than the 1000 bytes the archive records)",
        ])
        parts[parts.count - 1].recordedSize = 1_600_000_000
        #expect(Self.errors(try Self.read(parts)) == [
            "hostile.xlsx: part xl/sharedStrings.xml inflates to 1600000000 bytes, over the limit of 1073741824 bytes",
        ])
    }

    // MARK: Defect 5: sheets sharing a part

    @Test("300 sheets on one part: the part is read once, the other 299 sheets are named; over 1,024 sheets is refused")
    func sheetsSharingAPart() throws {
        let sheet = Sheet.households(extraRows: [])
        let names = (1...300).map { "Trang \($0)" }
        let parts = Workbook.parts(sheets: [("Trang 1", sheet)], sheetNames: names)
        let result = try Self.read(parts)
        #expect(Self.valid(result) == 1)
        let errors = Self.errors(result)
        #expect(errors.count == 299)
        #expect(errors.first == "hostile.xlsx [Trang 2]: points to the same part xl/worksheets/sheet1.xml as sheet 'Trang 1': read once only")
        let many = try Self.read(Workbook.parts(sheets: [("Trang 1", sheet)], sheetNames: (1...1025).map { "T\($0)" }))
        #expect(Self.errors(many) == ["hostile.xlsx: the workbook lists 1025 sheets, over the limit of 1024"])
    }

    // MARK: Defect 6: long strings

    @Test("a cell of 100,000 combining marks is an error naming the cell, inline or shared")
    func longStrings() throws {
        let marks = "a" + String(repeating: "\u{0301}", count: 100_000)
        var household = Sheet.household(2)
        household[1] = marks
        let inline = try Self.read(Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: [], first: household))]))
        #expect(Self.rejected(inline) == ["hostile.xlsx [Hộ] row 2: cell B2 holds 100001 characters, over the limit of 32767 for one cell: not read"])
        #expect(Self.rejected(inline, .vietnamese) == ["hostile.xlsx [Hộ] dòng 2: ô B2 dài 100001 ký tự, quá giới hạn 32767 ký tự của một ô: không đọc"])
        // The same text as a shared string.
        let sheet = Sheet.households(extraRows: [], first: household, sharedColumn: 1)
        let shared = try Self.read(Workbook.parts(sheets: [("Hộ", sheet)], sharedStrings: [marks]))
        #expect(Self.rejected(shared) == ["hostile.xlsx [Hộ] row 2: cell B2 holds 100001 characters, over the limit of 32767 for one cell: not read"])
        // 32,767 characters are read.
        household[1] = String(repeating: "ư", count: 32_767)
        let longest = try Self.read(Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: [], first: household))]))
        #expect(Self.rejected(longest).isEmpty && Self.valid(longest) == 1)
    }

    // MARK: Defect 7: sheets outside the file

    @Test("a sheet pointing outside the file, or at a part not in it, is named; the good sheet is read")
    func externalAndMissingSheets() throws {
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))],
                                   extraRelationships: [("Ngoài", "rIdX", "file:///etc/passwd", true), ("Mất", "rIdM", "worksheets/sheet9.xml", false)])
        let result = try Self.read(parts)
        #expect(Self.valid(result) == 1)
        #expect(Self.errors(result) == [
            "hostile.xlsx [Ngoài]: the sheet points outside the file (file:///etc/passwd): not read",
            "hostile.xlsx [Mất]: the sheet's part xl/worksheets/sheet9.xml is not in the file: the file is damaged or incomplete",
        ])
        #expect(Self.errors(result, .vietnamese)[0] == "hostile.xlsx [Ngoài]: trang tính trỏ ra ngoài tệp (file:///etc/passwd): không đọc")
        // With no usable sheet at all, the same messages (and nothing read).
        parts = Workbook.parts(sheets: [], extraRelationships: [("Ngoài", "rIdX", "http://example.invalid/x.xml", true)])
        #expect(Self.errors(try Self.read(parts)) == ["hostile.xlsx [Ngoài]: the sheet points outside the file (http://example.invalid/x.xml): not read"])
    }

    // MARK: Defect 8: checksums

    @Test("a stored part whose CRC-32 does not match is refused")
    func badChecksum() throws {
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))])
        let sheet = try #require(parts.firstIndex { $0.name == "xl/worksheets/sheet1.xml" })
        parts[sheet].recordedCRC = 0xDEAD_BEEF
        #expect(Self.errors(try Self.read(parts)) == ["hostile.xlsx [Hộ]: part xl/worksheets/sheet1.xml is damaged: its CRC-32 checksum does not match"])
        parts[sheet].deflate = true
        #expect(Self.errors(try Self.read(parts)) == ["hostile.xlsx [Hộ]: part xl/worksheets/sheet1.xml is damaged: its CRC-32 checksum does not match"])
        // One flipped byte in a stored part's data, the CRC as written before.
        parts[sheet].recordedCRC = nil
        parts[sheet].deflate = false
        var bytes = HostileZip.bytes(parts)
        let at = try #require(Self.find(Array("Nguyễn".utf8), in: bytes))
        bytes[at] = UInt8(ascii: "M")
        #expect(Self.errors(try Self.read(bytes: bytes)) == ["hostile.xlsx [Hộ]: part xl/worksheets/sheet1.xml is damaged: its CRC-32 checksum does not match"])
        // A part over 4 MiB has its checksum computed on a thread of its own: the same answers.
        let rows = (3..<6_000).map { "<row r=\"\($0)\">\(Sheet.cells(Sheet.household($0)))</row>" }
        var large = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: rows))])
        #expect(large[3].data.count > Int(XLSXZip.checksumThreadBytes))
        large[3].deflate = true
        let read = try Self.read(large)
        #expect(Self.errors(read).isEmpty && Self.valid(read) == 5_998)
        large[3].recordedCRC = 0x1234_5678
        #expect(Self.errors(try Self.read(large)) == ["hostile.xlsx [Hộ]: part xl/worksheets/sheet1.xml is damaged: its CRC-32 checksum does not match"])
    }

    // MARK: Defect 9: shared-string index

    @Test("a shared-string index out of range is an error naming the cell and the index")
    func sharedStringIndex() throws {
        let row = "<row r=\"3\">\(Sheet.cells(Sheet.household(3)))<c r=\"Z3\" t=\"s\"><v>12</v></c></row>"
        let sheet = Sheet.households(extraRows: [row.replacingOccurrences(of: "<c r=\"Z3\"", with: "<c r=\"B3\"")])
        let result = try Self.read(Workbook.parts(sheets: [("Hộ", sheet)], sharedStrings: ["một", "hai"]))
        #expect(Self.rejected(result) == ["hostile.xlsx [Hộ] row 3: cell B3 refers to shared string 12 but the workbook has only 2 shared strings: not read"])
        #expect(Self.valid(result) == 1)
    }

    // MARK: Broken containers

    @Test("not a zip, a cut zip, an encrypted part, malformed XML, an unknown compression: a message, never a crash")
    func brokenContainers() throws {
        #expect(Self.errors(try Self.read(bytes: Array("PK but nothing else".utf8))) == [
            "hostile.xlsx: the .xlsx file is damaged or incomplete (ZIP: no central directory (the file is cut short or not a ZIP archive))",
        ])
        let good = HostileZip.bytes(Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))]))
        for cut in [good.count / 3, good.count / 2, good.count - 10] {
            let errors = Self.errors(try Self.read(bytes: Array(good[..<cut])))
            #expect(errors.count == 1 && errors[0].contains("damaged or incomplete"), "\(errors)")
        }
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: []))])
        let sheet = try #require(parts.firstIndex { $0.name == "xl/worksheets/sheet1.xml" })
        parts[sheet].flags = 1
        #expect(Self.errors(try Self.read(parts)) == [
            "hostile.xlsx [Hộ]: part xl/worksheets/sheet1.xml is encrypted with a password; remove the password and save the file again",
        ])
        parts[sheet].flags = 0
        parts[sheet].method = 12
        #expect(Self.errors(try Self.read(parts)) == [
            "hostile.xlsx [Hộ]: the .xlsx file is damaged or incomplete (xl/worksheets/sheet1.xml: compression method 12 is not supported)",
        ])
        parts[sheet].method = nil
        // A deflated part whose data ends before its stream does: a message, not an endless wait.
        parts[sheet].deflate = true
        parts[sheet].halfCompressedSize = true
        let cut = Self.errors(try Self.read(parts))
        #expect(cut.count == 1 && cut[0].hasPrefix("hostile.xlsx [Hộ]: the .xlsx file is damaged or incomplete (xl/worksheets/sheet1.xml: "), "\(cut)")
        parts[sheet].deflate = false
        parts[sheet].halfCompressedSize = false
        parts[sheet].data = Array("<worksheet><sheetData><row><c></row>".utf8)
        #expect(Self.errors(try Self.read(parts)) == [
            "hostile.xlsx [Hộ]: the .xlsx file is damaged or incomplete (xl/worksheets/sheet1.xml line 1: malformed XML)",
        ])
        // Every byte of the directory's end changed in turn: a message each time, never a crash.
        for offset in 1...22 {
            var bytes = good
            bytes[bytes.count - offset] ^= 0xFF
            _ = try Self.read(bytes: bytes)
        }
    }

    @Test("a DOCTYPE with an external entity in a sheet or the shared strings reads no file")
    func externalEntities() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-secret-\(UUID().uuidString).txt")
        let token = "SECRET-\(UUID().uuidString)"
        try Data(token.utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"\(secret.absoluteString)\">]>"
        var household = Sheet.household(2)
        household[1] = "&e;"
        let sheet = doctype + String(Sheet.households(extraRows: [], first: household, raw: true).dropFirst(Sheet.declaration.count))
        let inSheet = try Self.read(Workbook.parts(sheets: [("Hộ", sheet)]))
        #expect(Self.errors(inSheet) == ["hostile.xlsx [Hộ]: the .xlsx file is damaged or incomplete (xl/worksheets/sheet1.xml line 1: DOCTYPE is not allowed)"])
        var parts = Workbook.parts(sheets: [("Hộ", Sheet.households(extraRows: [], first: Sheet.household(2), sharedColumn: 1))], sharedStrings: ["x"])
        let strings = try #require(parts.firstIndex { $0.name == "xl/sharedStrings.xml" })
        parts[strings].data = Array((doctype + "<sst><si><t>&e;</t></si></sst>").utf8)
        let inStrings = try Self.read(parts)
        #expect(Self.errors(inStrings).count == 1 && Self.errors(inStrings)[0].contains("DOCTYPE is not allowed"))
        for result in [inSheet, inStrings] {
            let everything = Self.errors(result) + Self.rejected(result) + result.data.notes.map(\.english)
                + (result.data.tables[Self.households].map(Fixture.rows) ?? []).flatMap { $0 }
            #expect(!everything.contains { $0.contains(token) })
        }
    }

    @Test("a ZIP64 archive (sizes and directory in ZIP64 records) reads as the plain one")
    func zip64() throws {
        // Written by Python's zipfile with its ZIP64 thresholds lowered to 100 bytes and 1 entry.
        let zip64 = Fixture.read("hostile/zip64.xlsx")
        let plain = Fixture.read("long-huu-xlsxwriter.xlsx")
        #expect(zip64.fileErrors.isEmpty)
        #expect(zip64.counts == plain.counts)
        let tables = try #require(zip64.data.tables[Self.households])
        #expect(Fixture.rows(tables) == Fixture.rows(try #require(plain.data.tables[Self.households])))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

// MARK: - Building workbooks

/// A household sheet's XML, with inline strings.
enum Sheet {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"

    static let header = ["Mã hộ", "Họ và tên chủ hộ", "Mã ấp", "Xã/Phường", "Mã dòng họ", "Vùng khó khăn", "Hộ nghèo, cận nghèo",
                         "Số trẻ trong độ tuổi phổ cập", "Số trẻ được miễn", "Số trẻ đến trường", "Số trẻ học lực đạt trở lên",
                         "Số trẻ hạnh kiểm khá trở lên", "Trẻ ngoan, lễ phép", "Số người lớn từ 19 đến 60 tuổi",
                         "Số người lớn không có khả năng học tập", "Số người lớn biết chữ", "Số người lớn có học tập trong năm",
                         "Tham gia hoạt động khuyến học", "Có góc học tập", "Có tủ sách, sách báo", "Có phương tiện học tập",
                         "Có quỹ khuyến học gia đình", "Kinh tế ổn định, phát triển", "Đạt Gia đình văn hoá",
                         "Có người vi phạm pháp luật, tệ nạn xã hội"]

    /// A valid household (the first of `ho-gia-dinh.csv`) with the code `HO000n`.
    static func household(_ n: Int) -> [String] {
        ["HO\(String(format: "%04d", n))", "Nguyễn Văn Ánh", "AP01", "Long Hữu", "DH01", "không", "có", "2", "0", "2", "2", "2", "x",
         "3", "0", "3", "2", "x", "x", "x", "x", "", "x", "x", ""]
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// Inline-string cells without references; `raw` keeps `&` (for entity references).
    static func cells(_ values: [String], raw: Bool = false, sharedColumn: Int? = nil) -> String {
        values.enumerated().map { column, value in
            if column == sharedColumn { return "<c t=\"s\"><v>0</v></c>" }
            return value.isEmpty ? "<c/>" : "<c t=\"inlineStr\"><is><t>\(raw ? value : escaped(value))</t></is></c>"
        }.joined()
    }

    static func xml(_ rows: [String]) -> String {
        declaration + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + rows.joined() + "</sheetData></worksheet>"
    }

    /// The header on row 1, a household on row 2, then `extraRows`.
    static func households(extraRows: [String], first: [String] = household(2), sharedColumn: Int? = nil, raw: Bool = false) -> String {
        xml(["<row r=\"1\">\(cells(header))</row>", "<row r=\"2\">\(cells(first, raw: raw, sharedColumn: sharedColumn))</row>"] + extraRows)
    }
}

/// The parts of a workbook around its sheets.
enum Workbook {
    /// Sheet `i` is `xl/worksheets/sheet{i+1}.xml`; `sheetNames` lists more sheets, all on the
    /// first sheet's part; `extraRelationships` adds sheets `(name, id, target, external)`.
    static func parts(sheets: [(String, String)], sharedStrings: [String]? = nil, sheetNames: [String]? = nil,
                      extraRelationships: [(String, String, String, Bool)] = []) -> [HostileZip.Part] {
        let names = sheetNames ?? sheets.map(\.0)
        var workbook = Sheet.declaration + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        var relationships = Sheet.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (index, name) in names.enumerated() {
            workbook += "<sheet name=\"\(name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            let part = index < sheets.count ? index + 1 : 1
            relationships += "<Relationship Id=\"rId\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(part).xml\"/>"
        }
        for (index, (name, id, target, external)) in extraRelationships.enumerated() {
            workbook += "<sheet name=\"\(name)\" sheetId=\"\(names.count + index + 1)\" r:id=\"\(id)\"/>"
            relationships += "<Relationship Id=\"\(id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"\(target)\"\(external ? " TargetMode=\"External\"" : "")/>"
        }
        workbook += "</sheets></workbook>"
        if sharedStrings != nil {
            relationships += "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        relationships += "</Relationships>"
        let root = Sheet.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        var parts = [
            HostileZip.Part(name: "_rels/.rels", data: Array(root.utf8)),
            HostileZip.Part(name: "xl/workbook.xml", data: Array(workbook.utf8)),
            HostileZip.Part(name: "xl/_rels/workbook.xml.rels", data: Array(relationships.utf8)),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(HostileZip.Part(name: "xl/worksheets/sheet\(index + 1).xml", data: Array(sheet.1.utf8)))
        }
        if let sharedStrings {
            let items = sharedStrings.map { "<si><t>\(Sheet.escaped($0))</t></si>" }.joined()
            parts.append(HostileZip.Part(name: "xl/sharedStrings.xml", data: Array((Sheet.declaration
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\(items)</sst>").utf8)))
        }
        return parts
    }
}

/// A ZIP archive written byte by byte, so that any field can lie: the stored checksum, the
/// recorded size, the flags, the compression method.
enum HostileZip {
    struct Part {
        var name: String
        var data: [UInt8]
        var deflate = false
        /// Written instead of the data's CRC-32.
        var recordedCRC: UInt32?
        /// Written instead of the data's size (in both headers).
        var recordedSize: UInt64?
        var flags: UInt16 = 0
        /// Written instead of 0 (stored) or 8 (deflate).
        var method: UInt16?
        /// The compressed size written as half the real one (the data is written whole).
        var halfCompressedSize = false
    }

    static func bytes(_ parts: [Part]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: UInt16, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
        for part in parts {
            var crc = ZipChecksum()
            crc.update(part.data, from: 0, to: part.data.count)
            let stored = part.deflate ? deflated(part.data) : part.data
            let name = Array(part.name.utf8)
            let offset = UInt32(out.count)
            var header: [UInt8] = []
            func fields(_ into: inout [UInt8]) {
                u16(20, &into); u16(part.flags, &into); u16(part.method ?? (part.deflate ? 8 : 0), &into); u16(0, &into); u16(0x21, &into)
                u32(part.recordedCRC ?? crc.value, &into); u32(UInt32(part.halfCompressedSize ? stored.count / 2 : stored.count), &into); u32(UInt32(part.recordedSize ?? UInt64(part.data.count)), &into)
                u16(UInt16(name.count), &into); u16(0, &into)
            }
            u32(0x0403_4B50, &header); fields(&header)
            out += header + name + stored
            u32(0x0201_4B50, &directory); u16(20, &directory); fields(&directory)
            u16(0, &directory); u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(offset, &directory)
            directory += name
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(UInt16(parts.count), &out); u16(UInt16(parts.count), &out)
        u32(UInt32(directory.count), &out); u32(directoryOffset, &out); u16(0, &out)
        return out
    }

    /// Raw deflate (as in ZIP), by ZIPFoundation.
    static func deflated(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var position = 0
        _ = try? Data.compress(size: Int64(data.count), bufferSize: 64 * 1024, provider: { _, size in
            let end = min(data.count, position + size)
            defer { position = end }
            return Data(data[position..<end])
        }, consumer: { out += $0 })
        return out
    }
}
