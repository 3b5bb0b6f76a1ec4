import Machinery
/// The values of one entity while its rules are evaluated: fields, derived values, aggregates
/// and results, each in a numbered slot that the compiler assigned.
///
/// Compiled expressions read slots by index, so evaluating a rule never looks a name up. One
/// frame is reused for every row a thread evaluates; ``begin(row:)`` forgets the derived values
/// of the previous row.
///
/// ```swift
/// let frame = model.layout.makeFrame()
/// frame.begin(row: 0)
/// frame.numbers[slot] = Rational(integer: 3)
/// ```
public final class Frame {
    // Slots live in fixed buffers rather than arrays: every compiled rule reads them, and a
    // buffer's view needs no exclusivity check and no retain of an array buffer.
    private let numberSlots: FixedBuffer<Rational>
    private let boolSlots: FixedBuffer<Bool>
    private let textSlots: FixedBuffer<String>
    private let letStampSlots: FixedBuffer<Int>
    /// The number slots (fields, derived values, aggregates, results), by slot index.
    public let numbers: MutableColumnView<Rational>
    /// The yes/no slots, by slot index.
    public let bools: MutableColumnView<Bool>
    /// The text slots, by slot index.
    public let texts: MutableColumnView<String>
    /// Which row each derived value was last computed for.
    let letStamps: MutableColumnView<Int>
    var stamp: Int = 0
    /// The row being evaluated (an index into the model's record table).
    public private(set) var row: Int = -1
    /// Set when an expression divided by zero; the text of the division.
    public var divisionByZero: String?

    public init(numbers: Int, bools: Int, texts: Int, lets: Int) {
        numberSlots = FixedBuffer(repeating: .zero, count: max(numbers, 1))
        boolSlots = FixedBuffer(repeating: false, count: max(bools, 1))
        textSlots = FixedBuffer(repeating: "", count: max(texts, 1))
        letStampSlots = FixedBuffer(repeating: -1, count: max(lets, 1))
        self.numbers = numberSlots.view
        self.bools = boolSlots.view
        self.texts = textSlots.view
        self.letStamps = letStampSlots.view
    }

    /// Starts a new row: derived values are recomputed on first use.
    public func begin(row: Int) {
        self.row = row
        stamp &+= 1
        divisionByZero = nil
    }
}

/// A compiled expression of a known type, ready to evaluate against a ``Frame``.
public enum CompiledExpression: Sendable {
    case number(@Sendable (Frame) -> Rational)
    case boolean(@Sendable (Frame) -> Bool)
    case text(@Sendable (Frame) -> String)

    public var type: ValueType {
        switch self {
        case .number: .number
        case .boolean: .boolean
        case .text: .text
        }
    }

    /// The value as text for explanations (`3`, `0.65`, `có`, `HO0001`).
    public func display(_ frame: Frame, language: Language = .vietnamese) -> String {
        switch self {
        case .number(let f): return f(frame).decimalString(separator: language == .vietnamese ? "," : ".")
        case .boolean(let f): return f(frame) ? language.pick("có", "yes") : language.pick("không", "no")
        case .text(let f): return f(frame)
        }
    }
}

/// The three value types of the expression language.
public enum ValueType: String, Sendable {
    case number, boolean, text

    init(_ field: FieldType) {
        switch field {
        case .int: self = .number
        case .bool: self = .boolean
        case .text: self = .text
        }
    }
}

import TextSupport
