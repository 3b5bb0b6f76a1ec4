import Foundation
import KhuyenhocCLI
import Testing

/// Rule 6. A formula cell with no stored value (a workbook written by a program, never opened in
/// Excel) is an error naming the cell ("công thức chưa có giá trị: hãy mở tệp bằng Excel và lưu
/// lại"), never read as blank. A cell's text with a line break or tab is kept as data; reports
/// print it on one line.
///
/// `cong-thuc.xlsx`: the sample workbook (written again by openpyxl) with `="x"` in the
/// `Có người vi phạm pháp luật, tệ nạn xã hội` cell (column Y) of HO0005 (row 6) and HO0070
/// (row 71), both `Tiêu biểu` in the sample; no stored value. `cong-thuc-da-luu.xlsx`: the same
/// with the value Excel stores beside the formula (`<v>x</v>`, `t="str"`).
extension IntakeRulesTests {
    @Suite("Rule 6 — formula cells and line breaks") struct Cells {
        static let wording = "công thức chưa có giá trị: hãy mở tệp bằng Excel và lưu lại"

        @Test("a formula cell with no stored value in vi_pham makes the row an error naming the cell, never certified")
        func formulaWithoutValue() throws {
            let run = score(try Intake.fixture("cong-thuc.xlsx"))
            for (key, line) in [("HO0005", 6), ("HO0070", 71)] {
                let row = try #require(run.row(id: key))
                #expect(row.level == "loi", "\(row)")
                #expect(row.reasons.contains(Self.wording), "\(row)")
                #expect(row.reasons.contains("dòng \(line)"), "\(row)")
                // The cell: its column as the clerk sees it (label), or its reference.
                #expect(row.reasons.contains("Có người vi phạm pháp luật, tệ nạn xã hội") || row.reasons.contains("Y\(line)"), "\(row)")
            }
            #expect(!run.rows.contains { ["HO0005", "HO0070"].contains($0.id) && ["tieu-bieu", "dat"].contains($0.level) })
        }

        /// `xuong-dong.xlsx`: the sample workbook with HO0070's head typed `Danh Thị⏎Kol`
        /// (Alt+Enter) and HO0131's `Kim⇥Bô`.
        @Test("a text cell with a line break or a tab prints on one line in the text report")
        func lineBreaksPrintOnOneLine() throws {
            let run = score(try Intake.fixture("xuong-dong.xlsx"), format: .text)
            #expect(run.status == 0)
            #expect(!run.output.contains("\t"))
            for (key, name) in [("HO0070", "Danh Thị Kol"), ("HO0131", "Kim Bô")] {
                let lines = run.outputLines.filter { $0.contains(key) }
                #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(name) }, "\(key): \(lines)")
            }
            #expect(!run.outputLines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Kol ") })
        }
    }
}

extension IntakeRulesAlreadyTrue {
    @Test("rule 6: a formula cell with the stored value x reads as ticked: the household is disqualified")
    func formulaWithValue() throws {
        let run = score(try Intake.fixture("cong-thuc-da-luu.xlsx"))
        #expect(run.status == 0)
        for key in ["HO0005", "HO0070"] {
            let row = try #require(run.row(id: key))
            #expect(row.level == "khong-dat", "\(row)")
            #expect(row.total == "100" && row.reasons == "có thành viên vi phạm pháp luật, mắc tệ nạn xã hội", "\(row)")
        }
    }
}
