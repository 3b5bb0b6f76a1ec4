import Foundation
import KhuyenhocCLI
import Testing

/// Rule 3. A recognised sheet missing a required column is an error (exit 1), in a workbook too,
/// whatever the other sheets hold. Only a sheet recognised as no model at all is a note
/// ("trang tính 'Ghi chú' không phải dữ liệu khảo sát: bỏ qua"). Hidden sheets are read like the
/// others; the note about a sheet says it is hidden.
extension IntakeRulesTests {
    @Suite("Rule 3 — sheets of a workbook") struct Sheets {
        /// `sai-cot.xlsx`: the sample workbook with `Số trẻ đi học` typed for `Số trẻ đến trường`
        /// in the household sheet; the clan and hamlet sheets are fine.
        @Test("a household sheet with one mistyped header: exit 1, an error naming the sheet and the missing column")
        func mistypedHeaderIsAnError() throws {
            let run = score(try Intake.fixture("sai-cot.xlsx"))
            #expect(run.status == 1, "\(run.messages)")
            let errors = run.messageLines.filter { $0.contains("[Hộ gia đình]") && $0.contains("\"Số trẻ đến trường\"") }
            #expect(!errors.isEmpty, "\(run.messages)")
            #expect(errors.allSatisfy { !$0.hasPrefix("Ghi chú") }, "an error, not a note: \(errors)")
        }

        /// `ghi-chu.xlsx`: the sample workbook plus a sheet `Ghi chú` of instructions (no key or
        /// name column of any model).
        @Test("a notes sheet is a note in the spec's words, and the rest scores as the sample")
        func notesSheetIsANote() throws {
            let run = score(try Intake.fixture("ghi-chu.xlsx"), format: .text)
            #expect(run.status == 0)
            expectNotedOnce("trang tính 'Ghi chú' không phải dữ liệu khảo sát: bỏ qua", in: run)
            let csv = score(try Intake.fixture("ghi-chu.xlsx"))
            #expect(csv.output == Intake.shifted(try Intake.expectedCSV(), by: 0, place: "ghi-chu.xlsx [Hộ gia đình]"))
        }

        /// `trang-an.xlsx`: the sample workbook with the household sheet hidden.
        @Test("the note about a hidden sheet says it is hidden")
        func hiddenSheetNote() throws {
            let run = score(try Intake.fixture("trang-an.xlsx"), format: .text)
            let notes = noteLines(run).filter { $0.contains("Hộ gia đình") && !$0.contains("] dòng") }
            #expect(notes.contains { $0.range(of: "(^|[^\\p{L}])ẩn([^\\p{L}]|$)", options: .regularExpression) != nil },
                    "notes about the sheet: \(notes)")
        }
    }
}

extension IntakeRulesAlreadyTrue {
    @Test("rule 3: a hidden household sheet is read like the others")
    func hiddenSheetIsRead() throws {
        let run = score(try Intake.fixture("trang-an.xlsx"))
        #expect(run.status == 0)
        #expect(run.output == Intake.shifted(try Intake.expectedCSV(), by: 0, place: "trang-an.xlsx [Hộ gia đình]"))
    }
}
