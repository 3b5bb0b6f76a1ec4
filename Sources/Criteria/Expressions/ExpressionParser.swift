/// Parses the criteria expression language into ``Syntax``.
///
/// Grammar, loosest binding first:
/// ```
/// expr       := 'if' expr 'then' expr 'else' expr | or
/// or         := and ('or' and)*
/// and        := not ('and' not)*
/// not        := 'not' not | comparison
/// comparison := sum (('=' | '==' | '!=' | '≠' | '<>' | '<' | '<=' | '≤' | '>' | '>=' | '≥') sum)?
/// sum        := product (('+' | '-') product)*
/// product    := unary (('*' | '/') unary)*
/// unary      := '-' unary | primary
/// primary    := number | 'text' | "text" | true | false | name | '(' expr ')'
///             | min(expr, …) | max(expr, …)
///             | count(rel [where expr]) | ratio(rel where expr)
///             | sum(rel [where expr] : expr) | any(rel [where expr] : expr) | all(…)
/// ```
///
/// ```swift
/// let syntax = try ExpressionParser.parse("nguoi_lon_hoc_tap / nl ≥ 0.5")
/// ```
public struct ExpressionParser {
    enum Token: Equatable {
        case number(String)
        case text(String)
        case word(String)
        case symbol(String)
        case end

        var display: String {
            switch self {
            case .number(let s), .word(let s), .symbol(let s): return s
            case .text(let s): return "'\(s)'"
            case .end: return "…"
            }
        }
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    public static func parse(_ text: String) throws(ExpressionError) -> Syntax {
        var parser = ExpressionParser()
        parser.tokens = try tokenize(text)
        let result = try parser.expression()
        if parser.current.token != .end {
            throw ExpressionError(.unexpectedToken(found: parser.current.token.display, expected: "an operator or the end"),
                                  column: parser.current.column)
        }
        return result
    }

