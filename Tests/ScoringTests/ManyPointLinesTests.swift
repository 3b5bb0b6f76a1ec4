import Criteria
import Foundation
import Reports
import Scoring
import Testing

/// No silent limit on point lines: an indicator with 1,000 lines scores the line the file says,
/// also past line 128 and 256 (a fired line stored in 8 bits would wrap there), through the row
/// memo and without it, and `explain` names the line.
@Suite("An indicator with 1,000 point lines")
struct ManyPointLinesTests {
    /// Lines `nguoi_lon_hoc_tap = k` for k in 0..<999, worth k mod 11 points, then otherwise 7.
    static let lines = 999
    static func linePoints(_ k: Int) -> Int { k % 11 }
    static let otherwisePoints = 7

    /// The shipped criteria with indicator 2.2 replaced by the 1,000 lines.
    static func criteria() throws -> CriteriaSet {
        let original = """
              <points value="10" when="nl ≤ 0"/>
              <points value="10" when="nguoi_lon_hoc_tap / nl ≥ 1"/>
              <points value="5" when="nguoi_lon_hoc_tap / nl ≥ 0.5"/>
              <otherwise value="0"/>
        """
        var replacement = ""
        for k in 0..<lines { replacement += "      <points value=\"\(linePoints(k))\" when=\"nguoi_lon_hoc_tap = \(k)\"/>\n" }
        replacement += "      <otherwise value=\"\(otherwisePoints)\"/>\n"
        return try loadCriteria(editing: ["gia-dinh-hoc-tap.xml": [
            (original, replacement),
            ("<field id=\"nguoi_lon_hoc_tap\" type=\"int\" min=\"0\" max=\"100\"", "<field id=\"nguoi_lon_hoc_tap\" type=\"int\" min=\"0\" max=\"100000\""),
        ]])
    }

    /// The values tried, and by the plain reading of the file: the line that fires (0-based) and its points.
    static let values = [0, 1, 5, 126, 127, 128, 129, 200, 255, 256, 257, 511, 731, 998, 999, 1000, 5000]
    static func expected(_ value: Int) -> (line: Int, points: Int) {
        value < lines ? (value, linePoints(value)) : (lines, otherwisePoints)
    }

    static func run(_ criteria: CriteriaSet, memoize: Bool) -> RunResults {
        var builder = DataBuilder(criteria: criteria)
        // Twice each value: the second of a pair is copied from the row memo.
        for _ in 0..<2 {
            for value in values { builder.add("gia-dinh-hoc-tap", perfectHousehold("K\(value)", ["nguoi_lon_hoc_tap": value])) }
        }
        var engine = ScoringEngine(criteria: criteria)
        engine.memoize = memoize
        return engine.score(builder.data)
    }

    @Test("every household scores the line the file says, with and without the row memo", arguments: [true, false])
    func scores(memoize: Bool) throws {
        let criteria = try Self.criteria()
        let model = try #require(criteria.model(id: "gia-dinh-hoc-tap"))
        let households = try #require(Self.run(criteria, memoize: memoize).model(id: "gia-dinh-hoc-tap"))
        let k = households.indicator("2.2")
        #expect(model.groups.flatMap(\.indicators)[k].rules.count == 1000)
        for row in 0..<households.count {
            let value = Int(try #require(Int(households.key(row: row).dropFirst())))
            let (line, points) = Self.expected(value)
            #expect(households.firedRule(row: row, indicator: k) == line, "K\(value)")
            #expect(households.points(row: row, indicator: k) == points, "K\(value)")
            // A perfect household earns the other 90 points.
            #expect(households.total(row) == 90 + points, "K\(value)")
        }
    }

    @Test("explain names the line that fired and its condition")
    func explain() throws {
        let run = Self.run(try Self.criteria(), memoize: true)
        let sink = OutputSink(capturing: ())
        #expect(ExplainReport(language: .vietnamese).write(key: "K731", model: nil, run: run, to: sink))
        let text = sink.captured ?? ""
        #expect(text.contains("dòng 732/1000: nguoi_lon_hoc_tap = 731"))
        #expect(text.contains(": \(Self.linePoints(731))/10\n"))
        let english = OutputSink(capturing: ())
        ExplainReport(language: .english).write(key: "K5000", model: nil, run: run, to: english)
        #expect((english.captured ?? "").contains("line 1000/1000: otherwise"))
    }
}
