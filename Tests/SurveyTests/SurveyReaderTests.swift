import Criteria
import Testing
import TextSupport
@testable import Survey

@Suite("Reading survey files")
struct SurveyReaderTests {
    static let households = "gia-dinh-hoc-tap"

    /// Every copy of the household table in another encoding or format.
    static let copies = ["ho-gia-dinh-bom.csv", "ho-gia-dinh-unicode.txt", "ho-gia-dinh-cp1258.csv", "ho-gia-dinh-tcvn3.csv",
                         "ho-gia-dinh-kobo.csv", "long-huu-xlsxwriter.xlsx", "long-huu-openpyxl.xlsx"]

    @Test("the UTF-8 table reads as the clerk typed it (checked by hand)")
    func masterTable() throws {
        let result = Fixture.read("ho-gia-dinh.csv")
        #expect(result.fileErrors.isEmpty)
        let table = try #require(result.data.tables[Self.households])
        #expect(table.count == 10)
        #expect(result.data.rejected[Self.households]!.isEmpty)
        #expect(Fixture.value(table, "chu_ho", row: 0) == "Nguyễn Văn Ánh")
        #expect(Fixture.value(table, "chu_ho", row: 1) == "Trần Thị Ẩn")
        #expect(Fixture.value(table, "chu_ho", row: 2) == "Lê Hữu Ổn")
        #expect(Fixture.value(table, "chu_ho", row: 3) == "Đỗ Thị Ngọc Ánh")
        #expect(Fixture.value(table, "xa", row: 9) == "Long Hữu")
        // "03" and "3.0" and " 2 " are whole numbers.
        #expect(Fixture.value(table, "tre_do_tuoi", row: 1) == "3")
        #expect(Fixture.value(table, "tre_do_tuoi", row: 4) == "3")
        #expect(Fixture.value(table, "tre_do_tuoi", row: 9) == "2")
        // Tick boxes: "không" no, "có" yes, "x" yes, blank no, "Đạt" yes, "chưa đạt" no.
        #expect(Fixture.value(table, "vung_kho_khan", row: 0) == "0")
        #expect(Fixture.value(table, "ho_ngheo", row: 0) == "1")
        #expect(Fixture.value(table, "tre_ngoan", row: 0) == "1")
        #expect(Fixture.value(table, "quy_khuyen_hoc", row: 0) == "0")
        #expect(Fixture.value(table, "vung_kho_khan", row: 5) == "1")
        #expect(Fixture.value(table, "gia_dinh_van_hoa", row: 9) == "0")
        // The optional clan code stays blank where none was given.
        #expect(Fixture.value(table, "ma_dong_ho", row: 1) == "")
        // Rows as a spreadsheet numbers them: header row 1, a blank row 7 after the fifth household.
        #expect(table.origins.map(\.row) == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12])
        #expect(result.count(model: Self.households)?.message(in: .vietnamese) == "gia-dinh-hoc-tap: đọc 10 dòng: 10 hợp lệ, 0 lỗi")
        #expect(result.count(model: Self.households)?.message(in: .english) == "gia-dinh-hoc-tap: read 10 rows: 10 valid, 0 with errors")
    }

