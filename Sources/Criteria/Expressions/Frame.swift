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
    /// Set when an expression could not be evaluated on this row: the text of the division
    /// by zero, or of the operation whose result did not fit (as ``EvaluationFailure`` records
    /// it). The first failure is kept.
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

    /// Notes that the operation `text` gave a number too large for 64-bit fractions
    /// (``Rational/overflow``), unless an earlier failure of this row is already noted.
    public func noteOverflow(_ text: String) {
        if divisionByZero == nil { divisionByZero = EvaluationFailure.overflow(expression: text).recorded }
    }

    /// Starts a new row: derived values are recomputed on first use.
    public func begin(row: Int) {
        self.row = row
        stamp &+= 1
        divisionByZero = nil
    }
}

/// Why an expression could not be evaluated on a row, as ``Frame/divisionByZero`` (and every
/// place that passes that text on) records it: a division's text as it is, or an overflowing
/// operation's text behind a mark that no criteria text can hold (XML forbids U+0001).
///
/// ```swift
/// EvaluationFailure(recorded: frame.divisionByZero!)   // .overflow(expression: "tre * 9223372036854775807")
/// ```
public enum EvaluationFailure: Sendable, Equatable {
    case divisionByZero(expression: String)
    case overflow(expression: String)

    private static let overflowMark = "\u{1}"

    public init(recorded: String) {
        if recorded.hasPrefix(Self.overflowMark) {
            self = .overflow(expression: String(recorded.dropFirst(Self.overflowMark.count)))
        } else {
            self = .divisionByZero(expression: recorded)
        }
    }

    /// The text a frame records.
    public var recorded: String {
        switch self {
        case .divisionByZero(let expression): expression
        case .overflow(let expression): Self.overflowMark + expression
        }
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
