import Foundation
import KhuyenhocCLI
import Testing

/// Rule 2. A row whose commune and key cells are both blank is not a record (footer rows such as
/// `Tổng cộng`, `Người lập biểu`, a signature line): not scored, not in the output, never a
/// commune of its own; noted once ("dòng 78: không phải dòng dữ liệu (không có xã và mã): bỏ
/// qua 'Tổng cộng'") and counted apart in the per-model count line. A row with only one of the
/// two blank is an error row as before.
///
/// `chan-trang/ho-gia-dinh.csv`: the sample's 360 households, then line 362 `Tổng cộng` with the
/// column sums, 363 blank, 364 `Người lập biểu … Chủ tịch Hội Khuyến học`, 365 blank, 366 the
/// signature line `Nguyễn Thị Hoa … Nguyễn Văn An`.
extension IntakeRulesTests {
    @Suite("Rule 2 — rows that are not records") struct FooterRows {
        @Test("footer rows are not output rows: the results are exactly expected.csv")
        func footersAreNotRows() throws {
            let run = score(try Intake.fixture("chan-trang"))
            #expect(run.status == 0)
            #expect(run.output == (try Intake.expectedCSV()))
            #expect(!run.rows.contains { $0.xa.isEmpty })
        }

        @Test("footer rows are not in the JSON output: it is the sample's, entity for entity")
        func footersAreNotInJSON() throws {
            let footers = try Intake.fixture("chan-trang")
            let json = score(footers, format: .json).output.replacingOccurrences(of: footers, with: "FOLDER")
            let sample = score(Intake.sampleFolder, format: .json).output.replacingOccurrences(of: Intake.sampleFolder, with: "FOLDER")
            #expect(!json.isEmpty)
            #expect(json == sample)
        }

        @Test("footer rows create no commune '(không rõ xã)' in the report")
        func footersMakeNoCommune() throws {
            let run = score(try Intake.fixture("chan-trang"), format: .text)
            #expect(!run.output.contains("(không rõ xã)"))
        }

        @Test("each footer row is noted once, with its line and first text, in the spec's words")
        func footersAreNoted() throws {
            let run = score(try Intake.fixture("chan-trang"), format: .text)
            for (line, text) in [(362, "Tổng cộng"), (364, "Người lập biểu"), (366, "Nguyễn Thị Hoa")] {
                expectNotedOnce("dòng \(line): không phải dòng dữ liệu (không có xã và mã): bỏ qua '\(text)'", in: run)
            }
        }

        @Test("the count line counts the 3 footer rows apart: 356 valid, 4 errors as in the sample")
        func footersCountedApart() throws {
            let run = score(try Intake.fixture("chan-trang"))
            let line = try #require(run.messageLines.first { $0.hasPrefix("gia-dinh-hoc-tap:") })
            #expect(line.contains("356 hợp lệ, 4 lỗi"), "\(line)")
            // Apart: after the errors, the number of rows that are not records.
            #expect(line.range(of: "4 lỗi\\D+\\b3\\b", options: .regularExpression) != nil, "\(line)")
        }
    }
}

extension IntakeRulesAlreadyTrue {
    /// `mot-o-trong/ho-gia-dinh.csv`: the sample's households, then line 362 with a name and a
    /// hamlet but no `Mã hộ`, and line 363 with a key but no `Xã/Phường`.
    @Test("rule 2: a row with only one of commune and key blank is still an error row naming the column")
    func oneBlankIsAnError() throws {
        let run = score(try Intake.fixture("mot-o-trong"))
        #expect(run.status == 0)
        let noKey = try #require(run.rows.first { $0.name == "Trần Văn Út" })
        #expect(noKey.level == "loi" && noKey.rank.isEmpty && noKey.total.isEmpty)
        #expect(noKey.reasons.contains("ho-gia-dinh.csv dòng 362, cột \"Mã hộ\""), "\(noKey)")
        let noCommune = try #require(run.row(id: "HO0361"))
        #expect(noCommune.level == "loi")
        #expect(noCommune.reasons.contains("ho-gia-dinh.csv dòng 363, cột \"Xã/Phường\""), "\(noCommune)")
        #expect(!run.messages.contains("không phải dòng dữ liệu"))
    }
}
