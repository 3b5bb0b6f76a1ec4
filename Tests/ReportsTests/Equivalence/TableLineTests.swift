import Machinery
@testable import Reports
import Testing
import TextSupport

/// Every line of a table is written by one renderer, whether its cells come as text (titles,
/// the summary by hamlet) or as bytes from a column (the ranked table's rows).
@Suite("Table lines")
struct TableLineTests {
    static func table(width name: Int) -> TextTable {
        var table = TextTable(columns: [TableColumn("STT", .right, width: 3), TableColumn("Họ tên", .left),
                                        TableColumn("Tổng", .right), TableColumn("Kết quả", .left)])
        table.columns[1].width = name
        return table
    }

    @Test("cells are padded to their columns, right or left, and the line has no spaces at its end")
    func padding() {
        let table = Self.table(width: 8)
        #expect(table.row(["7", "Hữu", "95", "Đạt"]) == "   7  Hữu         95  Đạt")
        #expect(table.row(["7", "Hữu"]) == "   7  Hữu")
        #expect(table.row([]) == "")
    }

    @Test("a cell wider than its column is cut with … and keeps its tone marks whole")
    func cut() {
        let table = Self.table(width: 5)
        let line = table.row(["12", "Nguyễn Văn An", "100", "Không đạt"])
        #expect(line == "  12  Nguy…   100  Không …")
        #expect(DisplayWidth.of(line) == table.lineWidth)
    }

    @Test("cells written as bytes give the line the text cells give", arguments: [4, 8, 20])
    func bytesAndText(nameWidth: Int) {
        let table = Self.table(width: nameWidth)
        let line = TableLine(table)
        let cells = ["1234", "Nguyễn Thị Ánh Tuyết", "-5", "Đạt (vùng KK) ¹"]
        let out = ByteWriter(capacity: 1)
        let start = line.begin(out)
        line.number(0, 1234, to: out)
        for c in 1..<4 where c != 2 {
            var cell = cells[c]
            cell.withUTF8View { bytes in line.cell(c, width: DisplayWidth.of(utf8: bytes), to: out) { $0.append(bytes) } }
            if c == 1 { line.number(2, -5, to: out) }
        }
        line.end(from: start, out)
        #expect(String(decoding: out.bytes, as: UTF8.self) == table.row(cells) + "\n")
    }

    @Test("a byte table gives back each string's bytes, empty ones included")
    func byteTable() {
        let values = ["", "Long Hữu", "a,b", "Xã \"Mới\"", ""]
        let table = ByteTable(values)
        #expect(table.count == values.count)
        for (k, value) in values.enumerated() {
            #expect(String(decoding: table.view[k], as: UTF8.self) == value)
        }
        let distinct = DistinctBytes(values)
        #expect(Array(distinct.widths) == values.map(DisplayWidth.of))
        #expect(Array(distinct.needsQuotes) == [false, false, true, true, false])
    }
}
