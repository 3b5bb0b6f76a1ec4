import Criteria
import Machinery
import Records
import TestSupport
import Testing

/// The column store of survey rows: 32-bit whole numbers, coded text columns that turn plain
/// when their values hardly repeat, joins that empty the parts, removals in place.
@Suite("Record table")
struct RecordTableTests {
    static let households = "gia-dinh-hoc-tap"

    func makeTable() throws -> RecordTable {
        let model = try #require(try ShippedCriteria.load().model(id: Self.households))
        return RecordTable(model: model)
    }

    /// Appends `count` households; row `n` gets texts from `text(n, k)` and ints `n % 50` and `-n`.
    func fill(_ table: RecordTable, from start: Int = 0, count: Int, text: (Int, Int) -> String) {
        let ints = table.ints.count, bools = table.bools.count, texts = table.textColumns.count
        for n in start..<(start + count) {
            var rowInts = [Int64](repeating: Int64(n % 50), count: ints)
            rowInts[ints - 1] = -Int64(n)
            table.append(ints: rowInts, bools: (0..<bools).map { ($0 + n) % 3 == 0 },
                         texts: (0..<texts).map { text(n, $0) }, origin: RowOrigin(source: 0, row: Int32(n + 2)))
        }
    }

    func rows(_ table: RecordTable) -> [[String]] {
        (0..<table.count).map { row in table.model.definition.fields.indices.map { table.text(field: $0, row: row) } }
    }

    /// A few communes and names repeat, codes are unique, one column holds canonically equal
    /// strings with different bytes (which must stay apart).
    static func text(_ n: Int, _ k: Int) -> String {
        switch k {
        case 0: return "HO\(n)"
        case 1: return ["Nguyễn Văn Ánh", "Trần Thị Ẩn", "Lê Hữu Ổn Thạch Sóc Kha"][n % 3]
        case 2: return n % 2 == 0 ? "Long H\u{1EEF}u" : "Long Hu\u{31B}\u{303}"
        default: return "AP\(n / 100)"
        }
    }

    @Test("values come back as appended, through every way of reading them")
    func roundTrip() throws {
        let table = try makeTable()
        fill(table, count: 3_000, text: Self.text)
        #expect(table.count == 3_000)
        let frame = table.model.layout.makeFrame()
        let other = table.model.layout.makeFrame()
        let all = Array(table.model.definition.fields.indices)
        table.withColumns { columns in
            for row in [0, 1, 2, 1_234, 2_999] {
                table.load(row: row, into: frame)
                columns.load(row: row, fields: all, into: other)
                for k in 0..<table.textColumns.count {
                    let expected = Self.text(row, k)
                    #expect(frame.texts[k].utf8.elementsEqual(expected.utf8))
                    #expect(other.texts[k].utf8.elementsEqual(expected.utf8))
                    #expect(columns.text(slot: k, row: row).utf8.elementsEqual(expected.utf8))
                }
                let last = table.ints.count - 1
                #expect(frame.numbers[last] == Rational(integer: -Int64(row)))
                #expect(other.numbers[last] == Rational(integer: -Int64(row)))
                #expect(Int64(columns.ints[last][row]) == -Int64(row))
                #expect(frame.numbers[0] == Rational(integer: Int64(row % 50)))
            }
        }
        #expect(table.texts.count == table.textColumns.count)
        #expect(table.texts[0][7] == "HO7")
    }

    @Test("canonically equal texts with other bytes are not merged")
    func exactBytes() throws {
        let table = try makeTable()
        fill(table, count: 10, text: Self.text)
        #expect(table.textColumns[2].isCoded)
        #expect(table.textColumns[2].distinctCount == 2)
        #expect(Array(table.textColumns[2][0].utf8) == Array("Long H\u{1EEF}u".utf8))
        #expect(Array(table.textColumns[2][1].utf8) == Array("Long Hu\u{31B}\u{303}".utf8))
    }

    @Test("a column of distinct values turns plain; one of repeats stays coded")
    func turnsPlain() throws {
        let table = try makeTable()
        let rows = TextColumn.codedLimit * 2
        fill(table, count: rows, text: Self.text)
        #expect(!table.textColumns[0].isCoded)
        #expect(table.textColumns[1].isCoded && table.textColumns[1].distinctCount == 3)
        #expect(table.textColumns[3].isCoded)
        for row in [0, TextColumn.codedLimit, TextColumn.codedLimit + 1, rows - 1] {
            #expect(table.textColumns[0][row] == "HO\(row)")
        }
    }

