import Foundation
@testable import KhuyenhocCLI
import Reports
@testable import Survey
import Testing
import TextSupport

/// The `.xlsx` outputs (issue 16, part 2), read back with the project's own workbook reader.
@Suite struct XLSXOutputTests {
    static let samples = CLIFixtures.repository.appendingPathComponent("Samples")

    /// Every sheet of a workbook: its name and its rows' texts by row number (1-based).
    static func read(_ path: String) throws -> [(name: String, rows: [Int: [String]])] {
        let workbook = try XLSXWorkbook(path: path)
        return try workbook.sheets.map { sheet in
            var rows: [Int: [String]] = [:]
            try workbook.readSheet(sheet) { number, cells in
                rows[number] = (0..<cells.count).map { cells.text($0) }
            }
            return (sheet.name, rows)
        }
    }

    static func part(_ path: String, _ name: String) throws -> String {
        let workbook = try XLSXWorkbook(path: path)
        return String(decoding: try #require(try workbook.part(name)), as: UTF8.self)
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    func scoreWorkbook(_ input: String, settings: (inout ReportSettings) -> Void = { _ in }) throws -> String {
        let path = Self.temporary("ket-qua.xlsx")
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .xlsx
        runner.outputPath = path
        settings(&runner.report)
        var messages = ""
        let status = runner.run(inputs: [input], criteriaPaths: [CLIFixtures.criteriaFolder], output: OutputSink(capturing: ()), messages: &messages)
        #expect(status == 0, "\(messages)")
        return path
    }

    @Test("score --format xlsx: one sheet per model; every row of Samples/expected.csv in its cells, in its order")
    func scoreWorkbookHoldsTheExpectedRows() throws {
        let path = try scoreWorkbook(Self.samples.appendingPathComponent("long-huu").path) {
            $0.organization = "Hội Khuyến học xã Long Hữu"
            $0.place = "Long Hữu"
            $0.date = ReportDate(year: 2024, month: 11, day: 5)
            $0.year = 2024
            $0.signer = "Nguyễn Văn An"
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sheets = try Self.read(path)
        #expect(sheets.map(\.name) == ["Gia đình học tập", "Dòng họ học tập", "Cộng đồng học tập cấp thôn"])
        let expected = SummaryTests.records(try String(contentsOf: Self.samples.appendingPathComponent("expected.csv"), encoding: .utf8))
        let words = ["tieu-bieu": "Tiêu biểu", "dat": "Đạt", "khong-dat": "Không đạt", "loi": "Lỗi"]
        for (sheetIndex, model) in ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"].enumerated() {
            let rows = sheets[sheetIndex].rows
            // The official heading, the title and the header row.
            #expect(rows[1]?.first == "HỘI KHUYẾN HỌC XÃ LONG HỮU")
            #expect(rows[1]?.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == true)
            #expect(rows[2]?.contains("Độc lập - Tự do - Hạnh phúc") == true)
            #expect(rows[4]?.contains("Long Hữu, ngày 05 tháng 11 năm 2024") == true)
            #expect(rows[6]?.first?.hasPrefix("DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN \"") == true)
            let headerNumber = try #require(rows.keys.sorted().first { rows[$0]?.first == "STT" })
            let header = rows[headerNumber]!
            let totalColumn = try #require(header.firstIndex(of: "Tổng điểm"))
            let resultColumn = try #require(header.firstIndex(of: "Kết quả"))
            let expectedRows = expected.filter { $0[0] == model }
            for (i, row) in expectedRows.enumerated() {
                let cells = try #require(rows[headerNumber + 1 + i], "row \(i + 1) of \(model)")
                #expect(cells[0] == "\(i + 1)")
                #expect(cells[1] == row[2], "key of row \(i + 1) of \(model)")
                #expect(cells[2] == row[3])
                if row[5] != "loi" { #expect(cells[totalColumn] == row[4]) }
                #expect(cells[resultColumn].hasPrefix(words[row[5]]!), "\(cells[resultColumn]) for \(row[5])")
            }
            // The signature block under the table.
            let after = rows.keys.sorted().filter { $0 > headerNumber + expectedRows.count }.compactMap { rows[$0] }
            #expect(after.contains { $0.first == "Nơi nhận:" })
            #expect(after.contains { $0.contains("Nguyễn Văn An") })
        }
    }

    @Test("the workbook is set up for printing: Times New Roman, A4, page numbers, frozen and repeated header")
    func printSetup() throws {
        let path = try scoreWorkbook(Self.samples.appendingPathComponent("long-huu").path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let styles = try Self.part(path, "xl/styles.xml")
        #expect(styles.contains("<name val=\"Times New Roman\"/>"))
        #expect(!styles.contains("<name val=\"Calibri\"/>") || styles.components(separatedBy: "<font>").count > 2)
        let sheet = try Self.part(path, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("paperSize=\"9\""))          // A4
        #expect(sheet.contains("&amp;P") && sheet.contains("&amp;N"))   // Trang n/N in the footer
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<cols>"))
        let workbook = try Self.part(path, "xl/workbook.xml")
        #expect(workbook.contains("_xlnm.Print_Titles"))
    }

    @Test("several communes: one sheet per model and commune")
    func sheetPerCommune() throws {
        let generated = SummaryTests.generated
        let path = try scoreWorkbook(generated.folder)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sheets = try Self.read(path)
        let counts = SummaryTests.count(try String(contentsOfFile: generated.results, encoding: .utf8))
        #expect(sheets.count == 3 * counts.count)
        for commune in counts.keys {
            let sheet = try #require(sheets.first { $0.name.hasPrefix("Gia đình học tập - \(commune)".prefix(31)) })
            let header = try #require(sheet.rows.keys.sorted().first { sheet.rows[$0]?.first == "STT" })
            let c = counts[commune]!["gia-dinh-hoc-tap"]!
            // Every household row of the commune, scored or in error, is there.
            let last = sheet.rows.keys.filter { $0 > header && Int(sheet.rows[$0]?.first ?? "") != nil }.count
            #expect(last == c.registered + c.errors)
        }
    }

    @Test("summary --format xlsx: the cells hold the CSV summary's figures")
    func summaryWorkbook() throws {
        let files = [SummaryTests.generated.results]
        var runner = SummaryRunner(language: .vietnamese)
        runner.criteriaPaths = [CLIFixtures.criteriaFolder]
        runner.year = 2025
        let path = Self.temporary("tong-hop.xlsx"), csv = Self.temporary("tong-hop.csv")
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: csv) }
        var messages = ""
        #expect(runner.run(inputs: files, format: .xlsx, output: path, messages: &messages) == 0)
        #expect(runner.run(inputs: files, format: .csv, output: csv, messages: &messages) == 0)
        let rows = SummaryTests.records(try String(contentsOfFile: csv, encoding: .utf8)).dropFirst()
        let sheets = try Self.read(path)
        #expect(sheets.map(\.name) == ["Gia đình học tập", "Dòng họ học tập", "Cộng đồng học tập cấp thôn"])
        for (sheet, model) in zip(sheets, ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap"]) {
            let header = try #require(sheet.rows.keys.sorted().first { sheet.rows[$0]?.first == "STT" })
            for (i, row) in rows.filter({ $0[1] == model }).enumerated() {
                let cells = try #require(sheet.rows[header + 1 + i])
                #expect(cells[1] == row[0])
                #expect(Array(cells[2...5]) == Array(row[2...5]))
                // Share and target are numbers shown as percentages: the same value to four places.
                #expect(String(format: "%.4f", Double(cells[6])!) == row[6])
                #expect(String(format: "%.4f", Double(cells[7])!) == row[7])
                let needed = Int((Double(row[2])! * Double(row[7])!).rounded(.up))
                #expect(cells[8] == "\(needed)")
                #expect(cells[9] == "\(Int(row[3])! - needed)")
            }
        }
    }

    static let libreOffice = ["/usr/bin/libreoffice", "/usr/bin/soffice", "/usr/local/bin/libreoffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("LibreOffice opens the workbook and prints it to PDF",
          .enabled(if: libreOffice != nil, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui): the PDF rendering is not checked"))
    func rendersThroughLibreOffice() throws {
        let path = try scoreWorkbook(Self.samples.appendingPathComponent("long-huu").path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.libreOffice!)
        process.arguments = ["--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let pdf = folder.appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".pdf")
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Array("%PDF".utf8)))
        // More than one page: 360 households do not fit on one A4 page.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "/Type /Page\n").count + text.components(separatedBy: "/Type/Page").count > 3)
    }
}
