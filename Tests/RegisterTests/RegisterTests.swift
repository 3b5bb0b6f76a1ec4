import Foundation
import GRDB
import KhuyenhocCLI
import Register
import Testing
import TextSupport

/// The register (issue 14, spec `register.md`), on real SQLite files in temporary folders:
/// what a clerk sees when importing hamlet by hamlet, correcting, withdrawing, and scoring.
@Suite("Register: import, status and score from the register")
struct RegisterTests {
    @Test("importing the same files twice changes nothing: same rows, same log, and it says when they were imported", arguments: RegisterBackend.all)
    func importIsIdempotent(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let first = fixture.importFiles([RegisterFixture.sample.path])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Đã nhập ho-gia-dinh.csv (năm 2026): gia-dinh-hoc-tap: 360 dòng, 4 lỗi, xã Long Hữu, ấp LD, LDI, LH, LK, LT"))
        #expect(first.output.contains("3 thay đổi"))
        let before = try fixture.register().counts()
        #expect(before == RegisterCounts(storedBytes: 3, files: 3, logEntries: 3))

        let second = fixture.importFiles([RegisterFixture.sample.path])
        #expect(second.status == 0)
        #expect(second.output.components(separatedBy: "không thay đổi gì").count - 1 == 3, "\(second.output)")
        #expect(second.output.contains("0 thay đổi"))
        #expect(try fixture.register().counts() == before)
        #expect(try fixture.register().log(year: RegisterFixture.year).count == 3)
    }

