import Foundation
import KhuyenhocCLI
import Testing

/// Rule 1. The header row is the first row, among a sheet's or file's first 30 non-blank rows,
/// that carries a model's key and name columns. Rows above it are skipped with one note naming
/// how many lines were skipped. No recognisable header in the first 30 rows: not recognised.
extension IntakeRulesTests {
    @Suite("Rule 1 — title rows above the header") struct TitleRows {
        /// `tieu-de/ho-gia-dinh.csv`: the sample's households under three title rows
        /// (`UBND XÃ LONG HỮU`, `DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ …`, a rule `____`).
        @Test("three title rows above a CSV header: the file is read and scores exactly as without them")
        func csvTitleRows() throws {
            let run = score(try Intake.fixture("tieu-de"))
            #expect(run.status == 0, "\(run.messages)")
            // The rows as the clerk sees them are three lines further down.
            #expect(run.output == Intake.shifted(try Intake.expectedCSV(), by: 3))
            #expect(run.messages.contains("gia-dinh-hoc-tap: đọc 360 dòng: 356 hợp lệ, 4 lỗi"), "\(run.messages)")
        }

        @Test("the skipped title rows of a CSV file are one note that says how many lines (3)")
        func csvTitleRowsNote() throws {
            let run = score(try Intake.fixture("tieu-de"), format: .text)
            expectOneNoteNaming3(about: "ho-gia-dinh.csv", in: run)
        }

        /// `tieu-de.xlsx`: the sample workbook, its household sheet with the same three title
        /// rows (merged across the table, bold, centred) above the header.
        @Test("three title rows above a sheet's header: the sheet is read, one note, the same results")
        func sheetTitleRows() throws {
            let run = score(try Intake.fixture("tieu-de.xlsx"), format: .csv)
            #expect(run.status == 0, "\(run.messages)")
            #expect(run.output == Intake.shifted(try Intake.expectedCSV(), by: 3, place: "tieu-de.xlsx [Hộ gia đình]"))
            expectOneNoteNaming3(about: "Hộ gia đình", in: score(try Intake.fixture("tieu-de.xlsx"), format: .text))
        }

        /// `tieu-de-30/ho-gia-dinh.csv`: 29 lines of preamble; the header is the 30th non-blank row.
        @Test("a header on the 30th non-blank row is still found")
        func headerOnThirtiethRow() throws {
            let run = score(try Intake.fixture("tieu-de-30"))
            #expect(run.status == 0, "\(run.messages)")
            #expect(run.output == Intake.shifted(try Intake.expectedHouseholdCSV(), by: 29))
        }
    }
}

/// One note about the file or sheet that says 3 (lines skipped): said at most once on standard
/// error and at most once in the report, at least once in all. Lines that list a household
/// (its key `HO…`) are its error rows, not notes.
private func expectOneNoteNaming3(about place: String, in run: ScoreRun, sourceLocation: SourceLocation = #_sourceLocation) {
    func notes(_ lines: [String]) -> [String] {
        lines.filter { $0.contains(place) && !$0.contains("HO0") && $0.range(of: "\\b3\\b", options: .regularExpression) != nil }
    }
    let inMessages = notes(run.messageLines), inReport = notes(run.outputLines)
    #expect(inMessages.count + inReport.count >= 1, "no note about \(place) saying 3:\n\(run.messages)", sourceLocation: sourceLocation)
    #expect(inMessages.count <= 1 && inReport.count <= 1, "\(inMessages) \(inReport)", sourceLocation: sourceLocation)
}

extension IntakeRulesAlreadyTrue {
    /// `tieu-de-31/ho-gia-dinh.csv`: 30 lines of preamble; the header would be the 31st.
    @Test("rule 1: no header within the first 30 non-blank rows — the file is not recognised (exit 1, named)")
    func noHeaderInThirtyRows() throws {
        let run = score(try Intake.fixture("tieu-de-31"))
        #expect(run.status == 1)
        #expect(run.rows(model: "gia-dinh-hoc-tap").isEmpty)
        #expect(run.messages.contains("ho-gia-dinh.csv"), "\(run.messages)")
    }
}
