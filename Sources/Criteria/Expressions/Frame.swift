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
    // pointer read needs no exclusivity check, no bounds check and no retain of an array buffer.
    public let numbers: UnsafeMutablePointer<Rational>
    public let bools: UnsafeMutablePointer<Bool>
    public let texts: UnsafeMutablePointer<String>
    /// Which row each derived value was last computed for.
    let letStamps: UnsafeMutablePointer<Int>
    private let counts: (numbers: Int, bools: Int, texts: Int, lets: Int)
    var stamp: Int = 0
    /// The row being evaluated (an index into the model's record table).
    public private(set) var row: Int = -1
    /// Set when an expression divided by zero; the text of the division.
    public var divisionByZero: String?

    public init(numbers: Int, bools: Int, texts: Int, lets: Int) {
        counts = (numbers, bools, texts, lets)
        self.numbers = .allocate(capacity: max(numbers, 1))
        self.numbers.initialize(repeating: .zero, count: max(numbers, 1))
        self.bools = .allocate(capacity: max(bools, 1))
        self.bools.initialize(repeating: false, count: max(bools, 1))
        self.texts = .allocate(capacity: max(texts, 1))
        self.texts.initialize(repeating: "", count: max(texts, 1))
        self.letStamps = .allocate(capacity: max(lets, 1))
        self.letStamps.initialize(repeating: -1, count: max(lets, 1))
    }

    deinit {
        numbers.deinitialize(count: max(counts.numbers, 1))
        numbers.deallocate()
        bools.deallocate()
        texts.deinitialize(count: max(counts.texts, 1))
        texts.deallocate()
        letStamps.deallocate()
    }

    /// Starts a new row: derived values are recomputed on first use.
    public func begin(row: Int) {
        self.row = row
        stamp &+= 1
        divisionByZero = nil
    }
}

/// A compiled expression of a known type, ready to evaluate against a ``Frame``.
public enum CompiledExpression: @unchecked Sendable {
    case number((Frame) -> Rational)
    case boolean((Frame) -> Bool)
    case text((Frame) -> String)

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
