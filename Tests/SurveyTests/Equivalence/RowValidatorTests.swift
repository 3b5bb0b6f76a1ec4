import Criteria
import Records
import Testing
@testable import Survey

@Suite("One row validator for both reading paths")
struct RowValidatorTests {
    static let households = Fixture.criteria.models.first { $0.id == "gia-dinh-hoc-tap" }!

    @Test("a whole number is tested against the minimum, then the maximum, then the range a table stores")
    func numberVerdicts() throws {
        let validator = RowValidator(model: Self.households)
        let field = try #require(Self.households.fieldIndex["tre_do_tuoi"])
        let rule = validator.fields[field]
        #expect(rule.kind == .int && rule.hasMinimum && rule.hasMaximum)
        #expect(rule.verdict(0) == .valid)
        #expect(rule.verdict(50) == .valid)
        #expect(rule.verdict(-1) == .belowMinimum)
        #expect(rule.verdict(51) == .aboveMaximum)
        let unbounded = RowValidator.FieldRule(kind: .int, slot: 0, required: false, hasMinimum: false, hasMaximum: false,
                                               minimum: 0, maximum: 0)
        #expect(unbounded.verdict(RecordTable.intRange.upperBound) == .valid)
        #expect(unbounded.verdict(RecordTable.intRange.upperBound + 1) == .outOfRange)
        #expect(unbounded.verdict(RecordTable.intRange.lowerBound - 1) == .outOfRange)
        // The quick path's test is the same rule.
        for number: Int64 in [-1, 0, 50, 51, Int64.min, Int64.max] {
            #expect(rule.accepts(number) == (rule.verdict(number) == .valid))
            #expect(unbounded.accepts(number) == (unbounded.verdict(number) == .valid))
        }
    }

    @Test("only a required text may not be blank")
    func blankTexts() {
        let validator = RowValidator(model: Self.households)
        for (index, field) in Self.households.definition.fields.enumerated() where field.type == .text {
            let rule = validator.fields[index]
            #expect(rule.acceptsText(isEmpty: false))
            #expect(rule.acceptsText(isEmpty: true) == !field.required)
        }
    }

    @Test("the checks are run in order; the quick path stops at the first failure, the full path hears of each")
    func checks() throws {
        let model = Self.households
        let intake = ModelIntake(model: model)
        let validator = intake.validator
        #expect(validator.hasChecks)
        let values = RowValues(table: intake.table)
        let frame = model.layout.makeFrame()
        // Every count 0 but the exempted and attending children, above the children of age.
        let ints = values.ints.view
        for slot in ints.indices { ints[slot] = 0 }
        ints[model.fieldSlots[try #require(model.fieldIndex["tre_mien"])]] = 3
        ints[model.fieldSlots[try #require(model.fieldIndex["tre_den_truong"])]] = 2
        var failed: [Int] = []
        #expect(!validator.runChecks(on: values, frame: frame, row: 0) { failed.append($0); return true })
        #expect(failed.count >= 2 && failed == failed.sorted())
        var asked = 0
        #expect(!validator.runChecks(on: values, frame: frame, row: 0) { _ in asked += 1; return false })
        #expect(asked == 1)
        for slot in ints.indices { ints[slot] = 0 }
        #expect(validator.runChecks(on: values, frame: frame, row: 0) { _ in Issue.record("no check fails"); return true })
    }
}
