@testable import Criteria
import Testing
import TextSupport

/// Evaluates expressions against the small model in `Fixtures/valid/bieu-thuc.xml`: numbers
/// `n d x y`, tick boxes `a b c`, and the derived values `ty_le = n / d` and
/// `ty_le_an_toan = if d = 0 then 1 else n / d`.
struct ExpressionBench {
    let model: CompiledModel
    let frame: Frame

    init(_ values: [String: Int64] = [:], flags: [String: Bool] = [:]) throws {
        let report = CriteriaFixtures.loader.load(paths: [CriteriaFixtures.fixture("valid/bieu-thuc.xml")])
        model = try #require(report.models.first, "\(report.diagnostics.map(\.description))")
        frame = model.layout.makeFrame()
        frame.begin(row: 0)
        for (name, value) in values { frame.numbers[slot(name)] = Rational(integer: value) }
        for (name, value) in flags { frame.bools[slot(name)] = value }
    }

    private func slot(_ field: String) -> Int { model.fieldSlots[model.fieldIndex[field]!] }

    /// Parses, type-checks against the model's names and compiles `text`.
    func compile(_ text: String) throws(ExpressionError) -> CompiledExpression {
        let syntax = try ExpressionParser.parse(text)
        let symbols = model.symbols
        return try ExpressionBuilder.build(syntax) { (name: String, column: Int) throws(ExpressionError) -> CompiledExpression in
            guard let symbol = symbols[name] else { throw ExpressionError(.unknownName(name), column: column) }
            return symbol
        } aggregate: { (inner: Syntax) throws(ExpressionError) -> CompiledExpression in
            throw ExpressionError(.unknownRelation("?"), column: inner.column)
        }
    }

    func number(_ text: String) throws -> Rational {
        guard case .number(let f) = try compile(text) else { Issue.record("\(text) is not a number"); return .zero }
        return f(frame)
    }

    func condition(_ text: String) throws -> Bool {
        guard case .boolean(let f) = try compile(text) else { Issue.record("\(text) is not a condition"); return false }
        return f(frame)
    }

    /// A derived value of the model, read the way the engine reads it.
    func derived(_ name: String) throws -> Rational {
        guard case .number(let f) = try #require(model.symbols[name]) else { Issue.record("\(name) is not a number"); return .zero }
        return f(frame)
    }
}

