import Criteria
import Machinery
import Testing

/// Checks such as `tre_mien ≤ tre_do_tuoi` are also compiled as plain comparisons of whole
/// numbers, which the survey reader tests on a row's numbers. They must answer as the compiled
/// condition does, for every value.
@Suite("Checks as comparisons of whole numbers")
struct CheckComparisonTests {
    @Test("every shipped household check is a comparison and agrees with its condition on values 0…6")
    func shippedChecksAgree() throws {
        let criteria = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.shippedFolder]).criteria
        let model = try #require(criteria.models.first { $0.id == "gia-dinh-hoc-tap" })
        #expect(model.checks.count == 7)
        let ints = model.definition.fields.filter { $0.type == .int }.count
        let storage = FixedBuffer<Int64>(zeroedCount: ints)
        let numbers = storage.view
        let frame = model.layout.makeFrame()
        for check in model.checks {
            let comparison = try #require(check.comparison, "\(check.definition.condition)")
            guard case .slot(let a) = comparison.left, case .slot(let b) = comparison.right else {
                Issue.record("\(check.definition.condition): expected two fields")
                continue
            }
            for x in 0...6 {
                for y in 0...6 {
                    for k in numbers.indices { numbers[k] = 0 }
                    numbers[a] = Int64(x)
                    numbers[b] = Int64(y)
                    frame.begin(row: 0)
                    for slot in 0..<ints { frame.numbers[slot] = Rational(integer: numbers[slot]) }
                    #expect(comparison.holds(numbers) == check.condition(frame), "\(check.definition.condition) at \(x), \(y)")
                }
            }
        }
        // By hand: "tre_mien ≤ tre_do_tuoi" holds for 2 exempted of 3 children, not for 3 of 2.
        let exempted = try #require(model.checks.first { $0.definition.field == "tre_mien" }?.comparison)
        guard case .slot(let mien) = exempted.left, case .slot(let tuoi) = exempted.right else { return }
        for k in numbers.indices { numbers[k] = 0 }
        numbers[mien] = 2; numbers[tuoi] = 3
        #expect(exempted.holds(numbers))
        numbers[mien] = 3; numbers[tuoi] = 2
        #expect(!exempted.holds(numbers))
    }
}
