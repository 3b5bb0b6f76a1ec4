import Criteria
import Machinery
import Records

/// The one set of rules a data row must meet to become a record, derived once per model from
/// its compiled fields and checks:
///
/// - each field's rule (``FieldRule``): a required text is not blank; a whole number is one,
///   within the field's minimum and maximum and the range a table stores; a tick box is yes or no;
/// - then, once every value could be read, every cross-field check of the model holds.
///
/// Both reading paths run these rules. The full path (``ModelIntake/take(_:binding:plan:origin:source:headerColumns:extraProblems:)``)
/// asks for each verdict and words a problem for each broken rule; the quick path
/// (``CSVFastRows``) asks the same questions and gives up at the first rule broken, building no
/// message, so that the full path then finds and words the problem.
///
/// ```swift
/// let validator = RowValidator(model: households)
/// switch validator.fields[field].verdict(number) { case .valid: … case .belowMinimum: … }   // full path
/// guard validator.fields[field].accepts(number) else { return nil }                        // quick path
/// if validator.runChecks(on: values, frame: frame, row: n, failed: { _ in false }) { … }
/// ```
struct RowValidator {
    /// The rule of one field, with where its value goes in the row (its slot among the fields of
    /// its type, ``CompiledModel/fieldSlots``).
    struct FieldRule {
        enum Kind: UInt8 { case text, int, bool }

        /// What a whole number is, against the field's bounds.
        enum NumberVerdict { case valid, belowMinimum, aboveMaximum, outOfRange }

        let kind: Kind
        let slot: Int
        let required: Bool
        let hasMinimum: Bool
        let hasMaximum: Bool
        let minimum: Int64
        let maximum: Int64
        /// The whole numbers that pass all three tests of ``verdict(_:)``: from the larger of the
        /// minimum and the least a table stores, to the smaller of the maximum and the most it stores.
        let acceptedLow: Int64
        let acceptedHigh: Int64

        init(kind: Kind, slot: Int, required: Bool, hasMinimum: Bool, hasMaximum: Bool, minimum: Int64, maximum: Int64) {
            self.kind = kind
            self.slot = slot
            self.required = required
            self.hasMinimum = hasMinimum
            self.hasMaximum = hasMaximum
            self.minimum = minimum
            self.maximum = maximum
            let stored = RecordTable.intRange
            acceptedLow = hasMinimum ? max(minimum, stored.lowerBound) : stored.lowerBound
            acceptedHigh = hasMaximum ? min(maximum, stored.upperBound) : stored.upperBound
        }

        /// Whether a whole number read for this field is acceptable: ``verdict(_:)`` is `.valid`.
        @inline(__always)
        func accepts(_ number: Int64) -> Bool { number >= acceptedLow && number <= acceptedHigh }

        /// The verdict on a whole number read for this field: the minimum is tested first, then
        /// the maximum, then the range a table stores (``RecordTable/intRange``).
        @inline(__always)
        func verdict(_ number: Int64) -> NumberVerdict {
            if accepts(number) { return .valid }
            if hasMinimum && number < minimum { return .belowMinimum }
            if hasMaximum && number > maximum { return .aboveMaximum }
            return .outOfRange
        }

        /// Whether a clean text (`isEmpty`: blank) is acceptable: only a required text may not be blank.
        @inline(__always)
        func acceptsText(isEmpty: Bool) -> Bool { !(required && isEmpty) }
    }

    /// One rule per field, in field order. A blank whole number is never acceptable, and a tick
    /// box must read as yes or no (blank is no).
    let fields: [FieldRule]
    /// The conditions of the model's checks, in order.
    private let conditions: [(Frame) -> Bool]
    /// Every check as a comparison of whole numbers, when every check is one: they are then
    /// tested on the row's numbers, with no frame.
    private let comparisons: FixedBuffer<WholeNumberComparison>?
    /// The text slots the checks' conditions read (directly or through derived values).
    private let checkTextSlots: [Int]

    init(model: CompiledModel) {
        fields = model.definition.fields.enumerated().map { index, field in
            let kind: FieldRule.Kind
            switch field.type {
            case .text: kind = .text
            case .int: kind = .int
            case .bool: kind = .bool
            }
            return FieldRule(kind: kind, slot: model.fieldSlots[index], required: field.required,
                             hasMinimum: field.minimum != nil, hasMaximum: field.maximum != nil,
                             minimum: field.minimum ?? 0, maximum: field.maximum ?? 0)
        }
        conditions = model.checks.map(\.condition)
        var slots = Set<Int>()
        for check in model.checks {
            for name in check.names {
                let fields = model.fieldIndex[name].map { [$0] } ?? model.letFields[name] ?? []
                for field in fields where model.fieldTypes[field] == .text { slots.insert(model.fieldSlots[field]) }
            }
        }
        checkTextSlots = slots.sorted()
        let plain = model.checks.compactMap(\.comparison)
        comparisons = plain.count == model.checks.count ? FixedBuffer(plain) : nil
    }

    var hasChecks: Bool { !conditions.isEmpty }

    /// Runs the model's checks, in order, on a row whose every value could be read, calling
    /// `failed` with the index of each check that does not hold until `failed` returns `false`.
    /// Returns whether every check held. `row` is the row's index in the table (for the frame).
    @inline(__always)
    func runChecks(on values: RowValues, frame: Frame, row: Int, failed: (Int) -> Bool) -> Bool {
        var passed = true
        if let comparisons {
            let numbers = values.ints.view
            for (index, comparison) in comparisons.view.enumerated() where !comparison.holds(numbers) {
                passed = false
                if !failed(index) { return false }
            }
            return passed
        }
        guard !conditions.isEmpty else { return true }
        frame.begin(row: row)
        load(values, into: frame, texts: checkTextSlots)
        for index in conditions.indices where !conditions[index](frame) {
            passed = false
            if !failed(index) { return false }
        }
        return passed
    }

    /// Copies the row's numbers and tick boxes, and the texts of `slots`, into the frame.
    @inline(__always)
    private func load(_ values: RowValues, into frame: Frame, texts slots: [Int]) {
        let ints = values.ints.view, bools = values.bools.view
        for k in ints.indices { frame.numbers[k] = Rational(integer: ints[unchecked: k]) }
        for k in bools.indices { frame.bools[k] = bools[unchecked: k] }
        for slot in slots { frame.texts[slot] = values.text(slot: slot) }
    }

    /// Loads every value of the row into the frame (started for `row`), for the messages of
    /// failed checks, which may show any value of the row.
    func loadForMessages(_ values: RowValues, into frame: Frame, row: Int) {
        frame.begin(row: row)
        load(values, into: frame, texts: Array(values.texts.view.indices))
    }
}