/// The parse error of `text` (the test fails when it parses).
private func parseError(_ text: String) -> ExpressionError? {
    do {
        _ = try ExpressionParser.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite("Expressions: precedence, exact ratios, division by zero, spellings, errors")
struct ExpressionTests {
    @Test("Multiplication before addition; parentheses first")
    func arithmeticPrecedence() throws {
        let bench = try ExpressionBench()
        #expect(try bench.condition("1 + 2 * 3 = 7"))
        #expect(try bench.number("1 + 2 * 3") == Rational(integer: 7))
        #expect(try bench.number("(1 + 2) * 3") == Rational(integer: 9))
        #expect(try bench.number("10 - 4 - 3") == Rational(integer: 3))
        #expect(try bench.number("12 / 3 / 2") == Rational(integer: 2))
        #expect(try bench.number("-2 * 3 + 10") == Rational(integer: 4))
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("1 + 2 * 3")) == "1 + (2 * 3)")
    }

    @Test("not binds tighter than and, and tighter than or")
    func booleanPrecedence() throws {
        // not a and b = (not a) and b: with both false that is false; not (a and b) would be true.
        let bothFalse = try ExpressionBench(flags: ["a": false, "b": false])
        #expect(try bothFalse.condition("not a and b") == false)
        #expect(try bothFalse.condition("not (a and b)") == true)
        // a or b and c = a or (b and c): true when only a holds; (a or b) and c would be false.
        let onlyA = try ExpressionBench(flags: ["a": true, "b": false, "c": false])
        #expect(try onlyA.condition("a or b and c") == true)
        #expect(try onlyA.condition("(a or b) and c") == false)
        #expect(try onlyA.condition("not a or not b") == true)
    }

    @Test("Comparisons bind looser than arithmetic")
    func comparisonAfterArithmetic() throws {
        let bench = try ExpressionBench(["x": 3, "y": 2])
        #expect(try bench.condition("x + 1 ≥ y * 2"))           // 4 ≥ 4
        #expect(try bench.condition("x - 1 = y"))
        #expect(try bench.condition("x * 2 > y + 3 and y < x"))
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x + 1 ≥ y * 2")) == "(x + 1) ≥ (y * 2)")
    }

    @Test("if … then … else … picks a branch; the else branch takes the rest")
    func conditional() throws {
        let yes = try ExpressionBench(["x": 4], flags: ["a": true])
        let no = try ExpressionBench(["x": 4], flags: ["a": false])
        #expect(try yes.number("if a then 10 else 5") == Rational(integer: 10))
        #expect(try no.number("if a then 10 else 5") == Rational(integer: 5))
        #expect(try no.number("if a then 1 else 2 + 3") == Rational(integer: 5))
        #expect(try yes.number("if x > 3 then x * 2 else 0") == Rational(integer: 8))
        #expect(try no.condition("if a then false else x = 4"))
        #expect(try yes.number("if a then if x > 10 then 1 else 2 else 3") == Rational(integer: 2))
    }

    @Test("Ratios compare exactly at the boundary", arguments: [
        (14, 20, "0.7", true), (13, 20, "0.7", false), (1, 3, "0.33", true), (1, 3, "0.34", false),
        (19, 20, "0.95", true), (18, 20, "0.95", false), (7, 10, "0.7", true), (1, 2, "0.5", true),
    ] as [(Int64, Int64, String, Bool)])
    func exactRatios(_ n: Int64, _ d: Int64, _ threshold: String, _ expected: Bool) throws {
        let bench = try ExpressionBench(["n": n, "d": d])
        #expect(try bench.condition("n / d ≥ \(threshold)") == expected)
        #expect(try bench.condition("ty_le ≥ \(threshold)") == expected)
        #expect(try bench.condition("\(n) / \(d) >= \(threshold)") == expected)
    }

    @Test("A guarded ratio is 1 when the denominator is 0")
    func guardedDivisionByZero() throws {
        let zero = try ExpressionBench(["n": 5, "d": 0])
        #expect(try zero.derived("ty_le_an_toan") == Rational.one)
        #expect(zero.frame.divisionByZero == nil)
        let some = try ExpressionBench(["n": 3, "d": 4])
        #expect(try some.derived("ty_le_an_toan") == Rational(3, 4))
    }

    @Test("An unguarded division by zero is reported with its text, not a crash")
    func bareDivisionByZero() throws {
        let bench = try ExpressionBench(["n": 5, "d": 0])
        _ = try bench.derived("ty_le")
        #expect(bench.frame.divisionByZero == "n / d")
        // A new row forgets it.
        bench.frame.begin(row: 1)
        #expect(bench.frame.divisionByZero == nil)
        #expect(try bench.condition("a or n / (x - x) > 1") == false)
        #expect(bench.frame.divisionByZero == "n / (x - x)")
    }

    @Test("Every operator spelling", arguments: [
        ("x >= 3", true), ("x ≥ 3", true), ("x >= 4", false),
        ("x <= 3", true), ("x ≤ 3", true), ("x <= 2", false),
        ("x != 5", true), ("x ≠ 5", true), ("x <> 5", true), ("x <> 3", false),
        ("x = 3", true), ("x == 3", true), ("x == 5", false),
        ("x < y", true), ("x > y", false),
        ("x × 2 = 6", true), ("x * 2 = 6", true), ("y ÷ 5 = 1", true), ("6 / x = 2", true),
        ("y - x = 2", true), ("x + y = 8", true), ("a = true", true), ("a ≠ b", true),
        ("ten = 'An'", true), ("ten ≠ \"Bình\"", true),
    ])
    func operatorSpellings(_ text: String, _ expected: Bool) throws {
        let bench = try ExpressionBench(["x": 3, "y": 5], flags: ["a": true, "b": false])
        bench.frame.texts[bench.model.fieldSlots[bench.model.fieldIndex["ten"]!]] = "An"
        #expect(try bench.condition(text) == expected)
    }

    @Test("ASCII spellings are read as the mathematical signs")
    func canonicalSpellings() throws {
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x >= 3")) == "x ≥ 3")
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x <= 3")) == "x ≤ 3")
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x != 3")) == "x ≠ 3")
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x <> 3")) == "x ≠ 3")
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x == 3")) == "x = 3")
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("x × 3 ÷ 2")) == "(x * 3) / 2")
    }

    @Test("min and max take two or more numbers")
    func minAndMax() throws {
        let bench = try ExpressionBench(["x": 3, "y": 5])
        #expect(try bench.number("min(x, y)") == Rational(integer: 3))
        #expect(try bench.number("max(x, y, 4)") == Rational(integer: 5))
        #expect(try bench.number("max(x - y, 0)") == .zero)
        #expect(try bench.number("min(y, max(x, 4), 10)") == Rational(integer: 4))
        #expect(throws: ExpressionError(.wrongArgumentCount(function: "min", expected: "≥ 2", found: 1), column: 1)) {
            try bench.compile("min(x)")
        }
        #expect(throws: ExpressionError(.unknownFunction("avg"), column: 1)) { try bench.compile("avg(x, y)") }
    }

    @Test("Parse errors carry the column an editor must look at")
    func parseErrorColumns() {
        #expect(parseError("tre ≥") == ExpressionError(.unexpectedEnd, column: 6))
        #expect(parseError("a + * b") == ExpressionError(.unexpectedToken(found: "*", expected: "a value"), column: 5))
        #expect(parseError("'abc") == ExpressionError(.unterminatedText, column: 1))
        #expect(parseError("x = 'abc") == ExpressionError(.unterminatedText, column: 5))
        #expect(parseError("(x + 1") == ExpressionError(.unexpectedEnd, column: 7))
        #expect(parseError("x + 1)") == ExpressionError(.unexpectedToken(found: ")", expected: "an operator or the end"), column: 6))
        #expect(parseError("x # 2") == ExpressionError(.unexpectedCharacter("#"), column: 3))
        #expect(parseError("x > 1 y") == ExpressionError(.unexpectedToken(found: "y", expected: "an operator or the end"), column: 7))
        #expect(parseError("if a then 1") == ExpressionError(.unexpectedEnd, column: 12))
        #expect(parseError("1.2.3 > x") == ExpressionError(.badNumber("1.2.3"), column: 1))
        // Columns count characters, so a Vietnamese sign counts once.
        #expect(parseError("x ≥ ≥ 1") == ExpressionError(.unexpectedToken(found: "≥", expected: "a value"), column: 5))
    }

    @Test("Unknown names and type errors point at their column")
    func nameAndTypeErrors() throws {
        let bench = try ExpressionBench()
        #expect(throws: ExpressionError(.unknownName("khong_co"), column: 5)) { try bench.compile("x + khong_co > 1") }
        #expect(throws: ExpressionError(.typeMismatch(context: "'+'", expected: "number", found: "boolean"), column: 1)) {
            try bench.compile("a + 1")
        }
        #expect(throws: ExpressionError(.typeMismatch(context: "'and'", expected: "boolean", found: "number"), column: 7)) {
            try bench.compile("a and x")
        }
        #expect(throws: ExpressionError(.typeMismatch(context: "'else'", expected: "number", found: "boolean"), column: 18)) {
            try bench.compile("if a then 1 else b")
        }
    }

    @Test("Error messages say the column in both languages")
    func errorMessages() {
        let error = ExpressionError(.unexpectedEnd, column: 6)
        #expect(error.message(in: .vietnamese) == "cột 6 của biểu thức: biểu thức kết thúc quá sớm")
        #expect(error.message(in: .english) == "column 6 of the expression: the expression ends too early")
        let type = ExpressionError(.typeMismatch(context: "'+'", expected: "number", found: "boolean"), column: 1)
        #expect(type.message(in: .vietnamese).contains("cần số, gặp đúng/sai"))
    }
}
