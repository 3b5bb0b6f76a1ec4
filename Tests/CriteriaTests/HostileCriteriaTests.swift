@testable import Criteria
import Foundation
import Testing
import TextSupport

/// Criteria files built to hurt (issue 13): each is refused by `check` with a message naming the
/// file, the line and what is wrong — or read safely — and nothing `check` accepts can crash.
enum HostileCriteria {
    /// The shipped household file with `original` replaced, in a folder of its own, loaded.
    static func load(replacing original: String, with replacement: String) throws -> CriteriaLoadReport {
        var text = try String(contentsOfFile: CriteriaFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: replacement)
        return try load(text: text)
    }

    /// `text` as the household file of a folder of its own, loaded.
    static func load(text: String) throws -> CriteriaLoadReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("gia-dinh-hoc-tap.xml"), atomically: true, encoding: .utf8)
        return CriteriaFixtures.loader.load(paths: [folder.path])
    }

    /// The shipped file with the condition of indicator 1.3's second line (`tre_ngoan`) replaced.
    static func load(condition: String) throws -> CriteriaLoadReport {
        try load(replacing: #"<points value="10" when="tre_ngoan"/>"#, with: #"<points value="10" when="\#(condition)"/>"#)
    }

    /// Every message of the report in `language`.
    static func messages(_ report: CriteriaLoadReport, _ language: Language = .english) -> [String] {
        report.diagnostics.map { $0.message(in: language) }
    }
}

@Suite("Hostile expressions: depth and length are refused by name, never a stack overflow")
struct HostileExpressionTests {
    static let depth = InputLimits.expressionDepth

    @Test("Expressions longer than the limit are refused before they are parsed",
          arguments: [String(repeating: "(", count: 4_800) + "tre_ngoan" + String(repeating: ")", count: 4_800),
                      Array(repeating: "tre", count: 12_300).joined(separator: " + ") + " ≥ 0",
                      Array(repeating: "tre_ngoan", count: 12_300).joined(separator: " and "),
                      String(repeating: "not ", count: 25_000) + "tre_ngoan",
                      String(repeating: "-", count: 25_000) + "tre ≥ 0"])
    func tooLong(_ condition: String) throws {
        let report = try HostileCriteria.load(condition: condition)
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.contains("gia-dinh-hoc-tap.xml:145 <points>: when=\""))
        #expect(message.contains("characters long, over the limit of \(InputLimits.expressionCharacters)"), "\(message.suffix(200))")
        // The expression is shown shortened, not in full.
        #expect(message.count < 400)
        let vietnamese = HostileCriteria.messages(report, .vietnamese)[0]
        #expect(vietnamese.contains("quá giới hạn \(InputLimits.expressionCharacters) ký tự"))
    }

    @Test("Nesting deeper than the limit within the length limit is refused, naming the line",
          arguments: [String(repeating: "(", count: 1_000) + "tre_ngoan" + String(repeating: ")", count: 1_000),
                      String(repeating: "(", count: depth) + "tre_ngoan" + String(repeating: ")", count: depth),
                      String(repeating: "not ", count: 1_000) + "tre_ngoan",
                      String(repeating: "not ", count: depth) + "tre_ngoan",
                      String(repeating: "-", count: 3_000) + "tre ≥ 0",
                      String(repeating: "- ", count: depth) + "tre ≥ 0",
                      Array(repeating: "tre", count: 1_000).joined(separator: "+") + " ≥ 0",
                      Array(repeating: "tre", count: depth).joined(separator: " * ") + " ≥ 0",
                      "min(" + String(repeating: "max(1, ", count: 200) + "tre" + String(repeating: ")", count: 200) + ", 1) ≥ 0",
                      String(repeating: "if tre_ngoan then ", count: 100) + "tre_ngoan" + String(repeating: " else tre_ngoan", count: 100)])
    func tooDeep(_ condition: String) throws {
        let report = try HostileCriteria.load(condition: condition)
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.contains("gia-dinh-hoc-tap.xml:145 <points>: when=\""))
        #expect(message.contains("nested too deeply: over \(Self.depth) levels"), "\(message)")
        #expect(HostileCriteria.messages(report, .vietnamese)[0].contains("biểu thức lồng quá sâu: quá \(Self.depth) tầng"))
    }

    @Test("Nesting just within the limit is accepted")
    func atTheLimit() throws {
        let parentheses = Self.depth - 1
        let report = try HostileCriteria.load(
            condition: String(repeating: "(", count: parentheses) + "tre_ngoan" + String(repeating: ")", count: parentheses))
        #expect(report.isUsable, "\(HostileCriteria.messages(report))")
    }

    @Test("A long chain of and / or is not depth: built balanced, it loads and evaluates left to right")
    func longChains() throws {
        // 300 operands: far over the depth limit if each operator nested the next.
        let codes = Array(repeating: "tre = 7", count: 299) + ["tre_ngoan"]
        let report = try HostileCriteria.load(condition: codes.joined(separator: " or "))
        #expect(report.isUsable, "\(HostileCriteria.messages(report))")
        let syntax = try ExpressionParser.parse(codes.joined(separator: " or "))
        #expect(syntax.height <= 16)
        #expect(syntax.referencedNames == ["tre", "tre_ngoan"])

        let bench = try ExpressionBench(["x": 2], flags: ["a": true, "b": false])
        let many = Array(repeating: "a", count: 600).joined(separator: " and ")
        #expect(try bench.condition(many))
        #expect(try !bench.condition(many + " and b"))
        #expect(try bench.condition(Array(repeating: "b", count: 600).joined(separator: " or ") + " or x = 2"))
        #expect(try !bench.condition(Array(repeating: "b", count: 600).joined(separator: " or ")))
        // Short chains read as before (left-deep).
        #expect(ExpressionPrinter.print(try ExpressionParser.parse("a and b and c")) == "(a and b) and c")
    }

    @Test("Derived values read through a chain of derived values deeper than the limit are refused at the line that goes over")
    func derivedChain() throws {
        var lets = #"<let name="l0" value="tre_do_tuoi"/>"# + "\n"
        for i in 1..<2_000 { lets += #"  <let name="l\#(i)" value="l\#(i - 1) + 1"/>"# + "\n" }
        let report = try HostileCriteria.load(replacing: #"<let name="tre""#, with: lets + #"  <let name="tre""#)
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1, "\(messages.prefix(3))")
        #expect(messages.first?.contains("<let>: value=\"l") == true)
        #expect(messages.first?.contains("nested too deeply") == true, "\(messages.first ?? "")")
    }
}