    @Test("the same bytes under another name for the same year are stored once and not imported again", arguments: RegisterBackend.all)
    func sameBytesStoredOnce(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let lk = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        fixture.importFiles([lk])
        let copy = try fixture.write("ban-sao ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        let again = fixture.importFiles([copy])
        #expect(again.output.contains("ban-sao ho-LK.csv: đã nhập lúc"))
        #expect(again.output.contains("(tên ho-LK.csv)"))
        #expect(try fixture.register().counts() == RegisterCounts(storedBytes: 1, files: 1, logEntries: 1))
    }

    @Test("a corrected file of the same hamlet replaces its original; the original is kept, marked replaced", arguments: RegisterBackend.all)
    func correctedFileReplaces(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let original = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        fixture.importFiles([RegisterFixture.sample.appendingPathComponent("ap.csv").path,
                             RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path, original])
        let text = try RegisterFixture.households(of: ["LK"]).replacingOccurrences(of: "HO0001,Đỗ Văn Bảy", with: "HO0001,Đỗ Văn Bảy Em")
        let corrected = try fixture.write("ho-LK (sửa lần 2).csv", text)
        let result = fixture.importFiles([corrected])
        #expect(result.status == 0)
        #expect(result.output.contains("Đã nhập ho-LK (sửa lần 2).csv"))
        #expect(result.output.contains("thay cho ho-LK.csv"))
        let files = try fixture.register().files(year: RegisterFixture.year)
        #expect(files.first { $0.name == "ho-LK.csv" }?.state == .replaced)
        #expect(files.first { $0.name == "ho-LK (sửa lần 2).csv" }?.state == .current)
        // Scored from the register: the corrected name, and the replaced file is not read (no
        // household of LK collides with its original).
        let scored = fixture.score([], format: .csv)
        #expect(scored.output.contains("Đỗ Văn Bảy Em"))
        #expect(!scored.output.contains("ho-LK.csv dòng"))
        #expect(scored.messages.contains("năm 2026: 3 tệp đang dùng"))
        let status = fixture.status()
        #expect(status.output.contains("ho-LK.csv (nhập"))
        #expect(status.output.contains("đã thay lúc"))
        #expect(!status.output.contains("Mã trùng"))
    }

    @Test("a file covering other hamlets replaces nothing: status shows the collision and names --replaces, which resolves it", arguments: RegisterBackend.all)
    func differentCoverageNamesReplaces(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let lk = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        fixture.importFiles([lk])
        let both = try fixture.write("ho-LK-LD.csv", RegisterFixture.households(of: ["LK", "LD"]))
        let result = fixture.importFiles([both])
        #expect(result.status == 0)
        #expect(result.output.contains("--replaces \"ho-LK.csv\""), "\(result.output)")
        let status = fixture.status()
        #expect(status.status == 3)
        #expect(status.output.contains("ho-LK.csv và ho-LK-LD.csv: "), "\(status.output)")
        #expect(status.output.contains("mã gia-dinh-hoc-tap trùng. Nếu ho-LK-LD.csv thay ho-LK.csv"))

        let fixed = fixture.importFiles([both], replaces: "ho-LK.csv")
        #expect(fixed.status == 0)
        #expect(fixed.output.contains("thay cho ho-LK.csv"))
        #expect(!fixture.status().output.contains("Mã trùng"))
    }

    @Test("a withdrawn file is no longer scored and its hamlet shows no household data; the file stays in the register", arguments: RegisterBackend.all)
    func withdrawnFile(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        var paths = [RegisterFixture.sample.appendingPathComponent("ap.csv").path, RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path]
        for hamlet in RegisterFixture.hamlets {
            paths.append(try fixture.write("ho-\(hamlet).csv", RegisterFixture.households(of: [hamlet])))
        }
        fixture.importFiles(paths)
        let result = fixture.importFiles([], withdraw: "ho-LT.csv")
        #expect(result.status == 0)
        #expect(result.output.contains("Đã rút tệp ho-LT.csv"))
        #expect(try fixture.register().files(year: RegisterFixture.year).first { $0.name == "ho-LT.csv" }?.state == .withdrawn)
        #expect(try fixture.register().currentFiles(year: RegisterFixture.year).map(\.file.name).contains("ho-LT.csv") == false)
        let status = fixture.status()
        #expect(status.status == 3)
        #expect(status.output.contains("LT (Long Thạnh): chưa có hộ nào"), "\(status.output)")
        #expect(status.output.contains("đã rút lúc"))
        // Withdrawing a name that is not current changes nothing and says so.
        let again = fixture.importFiles([], withdraw: "ho-LT.csv")
        #expect(again.status == 1)
        #expect(again.output.contains("Không có tệp đang dùng nào tên \"ho-LT.csv\""))
    }

    @Test("a late hamlet: status says what is missing (exit 3), then complete (exit 0) once its file arrives", arguments: RegisterBackend.all)
    func lateHamlet(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        var paths = [RegisterFixture.sample.appendingPathComponent("ap.csv").path, RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path]
        for hamlet in RegisterFixture.hamlets where hamlet != "LDI" {
            paths.append(try fixture.write("ho-\(hamlet).csv", RegisterFixture.households(of: [hamlet], withoutErrorRows: true)))
        }
        fixture.importFiles(paths)
        let before = fixture.status()
        #expect(before.status == 3)
        #expect(before.output.contains("LDI (Long Điền): chưa có hộ nào"), "\(before.output)")
        #expect(before.output.contains("Chưa đủ để công nhận"))

        let late = try fixture.write("ho-LDI.csv", RegisterFixture.households(of: ["LDI"], withoutErrorRows: true))
        fixture.importFiles([late])
        let after = fixture.status()
        #expect(after.status == 0, "\(after.output)")
        #expect(after.output.contains("Đủ để công nhận"))
        #expect(after.output.contains("Long Điền"))
        // Declared households (so_ho of ap.csv) beside those received.
        let models = [(id: "cong-dong-hoc-tap", title: "Cộng đồng học tập"), (id: "dong-ho-hoc-tap", title: "Dòng họ học tập")]
        let table = try fixture.register().status(year: RegisterFixture.year, commune: "Long Hữu", models: models)
        let received = try RegisterFixture.households(of: ["LDI"], withoutErrorRows: true).split(separator: "\n").count - 1
        let ldi = table.communes.first?.units.first { $0.code == "LDI" }
        #expect(ldi?.declared == 78)
        #expect(ldi?.received == received)
        #expect(received > 60)
        let english = fixture.status(language: .english)
        #expect(english.output.contains("Complete: every hamlet and clan has households"))
    }

    @Test("score from the register is byte for byte score on the same files (CSV and text)", arguments: RegisterBackend.all)
    func scoreFromRegisterIsByteIdentical(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        for file in ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"] {
            let result = fixture.importFiles([RegisterFixture.sample.appendingPathComponent(file).path])
            #expect(result.status == 0)
        }
        for format in [ScoreFormat.csv, .text, .json] {
            var fromFiles = fixture.score([RegisterFixture.sample.path], format: format)
            let fromRegister = fixture.score([], format: format)
            #expect(fromRegister.status == 0)
            #expect(fromFiles.output.utf8.count > 1000)
            // JSON names each row's source file: as given on the command line from files, as
            // imported (its name) from the register.
            if format == .json { fromFiles.output = fromFiles.output.replacingOccurrences(of: RegisterFixture.sample.path + "/", with: "") }
            #expect(Array(fromRegister.output.utf8) == Array(fromFiles.output.utf8), "\(format)")
            #expect(fromRegister.messages.contains("gia-dinh-hoc-tap: đọc 360 dòng: 356 hợp lệ, 4 lỗi"))
            #expect(fromRegister.messages.contains("năm 2026: 3 tệp đang dùng"))
        }
    }

