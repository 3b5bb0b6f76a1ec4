import Criteria
import Foundation
import Testing

/// `<targets>` in the criteria files (issue 16): the programme's target shares, read exactly.
@Suite struct TargetsTests {
    static func model(_ id: String, in folder: String = CriteriaFixtures.shippedFolder) throws -> ModelDefinition {
        let report = CriteriaLoader().load(paths: [folder])
        #expect(report.isUsable, "\(report.diagnostics.map { $0.message(in: .english) })")
        return try #require(report.criteria.model(id: id)).definition
    }

    /// The published figures: 387/QĐ-TTg (2022) for 2025, 281/QĐ-TTg (2014) for 2020 with the
    /// disadvantaged areas' lower shares.
    @Test("the shipped files carry the published targets", arguments: [
        ("gia-dinh-hoc-tap", 7_000, 7_000, 6_000),
        ("dong-ho-hoc-tap", 6_500, 5_000, 4_000),
        ("cong-dong-hoc-tap", 6_500, 6_000, 5_000),
    ])
    func shippedTargets(_ id: String, _ by2025: Int, _ by2020: Int, _ by2020Disadvantaged: Int) throws {
        let model = try Self.model(id)
        #expect(model.target(year: 2025)?.tenThousandths == by2025)
        #expect(model.target(year: 2025)?.basis?.contains("387/QĐ-TTg") == true)
        #expect(model.target(year: 2020)?.tenThousandths == by2020)
        #expect(model.target(year: 2020, conditions: ["vung_kho_khan"])?.tenThousandths == by2020Disadvantaged)
        #expect(model.target(year: 2020)?.basis?.contains("281/QĐ-TTg") == true)
        // 2025 has no conditional target: the plain one applies to disadvantaged areas too.
        #expect(model.target(year: 2025, conditions: ["vung_kho_khan"])?.tenThousandths == by2025)
        #expect(model.targets.allSatisfy { $0.base == .registered })
    }

    @Test("a year between milestones takes the next one; after the last, none")
    func milestones() throws {
        let model = try Self.model("gia-dinh-hoc-tap")
        #expect(model.target(year: 2016)?.year == 2020)
        #expect(model.target(year: 2021)?.year == 2025)
        #expect(model.target(year: 2026) == nil)
    }

    @Test("needed entities: the smallest count reaching the share, in whole numbers")
    func needed() {
        let target = TargetDefinition(year: 2025, tenThousandths: 7_000, location: SourceLocation(file: "x", line: 1))
        #expect(target.needed(of: 10) == 7)
        #expect(target.needed(of: 11) == 8)    // 7.7 → 8
        #expect(target.needed(of: 0) == 0)
        #expect(TargetDefinition.tenThousandths("0.7") == 7_000)
        #expect(TargetDefinition.tenThousandths("0.6429") == 6_429)
        #expect(TargetDefinition.tenThousandths("1") == 10_000)
        #expect(TargetDefinition.tenThousandths("1.5") == nil)
    }

    /// A copy of the shipped households file with its targets replaced.
    static func withTargets(_ targets: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var xml = try String(contentsOfFile: CriteriaFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        let start = try #require(xml.range(of: "\n  <targets"))
        let end = try #require(xml.range(of: "</model>"))
        xml.replaceSubrange(start.lowerBound..<end.lowerBound, with: "\n" + targets + "\n")
        let path = folder.appendingPathComponent("gia-dinh-hoc-tap.xml").path
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a share above 1, with five decimals, or a base not known is refused by the schema with its line")
    func schemaRefusesBadShares() throws {
        for bad in ["share=\"1.2\"", "share=\"0.70001\"", "share=\"0.7\" base=\"households\""] {
            let path = try Self.withTargets("  <targets basis=\"test\">\n    <target year=\"2025\" \(bad)/>\n  </targets>")
            let report = CriteriaLoader().load(paths: [path])
            #expect(!report.isUsable, "\(bad) should be refused")
            #expect(report.diagnostics.contains { $0.location.line > 200 }, "\(report.diagnostics.map { $0.message(in: .english) })")
        }
    }

    @Test("two targets for the same year and condition are a mistake named with its line")
    func duplicateTarget() throws {
        let path = try Self.withTargets("  <targets basis=\"a\">\n    <target year=\"2025\" share=\"0.70\"/>\n  </targets>\n  <targets basis=\"b\">\n    <target year=\"2025\" share=\"0.75\"/>\n  </targets>")
        let report = CriteriaLoader().load(paths: [path])
        #expect(!report.isUsable)
        #expect(report.diagnostics.contains { $0.message(in: .english).contains("2025") })
    }

    @Test("a criteria file without targets is still valid; the summary then shows none")
    func noTargets() throws {
        let path = try Self.withTargets("")
        let report = CriteriaLoader().load(paths: [path])
        #expect(report.isUsable)
        #expect(report.criteria.model(id: "gia-dinh-hoc-tap")?.definition.target(year: 2025) == nil)
    }
}
