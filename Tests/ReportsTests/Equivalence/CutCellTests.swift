import Machinery
@testable import Reports
import Testing
import TextSupport

/// A cell too wide for its column is cut by its bytes when every character is one column and a
/// cluster of its own (most names on an A4 page); the cut must be the one the grapheme-aware
/// `DisplayWidth` gives, and any other cell goes the grapheme-aware way.
@Suite("Cut cells")
struct CutCellTests {
    static let cells = [
        "Nguyễn Thị Ngọc Trinh", "Trần Văn Bình", "ABCDEFGHIJKLMNOP",
        // A combining mark right after the cut: it stays with its letter.
        "Nguye\u{0302}\u{0303}n Văn An", "Huỳnh Le\u{0302} Hoàng Phúc",
        // Wide characters, an emoji, a tab turned into a space, dashes, superscripts, rules.
        "阮氏玉貞 Nguyễn", "An 👍🏽 Bình", "Đạt — vùng “KK” ¹²", "────────", "Ơ‐Ư–Ă—Â…",
    ]

    @Test("a cut cell is what DisplayWidth cuts and pads, left and right, at every width", arguments: 1...12)
    func sameCut(room: Int) {
        var table = TextTable(columns: [TableColumn("A", .left), TableColumn("B", .right)])
        table.columns[0].width = room
        table.columns[1].width = room
        let line = TableLine(table)
        for cell in Self.cells where DisplayWidth.of(cell) > room {
            let out = ByteWriter(capacity: 8)
            var text = cell
            text.withUTF8View { bytes in
                line.cell(0, width: DisplayWidth.of(utf8: bytes), to: out) { $0.append(bytes) }
                line.cell(1, width: DisplayWidth.of(utf8: bytes), to: out) { $0.append(bytes) }
            }
            let expected = DisplayWidth.padRight(cell, to: room) + String(repeating: " ", count: table.separator)
                + DisplayWidth.padLeft(cell, to: room)
            #expect(String(decoding: out.bytes, as: UTF8.self) == expected, "\(cell) in \(room) columns")
        }
    }

    @Test("only cells of one-column characters are cut by their bytes")
    func narrowOnly() {
        func prefix(_ text: String, _ scalars: Int) -> Int? {
            var text = text
            return text.withUTF8View { TableLine.narrowPrefix($0, scalars: scalars) }
        }
        #expect(prefix("Ngọc Trinh", 3) == 5)          // "Ngọ": N, g, then ọ in 3 bytes
        #expect(prefix("Ngọc", 4) == nil)              // nothing left to cut
        #expect(prefix("Nguye\u{0302}n", 2) == nil)    // a combining mark somewhere
        #expect(prefix("阮氏玉貞", 1) == nil)            // wide characters
        #expect(prefix("An 👍", 1) == nil)             // four-byte characters
    }
}