    @Test("every other encoding and format gives the same records, field by field", arguments: copies)
    func sameRecords(file: String) throws {
        let master = Fixture.rows(try #require(Fixture.read("ho-gia-dinh.csv").data.tables[Self.households]))
        let result = Fixture.read(file)
        #expect(result.fileErrors.isEmpty, "\(result.fileErrors.map { $0.message(in: .english) })")
        let rows = Fixture.rows(try #require(result.data.tables[Self.households]))
        #expect(rows.count == master.count)
        let fields = Fixture.criteria.model(id: Self.households)!.definition.fields
        for (row, (got, expected)) in zip(rows, master).enumerated() {
            for (k, field) in fields.enumerated() where got[k] != expected[k] {
                Issue.record("\(file) household \(row + 1), \(field.id): \(got[k]) ≠ \(expected[k])")
            }
        }
        #expect(result.data.rejected[Self.households]!.isEmpty)
    }

    @Test("legacy encodings are detected and said so in a note")
    func legacyNote() {
        let tcvn = Fixture.read("ho-gia-dinh-tcvn3.csv")
        #expect(tcvn.data.notes.contains { $0.vietnamese.contains("TCVN3 (ABC)") && $0.english.contains("detected") })
        let windows = Fixture.read("ho-gia-dinh-cp1258.csv")
        #expect(windows.data.notes.contains { $0.vietnamese.contains("Windows-1258") })
    }

    @Test("a Kobo export: group paths match their last segment, unknown columns are noted once")
    func koboNote() {
        let result = Fixture.read("ho-gia-dinh-kobo.csv")
        let notes = result.data.notes.filter { $0.vietnamese.contains("bỏ qua các cột") }
        #expect(notes.count == 1)
        #expect(notes.first?.vietnamese.contains("\"_uuid\"") == true)
        #expect(notes.first?.english.contains("\"start\"") == true)
    }

    @Test("a workbook with three sheets gives households, clans and hamlets, with sheet row numbers")
    func threeSheets() throws {
        let result = Fixture.read("long-huu-xlsxwriter.xlsx")
        #expect(result.fileErrors.isEmpty)
        let clans = try #require(result.data.tables["dong-ho-hoc-tap"])
        #expect(clans.count == 3)
        #expect(Fixture.value(clans, "ten_dong_ho", row: 1) == "Họ Lê")
        #expect(Fixture.value(clans, "quy_khuyen_hoc", row: 2) == "0")   // a FALSE boolean cell
        #expect(Fixture.value(clans, "so_ho", row: 0) == "12")
        let hamlets = try #require(result.data.tables["cong-dong-hoc-tap"])
        #expect(hamlets.count == 3)
        #expect(Fixture.value(hamlets, "ten_ap", row: 1) == "Ấp Long Điền")
        #expect(result.data.sources.map(\.displayName) == ["long-huu-xlsxwriter.xlsx [Hộ gia đình]", "long-huu-xlsxwriter.xlsx [Dòng họ]", "long-huu-xlsxwriter.xlsx [Ấp]"])
        let households = try #require(result.data.tables[Self.households])
        #expect(households.origins.map(\.row) == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12])
    }

    @Test("a blank first row: the header is the first non-empty row and rows keep the sheet's numbers")
    func blankFirstRow() throws {
        let households = try #require(Fixture.read("long-huu-openpyxl.xlsx").data.tables[Self.households])
        #expect(households.origins.map(\.row) == [3, 4, 5, 6, 7, 9, 10, 11, 12, 13])
    }

    @Test("hand-written parts: cells without r, phonetic runs, _xHHHH_, t=str, 1E+1, a 1904 date, TCVN3 in a Western font")
    func edgeCases() throws {
        let noted = Fixture.read("edge-cases.xlsx")
        #expect(noted.fileErrors.isEmpty)
        let clans = try #require(noted.data.tables["dong-ho-hoc-tap"])
        #expect(clans.count == 2)
        #expect(Fixture.rows(clans).first == ["DH01", "Họ Trần", "Long Hữu", "10", "1", "1", "1", "3"])
        #expect(Fixture.value(clans, "ma_dong_ho", row: 1) == "1905-01-01")
        #expect(Fixture.value(clans, "ten_dong_ho", row: 1) == "Hä NguyÔn V¨n")
        #expect(Fixture.value(clans, "so_ho", row: 1) == "7")
        #expect(Fixture.value(clans, "khen_thuong", row: 1) == "0")
        #expect(clans.origins.map(\.row) == [2, 4])
        let note = try #require(noted.data.notes.first { $0.vietnamese.contains("TCVN3") })
        #expect(note.vietnamese.contains("edge-cases.xlsx [Dòng họ] dòng 4, cột \"Tên dòng họ\": \"Hä NguyÔn V¨n\" (đọc là \"Họ Nguyễn Văn\")"))
        #expect(note.english.contains("convert them to Unicode"))

        let converted = Fixture.read(["edge-cases.xlsx"], convertTCVN3: true)
        #expect(Fixture.value(converted.data.tables["dong-ho-hoc-tap"]!, "ten_dong_ho", row: 1) == "Họ Nguyễn Văn")
        #expect(converted.data.notes.contains { $0.english.contains("converted 1 cells") })
    }

    @Test("a sheet part with a DOCTYPE is refused")
    func doctype() {
        let result = Fixture.read("doctype.xlsx")
        #expect(result.data.tables["dong-ho-hoc-tap"]!.count == 0)
        #expect(result.fileErrors.count == 1)
        #expect(result.fileErrors.first?.message(in: .english).contains("DOCTYPE is not allowed") == true)
    }

    @Test("a folder: every survey file inside, sorted by name, hidden and lock files skipped")
    func folder() throws {
        let result = SurveyReader(criteria: Fixture.criteria).read(paths: [Fixture.folder])
        let names = result.data.sources.map(\.displayName)
        #expect(names.first == "edge-cases.xlsx [Dòng họ]")
        #expect(!names.contains { $0.hasPrefix("README") })
        // The broken/ subfolder is not read: only files directly inside.
        #expect(!result.fileErrors.contains { $0.path.contains("/broken/") })
    }
}
