/// Type-checks a ``Syntax`` tree and builds the closures that evaluate it.
///
/// Names are resolved once, here, through `resolve`; the closures it returns only read frame
/// slots. Aggregates are handed back to the caller (`aggregate`), who knows the relations.
enum ExpressionBuilder {
    typealias Resolve = (String, Int) throws(ExpressionError) -> CompiledExpression
    typealias Aggregate = (Syntax) throws(ExpressionError) -> CompiledExpression

    static func build(_ syntax: Syntax, resolve: Resolve, aggregate: Aggregate) throws(ExpressionError) -> CompiledExpression {
        switch syntax {
        case .number(let value, _):
            return .number { _ in value }
        case .boolean(let value, _):
            return .boolean { _ in value }
        case .text(let value, _):
            let normalized = value.precomposedStringWithCanonicalMapping
            return .text { _ in normalized }
        case .name(let name, let column):
            return try resolve(name, column)
        case .aggregate:
            return try aggregate(syntax)
        case .negate(let inner, _):
            if let value = try constant(syntax) { return .number { _ in value } }
            let f = try number(inner, "'-'", resolve, aggregate)
            let text = ExpressionPrinter.print(syntax)
            return .number { frame in
                let value = -f(frame)
                if value.isOverflow { frame.noteOverflow(text) }
                return value
            }
        case .not(let inner, _):
            let f = try boolean(inner, "'not'", resolve, aggregate)
            return .boolean { !f($0) }
        case .conditional(let c, let a, let b, _):
            let condition = try boolean(c, "'if'", resolve, aggregate)
            let whenTrue = try build(a, resolve: resolve, aggregate: aggregate)
            let whenFalse = try build(b, resolve: resolve, aggregate: aggregate)
            switch (whenTrue, whenFalse) {
            case (.number(let x), .number(let y)): return .number { condition($0) ? x($0) : y($0) }
            case (.boolean(let x), .boolean(let y)): return .boolean { condition($0) ? x($0) : y($0) }
            case (.text(let x), .text(let y)): return .text { condition($0) ? x($0) : y($0) }
            default:
                throw ExpressionError(.typeMismatch(context: "'else'", expected: whenTrue.type.rawValue, found: whenFalse.type.rawValue),
                                      column: b.column)
            }
        case .call(let name, let arguments, let column):
            guard name == "min" || name == "max" else { throw ExpressionError(.unknownFunction(name), column: column) }
            guard arguments.count >= 2 else {
                throw ExpressionError(.wrongArgumentCount(function: name, expected: "≥ 2", found: arguments.count), column: column)
            }
            var parts: [@Sendable (Frame) -> Rational] = []
            for argument in arguments { parts.append(try number(argument, name, resolve, aggregate)) }
            let isMin = name == "min"
            let pick: @Sendable (Rational, Rational) -> Rational = { a, b in isMin ? Rational.min(a, b) : Rational.max(a, b) }
            if parts.count == 2 {
                let a = parts[0], b = parts[1]
                return .number { pick(a($0), b($0)) }
            }
            let all = parts
            return .number { frame in all.dropFirst().reduce(all[0](frame)) { pick($0, $1(frame)) } }
        case .binary(let op, let left, let right, _):
            return try binary(op, left, right, syntax, resolve, aggregate)
        }
    }

    /// The value of an arithmetic expression of constants only (`2 * 0.5`, `-(3 - 4)`), worked
    /// out once here; `nil` when it reads anything else or divides by zero (which stays an
    /// error of the rows that reach it). A result too large for the program's numbers is an
    /// error of the criteria file, naming the operation.
    static func constant(_ syntax: Syntax) throws(ExpressionError) -> Rational? {
        let value: Rational
        switch syntax {
        case .number(let number, _):
            return number
        case .negate(let inner, _):
            guard let x = try constant(inner) else { return nil }
            value = -x
        case .binary(let op, let left, let right, _) where op.isArithmetic:
            guard let x = try constant(left), let y = try constant(right) else { return nil }
            switch op {
            case .add: value = x + y
            case .subtract: value = x - y
            case .multiply: value = x * y
            default:
                guard let quotient = Rational.divide(x, by: y) else { return nil }
                value = quotient
            }
        default:
            return nil
        }
        if value.isOverflow { throw ExpressionError(.overflow(ExpressionPrinter.print(syntax)), column: syntax.column) }
        return value
    }

    private static func number(_ syntax: Syntax, _ context: String, _ resolve: Resolve,
                               _ aggregate: Aggregate) throws(ExpressionError) -> @Sendable (Frame) -> Rational {
        let built = try build(syntax, resolve: resolve, aggregate: aggregate)
        guard case .number(let f) = built else {
            throw ExpressionError(.typeMismatch(context: context, expected: "number", found: built.type.rawValue), column: syntax.column)
        }
        return f
    }