    static func tokenize(_ text: String) throws(ExpressionError) -> [(token: Token, column: Int)] {
        let chars = Array(text)
        var out: [(token: Token, column: Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c.isWhitespace { i += 1; continue }
            if c.isASCII && c.isNumber {
                var j = i
                while j < chars.count, (chars[j].isASCII && chars[j].isNumber) || chars[j] == "." { j += 1 }
                out.append((.number(String(chars[i..<j])), column))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                out.append((.word(String(chars[i..<j])), column))
                i = j
                continue
            }
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                guard j < chars.count else { throw ExpressionError(.unterminatedText, column: column) }
                out.append((.text(String(chars[(i + 1)..<j])), column))
                i = j + 1
                continue
            }
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let symbol: String
            switch c {
            case ">" where next == "=": symbol = "≥"; i += 2
            case "<" where next == "=": symbol = "≤"; i += 2
            case "<" where next == ">": symbol = "≠"; i += 2
            case "!" where next == "=": symbol = "≠"; i += 2
            case "=" where next == "=": symbol = "="; i += 2
            case "≥", "≤", "≠", "=", "<", ">", "+", "-", "*", "/", "(", ")", ",", ":":
                symbol = String(c); i += 1
            case "×": symbol = "*"; i += 1
            case "÷": symbol = "/"; i += 1
            default:
                throw ExpressionError(.unexpectedCharacter(c), column: column)
            }
            out.append((.symbol(symbol), column))
        }
        out.append((.end, chars.count + 1))
        return out
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func accept(_ symbol: String) -> Bool {
        if current.token == .symbol(symbol) || current.token == .word(symbol) {
            advance()
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String, _ description: String) throws(ExpressionError) {
        guard accept(symbol) else {
            if current.token == .end { throw ExpressionError(.unexpectedEnd, column: current.column) }
            throw ExpressionError(.unexpectedToken(found: current.token.display, expected: description), column: current.column)
        }
    }

    private mutating func expression() throws(ExpressionError) -> Syntax {
        let column = current.column
        if accept("if") {
            let condition = try expression()
            try expect("then", "'then'")
            let whenTrue = try expression()
            try expect("else", "'else'")
            let whenFalse = try expression()
            return .conditional(condition, whenTrue, whenFalse, column: column)
        }
        return try disjunction()
    }

    private mutating func disjunction() throws(ExpressionError) -> Syntax {
        var left = try conjunction()
        while true {
            let column = current.column
            guard accept("or") else { return left }
            left = .binary(.or, left, try conjunction(), column: column)
        }
    }

    private mutating func conjunction() throws(ExpressionError) -> Syntax {
        var left = try negation()
        while true {
            let column = current.column
            guard accept("and") else { return left }
            left = .binary(.and, left, try negation(), column: column)
        }
    }

    private mutating func negation() throws(ExpressionError) -> Syntax {
        let column = current.column
        if accept("not") { return .not(try negation(), column: column) }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> Syntax {
        let left = try sum()
        let column = current.column
        let operators: [(String, BinaryOperator)] = [
            ("=", .equal), ("≠", .notEqual), ("<", .less), ("≤", .lessOrEqual), (">", .greater), ("≥", .greaterOrEqual),
        ]
        for (symbol, op) in operators where current.token == .symbol(symbol) {
            advance()
            return .binary(op, left, try sum(), column: column)
        }
        return left
    }

    private mutating func sum() throws(ExpressionError) -> Syntax {
        var left = try product()
        while true {
            let column = current.column
            if accept("+") { left = .binary(.add, left, try product(), column: column) }
            else if accept("-") { left = .binary(.subtract, left, try product(), column: column) }
            else { return left }
        }
    }

    private mutating func product() throws(ExpressionError) -> Syntax {
        var left = try unary()
        while true {
            let column = current.column
            if accept("*") { left = .binary(.multiply, left, try unary(), column: column) }
            else if accept("/") { left = .binary(.divide, left, try unary(), column: column) }
            else { return left }
        }
    }

    private mutating func unary() throws(ExpressionError) -> Syntax {
        let column = current.column
        if accept("-") { return .negate(try unary(), column: column) }
        return try primary()
    }

    private mutating func primary() throws(ExpressionError) -> Syntax {
        let (token, column) = current
        switch token {
        case .number(let digits):
            guard let value = Rational(decimal: digits) else { throw ExpressionError(.badNumber(digits), column: column) }
            advance()
            return .number(value, column: column)
        case .text(let text):
            advance()
            return .text(text, column: column)
        case .symbol("("):
            advance()
            let inner = try expression()
            try expect(")", "')'")
            return inner
        case .word(let word):
            advance()
            switch word {
            case "true": return .boolean(true, column: column)
            case "false": return .boolean(false, column: column)
            case "if", "then", "else", "and", "or", "not", "where":
                throw ExpressionError(.unexpectedToken(found: word, expected: "a value"), column: column)
            default: break
            }
            guard accept("(") else { return .name(word, column: column) }
            if let kind = AggregateKind(rawValue: word) { return try aggregate(kind, column: column) }
            var arguments: [Syntax] = []
            if !accept(")") {
                repeat { arguments.append(try expression()) } while accept(",")
                try expect(")", "',' or ')'")
            }
            return .call(word, arguments, column: column)
        case .end:
            throw ExpressionError(.unexpectedEnd, column: column)
        case .symbol(let s):
            throw ExpressionError(.unexpectedToken(found: s, expected: "a value"), column: column)
        }
    }

    private mutating func aggregate(_ kind: AggregateKind, column: Int) throws(ExpressionError) -> Syntax {
        guard case .word(let relation) = current.token else {
            throw ExpressionError(.unexpectedToken(found: current.token.display, expected: "a relation name"), column: current.column)
        }
        advance()
        var filter: Syntax?
        if accept("where") { filter = try expression() }
        var value: Syntax?
        if accept(":") { value = try expression() }
        try expect(")", filter == nil ? "'where', ':' or ')'" : "':' or ')'")
        return .aggregate(kind, relation: relation, filter: filter, value: value, column: column)
    }
}
