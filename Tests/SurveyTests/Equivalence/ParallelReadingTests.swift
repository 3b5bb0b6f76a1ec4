import Criteria
import Foundation
import Machinery
import TestSupport
import Testing
import TextSupport
@testable import Survey

/// A large CSV file read on several threads (chunks cut at record boundaries) must give exactly
/// what one thread gives: the same records in the same order, the same rejected rows with the
/// same messages and row numbers, the same counts, notes and duplicates.
@Suite("Reading a large file on several threads")
struct ParallelReadingTests {
    static let header = "ma_ho,chu_ho,ma_ap,xa,ma_dong_ho,vung_kho_khan,ho_ngheo,tre_do_tuoi,tre_mien,tre_den_truong,"
        + "tre_hoc_luc_dat,tre_hanh_kiem_kha,tre_ngoan,nguoi_lon,nguoi_lon_mien,nguoi_lon_biet_chu,nguoi_lon_hoc_tap,"
        + "tham_gia_khuyen_hoc,goc_hoc_tap,tu_sach,phuong_tien,quy_khuyen_hoc,kinh_te_on_dinh,gia_dinh_van_hoa,vi_pham"

    enum Flavour: String, CaseIterable {
        /// Errors, duplicates across the halves, every tick-box spelling, quoted fields, CRLF.
        case mixed
        /// Also a quote inside an unquoted field early on: the parity count is fooled and the
        /// reader must notice and read on sequentially.
        case strayQuote
        /// Also a quote that never closes, near the end.
        case unterminated
    }