    private static func boolean(_ syntax: Syntax, _ context: String, _ resolve: Resolve,
                                _ aggregate: Aggregate) throws(ExpressionError) -> @Sendable (Frame) -> Bool {
        let built = try build(syntax, resolve: resolve, aggregate: aggregate)
        guard case .boolean(let f) = built else {
            throw ExpressionError(.typeMismatch(context: context, expected: "boolean", found: built.type.rawValue), column: syntax.column)
        }
        return f
    }

    private static func binary(_ op: BinaryOperator, _ left: Syntax, _ right: Syntax, _ whole: Syntax,
                               _ resolve: Resolve, _ aggregate: Aggregate) throws(ExpressionError) -> CompiledExpression {
        let context = "'\(op.rawValue)'"
        switch op {
        case .and:
            let a = try boolean(left, context, resolve, aggregate), b = try boolean(right, context, resolve, aggregate)
            return .boolean { a($0) && b($0) }
        case .or:
            let a = try boolean(left, context, resolve, aggregate), b = try boolean(right, context, resolve, aggregate)
            return .boolean { a($0) || b($0) }
        case .add, .subtract, .multiply, .divide:
            if let value = try constant(whole) { return .number { _ in value } }
            let a = try number(left, context, resolve, aggregate), b = try number(right, context, resolve, aggregate)
            // Checked: a result that does not fit is noted on the frame by this operation's
            // text (the row becomes an error row), never trapped or wrapped.
            let text = ExpressionPrinter.print(whole)
            switch op {
            case .add:
                return .number { frame in
                    let value = a(frame) + b(frame)
                    if value.isOverflow { frame.noteOverflow(text) }
                    return value
                }
            case .subtract:
                return .number { frame in
                    let value = a(frame) - b(frame)
                    if value.isOverflow { frame.noteOverflow(text) }
                    return value
                }
            case .multiply:
                return .number { frame in
                    let value = a(frame) * b(frame)
                    if value.isOverflow { frame.noteOverflow(text) }
                    return value
                }
            default:
                return .number { frame in
                    if let quotient = Rational.divide(a(frame), by: b(frame)) {
                        if quotient.isOverflow { frame.noteOverflow(text) }
                        return quotient
                    }
                    if frame.divisionByZero == nil { frame.divisionByZero = text }
                    return .zero
                }
            }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let a = try build(left, resolve: resolve, aggregate: aggregate)
            let b = try build(right, resolve: resolve, aggregate: aggregate)
            switch (a, b) {
            case (.number(let x), .number(let y)):
                switch op {
                case .equal: return .boolean { x($0) == y($0) }
                case .notEqual: return .boolean { x($0) != y($0) }
                case .less: return .boolean { x($0) < y($0) }
                case .lessOrEqual: return .boolean { x($0) <= y($0) }
                case .greater: return .boolean { x($0) > y($0) }
                default: return .boolean { x($0) >= y($0) }
                }
            case (.boolean(let x), .boolean(let y)) where op == .equal || op == .notEqual:
                return op == .equal ? .boolean { x($0) == y($0) } : .boolean { x($0) != y($0) }
            case (.text(let x), .text(let y)) where op == .equal || op == .notEqual:
                return op == .equal ? .boolean { x($0) == y($0) } : .boolean { x($0) != y($0) }
            default:
                let expected = a.type == .number || a.type != b.type ? a.type.rawValue : "number"
                let found = b.type.rawValue
                let column = a.type == b.type ? whole.column : right.column
                throw ExpressionError(.typeMismatch(context: context, expected: expected, found: found), column: column)
            }
        }
    }
}

/// Writes a ``Syntax`` tree back as text, with the canonical operator spellings.
public enum ExpressionPrinter {
    public static func print(_ syntax: Syntax) -> String {
        switch syntax {
        case .number(let value, _): return value.decimalString(digits: 12)
        case .boolean(let value, _): return value ? "true" : "false"
        case .text(let value, _): return "'\(value)'"
        case .name(let name, _): return name
        case .negate(let e, _): return "-\(wrapped(e))"
        case .not(let e, _): return "not \(wrapped(e))"
        case .binary(let op, let a, let b, _): return "\(wrapped(a)) \(op.rawValue) \(wrapped(b))"
        case .conditional(let c, let a, let b, _): return "if \(print(c)) then \(print(a)) else \(print(b))"
        case .call(let name, let args, _): return "\(name)(\(args.map(print).joined(separator: ", ")))"
        case .aggregate(let kind, let relation, let filter, let value, _):
            var s = "\(kind.rawValue)(\(relation)"
            if let filter { s += " where \(print(filter))" }
            if let value { s += ": \(print(value))" }
            return s + ")"
        }
    }

    private static func wrapped(_ syntax: Syntax) -> String {
        switch syntax {
        case .binary, .conditional: return "(\(print(syntax)))"
        default: return print(syntax)
        }
    }
}
