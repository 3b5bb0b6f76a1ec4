import Foundation
import GRDB
import KhuyenhocCLI
import Register
import Reports
import Testing
import TextSupport

/// `certify`, `certify --reopen`, `history`, `export` and `score --compare-year` on real
/// register files. Expected figures come from the sample's published results
/// (`Samples/expected.csv`: 360 household rows, 83 tieu-bieu + 139 dat, 4 loi; HO0001 60
/// points khong-dat rank 310, TC 30/10/10/10; hamlet LK tieu-bieu 100).
@Suite("Register: certify, history, export and year over year")
struct CertifyTests {
    static let sampleFiles = ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"].map { RegisterFixture.sample.appendingPathComponent($0).path }

    func certify(_ fixture: RegisterFixture, year: Int = RegisterFixture.year, decision: String = "Số 45/QĐ-UBND ngày 10/12/2026",
                 commune: String? = nil, acceptErrors: Bool = false, language: Language = .vietnamese) -> (status: Int32, output: String) {
        var output = ""
        let status = fixture.runner(language).certify(CertifyRequest(year: year, decision: decision, commune: commune, clerk: "lan",
                                                                     acceptErrors: acceptErrors), output: &output)
        return (status, output)
    }

    func importYear(_ fixture: RegisterFixture, _ paths: [String], year: Int) -> (status: Int32, output: String) {
        var output = ""
        let status = fixture.runner().importFiles(ImportRequest(paths: paths, year: year, clerk: "lan"), output: &output)
        return (status, output)
    }

