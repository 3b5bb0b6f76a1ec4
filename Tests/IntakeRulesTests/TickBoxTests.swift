import Foundation
import KhuyenhocCLI
import Testing

/// The spec's Values table: bool true `có`, `co`, `c`, `x`, `v`, `1`, `đạt`, `dat`, `yes`, `y`,
/// `true`, `✓`, `✔`, `√`; false `không`, `khong`, `ko`, `k`, `không có`, `chưa`, `chưa có`, `0`,
/// `no`, `n`, `false`, `chưa đạt`; any letter case, surrounding spaces ignored; blank is false.
enum TickBoxes {
    static let trueWords = ["√", "v", "V", "C", "c", "✔", "✓", " X ", "có", "CÓ", "co", "x", "1", "đạt", "dat", "yes", "Y", "TRUE"]
    static let falseWords = ["ko", "KO", "K", "k", "chưa", "Chưa", "Không có", "KHÔNG CÓ", "chưa có", "Chưa có", "chưa đạt",
                             "không", "khong", "0", "no", "N", "false", " không "]

    /// The sample's household file with one household's `vi_pham` cell replaced, alone in a folder.
    static func households(_ key: String, viPham: String) throws -> URL {
        let folder = try Intake.temporaryFolder("danh-dau")
        let text = try String(contentsOfFile: Intake.sampleFolder + "/ho-gia-dinh.csv", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix(key + ",") })
        var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[cells.count - 1] = viPham.contains(",") ? "\"\(viPham)\"" : viPham
        lines[index] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("ho-gia-dinh.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    /// HO0313 is disqualified in the sample (`x`); a true word keeps it so.
    static func checkTrue(_ word: String) throws {
        let folder = try households("HO0313", viPham: word)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = score(folder.path)
        let expected = try #require(try Intake.expectedRows().first { $0.id == "HO0313" })
        #expect(run.row(id: "HO0313") == expected, "vi_pham '\(word)'")
    }

    /// HO0005 is Tiêu biểu in the sample (blank); a false word keeps it so.
    static func checkFalse(_ word: String) throws {
        let folder = try households("HO0005", viPham: word)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = score(folder.path)
        let expected = try #require(try Intake.expectedRows().first { $0.id == "HO0005" })
        #expect(run.row(id: "HO0005") == expected, "vi_pham '\(word)'")
    }

    /// Words the program already reads today (before issue 12); the others are refused today
    /// ("không phải có/không"): `√ v V C c` and `ko KO K k chưa Chưa 'Không có' 'KHÔNG CÓ' 'chưa có' 'Chưa có'`.
    static let knownTrue: Set<String> = ["✔", "✓", " X ", "có", "CÓ", "co", "x", "1", "đạt", "dat", "yes", "Y", "TRUE"]
    static let knownFalse: Set<String> = ["chưa đạt", "không", "khong", "0", "no", "N", "false", " không "]
}

extension IntakeRulesTests {
    @Suite("Tick boxes — the extended vocabulary") struct TickBoxVocabulary {
        /// `danh-dau/ho-gia-dinh.csv`: the sample with every tick box written another way of the
        /// table (`√ v C ✔ ' V ' c` for ticked, `ko K chưa 'Không có' 'chưa có' 'chưa đạt' KO
        /// ' không có '` for blank or `Không`), HO0005's `vi_pham` `Không có` and HO0313's `√`.
        @Test("a folder with every tick box written √ v C ✔ ko K chưa 'Không có' 'chưa có' 'chưa đạt' scores exactly as the sample")
        func wholeFolder() throws {
            let run = score(try Intake.fixture("danh-dau"))
            #expect(run.status == 0)
            #expect(run.output == (try Intake.expectedCSV()))
            #expect(run.messages.contains("gia-dinh-hoc-tap: đọc 360 dòng: 356 hợp lệ, 4 lỗi"), "\(run.messages)")
            // Read through scoring: `Không có` is not a violation, `√` is.
            #expect(run.row(id: "HO0005")?.level == "tieu-bieu")
            #expect(run.row(id: "HO0313")?.level == "khong-dat")
            #expect(run.row(id: "HO0313")?.reasons == "có thành viên vi phạm pháp luật, mắc tệ nạn xã hội")
        }

        @Test("a ticked vi_pham written this way disqualifies the household", arguments: TickBoxes.trueWords.filter { !TickBoxes.knownTrue.contains($0) })
        func trueWord(_ word: String) throws { try TickBoxes.checkTrue(word) }

        @Test("an unticked vi_pham written this way does not disqualify the household", arguments: TickBoxes.falseWords.filter { !TickBoxes.knownFalse.contains($0) })
        func falseWord(_ word: String) throws { try TickBoxes.checkFalse(word) }
    }
}

extension IntakeRulesAlreadyTrue {
    @Test("tick boxes read today: ticked vi_pham disqualifies", arguments: TickBoxes.trueWords.filter(TickBoxes.knownTrue.contains))
    func knownTrueWord(_ word: String) throws { try TickBoxes.checkTrue(word) }

    @Test("tick boxes read today: unticked vi_pham does not disqualify", arguments: TickBoxes.falseWords.filter(TickBoxes.knownFalse.contains))
    func knownFalseWord(_ word: String) throws { try TickBoxes.checkFalse(word) }
}