    @Test("an empty text is one value, whether it came from an empty cell or from a column the file lacks")
    func emptyTextHasOneCode() throws {
        let table = try makeTable()
        let texts = table.textColumns.count
        let absent = ColumnView<UInt8>()
        let cell: [UInt8] = [0x41]
        try cell.withColumnView { bytes in
            // An empty cell of a file: an address, no bytes.
            let empty = bytes.view(0..<0)
            #expect(empty.storageIdentity != 0)
            for value in [absent, bytes, empty, absent] {
                let ints = [Int64](repeating: 0, count: table.ints.count), bools = [Bool](repeating: false, count: table.bools.count)
                let row = [ColumnView<UInt8>](repeating: value, count: texts)
                ints.withColumnView { ints in
                    bools.withColumnView { bools in
                        row.withColumnView { row in
                            table.append(ints: ints, bools: bools, texts: row, origin: RowOrigin(source: 0, row: 2))
                        }
                    }
                }
            }
            let column = try #require(table.textColumns.first)
            #expect(column.isCoded)
            #expect(column.distinctCount == 2)
            #expect(column.strings == ["", "A", "", ""])
        }
    }

    @Test("joining parts gives the rows in order and empties the parts, coded or plain")
    func joined() throws {
        let whole = try makeTable()
        let sizes = [1_000, 0, TextColumn.codedLimit + 10, 2_500]
        fill(whole, count: sizes.reduce(0, +), text: Self.text)
        // Coded parts only, then with a plain part among them.
        for useSizes in [[1_000, 0, 3_000, 2_500], sizes] {
            let reference = try makeTable()
            fill(reference, count: useSizes.reduce(0, +), text: Self.text)
            var parts: [RecordTable] = []
            var start = 0
            for size in useSizes {
                let part = try makeTable()
                part.reserveCapacity(size)
                fill(part, from: start, count: size, text: Self.text)
                parts.append(part)
                start += size
            }
            let joined = RecordTable.joined(parts)
            #expect(rows(joined) == rows(reference))
            #expect(joined.origins == reference.origins)
            #expect(joined.ints == reference.ints)
            #expect(joined.bools == reference.bools)
            #expect(parts.allSatisfy { $0.count == 0 && $0.ints.allSatisfy(\.isEmpty) && $0.textColumns.allSatisfy { $0.count == 0 } })
        }
        // Appending to a table that already has rows.
        let first = try makeTable()
        fill(first, count: 700, text: Self.text)
        let second = try makeTable()
        fill(second, from: 700, count: 900, text: Self.text)
        first.append(contentsOf: second)
        let reference = try makeTable()
        fill(reference, count: 1_600, text: Self.text)
        #expect(rows(first) == rows(reference))
        #expect(second.count == 0)
    }

    @Test("removing rows keeps the others in order")
    func remove() throws {
        for count in [500, TextColumn.codedLimit + 100] {
            let table = try makeTable()
            fill(table, count: count, text: Self.text)
            let removed: Set<Int> = [0, 3, 4, 250, count - 1]
            let expected = rows(table).enumerated().filter { !removed.contains($0.offset) }.map(\.element)
            let origins = table.origins.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
            table.remove(rows: removed)
            #expect(table.count == count - removed.count)
            #expect(rows(table) == expected)
            #expect(table.origins == origins)
            #expect(table.textColumns.allSatisfy { $0.count == table.count })
        }
    }

    @Test("whole numbers at the edges of the stored range")
    func intRange() throws {
        let table = try makeTable()
        var ints = [Int64](repeating: 0, count: table.ints.count)
        ints[0] = Int64(Int32.max)
        ints[1] = Int64(Int32.min)
        table.append(ints: ints, bools: Array(repeating: false, count: table.bools.count),
                     texts: Array(repeating: "", count: table.textColumns.count), origin: RowOrigin(source: 0, row: 2))
        let first = table.model.definition.fields.firstIndex { $0.type == .int }!
        #expect(table.text(field: first, row: 0) == "2147483647")
        #expect(RecordTable.intRange == -2_147_483_648...2_147_483_647)
    }
}