    /// About 24,000 households; row `n` of the data is line `n + 1` of the file unless a quoted
    /// name holds a line break.
    static func csv(_ flavour: Flavour) -> String {
        var random = SeededGenerator(seed: 0x5EED)
        func next(_ bound: Int) -> Int { random.below(bound) }
        let names = ["Nguyễn Văn Ánh", "Trần Thị Ẩn", "Lê Hữu Ổn", "Đỗ Thị Ngọc Ánh", "Phạm Văn \"Tư\"", "Bùi Thị\nHai",
                     "\u{A0}Võ Văn Ba\u{A0}", "  Hồ Thị Ý  ", "Ngô Văn A\u{212B}", "Đặng Kim Nết", "Lý Ê\u{1DC4}", "Tô Văn, Út"]
        let yes = ["x", "X", "1", "có", "Có", "co", "CÓ", " x ", "Đạt", "đạt", "yes", "✓", "c\u{F3}"]
        let no = ["", "0", "không", "Không", "khong", "KHÔNG", "chưa đạt", "no", " ", "n"]
        func field(_ text: String) -> String {
            text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [header]
        let count = 24_000
        for n in 1...count {
            // Duplicates: some households of the first half come back in the second.
            let code = n > count / 2 && n % 997 == 0 ? "HO\(n - count / 2 + 3)" : "HO\(n)"
            var cells = [code, field(names[next(names.count)]), "AP\(next(9) + 1)", "Long Hữu", next(3) == 0 ? "" : "DH\(next(40))"]
            for _ in 0..<2 { cells.append(next(2) == 0 ? yes[next(yes.count)] : no[next(no.count)]) }
            let children = next(4)
            cells += ["\(children)", "0", "\(children)", "\(children)", "\(children)"]
            cells.append(yes[next(yes.count)])
            let adults = next(5) + 1
            cells += ["\(adults)", "0", "\(adults)", "\(next(adults + 1))"]
            for _ in 0..<8 { cells.append(next(3) == 0 ? no[next(no.count)] : yes[next(yes.count)]) }
            // Errors now and then: not a number, out of range, a failed check, not yes/no, a blank code.
            switch next(400) {
            case 0: cells[7] = "2,5"
            case 1: cells[13] = "300"
            case 2: cells[8] = "\(children + 1)"
            case 3: cells[20] = "maybe"
            case 4: cells[0] = " "
            case 5: cells.append("extra")
            default: break
            }
            if flavour == .strayQuote && n == 300 { cells[1] = "Ông \"Sáu" }
            if flavour == .unterminated && n == count { cells[1] = "\"Bà Bảy" }
            lines.append(cells.joined(separator: ","))
            if n % 1500 == 0 { lines.append("") }
            if n % 2000 == 0 { lines.append(",,,,") }
            // Sub-totals: not records (no commune, no code), set aside in whichever chunk they fall.
            if n % 2500 == 0 { lines.append(",Tổng cộng,,,,,,\(n % 7)") }
        }
        return lines.joined(separator: n(flavour)) + "\r\n"
    }

    static func n(_ flavour: Flavour) -> String { flavour == .mixed ? "\r\n" : "\n" }

    static func read(_ path: String, threads: Int) -> SurveyReadResult {
        var reader = SurveyReader(criteria: Fixture.criteria, threads: threads)
        reader.minimumChunkBytes = 64 << 10
        return reader.read(paths: [path])
    }

    @Test("1, 2 and 3 threads read the same", arguments: Flavour.allCases)
    func sameResult(flavour: Flavour) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-parallel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho-gia-dinh.csv").path
        let text = Self.csv(flavour)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(text.utf8.count > 4 * (64 << 10))

        let single = Self.read(path, threads: 1)
        let model = "gia-dinh-hoc-tap"
        let table = try #require(single.data.tables[model])
        let rejected = try #require(single.data.rejected[model])
        #expect(table.count > 20_000)
        #expect(rejected.count > 100)
        #expect(rejected.contains { $0.problems.contains { $0.english.contains("duplicate") } })
        #expect(rejected.contains { $0.problems.contains { $0.english.contains("not a whole number") } })
        if flavour == .unterminated {
            #expect(rejected.contains { $0.problems.contains { $0.english.contains("never closed") } })
        }
        // The rows whose key came back later are rejected in both halves.
        #expect(single.data.notes.filter { $0.english.contains("not a data row") }.count == 24_000 / 2500)
        #expect(single.count(model: model)?.notRecords == 24_000 / 2500)
        let duplicateRows = rejected.filter { $0.problems.contains { $0.english.contains("duplicate") } }.map(\.origin.row)
        #expect(duplicateRows.contains { $0 < 12_000 } && duplicateRows.contains { $0 > 12_000 })

        for threads in [2, 3] {
            let parallel = Self.read(path, threads: threads)
            #expect(parallel.fileErrors.map { $0.message(in: .english) } == single.fileErrors.map { $0.message(in: .english) })
            #expect(parallel.data.notes.map(\.english) == single.data.notes.map(\.english))
            #expect(parallel.counts.map { $0.message(in: .english) } == single.counts.map { $0.message(in: .english) })
            let other = try #require(parallel.data.tables[model])
            #expect(other.origins == table.origins)
            #expect(other.ints == table.ints)
            #expect(other.bools == table.bools)
            #expect(other.texts == table.texts)
            let otherRejected = try #require(parallel.data.rejected[model])
            #expect(otherRejected.count == rejected.count)
            for (a, b) in zip(otherRejected, rejected) {
                #expect(a.origin == b.origin)
                #expect(a.commune == b.commune && a.key == b.key && a.name == b.name)
                #expect(a.problems.map(\.vietnamese) == b.problems.map(\.vietnamese))
                #expect(a.problems.map(\.english) == b.problems.map(\.english))
            }
        }
    }

    @Test("chunks start after a line feed outside quotes, with the lines and records before them")
    func chunkStarts() {
        let text = Array("h\n\"a\nb\",1\nc,2\n\"d\"\"\n\",3\ne,4\nf,5\n".utf8)
        text.withColumnView { buffer in
            let starts = CSVChunking.starts(in: buffer, from: CSVScanner.Resume(position: 2, line: 2, record: 1), chunks: 3,
                                            minimumChunkBytes: 1)
            var scanner = CSVScanner(delimiter: UInt8(ascii: ","))
            let fields = CSVFields()
            var boundaries: [CSVScanner.Resume] = []
            while case .record = scanner.next(in: buffer, fields: fields) { boundaries.append(scanner.resume) }
            #expect(!starts.isEmpty)
            for start in starts { #expect(boundaries.contains(start), "\(start)") }
        }
    }
}
