import Foundation
import KhuyenhocCLI
import Testing

/// Rule 5. When no household row of the run (valid or not) links to a clan or hamlet, that
/// entity is a `loi` row with the reason "chưa có dữ liệu hộ gia đình của ấp/dòng họ này", not
/// `khong-dat` with zero points; also when the household file could not be used at all. Text
/// reports add, per commune, a completeness table: each hamlet's declared households (`so_ho`),
/// household rows received, rows with errors, and a mark on hamlets with none.
///
/// `thieu-ho/`: the sample without the households of hamlet LH (Long Hội: its file has not
/// arrived) and without those of clan DH09 (Họ Danh). `ho-hong/`: the sample whose household
/// file has `Số trẻ đi học` for `Số trẻ đến trường` (unusable).
extension IntakeRulesTests {
    @Suite("Rule 5 — a clan or hamlet with no household data") struct NoHouseholdData {
        static let reason = "chưa có dữ liệu hộ gia đình của ấp/dòng họ này"

        static func expectNoData(_ row: CSVRow?, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let row else { Issue.record("row missing", sourceLocation: sourceLocation); return }
            #expect(row.level == "loi", "\(row)", sourceLocation: sourceLocation)
            #expect(row.total.isEmpty && row.rank.isEmpty && row.groups.allSatisfy(\.isEmpty), "\(row)", sourceLocation: sourceLocation)
            #expect(row.reasons.contains(reason), "\(row)", sourceLocation: sourceLocation)
        }

        @Test("a hamlet whose households have not arrived is a loi row 'chưa có dữ liệu hộ gia đình…', not khong-dat")
        func hamletWithoutHouseholds() throws {
            let run = score(try Intake.fixture("thieu-ho"))
            #expect(run.status == 0)
            Self.expectNoData(run.row(model: "cong-dong-hoc-tap", id: "LH"))
            // The hamlets that have households are scored.
            for hamlet in ["LK", "LD", "LT", "LDI"] {
                #expect(run.row(model: "cong-dong-hoc-tap", id: hamlet)?.level != "loi", "\(hamlet)")
            }
        }

        @Test("a clan with no household rows is a loi row with the same reason")
        func clanWithoutHouseholds() throws {
            let run = score(try Intake.fixture("thieu-ho"))
            Self.expectNoData(run.row(model: "dong-ho-hoc-tap", id: "DH09"))
            #expect(run.row(model: "dong-ho-hoc-tap", id: "DH01")?.level != "loi")
        }

        @Test("a household file that cannot be used at all: exit 1, every hamlet and clan a loi row with the reason")
        func unusableHouseholdFile() throws {
            let run = score(try Intake.fixture("ho-hong"))
            #expect(run.status == 1)
            #expect(run.rows(model: "gia-dinh-hoc-tap").isEmpty)
            let hamlets = run.rows(model: "cong-dong-hoc-tap"), clans = run.rows(model: "dong-ho-hoc-tap")
            #expect(hamlets.count == 5 && clans.count == 10)
            for row in hamlets + clans { Self.expectNoData(row) }
        }

        @Test("the text report has a completeness table per commune: so_ho, rows received, rows with errors, a mark on LH")
        func completenessTable() throws {
            let households = parseCSV(try String(contentsOfFile: try Intake.fixture("thieu-ho/ho-gia-dinh.csv"), encoding: .utf8)).dropFirst()
            let errorKeys = Set(try Intake.expectedRows().filter { $0.model == "gia-dinh-hoc-tap" && $0.level == "loi" }.map(\.id))
            let run = score(try Intake.fixture("thieu-ho"), format: .text)
            let lines = run.outputLines
            let hamlets = [("LK", "Long Khánh", 80), ("LD", "Long Định", 75), ("LT", "Long Thạnh", 70), ("LDI", "Long Điền", 78), ("LH", "Long Hội", 80)]
            for (hamlet, name, declared) in hamlets {
                let rows = households.filter { $0[2] == hamlet }
                let errors = rows.filter { errorKeys.contains($0[0]) }.count
                // The three numbers in the spec's order, in one line that names the hamlet (code or name).
                let pattern = "(^|\\s)(\(hamlet)|\(name))\\s\\D*\\b\(declared)\\s+\(rows.count)\\s+\(errors)(\\s|$)"
                let found = lines.filter { $0.range(of: pattern, options: .regularExpression) != nil }
                #expect(found.count == 1, "\(hamlet): so_ho \(declared), \(rows.count) rows, \(errors) errors; lines: \(found)")
                if hamlet == "LH", let line = found.first {
                    // The mark: something besides the hamlet's code, name and numbers.
                    let rest = line.replacingOccurrences(of: "Long Hội", with: "")
                        .replacingOccurrences(of: "LH", with: "")
                        .filter { !$0.isNumber && !$0.isWhitespace }
                    #expect(!rest.isEmpty, "no mark on a hamlet with no household rows: \(line)")
                }
            }
        }
    }
}

extension IntakeRulesAlreadyTrue {
    /// "No household row of the run (valid or not)": a hamlet whose rows all have errors has
    /// household data; it is not the "no data" case. The sample with every LH household's
    /// `Số trẻ đến trường` typed `hai`, made at run time.
    @Test("rule 5: a hamlet whose household rows all have errors is not reported as having no household data")
    func hamletWithOnlyErrorRows() throws {
        let folder = try Intake.copy(Intake.sampleFolder, label: "ap-loi")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent("ho-gia-dinh.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 25, cells[2] == "LH" else { return String(line) }
            cells[9] = "hai"
            return cells.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = score(folder.path)
        #expect(run.messages.contains("gia-dinh-hoc-tap: đọc 360 dòng: 282 hợp lệ, 78 lỗi"), "\(run.messages)")
        let hamlet = try #require(run.row(model: "cong-dong-hoc-tap", id: "LH"))
        #expect(!hamlet.reasons.contains("chưa có dữ liệu hộ gia đình"), "\(hamlet)")
    }
}
