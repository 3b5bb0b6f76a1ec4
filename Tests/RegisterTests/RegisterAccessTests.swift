import Foundation
import KhuyenhocCLI
import Register
import Reports
import Testing

/// Row-level security on commune (README, "One register for a province on PostgreSQL"): a
/// clerk's role reads and writes only its commune's rows; the province's role reads every
/// commune and writes nothing. Roles are the server's own; the test gives them the README's
/// GRANTs and `register_access` rows.
@Suite("Register on PostgreSQL: a clerk sees and changes only its own commune", .enabled(if: PostgresTestServer.url != nil))
struct RegisterAccessTests {
    /// The README's GRANTs for a clerk role, then its commune.
    static func clerkGrants(_ role: String, commune: String) -> [String] {
        [
            "CREATE ROLE \(role) LOGIN",
            "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO \(role)",
            "REVOKE INSERT, UPDATE ON register_access, register_schema FROM \(role)",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(role)",
            "INSERT INTO register_access (role_name, commune) VALUES ('\(role)', '\(commune)')",
        ]
    }

    /// The README's GRANTs for the province's role: reads every commune.
    static func provinceGrants(_ role: String) -> [String] {
        [
            "CREATE ROLE \(role) LOGIN",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)",
            "INSERT INTO register_access (role_name, commune) VALUES ('\(role)', '*')",
        ]
    }

    @Test("a clerk of commune B sees none of commune A's files, results or status, and cannot withdraw, update or import them")
    func clerkSeesOnlyItsCommune() throws {
        let fixture = try RegisterFixture(.postgres)
        defer { fixture.remove() }
        let database = try #require(fixture.database)
        // Commune A (Long Hữu, the sample) and commune B (the same files renamed Long Phú).
        #expect(fixture.importFiles(RegisterPostgresTests.sampleFiles).status == 0)
        var other: [String] = []
        for name in ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"] {
            let text = try String(contentsOf: RegisterFixture.sample.appendingPathComponent(name), encoding: .utf8)
            other.append(try fixture.write("long-phu-\(name)", text.replacingOccurrences(of: "Long Hữu", with: "Long Phú"), in: "long-phu"))
        }
        #expect(fixture.importFiles(other).status == 0)

        let suffix = database.suffix(8)
        let clerkA = "clerk_a_\(suffix)", clerkB = "clerk_b_\(suffix)", province = "tinh_\(suffix)"
        defer {
            _ = try? PostgresTestServer.execute(["DROP OWNED BY \(clerkA), \(clerkB), \(province)"], database: database)
            PostgresTestServer.dropDatabase(database)
            _ = try? PostgresTestServer.execute(["DROP ROLE IF EXISTS \(clerkA)", "DROP ROLE IF EXISTS \(clerkB)", "DROP ROLE IF EXISTS \(province)"])
        }
        try PostgresTestServer.execute(Self.clerkGrants(clerkA, commune: "Long Hữu") + Self.clerkGrants(clerkB, commune: "Long Phú")
                                       + Self.provinceGrants(province), database: database)

        // Clerk B's register: its three files only.
        let asB = PostgresTestServer.url(database: database, user: clerkB)
        let registerB = try Register.open(path: asB, create: false)
        #expect(Set(try registerB.files(year: 2026).map(\.name)) == ["long-phu-ap.csv", "long-phu-dong-ho.csv", "long-phu-ho-gia-dinh.csv"])
        var status = ""
        _ = RegisterRunner(language: .vietnamese, registerPath: asB, criteriaPaths: [RegisterFixture.criteria]).status(year: 2026, commune: nil, output: &status)
        #expect(status.contains("Xã Long Phú"))
        #expect(!status.contains("Long Hữu"), "\(status)")
        var runner = ScoreRunner(language: .vietnamese)
        runner.format = .csv
        let sink = OutputSink(capturing: ())
        var messages = ""
        _ = RegisterRunner(language: .vietnamese, registerPath: asB, criteriaPaths: [RegisterFixture.criteria])
            .score(year: 2026, with: runner, output: sink, messages: &messages)
        let lines = (sink.captured ?? "").split(separator: "\n").filter { $0.hasPrefix("gia-dinh-hoc-tap,") }
        #expect(lines.count == 360)
        #expect(!lines.contains { $0.contains("Long Hữu") })

        // Changing commune A: withdrawing its file names no file B can see; a raw UPDATE or
        // DELETE touches no row; importing a file of commune A is refused by the policy.
        var withdraw = ""
        let withdrawn = RegisterRunner(language: .vietnamese, registerPath: asB, criteriaPaths: [RegisterFixture.criteria])
            .importFiles(ImportRequest(paths: [], year: 2026, clerk: "b", withdraw: "ho-gia-dinh.csv"), output: &withdraw)
        #expect(withdrawn == 1)
        #expect(withdraw.contains("Không có tệp đang dùng nào tên \"ho-gia-dinh.csv\""), "\(withdraw)")
        let updated = try PostgresTestServer.execute(["UPDATE survey_file SET state = 'withdrawn' WHERE name = 'ho-gia-dinh.csv' RETURNING id"],
                                                     database: database, user: clerkB)
        #expect(updated.isEmpty)
        #expect(try PostgresTestServer.execute(["SELECT count(*) FROM file_unit WHERE commune = 'Long Hữu'"], database: database, user: clerkB)
            == [["0"]])
        #expect(throws: (any Error).self) {
            try PostgresTestServer.execute(["DELETE FROM survey_file"], database: database, user: clerkB)
        }
        var refused = ""
        let ofA = try fixture.write("ho-LK.csv", RegisterFixture.households(of: ["LK"]))
        let imported = RegisterRunner(language: .english, registerPath: asB, criteriaPaths: [RegisterFixture.criteria])
            .importFiles(ImportRequest(paths: [ofA], year: 2026, clerk: "b"), output: &refused)
        #expect(imported == 1)
        #expect(refused.contains("row-level security"), "\(refused)")
        // Commune A's rows as they were.
        #expect(try fixture.count("SELECT count(*) FROM survey_file WHERE state = 'current'") == 6)

        // Clerk A sees A's files; the province sees both communes and changes nothing.
        let registerA = try Register.open(path: PostgresTestServer.url(database: database, user: clerkA), create: false)
        #expect(Set(try registerA.files(year: 2026).map(\.name)) == ["ap.csv", "dong-ho.csv", "ho-gia-dinh.csv"])
        let asProvince = PostgresTestServer.url(database: database, user: province)
        #expect(try Register.open(path: asProvince, create: false).files(year: 2026).count == 6)
        var provinceImport = ""
        let hamletLD = try fixture.write("ho-LD.csv", RegisterFixture.households(of: ["LD"]))
        #expect(RegisterRunner(language: .vietnamese, registerPath: asProvince, criteriaPaths: [RegisterFixture.criteria])
            .importFiles(ImportRequest(paths: [hamletLD], year: 2026, clerk: "tinh"), output: &provinceImport) == 1)
    }
}
