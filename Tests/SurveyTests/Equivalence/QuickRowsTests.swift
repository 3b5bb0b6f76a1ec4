import Criteria
import Foundation
import Machinery
import TestSupport
import Testing
@testable import Survey

/// Plainly valid CSV records are taken in one walk over their bytes (``CSVFastRows``); every
/// other record goes the full way. Whichever way a record goes, the rows read must be the same:
/// the same records with the same values, the same rejected rows with the same messages.
@Suite("Plainly valid records taken the quick way")
struct QuickRowsTests {
    static let header = ParallelReadingTests.header

    /// Records at the edge of "plainly valid"; the quick way may take only those marked `quick`.
    static let edgeCases: [(line: String, quick: Bool)] = [
        ("A-01,Nguyễn Văn Ánh,A1,Long Hữu,DH1,x,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,", true),
        // Spaces around numbers, `2.0`, a sign: still whole numbers.
        ("A-02,Trần Thị Ẩn,A1,Long Hữu,, x ,0, 03 ,0,2.0,+2,2,Có,3,0,3,3,Có,có,CÓ,Không,không,x,x,0", true),
        // No line feed at the end of the file is tested below; a CR before the line feed here.
        ("A-03,Lê Hữu Ổn,A1,Long Hữu,DH2,,,1,0,1,1,1,x,2,0,2,2,x,x,x,x,x,x,x,\r", true),
        // A quoted name and a quoted number: the full way.
        ("A-04,\"Phạm, Văn Tư\",A1,Long Hữu,DH2,,,1,0,1,1,1,x,2,0,2,2,x,x,x,x,x,x,x,", false),
        ("A-05,Bùi Thị Hai,A1,Long Hữu,DH2,,,\"1\",0,1,1,1,x,2,0,2,2,x,x,x,x,x,x,x,", false),
        // Non-breaking spaces around a name: the full way, which trims them with a note (issue 13).
        ("A-06,\u{A0}Võ Văn Ba\u{A0},A1,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        // A name with a combining mark: the whole file is composed (NFC) as it is decoded, so
        // the record is plain by the time it is read.
        ("A-07,Hoa\u{300} Minh,A1,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,", true),
        // A letter outside the Latin blocks the byte check knows: the full way (same text).
        ("A-20,Lý 李,A1,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        // One cell too few (the last tick box is blank), one empty cell too many: both valid.
        ("A-08,Đỗ Thị Ngọc,A2,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,", false),
        ("A-09,Đặng Kim Nết,A2,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,,", false),
        // Errors: a failed check (more exempted children than children), a number out of range,
        // a negative number, a number too large to store, not yes/no, a blank required text,
        // a non-empty extra cell, a decimal, a blank number.
        ("A-10,Hồ Thị Ý,A2,Long Hữu,,,,1,2,1,1,1,,1,0,1,0,,,,,,,,", false),
        ("A-11,Ngô Văn Bốn,A2,Long Hữu,,,,51,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        ("A-12,Lý Văn Năm,A2,Long Hữu,,,,0,0,0,0,-1,,1,0,1,0,,,,,,,,", false),
        ("A-13,Tô Văn Sáu,A2,Long Hữu,,,,99999999999,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        ("A-14,Mai Thị Bảy,A2,Long Hữu,,,,0,0,0,0,0,maybe,1,0,1,0,,,,,,,,", false),
        ("A-15, ,A2,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        ("A-16,Châu Văn Tám,A2,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,,ghi chú", false),
        ("A-17,La Thị Chín,A2,Long Hữu,,,,2.5,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        ("A-18,Kha Văn Mười,A2,Long Hữu,,,,,0,0,0,0,,1,0,1,0,,,,,,,,", false),
        // Blank lines of several kinds: skipped, not counted.
        ("", false),
        (",,,,,,,,,,,,,,,,,,,,,,,,", false),
        ("   ", false),
        // A key seen on a record taken the quick way: both rows are duplicates.
        ("A-01,Nguyễn Văn Ánh,A1,Long Hữu,DH1,x,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,", true),
        // The last record has no line feed, and its last cell is empty.
        ("A-19,Dương Văn Út,A3,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,", true),
    ]

    static func write(_ text: String) throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-quick-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ho-gia-dinh.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    static func reader(quick: Bool, threads: Int = 1) -> SurveyReader {
        var reader = SurveyReader(criteria: Fixture.criteria, threads: threads)
        reader.quickRows = quick
        reader.minimumChunkBytes = 64 << 10
        return reader
    }

    /// Everything a read gives for the households, as comparable values.
    static func expectSame(_ a: SurveyReadResult, _ b: SurveyReadResult) throws {
        let model = "gia-dinh-hoc-tap"
        #expect(a.fileErrors.map { $0.message(in: .english) } == b.fileErrors.map { $0.message(in: .english) })
        #expect(a.data.notes.map(\.english) == b.data.notes.map(\.english))
        #expect(a.counts.map { $0.message(in: .english) } == b.counts.map { $0.message(in: .english) })
        let tableA = try #require(a.data.tables[model]), tableB = try #require(b.data.tables[model])
        #expect(tableA.origins == tableB.origins)
        #expect(tableA.ints == tableB.ints)
        #expect(tableA.bools == tableB.bools)
        #expect(tableA.texts == tableB.texts)
        let rejectedA = try #require(a.data.rejected[model]), rejectedB = try #require(b.data.rejected[model])
        #expect(rejectedA.count == rejectedB.count)
        for (x, y) in zip(rejectedA, rejectedB) {
            #expect(x.origin == y.origin)
            #expect(x.commune == y.commune && x.key == y.key && x.name == y.name && x.hamlet == y.hamlet)
            #expect(x.problems.map(\.vietnamese) == y.problems.map(\.vietnamese))
            #expect(x.problems.map(\.english) == y.problems.map(\.english))
        }
    }

    @Test("records at the edge of plainly valid are read as the full way reads them")
    func edgeCasesReadAlike() throws {
        let lines = [Self.header] + Self.edgeCases.map(\.line)
        let (folder, path) = try Self.write(lines.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: folder) }

        let quick = Self.reader(quick: true).read(paths: [path])
        let full = Self.reader(quick: false).read(paths: [path])
        try Self.expectSame(quick, full)

        // Counted by hand: 21 non-blank records; A-01 twice (duplicates) and A-10…A-18 rejected.
        let count = try #require(quick.count(model: "gia-dinh-hoc-tap"))
        #expect(count.read == 21)
        #expect(count.valid == 10)
        #expect(count.rejected == 11)
        let table = try #require(quick.data.tables["gia-dinh-hoc-tap"])
        let codes = (0..<table.count).map { Fixture.value(table, "ma_ho", row: $0) }
        #expect(codes == ["A-02", "A-03", "A-04", "A-05", "A-06", "A-07", "A-20", "A-08", "A-09", "A-19"])
        // Values read the quick way, checked by hand.
        let a02 = try #require(codes.firstIndex(of: "A-02"))
        #expect(Fixture.value(table, "tre_do_tuoi", row: a02) == "3")
        #expect(Fixture.value(table, "tre_den_truong", row: a02) == "2")
        #expect(Fixture.value(table, "vung_kho_khan", row: a02) == "1")
        #expect(Fixture.value(table, "tre_ngoan", row: a02) == "1")
        #expect(Fixture.value(table, "phuong_tien", row: a02) == "0")
        #expect(Fixture.value(table, "vi_pham", row: a02) == "0")
        let a06 = try #require(codes.firstIndex(of: "A-06"))
        #expect(Fixture.value(table, "chu_ho", row: a06) == "Võ Văn Ba")
        #expect(Fixture.value(table, "ma_dong_ho", row: a06) == "")
        let a07 = try #require(codes.firstIndex(of: "A-07"))
        #expect(Fixture.value(table, "chu_ho", row: a07) == "Hoà Minh")
        let a20 = try #require(codes.firstIndex(of: "A-20"))
        #expect(Fixture.value(table, "chu_ho", row: a20) == "Lý 李")

        // The quick way was taken, and only by the records that may take it.
        let taken = Self.reader(quick: true).collect(paths: [path]).intakes["gia-dinh-hoc-tap"]!.quickRowsTaken
        #expect(taken == Self.edgeCases.filter(\.quick).count)
        #expect(Self.reader(quick: false).collect(paths: [path]).intakes["gia-dinh-hoc-tap"]!.quickRowsTaken == 0)
    }

    @Test("a cell ends at the first delimiter or line feed, found eight bytes at a time as one by one")
    func cellEnds() {
        var random = SeededGenerator(seed: 99)
        func next(_ bound: Int) -> Int { random.below(bound) }
        // Bytes that are often the delimiter or a line feed, and bytes next to them in value.
        let alphabet: [UInt8] = [0x2C, 0x0A, 0x0D, 0x3B, 0x41, 0x2B, 0x2D, 0x09, 0x00, 0xFF, 0x80, 0xC3, 0xA1, 0x0B]
        for _ in 0..<2_000 {
            let bytes = (0..<next(40)).map { _ in next(5) == 0 ? alphabet[next(alphabet.count)] : UInt8(0x61 + next(26)) }
            for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09] {
                bytes.withColumnView { buffer in
                    for start in 0...buffer.count {
                        var expected = start
                        while expected < buffer.count && buffer[expected] != delimiter && buffer[expected] != 0x0A { expected += 1 }
                        #expect(CSVFastRows.cellEnd(buffer, from: start, end: buffer.count, delimiter: delimiter) == expected)
                    }
                }
            }
        }
    }

    @Test("two files, one without the optional clan column, with CR-only and tab-only lines, read alike")
    func absentColumnAndOddLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-quick-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let withoutClan = Self.header.replacingOccurrences(of: "ma_dong_ho,", with: "")
        let a = [withoutClan,
                 "B-01,Trần Văn Một,B1,Long Hữu,x,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,",
                 "\r", "\t", "\t,\t",
                 "B-02,Lê Thị Hai,B1,Long Hữu,,,1,0,1,1,1,x,2,0,2,2,x,x,x,x,x,x,x,x"]
        let b = [Self.header,
                 "B-03,Phạm Văn Ba,B2,Long Hữu,DH1,,,0,0,0,0,0,,1,0,1,0,,,,,,,,",
                 "B-04,Võ Thị Bốn,B2,Long Hữu,,,,0,0,0,0,0,,1,0,1,0,,,,,,,,"]
        try Data(a.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("a.csv"))
        try Data(b.joined(separator: "\r\n").utf8).write(to: folder.appendingPathComponent("b.csv"))

        let quick = Self.reader(quick: true).read(paths: [folder.path])
        try Self.expectSame(quick, Self.reader(quick: false).read(paths: [folder.path]))
        let table = try #require(quick.data.tables["gia-dinh-hoc-tap"])
        // By hand: four households, the lines of white space skipped; the "x" of B-02's last
        // column is its clan-less file's vi_pham.
        #expect((0..<table.count).map { Fixture.value(table, "ma_ho", row: $0) } == ["B-01", "B-02", "B-03", "B-04"])
        #expect((0..<table.count).map { Fixture.value(table, "ma_dong_ho", row: $0) } == ["", "", "DH1", ""])
        #expect(Fixture.value(table, "vi_pham", row: 1) == "1")
        #expect(quick.count(model: "gia-dinh-hoc-tap")?.rejected == 0)
        let taken = Self.reader(quick: true).collect(paths: [folder.path]).intakes["gia-dinh-hoc-tap"]!.quickRowsTaken
        #expect(taken == 4)
    }

    @Test("a large file with errors, duplicates and every tick-box spelling reads alike, on 1 and 2 threads",
          arguments: ParallelReadingTests.Flavour.allCases)
    func largeFileReadsAlike(flavour: ParallelReadingTests.Flavour) throws {
        let (folder, path) = try Self.write(ParallelReadingTests.csv(flavour))
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = Self.reader(quick: false).read(paths: [path])
        for threads in [1, 2] {
            try Self.expectSame(Self.reader(quick: true, threads: threads).read(paths: [path]), full)
        }
        let taken = Self.reader(quick: true).collect(paths: [path]).intakes["gia-dinh-hoc-tap"]!.quickRowsTaken
        #expect(taken > 10_000)
    }
}
