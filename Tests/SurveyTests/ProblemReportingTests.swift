import Criteria
import Foundation
import Testing
import TextSupport
@testable import Survey

@Suite("Problems a clerk is told about")
struct ProblemReportingTests {
    static let households = "gia-dinh-hoc-tap"

    func only(_ result: SurveyReadResult) throws -> FileProblem {
        #expect(result.fileErrors.count == 1, "\(result.fileErrors.map { $0.message(in: .english) })")
        return try #require(result.fileErrors.first)
    }

    @Test("a 0-byte file")
    func empty() throws {
        let problem = try only(Fixture.read("broken/empty.csv"))
        #expect(problem.message(in: .vietnamese) == "empty.csv: tệp rỗng (0 byte)")
        #expect(problem.message(in: .english) == "empty.csv: the file is empty (0 bytes)")
    }

    @Test("a header without data rows")
    func headerOnly() throws {
        let problem = try only(Fixture.read("broken/header-only.csv"))
        #expect(problem.message(in: .vietnamese).contains("chỉ có dòng tiêu đề"))
        #expect(problem.message(in: .english).contains("no data rows"))
    }

    @Test("a truncated .xlsx is damaged, a text file named .xlsx is not a workbook")
    func badWorkbooks() throws {
        let truncated = try only(Fixture.read("broken/truncated.xlsx"))
        #expect(truncated.message(in: .vietnamese).hasPrefix("truncated.xlsx: tệp .xlsx bị hỏng hoặc không trọn vẹn"))
        #expect(truncated.message(in: .english).contains("damaged or incomplete"))
        let text = try only(Fixture.read("broken/text-named.xlsx"))
        #expect(text.message(in: .vietnamese).contains("không phải tệp Excel .xlsx"))
        #expect(text.message(in: .english).contains("not an Excel .xlsx file"))
    }

    @Test("a binary file named .csv")
    func binary() throws {
        let problem = try only(Fixture.read("broken/binary.csv"))
        #expect(problem.message(in: .vietnamese).contains("không phải tệp văn bản CSV"))
        #expect(problem.message(in: .english).contains("not a CSV text file"))
    }

    @Test("columns of no model: the columns found and the closest model with what it lacks")
    func noModel() throws {
        let problem = try only(Fixture.read("broken/no-model.csv"))
        let vietnamese = problem.message(in: .vietnamese)
        #expect(vietnamese.contains("không khớp với mô hình nào"))
        #expect(vietnamese.contains("\"Họ tên\", \"Ngày sinh\", \"Xã\""))
        #expect(vietnamese.contains("Gần nhất là"))
        #expect(problem.message(in: .english).contains("match no model"))
    }

    @Test("a missing required column is named by its Vietnamese label, with the columns found")
    func missingColumn() throws {
        let problem = try only(Fixture.read("broken/missing-column.csv"))
        let vietnamese = problem.message(in: .vietnamese)
        #expect(vietnamese.hasPrefix("missing-column.csv: thiếu cột bắt buộc \"Số trẻ đến trường\" (Gia đình học tập)"))
        #expect(vietnamese.contains("Cột có trong tệp: \"Mã hộ\""))
        #expect(problem.message(in: .english).contains("missing required column \"Số trẻ đến trường\""))
    }

    @Test("an unterminated quote rejects its row, names the line, and the rows after it are read")
    func unterminatedQuote() throws {
        let result = Fixture.read("broken/unterminated-quote.csv")
        #expect(result.fileErrors.isEmpty)
        let rejected = try #require(result.data.rejected[Self.households])
        #expect(rejected.count == 1)
        #expect(rejected.first?.origin.row == 4)
        #expect(rejected.first?.key == "HO0003")
        #expect(rejected.first?.problems.first?.vietnamese.hasPrefix("unterminated-quote.csv dòng 4: dấu ngoặc kép mở ở dòng 4 không được đóng") == true)
        #expect(rejected.first?.problems.first?.english.contains("the quote opened on line 4 is never closed") == true)
        #expect(result.data.tables[Self.households]!.origins.map(\.row) == [2, 3, 5])
    }

