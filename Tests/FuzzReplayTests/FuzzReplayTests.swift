import Foundation
import FuzzTargets
import Testing

/// Replays every seed of the fuzz corpus and every input that ever made a target fail
/// (`Fuzz/corpus/<target>/`, `Fuzz/regressions/<target>/`) through the same entry the fuzzer
/// uses. A crash fails the whole test run; each input must also end as the output contract
/// says: exit 0 with results, or exit 1 with a message that names what was wrong.
@Suite("Fuzz corpus and regressions replay", .serialized)
struct FuzzReplayTests {
    static func inputs(_ target: FuzzTarget) -> [URL] {
        let fuzz = FuzzTargets.repository.appendingPathComponent("Fuzz")
        return ["corpus", "regressions"].flatMap { kind -> [URL] in
            let folder = fuzz.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    @Test("every input ends in results or a message", arguments: FuzzTarget.allCases)
    func everyInputEndsInResultsOrAMessage(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(files.count >= 10, "the \(target) corpus has its seeds")
        for file in files {
            let outcome = FuzzTargets.run(target, [UInt8](try Data(contentsOf: file)))
            #expect(outcome.status == 0 || outcome.status == 1, "\(file.lastPathComponent): status \(outcome.status)")
            if outcome.status != 0 {
                #expect(outcome.messages.contains("LỖI"), "\(file.lastPathComponent): exit 1 without a message: \(outcome.messages)")
            } else {
                #expect(!outcome.output.isEmpty, "\(file.lastPathComponent): exit 0 without output")
            }
        }
    }

    @Test("the sample's own files through the csv and criteria targets give Samples/expected.csv")
    func sampleSeedsGiveTheExpectedResults() throws {
        let expected = try String(contentsOf: FuzzTargets.repository.appendingPathComponent("Samples/expected.csv"), encoding: .utf8)
        let households = try Data(contentsOf: FuzzTargets.repository.appendingPathComponent("Samples/long-huu/ho-gia-dinh.csv"))
        let csv = FuzzTargets.run(.csv, [UInt8](households))
        #expect(csv.status == 0 && csv.output == expected, "\(csv.messages)")
        let criteria = try Data(contentsOf: FuzzTargets.repository.appendingPathComponent("Criteria/gia-dinh-hoc-tap.xml"))
        let scored = FuzzTargets.run(.criteria, [UInt8](criteria))
        #expect(scored.status == 0 && scored.output == expected, "\(scored.messages)")
    }
}