@Suite("Hostile numbers in criteria files: exact or refused, never wrapped, trapped or read as 0")
struct HostileNumberTests {
    @Test("Constants whose result does not fit are a check error naming the expression",
          arguments: [("9223372036854775807 * 9223372036854775807 ≥ 0", "9223372036854775807 * 9223372036854775807"),
                      ("-(0 - 9223372036854775807 - 1) ≥ 0", "-((0 - 9223372036854775807) - 1)"),
                      ("9223372036854775807 + 1 ≥ tre", "9223372036854775807 + 1"),
                      ("1 / 9223372036854775807 + 1 / 9223372036854775806 ≥ tre", "(1 / 9223372036854775807) + (1 / 9223372036854775806)"),
                      ("0.000000000001 / 9223372036854775807 ≥ tre", "0.000000000001 / 9223372036854775807")])
    func constantOverflow(_ condition: String, _ named: String) throws {
        let report = try HostileCriteria.load(condition: condition)
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.hasPrefix("\(report.files[0]):145 <points>: when=\"\(condition)\": column "), "\(message)")
        #expect(message.hasSuffix(" of the expression: the result of \(named) is too large for the program's numbers (64-bit fractions)"),
                "\(message)")
        #expect(HostileCriteria.messages(report, .vietnamese)[0].contains("kết quả của \(named) quá lớn"))
    }

    @Test("Constants that fit after reducing are worked out exactly")
    func constantsThatFit() throws {
        let bench = try ExpressionBench()
        #expect(try bench.number("9223372036854775807 / 2 * 2") == Rational(integer: .max))
        #expect(try bench.number("-9223372036854775807 - 1 + 1") == Rational(integer: -.max))
        #expect(try bench.number("1 / 3 + 2 / 3") == .one)
    }

    @Test("A number too large for its type is refused, naming the line, attribute and value",
          arguments: [(#"<otherwise value="80"/>"#, #"<otherwise value="100000000000000000000"/>"#, "<otherwise>: value=\"100000000000000000000\""),
                      (#"<group id="TC1" max="30" min="15""#, #"<group id="TC1" max="30" min="150000000000000000000""#, "<group>: min=\"150000000000000000000\""),
                      (#"total="100""#, #"total="100000000000000000000""#, "<model>: total=\"100000000000000000000\""),
                      (#"<field id="tre_do_tuoi" type="int" min="0" max="50""#, #"<field id="tre_do_tuoi" type="int" min="-9223372036854775809" max="50""#,
                       "<field>: min=\"-9223372036854775809\"")])
    func outOfRange(_ original: String, _ replacement: String, _ expected: String) throws {
        let report = try HostileCriteria.load(replacing: original, with: replacement)
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.contains { $0.contains(expected) && $0.contains("the number is out of range, expected a whole number from -9223372036854775808 to 9223372036854775807") },
                "\(messages)")
        #expect(HostileCriteria.messages(report, .vietnamese).contains { $0.contains("số vượt quá giới hạn") })
    }

    @Test("Numbers with spaces, a plus sign or leading zeros are read exactly as the schema allows")
    func lexicalForms() throws {
        let report = try HostileCriteria.load(replacing: #"<otherwise value="80"/>"#, with: #"<otherwise value=" +0080 "/>"#)
        #expect(report.isUsable, "\(HostileCriteria.messages(report))")
        let model = try #require(report.criteria.model(id: "gia-dinh-hoc-tap"))
        #expect(model.passMarkRules.last?.definition.value == 80)
    }

    @Test("A group maximum near the largest number is a check error, not a trap")
    func groupMaximum() throws {
        let report = try HostileCriteria.load(
            text: try String(contentsOfFile: CriteriaFixtures.shipped("gia-dinh-hoc-tap.xml"), encoding: .utf8)
                .replacingOccurrences(of: #"<group id="TC1" max="30""#, with: #"<group id="TC1" max="9223372036854775807""#)
                .replacingOccurrences(of: #"<indicator id="1.1" max="10""#, with: #"<indicator id="1.1" max="9223372036854775797""#))
        #expect(!report.isUsable)
        let messages = HostileCriteria.messages(report)
        #expect(messages.contains { $0.hasSuffix(":131 <group>: the sum of the indicators' maximums of TC1 is too large for the program's numbers") },
                "\(messages)")
        #expect(messages.contains { $0.hasSuffix(":10 <model>: the sum of the groups' maximums is too large for the program's numbers") })
    }
}

@Suite("Hostile criteria files: size, attributes and entities")
struct HostileFileTests {
    @Test("A file larger than the limit is refused by its size, before it is read")
    func tooLarge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("to.xml").path
        // A sparse file of 200 MB: nothing is written, so nothing big is made; reading it whole
        // would take 200 MB and parsing it gigabytes.
        #expect(FileManager.default.createFile(atPath: path, contents: Data("<model/>".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let report = CriteriaFixtures.loader.load(paths: [folder.path])
        #expect(HostileCriteria.messages(report) == [
            "\(path):0: the file is \(200 << 20) bytes, over the limit of \(InputLimits.criteriaFileBytes) bytes for a criteria file; it was not read",
        ])
        #expect(HostileCriteria.messages(report, .vietnamese)[0].contains("quá giới hạn \(InputLimits.criteriaFileBytes) byte"))
        // Just within the limit, the file is read (and refused for what it holds).
        let small = CriteriaFileBytes.read(path, limit: 200 << 20)
        #expect((try? small.get())?.count == 200 << 20)
    }

    @Test("An element with more attributes than the limit is refused before libxml2 reads it")
    func tooManyAttributes() throws {
        // 340,000 attributes in one element (a 4 MB file): libxml2 and the schema took minutes.
        let attributes = (0..<340_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let report = try HostileCriteria.load(replacing: "<identity ", with: "<identity \(attributes) ")
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        #expect(messages.first?.hasSuffix(":16 <identity>: the element has 340004 attributes, over the limit of \(InputLimits.criteriaAttributesPerElement); the file was not read further") == true,
                "\(messages)")
        #expect(HostileCriteria.messages(report, .vietnamese)[0].contains("phần tử có 340004 thuộc tính, quá giới hạn"))
    }

    @Test("A file with more elements and attributes than the limit is refused at the line that passes it")
    func tooManyNodes() throws {
        // Each alias is an element and an attribute that the schema refuses: libxml2 took
        // seconds to report them one by one (minutes for a 4 MB file).
        let aliases = String(repeating: "<alias a=\"1\">x</alias>\n", count: InputLimits.criteriaNodes / 2)
        let report = try HostileCriteria.load(replacing: "<alias>Mã số hộ</alias>", with: aliases + "<alias>Mã số hộ</alias>")
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        let line = try #require(report.diagnostics.first?.location.line)
        #expect(line > 20 && line < 20 + InputLimits.criteriaNodes / 2)
        #expect(messages.first?.hasSuffix(":\(line): the file has more than \(InputLimits.criteriaNodes) elements and attributes (counting up to this line), over the limit for a criteria file; it was not read further") == true,
                "\(messages)")
        #expect(HostileCriteria.messages(report, .vietnamese)[0].contains("tệp có hơn \(InputLimits.criteriaNodes) phần tử và thuộc tính"))
    }

    @Test("A broken file lists its first problems and counts the rest")
    func problemsCapped() throws {
        let aliases = String(repeating: "<alias a=\"1\">x</alias>\n", count: 300)
        let report = try HostileCriteria.load(replacing: "<alias>Mã số hộ</alias>", with: aliases + "<alias>Mã số hộ</alias>")
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == InputLimits.criteriaProblemsPerFile + 1)
        #expect(messages.last?.hasSuffix(":0: 200 more problem(s) in this file (only the first \(InputLimits.criteriaProblemsPerFile) are listed)") == true,
                "\(messages.last ?? "")")
    }

    @Test("Attributes are counted outside comments, text and quotes")
    func attributeCounting() {
        let limit = 3
        let fine = #"<a x="1" y='=' z="2"><!-- <b c=1 d=2 e=3 f=4> --><![CDATA[<c a=1 b=2 c=3 d=4>]]>a = b = c = d = e<?pi a=1 b=2 c=3 d=4?></a>"#
        #expect(XMLDocument.crowdedElement(Array(fine.utf8), limit: limit) == nil)
        let crowded = "<a x=\"1\">\n<b\n p=\"1\" q=\"2\"\n r=\"3\" s=\"4\"/></a>"
        let found = XMLDocument.crowdedElement(Array(crowded.utf8), limit: limit)
        #expect(found?.line == 2)
        #expect(found?.name == "b")
        #expect(found?.count == 4)
    }

    @Test("A DOCTYPE with an external entity or a billion laughs is refused before libxml2 reads it",
          arguments: [
            """
            <?xml version="1.0"?>
            <!DOCTYPE model [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <model xmlns="urn:khuyenhoc:criteria:1" format="1" id="x" version="1" total="100" title="&xxe;" entity="x"/>
            """,
            """
            <?xml version="1.0"?>
            <!DOCTYPE model [
              <!ENTITY a "aaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
              <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
              <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
              <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
              <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
              <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
            ]>
            <model xmlns="urn:khuyenhoc:criteria:1" format="1" id="x" version="1" total="100" title="&i;" entity="x"/>
            """,
          ])
    func entities(_ text: String) throws {
        let report = try HostileCriteria.load(text: text)
        let messages = HostileCriteria.messages(report)
        #expect(messages.count == 1)
        #expect(messages.first?.hasSuffix(":2: the file has a DOCTYPE declaration; criteria files may not use DOCTYPE or entities, remove the <!DOCTYPE …> line") == true,
                "\(messages)")
        // An entity used without a DOCTYPE is not expanded either: it is an error.
        let undeclared = try HostileCriteria.load(replacing: #"title="Gia đình học tập""#, with: #"title="&xxe;""#)
        #expect(HostileCriteria.messages(undeclared).contains { $0.contains("Entity 'xxe' not defined") })
    }
}
