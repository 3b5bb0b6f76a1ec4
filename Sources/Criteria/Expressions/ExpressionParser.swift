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
    /// How many `expression()` calls are open (parentheses, `if`, arguments): the parser's own
    /// recursion, held to ``InputLimits/expressionDepth``.
    private var nesting = 0

    /// A parsed piece and the height of its tree (a leaf is 1). Every walk over a ``Syntax`` —
    /// type-checking, compiling, printing, and the closures that evaluate it — recurses as deep
    /// as this height, so no node higher than ``InputLimits/expressionDepth`` is ever built.
    private struct Node {
        var syntax: Syntax
        var height: Int
    }

    /// Chains of `and` / `or` up to this many operands are built left-deep, as they are read;
    /// longer ones (a list of accepted codes) are built as a balanced tree of such runs, so that
    /// a chain's length does not become depth. Both operators are associative and evaluate left
    /// to right either way, stopping at the same operand.
    static let leftDeepRun = 8

    public static func parse(_ text: String) throws(ExpressionError) -> Syntax {
        let limit = InputLimits.expressionCharacters
        var count = 0
        for _ in text.unicodeScalars {
            count += 1
            if count > limit { break }
        }
        if count > limit {
            throw ExpressionError(.tooLong(count: text.count, limit: limit), column: limit + 1)
        }
        var parser = ExpressionParser()
        parser.tokens = try tokenize(text)
        let result = try parser.expression()
        if parser.current.token != .end {
            throw ExpressionError(.unexpectedToken(found: parser.current.token.display, expected: "an operator or the end"),
                                  column: parser.current.column)
        }
        return result.syntax
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
                j = Self.relationFieldEnd(chars, after: j)
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

    /// A node over `children`, refused when it would be higher than the limit.
    private func node(_ syntax: Syntax, over children: Node?...) throws(ExpressionError) -> Node {
        var height = 0
        for child in children { if let child { height = Swift.max(height, child.height) } }
        height += 1
        if height > InputLimits.expressionDepth {
            throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: syntax.column)
        }
        return Node(syntax: syntax, height: height)
    }

    private mutating func expression() throws(ExpressionError) -> Node {
        let column = current.column
        nesting += 1
        defer { nesting -= 1 }
        if nesting > InputLimits.expressionDepth {
            throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: column)
        }
        if accept("if") {
            let condition = try expression()
            try expect("then", "'then'")
            let whenTrue = try expression()
            try expect("else", "'else'")
            let whenFalse = try expression()
            return try node(.conditional(condition.syntax, whenTrue.syntax, whenFalse.syntax, column: column),
                            over: condition, whenTrue, whenFalse)
        }
        return try disjunction()
    }

    private mutating func disjunction() throws(ExpressionError) -> Node {
        var operands = [try conjunction()]
        var columns: [Int] = [0]
        while true {
            let column = current.column
            guard accept("or") else { break }
            columns.append(column)
            operands.append(try conjunction())
        }
        return try chain(.or, operands, columns, operands.indices)
    }

    private mutating func conjunction() throws(ExpressionError) -> Node {
        var operands = [try negation()]
        var columns: [Int] = [0]
        while true {
            let column = current.column
            guard accept("and") else { break }
            columns.append(column)
            operands.append(try negation())
        }
        return try chain(.and, operands, columns, operands.indices)
    }

    /// `operands[range]` joined by `op` (`columns[i]`: where the operator before operand `i`
    /// stands): left-deep for a short run, otherwise two balanced halves.
    private func chain(_ op: BinaryOperator, _ operands: [Node], _ columns: [Int], _ range: Range<Int>) throws(ExpressionError) -> Node {
        if range.count > Self.leftDeepRun {
            let middle = range.lowerBound + range.count / 2
            let left = try chain(op, operands, columns, range.lowerBound..<middle)
            let right = try chain(op, operands, columns, middle..<range.upperBound)
            return try node(.binary(op, left.syntax, right.syntax, column: columns[middle]), over: left, right)
        }
        var left = operands[range.lowerBound]
        for i in (range.lowerBound + 1)..<range.upperBound {
            left = try node(.binary(op, left.syntax, operands[i].syntax, column: columns[i]), over: left, operands[i])
        }
        return left
    }

    private mutating func negation() throws(ExpressionError) -> Node {
        // `not not … x`: read in a loop, built inside out (no recursion per `not`).
        var columns: [Int] = []
        while true {
            let column = current.column
            guard accept("not") else { break }
            columns.append(column)
            if columns.count > InputLimits.expressionDepth {
                throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: column)
            }
        }
        var inner = try comparison()
        for column in columns.reversed() { inner = try node(.not(inner.syntax, column: column), over: inner) }
        return inner
    }

    private mutating func comparison() throws(ExpressionError) -> Node {
        let left = try sum()
        let column = current.column
        let operators: [(String, BinaryOperator)] = [
            ("=", .equal), ("≠", .notEqual), ("<", .less), ("≤", .lessOrEqual), (">", .greater), ("≥", .greaterOrEqual),
        ]
        for (symbol, op) in operators where current.token == .symbol(symbol) {
            advance()
            let right = try sum()
            return try node(.binary(op, left.syntax, right.syntax, column: column), over: left, right)
        }
        return left
    }

    private mutating func sum() throws(ExpressionError) -> Node {
        var left = try product()
        while true {
            let column = current.column
            let op: BinaryOperator
            if accept("+") { op = .add } else if accept("-") { op = .subtract } else { return left }
            let right = try product()
            left = try node(.binary(op, left.syntax, right.syntax, column: column), over: left, right)
        }
    }

    private mutating func product() throws(ExpressionError) -> Node {
        var left = try unary()
        while true {
            let column = current.column
            let op: BinaryOperator
            if accept("*") { op = .multiply } else if accept("/") { op = .divide } else { return left }
            let right = try unary()
            left = try node(.binary(op, left.syntax, right.syntax, column: column), over: left, right)
        }
    }

    private mutating func unary() throws(ExpressionError) -> Node {
        // `- - … x`: read in a loop, built inside out.
        var columns: [Int] = []
        while true {
            let column = current.column
            guard accept("-") else { break }
            columns.append(column)
            if columns.count > InputLimits.expressionDepth {
                throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: column)
            }
        }
        var inner = try primary()
        for column in columns.reversed() { inner = try node(.negate(inner.syntax, column: column), over: inner) }
        return inner
    }

    private mutating func primary() throws(ExpressionError) -> Node {
        let (token, column) = current
        switch token {
        case .number(let digits):
            guard let value = Rational(decimal: digits) else { throw ExpressionError(.badNumber(digits), column: column) }
            advance()
            return Node(syntax: .number(value, column: column), height: 1)
        case .text(let text):
            advance()
            return Node(syntax: .text(text, column: column), height: 1)
        case .symbol("("):
            advance()
            let inner = try expression()
            try expect(")", "')'")
            return inner
        case .word(let word):
            advance()
            switch word {
            case "true": return Node(syntax: .boolean(true, column: column), height: 1)
            case "false": return Node(syntax: .boolean(false, column: column), height: 1)
            case "if", "then", "else", "and", "or", "not", "where":
                throw ExpressionError(.unexpectedToken(found: word, expected: "a value"), column: column)
            default: break
            }
            guard accept("(") else { return Node(syntax: .name(word, column: column), height: 1) }
            if let kind = AggregateKind(rawValue: word) { return try aggregate(kind, column: column) }
            var arguments: [Node] = []
            if !accept(")") {
                repeat { arguments.append(try expression()) } while accept(",")
                try expect(")", "',' or ')'")
            }
            let tallest = arguments.max { $0.height < $1.height }
            return try node(.call(word, arguments.map(\.syntax), column: column), over: tallest)
        case .end:
            throw ExpressionError(.unexpectedEnd, column: column)
        case .symbol(let s):
            throw ExpressionError(.unexpectedToken(found: s, expected: "a value"), column: column)
        }
    }

    private mutating func aggregate(_ kind: AggregateKind, column: Int) throws(ExpressionError) -> Node {
        guard case .word(let relation) = current.token else {
            throw ExpressionError(.unexpectedToken(found: current.token.display, expected: "a relation name"), column: current.column)
        }
        advance()
        var filter: Node?
        if accept("where") { filter = try expression() }
        var value: Node?
        if accept(":") { value = try expression() }
        try expect(")", filter == nil ? "'where', ':' or ')'" : "':' or ')'")
        return try node(.aggregate(kind, relation: relation, filter: filter?.syntax, value: value?.syntax, column: column),
                        over: filter, value)
    }
}

// MARK: - Fields read through a relation (`ap.vung_kho_khan`)

extension ExpressionParser {
    /// Where a name read through a relation ends: `ap.vung_kho_khan` is one name (a relation,
    /// a dot, a field of the related entity). `j` is the end of the first part; without a dot
    /// followed by a letter or `_` there, the name ends at `j`.
    static func relationFieldEnd(_ chars: [Character], after j: Int) -> Int {
        guard j + 1 < chars.count, chars[j] == ".", chars[j + 1].isLetter || chars[j + 1] == "_" else { return j }
        var end = j + 1
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
        return end
    }
}
