import Foundation
import Machinery
import Records
import Testing
@testable import Survey
#if canImport(Glibc)
import Glibc
#endif

/// Broken and hostile text files (issue 13): each is read with the good rows scored and the bad
/// ones error rows naming what is wrong, never one row swallowing others, never a crash, never
/// a control character kept in a value.
@Suite("Hostile and broken CSV files")
struct HostileCSVTests {
    static let model = "gia-dinh-hoc-tap"
    static let header = ParallelReadingTests.header

    /// A household record: code, name, commune and the `tre_do_tuoi` cell as given.
    static func row(_ code: String, name: String = "Nguyễn Văn An", commune: String = "Long Hữu", children: String = "2") -> String {
        "\(code),\(name),AP1,\(commune),DH01,,,\(children),0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,"
    }

    /// Writes `bytes` as a survey file in a folder of its own and reads it.
    static func read(_ bytes: [UInt8], threads: Int = 1) throws -> SurveyReadResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho-gia-dinh.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return SurveyReader(criteria: Fixture.criteria, threads: threads).read(paths: [path])
    }

    static func read(lines: [String], separator: String = "\n") throws -> SurveyReadResult {
        try read(Array((lines.joined(separator: separator) + separator).utf8))
    }

    static func table(_ result: SurveyReadResult) throws -> RecordTable { try #require(result.data.tables[model]) }
    static func rejected(_ result: SurveyReadResult) throws -> [RejectedRow] { try #require(result.data.rejected[model]) }

    /// Every text the read keeps, valid rows and rejected ones.
    static func allTexts(_ result: SurveyReadResult) throws -> [String] {
        let table = try table(result)
        var texts = Fixture.rows(table).flatMap { $0 }
        for row in try rejected(result) { texts += [row.commune, row.key, row.name] + row.texts.values }
        return texts
    }

    // MARK: 1. CR-only line ends

    @Test("a CSV with CR-only line ends (Excel for Mac) reads as its records, not as one row")
    func crOnlyLineEnds() throws {
        let result = try Self.read(lines: [Self.header, Self.row("HO0001"), Self.row("HO0002"), Self.row("HO0003", name: "Trần Thị Bé")],
                                   separator: "\r")
        #expect(result.fileErrors.isEmpty)
        let table = try Self.table(result)
        #expect(table.count == 3)
        #expect(table.origins.map(\.row) == [2, 3, 4])
        #expect(Fixture.value(table, "chu_ho", row: 2) == "Trần Thị Bé")
        #expect(try Self.rejected(result).isEmpty)
    }

    // MARK: 2. Bytes that are not UTF-8

    @Test("one stray 8-bit byte in a UTF-8 file: read as UTF-8, only its line is an error naming the byte")
    func strayByte() throws {
        var bytes = Array((Self.header + "\n" + Self.row("HO0001", name: "Nguyễn Văn An") + "\n").utf8)
        bytes += Array("HO0002,Trần Thị ".utf8) + [0xA9] + Array("Bé,AP1,Long Hữu,DH01,,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,\n".utf8)
        bytes += Array((Self.row("HO0003", name: "Lê Hữu Ổn") + "\n").utf8)
        let result = try Self.read(bytes)
        #expect(result.fileErrors.isEmpty)
        #expect(!result.data.notes.contains { $0.english.contains("read as") })
        let table = try Self.table(result)
        #expect(table.origins.map(\.row) == [2, 4])
        #expect(Fixture.value(table, "chu_ho", row: 0) == "Nguyễn Văn An")
        #expect(Fixture.value(table, "chu_ho", row: 1) == "Lê Hữu Ổn")
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.origin.row) == [3])
        let message = try #require(rejected.first?.problems.first)
        #expect(message.english == "ho-gia-dinh.csv row 3, column \"chu_ho\": byte 0xA9 is not valid UTF-8 (the file is damaged or cut short)")
        #expect(message.vietnamese.hasPrefix("ho-gia-dinh.csv dòng 3, cột \"chu_ho\": byte 0xA9 không hợp lệ trong UTF-8"))
    }

    @Test("a file cut inside its last character: the last line is an error, the others are read")
    func cutInLastCharacter() throws {
        var bytes = Array((Self.header + "\n" + Self.row("HO0001") + "\n" + Self.row("HO0002") + "\n").utf8)
        // "…,x,Có" cut after the first byte of "ó" (C3 B3).
        bytes += Array("HO0003,Lê Hữu Ổn,AP1,Long Hữu,DH01,,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,C".utf8) + [0xC3]
        let result = try Self.read(bytes)
        #expect(result.fileErrors.isEmpty)
        #expect(try Self.table(result).count == 2)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.origin.row) == [4])
        #expect(rejected.first?.key == "HO0003")
        #expect(rejected.first?.problems.contains { $0.english.contains("byte 0xC3 is not valid UTF-8") } == true)
    }

    // MARK: 3. A quote left open

    @Test("a quote opened on line 7 and closed on line 247 is reported at line 7; the lines between are records")
    func runawayQuote() throws {
        var lines = [Self.header]
        for n in 2...246 {
            lines.append(n == 7 ? "HO0007,\"Nguyễn Văn Bảy,AP1,Long Hữu,DH01,,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,"
                                : Self.row(String(format: "HO%04d", n)))
        }
        lines.append("HO0247,Trần Văn\" Tám,AP1,Long Hữu,DH01,,,2,0,2,2,2,x,3,0,3,3,x,x,x,x,x,x,x,")
        let result = try Self.read(lines: lines)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.origin.row) == [7])
        let message = try #require(rejected.first?.problems.first)
        #expect(message.english.contains("the quote opened on line 7 is never closed before line 8, which looks like a record"))
        #expect(message.vietnamese.contains("dấu ngoặc kép mở ở dòng 7 không được đóng"))
        #expect(try Self.table(result).count == 245)
    }

    @Test("a real cell over a few lines, with commas in them, stays one cell")
    func multiLineCell() throws {
        let header = Self.header + ",ghi_chu"
        let lines = [header, Self.row("HO0001") + ",\"dòng một, hai\ndòng ba, bốn\ndòng năm\"", Self.row("HO0002") + ",x"]
        let result = try Self.read(lines: lines)
        #expect(try Self.table(result).count == 2)
        #expect(try Self.rejected(result).isEmpty)
    }

    // MARK: 4, 9. Control characters

    @Test("a NUL after the first 64 KB, an ANSI escape and a C1 control make their rows errors and reach no value")
    func controlCharacters() throws {
        var lines = [Self.header]
        for n in 1...1_000 { lines.append(Self.row(String(format: "HO%04d", n))) }
        lines.append(Self.row("HO9001", name: "Nguyễn\u{0}Văn"))
        lines.append(Self.row("HO9002", name: "\u{1B}[2J\u{1B}[31mTrần Văn Ba"))
        lines.append(Self.row("HO9003", name: "Lê\u{9B}31m Văn"))
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 65_536)
        let result = try Self.read(Array(text.utf8))
        #expect(result.fileErrors.isEmpty)
        #expect(try Self.table(result).count == 1_000)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.key) == ["HO9001", "HO9002", "HO9003"])
        try #require(rejected.count == 3)
        #expect(rejected[0].problems.first?.english == "ho-gia-dinh.csv row 1002, column \"chu_ho\": holds the control character \\u{0} (NUL), which is not allowed in data")
        #expect(rejected[1].problems.count == 2)
        #expect(rejected[1].problems.first?.english.contains("\\u{1B} (ESC)") == true)
        #expect(rejected[2].problems.first?.english.contains("\\u{9B}") == true)
        for text in try Self.allTexts(result) {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x80 && $0.value < 0xA0) })
        }
    }

    @Test("a row full of control characters names three and counts the rest; a file of thousands is refused")
    func manyControlCharacters() throws {
        var lines = [Self.header]
        for n in 1...1_000 { lines.append(Self.row(String(format: "HO%04d", n))) }
        lines.append(Self.row("HO9001", name: String(repeating: "\u{7}", count: 500)))
        let result = try Self.read(lines: lines)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.key) == ["HO9001"])
        #expect(rejected.first?.problems.count == 4)
        #expect(rejected.first?.problems.last?.english == "ho-gia-dinh.csv row 1002: and 497 more damaged bytes or control characters")
        lines[1_001] = Self.row("HO9001", name: String(repeating: "\u{7}", count: 20_000))
        let refused = try Self.read(lines: lines)
        #expect(refused.fileErrors.map { $0.message(in: .english) }
                == ["ho-gia-dinh.csv: not a CSV text file (it holds binary bytes); save it again as CSV or .xlsx"])
    }

    // MARK: 5. A file cut short while it is read

    @Test("a file truncated by another program after it was opened is read without a crash, as it was")
    func truncatedWhileRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-truncate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho-gia-dinh.csv").path
        let content = (0..<(1 << 18)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        let file = try #require(MappedBytes(path: path))
        // Another program cuts the file to nothing: a mapped file's pages would now fault (SIGBUS).
        #expect(truncate(path, 0) == 0)
        var sum = 0
        var same = true
        let bytes = file.bytes
        for i in 0..<bytes.count {
            sum &+= Int(bytes[i])
            if bytes[i] != content[i] { same = false }
        }
        #expect(bytes.count == content.count && same && sum == content.reduce(0) { $0 &+ Int($1) })
        file.unmap()
    }

    // MARK: 6. Many rows sharing a key

    @Test("5,000 rows with one key: each message names the first row and a count, not every other row")
    func manyDuplicates() throws {
        let lines = [Self.header] + (1...5_000).map { _ in Self.row("HO0001") }
        let result = try Self.read(lines: lines)
        let rejected = try Self.rejected(result)
        #expect(try Self.table(result).count == 0)
        try #require(rejected.count == 5_000)
        #expect(rejected[0].problems.first?.english == "ho-gia-dinh.csv row 2: duplicate household code HO0001, also at row 3, row 4, row 5 and 4996 more rows (the code is on 5000 rows)")
        #expect(rejected[4_999].problems.first?.english == "ho-gia-dinh.csv row 5001: duplicate household code HO0001, also at row 2, its first row (the code is on 5000 rows)")
        let total = rejected.reduce(0) { $0 + $1.problems.reduce(0) { $0 + $1.english.utf8.count + $1.vietnamese.utf8.count } }
        #expect(total < 5_000 * 400)
    }

    // MARK: 7. Decomposed text, long values

    /// 60,000 rows: composing the whole text at once took over 30 s (2.5 min in a debug build).
    @Test("60,000 households in decomposed text (NFD) are read, each name composed (NFC)")
    func decomposedFile() throws {
        let name = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"
        #expect(name.utf8.count > "Nguyễn Văn Ánh".utf8.count)
        var lines = [Self.header]
        lines.reserveCapacity(60_001)
        for n in 1...60_000 { lines.append(Self.row("HO\(n)", name: name, commune: "Long Hu\u{31B}\u{303}u")) }
        let result = try Self.read(lines: lines)
        let table = try Self.table(result)
        #expect(table.count == 60_000)
        #expect(Fixture.value(table, "chu_ho", row: 59_999) == "Nguyễn Văn Ánh")
        #expect(Array(Fixture.value(table, "chu_ho", row: 0).utf8) == Array("Nguyễn Văn Ánh".utf8))
        #expect(Array(Fixture.value(table, "xa", row: 5).utf8) == Array("Long Hữu".utf8))
    }

    @Test("25,000 combining marks on one letter, and a cell over the length limit, are errors for their cells")
    func hostileValues() throws {
        // Two classes of marks, which normalisation must reorder (the square of the run).
        let marks = "A" + String(repeating: "\u{301}\u{323}", count: 12_500)
        let long = String(repeating: "x", count: 40_000)
        let result = try Self.read(lines: [Self.header, Self.row("HO0001", name: marks), Self.row("HO0002", name: long), Self.row("HO0003")])
        #expect(try Self.table(result).count == 1)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.key) == ["HO0001", "HO0002"])
        try #require(rejected.count == 2)
        #expect(rejected[0].problems.first?.english == "ho-gia-dinh.csv row 2, column \"chu_ho\": has more than 30 combining marks in a row on one letter, which is not real writing")
        #expect(rejected[1].problems.first?.english == "ho-gia-dinh.csv row 3, column \"chu_ho\": is 40000 characters long, more than the 32767 a cell may hold")
        #expect(rejected[0].name == "A\u{301}\u{323}…" && rejected[1].name == String(repeating: "x", count: 40) + "…")
    }

    // MARK: 8. Invisible, fullwidth and look-alike characters

    @Test("a key with a zero-width joiner is the same key: the two rows are duplicates, and the character is noted")
    func zeroWidthKey() throws {
        let result = try Self.read(lines: [Self.header, Self.row("HO0001"), Self.row("HO0001\u{200D}"), Self.row("\u{FEFF}HO0002")])
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.origin.row) == [2, 3])
        #expect(rejected.allSatisfy { $0.key == "HO0001" && $0.problems.last?.english.contains("duplicate household code HO0001") == true })
        let table = try Self.table(result)
        #expect(table.count == 1 && Fixture.value(table, "ma_ho", row: 0) == "HO0002")
        let notes = result.data.notes.map(\.english)
        #expect(notes.contains("ho-gia-dinh.csv row 3, column \"ma_ho\": removed the invisible character U+200D"))
        #expect(notes.contains("ho-gia-dinh.csv row 4, column \"ma_ho\": removed the invisible character U+FEFF"))
    }

    @Test("fullwidth letters in a key and a number in no-break spaces are read as ASCII, with a note")
    func fullwidthAndNoBreak() throws {
        let result = try Self.read(lines: [Self.header, Self.row("ＨＯ０００１"), Self.row("HO0002", children: "\u{A0}3\u{A0}"),
                                           Self.row("HO0003", children: "３")])
        #expect(try Self.rejected(result).isEmpty)
        let table = try Self.table(result)
        #expect(table.count == 3)
        #expect(Fixture.value(table, "ma_ho", row: 0) == "HO0001")
        #expect(Fixture.value(table, "tre_do_tuoi", row: 1) == "3")
        #expect(Fixture.value(table, "tre_do_tuoi", row: 2) == "3")
        let notes = result.data.notes.map(\.vietnamese)
        #expect(notes.contains { $0.hasPrefix("ho-gia-dinh.csv dòng 2, cột \"ma_ho\": đã đọc ký tự toàn độ rộng") })
        #expect(notes.contains("ho-gia-dinh.csv dòng 3, cột \"tre_do_tuoi\": đã bỏ khoảng trắng không ngắt U+00A0 ở đầu hoặc cuối giá trị"))
    }

    @Test("no-break spaces around a name and a key are trimmed with a note; the key matches its plain spelling")
    func noBreakSpacesAroundTextAndKeys() throws {
        let result = try Self.read(lines: [Self.header, Self.row("HO0001", name: "\u{A0}Võ Văn Ba\u{A0}"),
                                           Self.row("\u{A0}HO0002\u{A0}"), Self.row("HO0002")])
        let table = try Self.table(result)
        try #require(table.count == 1)
        #expect(Fixture.value(table, "chu_ho", row: 0) == "Võ Văn Ba")
        // The key with no-break spaces is the same key as its plain spelling: both are duplicates.
        #expect(try Self.rejected(result).map(\.origin.row) == [3, 4])
        let notes = result.data.notes.map(\.vietnamese)
        #expect(notes.contains("ho-gia-dinh.csv dòng 2, cột \"chu_ho\": đã bỏ khoảng trắng không ngắt U+00A0 ở đầu hoặc cuối giá trị"), "\(notes)")
        #expect(notes.contains("ho-gia-dinh.csv dòng 3, cột \"ma_ho\": đã bỏ khoảng trắng không ngắt U+00A0 ở đầu hoặc cuối giá trị"), "\(notes)")
    }

    @Test("a commune or key with a Cyrillic or Greek look-alike letter is an error naming both spellings")
    func lookAlikes() throws {
        let result = try Self.read(lines: [Self.header, Self.row("HO0001"), Self.row("HO0002", commune: "Lоng Hữu"), Self.row("HΟ0003"),
                                           Self.row("НО0004"), Self.row("HO0005", name: "Иван Петров")])
        let table = try Self.table(result)
        #expect(table.count == 2)
        let rejected = try Self.rejected(result)
        #expect(rejected.map(\.origin.row) == [3, 4, 5])
        try #require(rejected.count == 3)
        #expect(rejected[0].problems.first?.english == "ho-gia-dinh.csv row 3, column \"xa\": \"Lоng Hữu\" holds 'о' (U+043E, Cyrillic) that look like Latin letters: it differs from \"Long Hữu\"; type it again in Latin letters")
        #expect(rejected[1].problems.first?.vietnamese.contains("'Ο' (U+039F, chữ Hy Lạp)") == true)
        #expect(rejected[1].problems.first?.vietnamese.contains("khác với \"HO0003\"") == true)
        #expect(rejected[2].problems.first?.english.contains("differs from \"HO0004\"") == true)
    }
}