    /// Every table's rows as text (stored bytes by hash and length): "unchanged" means this is equal.
    static func contents(_ fixture: RegisterFixture) throws -> [String] {
        var lines: [String] = []
        switch fixture.backend {
        case .sqlite:
            for table in try fixture.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap(\.first) {
                guard let table else { continue }
                let sql = table == "stored_bytes" ? "SELECT sha256, size, length(bytes) FROM stored_bytes ORDER BY sha256" : "SELECT * FROM \"\(table)\" ORDER BY rowid"
                lines += try fixture.query(sql).map { "\(table): \($0)" }
            }
        case .postgres:
            for table in try fixture.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").compactMap(\.first) {
                guard let table else { continue }
                let sql = table == "stored_chunk" ? "SELECT sha256, n, length(bytes) FROM stored_chunk ORDER BY sha256, n" : "SELECT t::text FROM \"\(table)\" t ORDER BY 1"
                lines += try fixture.query(sql).map { "\(table): \($0)" }
            }
        }
        return lines
    }

    @Test("certify is refused while current files have error rows, and freezes every entity as typed rows with --accept-errors", arguments: RegisterBackend.all)
    func certifyFreezesResults(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        fixture.importFiles(Self.sampleFiles)
        let before = try Self.contents(fixture)

        let refused = certify(fixture)
        #expect(refused.status == 1)
        #expect(refused.output.contains("còn dòng lỗi: ho-gia-dinh.csv (4)"), "\(refused.output)")
        #expect(refused.output.contains("--accept-errors"))
        #expect(try Self.contents(fixture) == before)

        let done = certify(fixture, acceptErrors: true)
        #expect(done.status == 0, "\(done.output)")
        #expect(done.output.contains("Đã công nhận năm 2026 theo Số 45/QĐ-UBND ngày 10/12/2026: gia-dinh-hoc-tap: 360 (222 đạt); dong-ho-hoc-tap: 10 (6 đạt); cong-dong-hoc-tap: 5 (3 đạt)"), "\(done.output)")
        #expect(done.output.contains("ho-gia-dinh.csv (4)"))
        let results = try fixture.register().certifiedResults(year: RegisterFixture.year)
        #expect(results.count == 375)
        #expect(results.filter { $0.level == "loi" }.count == 4)
        let first = try #require(results.first { $0.model == "gia-dinh-hoc-tap" && $0.key == "HO0001" })
        #expect(first == CertifiedEntity(model: "gia-dinh-hoc-tap", commune: "Long Hữu", key: "HO0001", name: "Đỗ Văn Bảy", hamlet: "LK",
                                         clan: "", total: 60, groups: "TC1=30;TC2=10;TC3=10;TC4=10", level: "khong-dat", rank: 310,
                                         reasonsVietnamese: "TC2 được 10 điểm, dưới mức tối thiểu 15",
                                         reasonsEnglish: "TC2 scored 10 points, below the minimum of 15"))
        let kiet = try #require(results.first { $0.key == "HO0210" })
        #expect(kiet.clan == "DH11" && kiet.hamlet == "LT" && kiet.level == "tieu-bieu" && kiet.rank == 1)
        let lk = try #require(results.first { $0.model == "cong-dong-hoc-tap" && $0.key == "LK" })
        #expect(lk.total == 100 && lk.level == "tieu-bieu")
        // The criteria files and the decision are kept with it.
        let stored = try fixture.query("SELECT decision, clerk, criteria FROM certification").first
        #expect((stored?[0] ?? nil) == "Số 45/QĐ-UBND ngày 10/12/2026")
        let criteria: String = (stored?[2] ?? nil) ?? ""
        #expect(criteria.split(separator: "\n").count == 3)
        #expect(criteria.contains("gia-dinh-hoc-tap|"))
        let log = try fixture.register().log(year: RegisterFixture.year)
        #expect(log.last?.line.vietnamese.contains("chấp nhận các dòng lỗi") == true)
        #expect(log.contains { $0.line.vietnamese.hasPrefix("Đã công nhận năm 2026") && $0.clerk == "lan" })
    }

    @Test("a certified year refuses imports (naming certify --reopen) and a second certify; reopening with a reason is logged and lets imports in", arguments: RegisterBackend.all)
    func certifiedYearDoesNotMove(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let clean = try fixture.write("ho-gia-dinh.csv", RegisterFixture.households(of: Set(RegisterFixture.hamlets), withoutErrorRows: true))
        fixture.importFiles([RegisterFixture.sample.appendingPathComponent("ap.csv").path,
                             RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path, clean])
        #expect(certify(fixture).status == 0)
        let before = try Self.contents(fixture)

        let late = try fixture.write("ho-LK (sửa).csv", RegisterFixture.households(of: ["LK"]))
        let refused = fixture.importFiles([late])
        #expect(refused.status == 1)
        #expect(refused.output.contains("năm 2026 đã được công nhận theo Số 45/QĐ-UBND ngày 10/12/2026"), "\(refused.output)")
        #expect(refused.output.contains("khuyenhoc certify --reopen --year 2026 --reason"))
        let withdraw = fixture.importFiles([], withdraw: "ho-gia-dinh.csv")
        #expect(withdraw.status == 1)
        let again = certify(fixture, decision: "Số 46")
        #expect(again.status == 1)
        #expect(again.output.contains("đã được công nhận theo Số 45/QĐ-UBND"))
        #expect(try Self.contents(fixture) == before)

        var output = ""
        #expect(fixture.runner().reopen(year: 2026, commune: nil, reason: "ấp LK gửi lại tệp", clerk: "hoa", output: &output) == 0)
        #expect(output.contains("Đã mở lại năm 2026"))
        #expect(output.contains("lý do: ấp LK gửi lại tệp"))
        let log = try fixture.register().log(year: 2026)
        #expect(log.last?.clerk == "hoa")
        #expect(log.last?.line.english.contains("reason: ấp LK gửi lại tệp") == true)
        #expect(try fixture.register().certifiedResults(year: 2026).isEmpty)
        #expect(fixture.importFiles([late]).status == 0)
        var nothing = ""
        #expect(fixture.runner().reopen(year: 2026, commune: nil, reason: "x", clerk: "hoa", output: &nothing) == 1)
        #expect(nothing.contains("chưa được công nhận"))
    }

    @Test("certify --commune freezes that commune only; another commune's name certifies nothing", arguments: RegisterBackend.all)
    func certifyOneCommune(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        fixture.importFiles(Self.sampleFiles)
        let none = certify(fixture, commune: "Long Khánh", acceptErrors: true)
        #expect(none.status == 1)
        #expect(none.output.contains("Không có kết quả nào của xã Long Khánh"))
        let done = certify(fixture, commune: "Long Hữu", acceptErrors: true, language: .english)
        #expect(done.status == 0)
        #expect(done.output.contains("Certified 2026, commune Long Hữu by Số 45"))
        #expect(try fixture.register().certifiedResults(year: 2026, commune: "Long Hữu").count == 375)
    }

    /// Year 2025: the sample with HO0210 unreadable (a word where a number is needed); 2026:
    /// the sample without HO0136. Both certified.
    func twoYears(_ fixture: RegisterFixture) throws {
        let text = try String(contentsOf: RegisterFixture.sample.appendingPathComponent("ho-gia-dinh.csv"), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "HO0210,Châu Văn Kiệt,LT,Long Hữu,DH11,,Không,2,", with: "HO0210,Châu Văn Kiệt,LT,Long Hữu,DH11,,Không,hai,")
        #expect(broken != text)
        let y2025 = try fixture.write("ho-gia-dinh.csv", broken, in: "2025")
        let ap = RegisterFixture.sample.appendingPathComponent("ap.csv").path, clans = RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path
        #expect(importYear(fixture, [ap, clans, y2025], year: 2025).status == 0)
        #expect(certify(fixture, year: 2025, decision: "Số 30/QĐ-UBND", acceptErrors: true).status == 0)
        let without = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("HO0136,") }.joined(separator: "\n")
        let y2026 = try fixture.write("ho-gia-dinh.csv", without, in: "2026")
        #expect(importYear(fixture, [ap, clans, y2026], year: 2026).status == 0)
    }

    @Test("history shows one household's certified results year by year, in Vietnamese or English", arguments: RegisterBackend.all)
    func history(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        try twoYears(fixture)
        #expect(certify(fixture, year: 2026, decision: "Số 45/QĐ-UBND", acceptErrors: true).status == 0)
        var output = ""
        #expect(fixture.runner().history(key: "HO0210", model: nil, commune: nil, output: &output) == 0)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "HO0210 Châu Văn Kiệt (gia-dinh-hoc-tap, xã Long Hữu, ấp LT, dòng họ DH11)", "\(output)")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("  2025  Lỗi — Số 30/QĐ-UBND ("), "\(output)")
        #expect(lines[2] == "  2026  Tiêu biểu, 100 điểm, hạng 1 — Số 45/QĐ-UBND")
        var english = ""
        #expect(fixture.runner(.english).history(key: "LK", model: "cong-dong-hoc-tap", commune: "Long Hữu", output: &english) == 0)
        #expect(english.contains("  2025  Exemplary, 100 points, rank 1 — Số 30/QĐ-UBND"))
        var none = ""
        #expect(fixture.runner().history(key: "HO9999", model: nil, commune: nil, output: &none) == 1)
        #expect(none.contains("Không có kết quả đã công nhận nào của mã HO9999"))
    }

    @Test("score --compare-year: each CSV line gains last year's result; the text report sums up newly recognised, kept and lost per commune", arguments: RegisterBackend.all)
    func compareYear(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        try twoYears(fixture)
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .csv
        var messages = ""
        runner.previousYear = fixture.runner().previousYear(2025, messages: &messages)
        #expect(runner.previousYear != nil, "\(messages)")
        let sink = OutputSink(capturing: ())
        #expect(fixture.runner().score(year: 2026, with: runner, output: sink, messages: &messages) == 0)
        let csv = sink.captured ?? ""
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",reasons,prev_total,prev_level"))
        #expect(lines.contains("gia-dinh-hoc-tap,Long Hữu,HO0210,Châu Văn Kiệt,100,tieu-bieu,1,30,30,20,20,,,loi"))
        #expect(lines.contains("gia-dinh-hoc-tap,Long Hữu,HO0001,Đỗ Văn Bảy,60,khong-dat,309,30,10,10,10,\"TC2 được 10 điểm, dưới mức tối thiểu 15\",60,khong-dat"))

        runner.format = .text
        runner.report.width = 132
        let text = OutputSink(capturing: ())
        #expect(fixture.runner().score(year: 2026, with: runner, output: text, messages: &messages) == 0)
        let report = text.captured ?? ""
        #expect(report.contains("SO SÁNH VỚI NĂM 2025 — "))
        // Households: 221 of 360 recognised in 2025 (HO0210 unreadable), 221 of 359 in 2026 (HO0136 gone).
        #expect(report.contains("Được công nhận: năm nay 221/359 (61,6 %), năm 2025 221/360 (61,4 %); thay đổi +0,2 điểm phần trăm"), "\(report.suffix(3000))")
        #expect(report.contains("Mới được công nhận (1): HO0210 Châu Văn Kiệt"))
        #expect(report.contains("Không còn được công nhận (1): HO0136 Danh Sà Quăl (không có trong năm nay)"))
        #expect(report.contains("    HO0210 Châu Văn Kiệt: Tiêu biểu (100 điểm) | Lỗi"))

        // From files given as INPUT, compared with the register's certified year: the same lines.
        var fromFiles = ScoreRunner(language: .vietnamese)
        fromFiles.format = .csv
        fromFiles.previousYear = runner.previousYear
        let filesSink = OutputSink(capturing: ())
        let y2026 = fixture.folder.appendingPathComponent("2026/ho-gia-dinh.csv").path
        #expect(fromFiles.run(inputs: [RegisterFixture.sample.appendingPathComponent("ap.csv").path,
                                       RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path, y2026],
                              criteriaPaths: [RegisterFixture.criteria], output: filesSink, messages: &messages) == 0)
        #expect(filesSink.captured == csv)

        var notCertified = ""
        #expect(fixture.runner().previousYear(2026, messages: &notCertified) == nil)
        #expect(notCertified.contains("năm 2026 chưa được công nhận"))
    }

    @Test("export writes the year's current files back byte for byte (a clash renamed) and the certified results as CSV", arguments: RegisterBackend.all)
    func export(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let lk = try fixture.write("ho.csv", RegisterFixture.households(of: ["LK"]), in: "a")
        let ld = try fixture.write("ho.csv", RegisterFixture.households(of: ["LD"]), in: "b")
        fixture.importFiles([RegisterFixture.sample.appendingPathComponent("ap.csv").path, lk])
        fixture.importFiles([ld])
        let folder = fixture.folder.appendingPathComponent("usb").path
        var output = ""
        #expect(fixture.runner().export(year: 2026, to: folder, output: &output) == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["ap.csv", "ho (2).csv", "ho.csv"], "\(names)")
        #expect(FileManager.default.contents(atPath: folder + "/ho.csv") == FileManager.default.contents(atPath: lk))
        #expect(FileManager.default.contents(atPath: folder + "/ho (2).csv") == FileManager.default.contents(atPath: ld))
        #expect(FileManager.default.contents(atPath: folder + "/ap.csv") == FileManager.default.contents(atPath: RegisterFixture.sample.appendingPathComponent("ap.csv").path))
        #expect(output.contains("Năm 2026 chưa được công nhận"))

        #expect(certify(fixture, decision: "Số 45, ngày 10/12", acceptErrors: true).status == 0)
        let again = fixture.folder.appendingPathComponent("usb2").path
        output = ""
        #expect(fixture.runner().export(year: 2026, to: again, output: &output) == 0)
        let csv = try String(contentsOfFile: again + "/ket-qua-cong-nhan-2026.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "year,decision,model,xa,id,name,hamlet,clan,total,groups,level,rank,reasons")
        #expect(lines.contains("2026,\"Số 45, ngày 10/12\",gia-dinh-hoc-tap,Long Hữu,HO0001,Đỗ Văn Bảy,LK,,60,TC1=30;TC2=10;TC3=10;TC4=10,khong-dat,\(try rank(ofHO0001In: lines)),\"TC2 được 10 điểm, dưới mức tối thiểu 15\""))
        #expect(output.contains("Đã ghi ket-qua-cong-nhan-2026.csv"))
    }

    /// HO0001's rank among the households of LK and LD only (the export test's files): read from
    /// the line, checked to be a rank (the number is the scorer's, not this test's subject).
    func rank(ofHO0001In lines: [String]) throws -> Int {
        let line = try #require(lines.first { $0.contains(",HO0001,") })
        let fields = line.split(separator: ",")
        return try #require(Int(fields[fields.count - 3]))
    }
}
