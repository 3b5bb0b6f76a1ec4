/// The parsed form of a criteria expression, before names are resolved.
///
/// Positions are 1-based character columns in the expression text, so an error can point at
/// the exact place an editor typed.
public indirect enum Syntax: Sendable {
    case number(Rational, column: Int)
    case boolean(Bool, column: Int)
    case text(String, column: Int)
    case name(String, column: Int)
    case negate(Syntax, column: Int)
    case not(Syntax, column: Int)
    case binary(BinaryOperator, Syntax, Syntax, column: Int)
    case conditional(Syntax, Syntax, Syntax, column: Int)
    case call(String, [Syntax], column: Int)
    case aggregate(AggregateKind, relation: String, filter: Syntax?, value: Syntax?, column: Int)

    public var column: Int {
        switch self {
        case .number(_, let c), .boolean(_, let c), .text(_, let c), .name(_, let c), .negate(_, let c),
             .not(_, let c), .binary(_, _, _, let c), .conditional(_, _, _, let c), .call(_, _, let c),
             .aggregate(_, _, _, _, let c):
            return c
        }
    }

    /// The height of the tree (a leaf is 1): how deep walking it recurses. The parser never
    /// builds a tree higher than ``InputLimits/expressionDepth``.
    public var height: Int {
        switch self {
        case .number, .boolean, .text, .name: 1
        case .negate(let e, _), .not(let e, _): e.height + 1
        case .binary(_, let a, let b, _): Swift.max(a.height, b.height) + 1
        case .conditional(let a, let b, let c, _): Swift.max(a.height, b.height, c.height) + 1
        case .call(_, let args, _): (args.map(\.height).max() ?? 0) + 1
        case .aggregate(_, _, let filter, let value, _): Swift.max(filter?.height ?? 0, value?.height ?? 0) + 1
        }
    }

    /// Every plain name the expression reads, in first-use order (for explanations).
    public var referencedNames: [String] {
        var seen: [String] = []
        collectNames(into: &seen)
        return seen
    }

    private func collectNames(into names: inout [String]) {
        switch self {
        case .number, .boolean, .text: break
        case .name(let n, _): if !names.contains(n) { names.append(n) }
        case .negate(let e, _), .not(let e, _): e.collectNames(into: &names)
        case .binary(_, let a, let b, _): a.collectNames(into: &names); b.collectNames(into: &names)
        case .conditional(let a, let b, let c, _):
            a.collectNames(into: &names); b.collectNames(into: &names); c.collectNames(into: &names)
        case .call(_, let args, _): for a in args { a.collectNames(into: &names) }
        case .aggregate: break
        }
    }
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "=", notEqual = "≠", less = "<", lessOrEqual = "≤", greater = ">", greaterOrEqual = "≥"
    case and, or

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
}

/// Aggregates over the related entities of a relation (`count(ho where certified)`).
public enum AggregateKind: String, Sendable, CaseIterable {
    /// `count(rel)` or `count(rel where cond)`: how many.
    case count
    /// `sum(rel: expr)` or `sum(rel where cond: expr)`: the sum of a number.
    case sum
    /// `any(rel: cond)`: true when at least one matches.
    case any
    /// `all(rel: cond)`: true when every one matches (true when there are none).
    case all
    /// `ratio(rel where cond)`: the share that match; an error when there are none.
    case ratio
}
