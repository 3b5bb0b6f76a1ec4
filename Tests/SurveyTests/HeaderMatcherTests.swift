import Criteria
import Machinery
import Testing
@testable import Survey

@Suite("Header matching")
struct HeaderMatcherTests {
    let matcher = HeaderMatcher(models: Fixture.criteria.models)
    let householdLabels = Fixture.criteria.model(id: "gia-dinh-hoc-tap")!.definition.fields.map(\.label)

    func bound(_ headers: [String]) -> ColumnBinding? {
        if case .matched(let binding) = matcher.match(headers: headers) { return binding }
        return nil
    }

    func column(of field: String, in binding: ColumnBinding) -> Int? {
        binding.fieldColumns[binding.model.fieldIndex[field]!]
    }

    @Test("label, capitals without marks, id and alias name the same column", arguments: [
        "Số trẻ đến trường", "SO TRE DEN TRUONG", "so_tre_den_truong", "tre_den_truong", "  Số  trẻ đến trường ", "Trẻ đến trường",
    ])
    func spellings(header: String) throws {
        var headers = householdLabels
        headers[9] = header
        let binding = try #require(bound(headers))
        #expect(binding.model.id == "gia-dinh-hoc-tap")
        #expect(column(of: "tre_den_truong", in: binding) == 9)
        #expect(binding.unknownColumns.isEmpty)
    }

    @Test("group paths match on their last segment; Xã/Phường still matches whole")
    func groupPaths() throws {
        var headers = householdLabels
        headers[7] = "nhom_tre/tre_do_tuoi"
        headers[13] = "nhom_nguoi_lon-nguoi_lon"
        headers[3] = "Xã/Phường"
        let binding = try #require(bound(headers))
        #expect(column(of: "tre_do_tuoi", in: binding) == 7)
        #expect(column(of: "nguoi_lon", in: binding) == 13)
        #expect(column(of: "xa", in: binding) == 3)
    }

    @Test("the model is the one whose required columns are all there; others' columns do not confuse it")
    func modelChoice() throws {
        let clans = try #require(bound(["Mã dòng họ", "Tên dòng họ", "Xã", "Số hộ", "Quỹ khuyến học", "Khen thưởng",
                                          "Kế hoạch học tập", "Số buổi sinh hoạt", "Ghi chú"]))
        #expect(clans.model.id == "dong-ho-hoc-tap")
        #expect(clans.unknownColumns == [8])
        let hamlets = try #require(bound(["ma_ap", "ten_ap", "xa", "so_ho", "vung_kho_khan", "tu_sach_cong_dong",
                                            "chi_hoi_khuyen_hoc", "hoat_dong_hoc_tap"]))
        #expect(hamlets.model.id == "cong-dong-hoc-tap")
    }

    @Test("the optional clan code may be absent from a household file")
    func optionalColumn() throws {
        let headers = householdLabels.filter { $0 != "Mã dòng họ" }
        let binding = try #require(bound(headers))
        #expect(column(of: "ma_dong_ho", in: binding) == nil)
    }

    @Test("a column named twice: the second is kept aside as unknown")
    func repeatedColumn() throws {
        let binding = try #require(bound(householdLabels + ["Mã hộ"]))
        #expect(column(of: "ma_ho", in: binding) == 0)
        #expect(binding.unknownColumns == [25])
    }

    @Test("numbers are parsed from the bytes of a field, as the CSV path does: no String per number")
    func numbersFromBytes() {
        let line = Array("HO1;\" 03 \";2.0;2,5;abc".utf8)
        let parsed: [WholeNumberParse] = line.withColumnView { buffer in
            var scanner = CSVScanner(delimiter: UInt8(ascii: ";"))
            let fields = CSVFields()
            _ = scanner.next(in: buffer, fields: fields)
            let cells = CSVRowCells(buffer: buffer, fields: fields)
            return (1..<cells.count).map(cells.wholeNumber)
        }
        #expect(parsed == [.value(3), .value(2), .invalid, .invalid])
    }
}