    @Test("four clerks importing different hamlets at the same moment: all land, nothing duplicated, the log has each", arguments: RegisterBackend.all)
    func concurrentImports(backend: RegisterBackend) async throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        var paths: [String] = []
        for hamlet in ["LK", "LD", "LT", "LH"] {
            paths.append(try fixture.write("ho-\(hamlet).csv", RegisterFixture.households(of: [hamlet])))
        }
        let registerPath = fixture.registerPath
        let results = await withTaskGroup(of: (Int32, String).self) { group in
            for path in paths {
                group.addTask {
                    var output = ""
                    let runner = RegisterRunner(language: .vietnamese, registerPath: registerPath, criteriaPaths: [RegisterFixture.criteria])
                    let status = runner.importFiles(ImportRequest(paths: [path], year: RegisterFixture.year, clerk: "lan"), output: &output)
                    return (status, output)
                }
            }
            var all: [(Int32, String)] = []
            for await status in group { all.append(status) }
            return all
        }
        #expect(results.map(\.0) == [0, 0, 0, 0], "\(results.map(\.1))")
        #expect(try fixture.register().counts() == RegisterCounts(storedBytes: 4, files: 4, logEntries: 4))
        #expect(try Set(fixture.register().currentFiles(year: RegisterFixture.year).map(\.file.name)) == Set(paths.map { ($0 as NSString).lastPathComponent }))
        #expect(!fixture.status().output.contains("Mã trùng"))
    }

    @Test("a register written by a newer program is refused with a message, and left as it was", arguments: RegisterBackend.all)
    func newerSchemaRefused(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        fixture.importFiles([RegisterFixture.sample.appendingPathComponent("ap.csv").path])
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: fixture.registerPath)
            try queue.write { db in
                try db.execute(sql: "PRAGMA user_version = \(Register.schemaVersion + 1)")
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v\(Register.schemaVersion + 1)')")
            }
            try queue.close()
        case .postgres:
            _ = try fixture.query("INSERT INTO register_schema (version) VALUES (\(Register.schemaVersion + 1))")
        }
        let refused = fixture.importFiles([RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path])
        #expect(refused.status == 1)
        let newer = Register.schemaVersion + 1, known = Register.schemaVersion
        #expect(refused.output.contains("do phiên bản khuyenhoc mới hơn ghi (lược đồ \(newer), chương trình này đọc đến \(known))"), "\(refused.output)")
        let english = fixture.importFiles([RegisterFixture.sample.appendingPathComponent("dong-ho.csv").path], language: .english)
        #expect(english.output.contains("was written by a newer khuyenhoc (schema \(newer); this program reads up to \(known))"))
        #expect(fixture.status().status == 1)
        #expect(try fixture.count("SELECT count(*) FROM survey_file") == 1)
    }

    @Test("a file that cannot be used is refused and nothing of that import is recorded", arguments: RegisterBackend.all)
    func unusableFileImportsNothing(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        let broken = try fixture.write("ho-LK.xlsx", "not a workbook")
        let result = fixture.importFiles([RegisterFixture.sample.appendingPathComponent("ap.csv").path, broken])
        #expect(result.status == 1)
        #expect(result.output.contains("ho-LK.xlsx"))
        #expect(result.output.contains("không nhập tệp nào"))
        #expect(try fixture.register().counts() == RegisterCounts(storedBytes: 0, files: 0, logEntries: 0))
    }

    @Test("the register is found at --register, else $KHUYENHOC_REGISTER, else ./khuyenhoc.sqlite")
    func registerLocation() {
        #expect(RegisterLocation.path(option: "a.sqlite", environment: ["KHUYENHOC_REGISTER": "b.sqlite"]) == "a.sqlite")
        #expect(RegisterLocation.path(option: nil, environment: ["KHUYENHOC_REGISTER": "b.sqlite"]) == "b.sqlite")
        #expect(RegisterLocation.path(option: nil, environment: [:]) == "khuyenhoc.sqlite")
    }

    @Test("files are named by their SHA-256 as sha256sum prints it")
    func sha256() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