    @Test("a row with more cells than the header says how many of each")
    func tooManyCells() throws {
        let rejected = try #require(Fixture.read("broken/too-many-cells.csv").data.rejected[Self.households])
        #expect(rejected.count == 1)
        #expect(rejected.first?.problems.map(\.vietnamese) == ["too-many-cells.csv dòng 3: có 27 ô nhưng tiêu đề chỉ có 25 cột"])
        #expect(rejected.first?.problems.map(\.english) == ["too-many-cells.csv row 3: has 27 cells but the header has 25 columns"])
    }

    @Test("row errors name file, row, column, value and what was expected, in both languages")
    func rowErrors() throws {
        let result = Fixture.read("row-errors.csv")
        let rejected = try #require(result.data.rejected[Self.households])
        let messages = rejected.map { $0.problems.map(\.vietnamese) }
        let english = rejected.map { $0.problems.map(\.english) }
        #expect(rejected.map(\.origin.row) == [2, 3, 4, 5, 6, 7, 8])
        #expect(messages[0] == ["row-errors.csv dòng 2, cột \"Số trẻ đến trường\": \"2,5\" không phải số nguyên",
                                "row-errors.csv dòng 2: trùng mã hộ HO0001 với dòng 8"])
        #expect(english[0] == ["row-errors.csv row 2, column \"Số trẻ đến trường\": \"2,5\" is not a whole number",
                               "row-errors.csv row 2: duplicate household code HO0001, also at row 8"])
        #expect(messages[1] == ["row-errors.csv dòng 3, cột \"Số trẻ trong độ tuổi phổ cập\": để trống, cần một số nguyên"])
        #expect(english[1] == ["row-errors.csv row 3, column \"Số trẻ trong độ tuổi phổ cập\": blank, a whole number is expected"])
        #expect(messages[2] == ["row-errors.csv dòng 4, cột \"Số người lớn từ 19 đến 60 tuổi\": \"-1\" nhỏ hơn 0, cần từ 0 trở lên"])
        #expect(english[2] == ["row-errors.csv row 4, column \"Số người lớn từ 19 đến 60 tuổi\": \"-1\" is less than 0, expected 0 or more"])
        #expect(messages[3] == ["row-errors.csv dòng 5, cột \"Vùng khó khăn\": \"có lẽ\" không phải có/không (ghi có, x, 1 hoặc không, 0, hoặc để trống)"])
        #expect(english[3].first?.hasPrefix("row-errors.csv row 5, column \"Vùng khó khăn\": \"có lẽ\" is not yes/no") == true)
        #expect(messages[4] == ["row-errors.csv dòng 6, cột \"Họ và tên chủ hộ\": để trống, cần có giá trị"])
        #expect(english[4] == ["row-errors.csv row 6, column \"Họ và tên chủ hộ\": blank, a value is required"])
        // The cross-field check's own message, with the row's values in place of {…}.
        #expect(messages[5] == ["row-errors.csv dòng 7, cột \"Số trẻ được miễn\": số trẻ được miễn (5) lớn hơn số trẻ trong độ tuổi (2)"])
        #expect(english[5] == ["row-errors.csv row 7, column \"Số trẻ được miễn\": children exempted (5) exceed children of school age (2)"])
        #expect(messages[6] == ["row-errors.csv dòng 8: trùng mã hộ HO0001 với dòng 2"])
        // Commune, key and name are kept as far as they could be read.
        #expect(rejected[4].key == "HO0005" && rejected[4].name == "" && rejected[4].commune == "Long Hữu")
        #expect(rejected[5].name == "Huỳnh Ngọc Quý")
        #expect(result.count(model: Self.households)?.message(in: .vietnamese) == "gia-dinh-hoc-tap: đọc 8 dòng: 1 hợp lệ, 7 lỗi")
    }

    @Test("the same key in two files: both rows rejected, each naming the other's file, sheet and row")
    func duplicatesAcrossFiles() throws {
        let result = Fixture.read(["ho-gia-dinh.csv", "long-huu-openpyxl.xlsx"])
        #expect(result.data.tables[Self.households]!.count == 0)
        let rejected = try #require(result.data.rejected[Self.households])
        #expect(rejected.count == 20)
        #expect(rejected.first?.problems.map(\.vietnamese) == ["ho-gia-dinh.csv dòng 2: trùng mã hộ HO0001 với long-huu-openpyxl.xlsx [Hộ gia đình] dòng 3"])
        #expect(rejected[10].problems.map(\.english) == ["long-huu-openpyxl.xlsx [Hộ gia đình] row 3: duplicate household code HO0001, also at ho-gia-dinh.csv row 2"])
        // Input order: the first file's rows, then the workbook's.
        #expect(rejected.map(\.origin.source) == Array(repeating: 0, count: 10) + Array(repeating: 1, count: 10))
        #expect(result.count(model: Self.households) == ModelReadCount(modelID: Self.households, read: 20, valid: 0, rejected: 20))
    }

    /// Non-blank data rows of each fixture, counted by hand.
    static let dataRows: [(String, String, Int)] = [
        ("ho-gia-dinh.csv", "gia-dinh-hoc-tap", 10), ("ho-gia-dinh-bom.csv", "gia-dinh-hoc-tap", 10),
        ("ho-gia-dinh-unicode.txt", "gia-dinh-hoc-tap", 10), ("ho-gia-dinh-cp1258.csv", "gia-dinh-hoc-tap", 10),
        ("ho-gia-dinh-tcvn3.csv", "gia-dinh-hoc-tap", 10), ("ho-gia-dinh-kobo.csv", "gia-dinh-hoc-tap", 10),
        ("long-huu-openpyxl.xlsx", "gia-dinh-hoc-tap", 10), ("long-huu-xlsxwriter.xlsx", "gia-dinh-hoc-tap", 10),
        ("long-huu-xlsxwriter.xlsx", "dong-ho-hoc-tap", 3), ("long-huu-xlsxwriter.xlsx", "cong-dong-hoc-tap", 3),
        ("edge-cases.xlsx", "dong-ho-hoc-tap", 2), ("row-errors.csv", "gia-dinh-hoc-tap", 8),
        ("broken/unterminated-quote.csv", "gia-dinh-hoc-tap", 4), ("broken/too-many-cells.csv", "gia-dinh-hoc-tap", 3),
    ]

    @Test("no row is lost: records plus rejected rows are the non-blank data rows", arguments: dataRows)
    func noRowLost(file: String, model: String, rows: Int) throws {
        let result = Fixture.read(file)
        let records = try #require(result.data.tables[model]).count
        let rejected = try #require(result.data.rejected[model]).count
        #expect(records + rejected == rows)
        #expect(result.count(model: model)?.read == rows)
    }

    @Test("a file that does not exist, and one of another type")
    func notFound() throws {
        let missing = SurveyReader(criteria: Fixture.criteria).read(paths: ["/nonexistent/ho.csv"])
        #expect(missing.fileErrors.first?.message(in: .vietnamese) == "ho.csv: không tìm thấy tệp")
        let other = SurveyReader(criteria: Fixture.criteria).read(paths: [Fixture.path("README.md")])
        #expect(other.fileErrors.first?.message(in: .english) == "README.md: not a .csv, .txt or .xlsx file")
    }

    @Test("a whole number beyond 32 bits is out of range; the largest one is kept")
    func outOfRange() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-range-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dong-ho.csv").path
        let text = "ma_dong_ho,ten_dong_ho,xa,so_ho,quy_khuyen_hoc,khen_thuong,ke_hoach,sinh_hoat\n"
            + "DH001,Họ Nguyễn,Long Hữu,2147483647,x,x,x,3\n"
            + "DH002,Họ Trần,Long Hữu,2147483648,x,x,x,3\n"
            + "DH003,Họ Lê,Long Hữu,20,x,x,x,99999999999\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = SurveyReader(criteria: Fixture.criteria).read(paths: [path])
        let clans = "dong-ho-hoc-tap"
        let table = try #require(result.data.tables[clans])
        #expect(table.count == 1)
        #expect(Fixture.value(table, "so_ho", row: 0) == "2147483647")
        let rejected = try #require(result.data.rejected[clans])
        #expect(rejected.map(\.key) == ["DH002", "DH003"])
        #expect(rejected[0].problems.map { $0.message(in: .english) }
            == ["dong-ho.csv row 3, column \"so_ho\": \"2147483648\" is out of range, a whole number from -2147483648 to 2147483647 is expected"])
        #expect(rejected[0].problems.map { $0.message(in: .vietnamese) }
            == ["dong-ho.csv dòng 3, cột \"so_ho\": \"2147483648\" vượt quá giới hạn, cần một số nguyên từ -2147483648 đến 2147483647"])
        #expect(rejected[1].problems.first?.english.contains("\"99999999999\" is out of range") == true)
    }
}
