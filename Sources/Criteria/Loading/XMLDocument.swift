import CLibXML2
import Foundation
import Machinery

/// A libxml2 document parsed the safe way: no network, no entity substitution, no DTD loading,
/// no recovery from errors, and no document with a DOCTYPE at all.
///
/// A criteria file may come from another province by e-mail; it must never make the program
/// read a local file (external entities) or blow up in memory (entity expansion). Refusing every
/// DOCTYPE before libxml2 sees the bytes closes both doors at once.
///
/// ```swift
/// let document = try XMLDocument(bytes: data, fileName: "gia-dinh-hoc-tap.xml")
/// let root = document.root
/// ```
final class XMLDocument {
    let pointer: xmlDocPtr
    let fileName: String

    /// One problem reported by libxml2 (parser or schema validator).
    typealias Issue = LibXMLCalls.Issue

    /// Parse options: never `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_HUGE` or `XML_PARSE_RECOVER`.
    static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    init(bytes: [UInt8], fileName: String) throws(CriteriaLoadFailure) {
        self.fileName = fileName
        func fail(_ problem: CriteriaDiagnostic.Problem, line: Int = 1) -> CriteriaLoadFailure {
            CriteriaLoadFailure(diagnostics: [CriteriaDiagnostic(problem, at: SourceLocation(file: fileName, line: line))])
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw fail(.emptyFile) }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = Self.firstInvalidUTF8(body) {
            throw fail(.notUTF8(byteOffset: bad + (bytes.count - body.count)),
                       line: 1 + bytes[..<(bad + bytes.count - body.count)].lazy.filter { $0 == 0x0A }.count)
        }
        if let line = Self.doctypeLine(bytes) { throw fail(.doctypeRefused, line: line) }
        switch Self.crowding(bytes, attributesPerElement: InputLimits.criteriaAttributesPerElement, nodes: InputLimits.criteriaNodes) {
        case .element(let line, let name, let count)?:
            throw CriteriaLoadFailure(diagnostics: [CriteriaDiagnostic(
                .tooManyAttributes(count: count, limit: InputLimits.criteriaAttributesPerElement),
                at: SourceLocation(file: fileName, line: line, element: name))])
        case .file(let line)?:
            throw fail(.tooManyNodes(limit: InputLimits.criteriaNodes), line: line)
        case nil:
            break
        }

        let (document, issues) = LibXMLCalls.collectingIssues {
            LibXMLCalls.readDocument(bytes, fileName: fileName, options: Self.parseOptions)
        }
        guard let document, issues.isEmpty else {
            if let document { xmlFreeDoc(document) }
            let diagnostics = issues.map {
                CriteriaDiagnostic(.malformedXML($0.message), at: SourceLocation(file: fileName, line: $0.line))
            }
            throw CriteriaLoadFailure(diagnostics: diagnostics.isEmpty ? [CriteriaDiagnostic(.malformedXML("?"), at: SourceLocation(file: fileName, line: 1))] : diagnostics)
        }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw fail(.doctypeRefused)
        }
        pointer = document
    }

    deinit { xmlFreeDoc(pointer) }

    var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0, document: self) }
    }

    /// Validates against an XSD given as text; every violation comes back with its line.
    func validate(schemaText: String) -> (issues: [Issue], schemaProblem: String?) {
        LibXMLCalls.validate(pointer, schemaText: schemaText)
    }

    /// The line of a `<!DOCTYPE` outside comments, if any. Checked on the raw bytes so that a
    /// hostile declaration never reaches the parser.
    static func doctypeLine(_ bytes: [UInt8]) -> Int? {
        let marker = Array("<!DOCTYPE".utf8)
        let commentOpen = Array("<!--".utf8)
        let commentClose = Array("-->".utf8)
        var line = 1
        var i = 0
        var inComment = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            if inComment {
                if b == 0x2D, bytes[i...].starts(with: commentClose) { inComment = false; i += 3; continue }
            } else if b == 0x3C {
                if bytes[i...].starts(with: commentOpen) { inComment = true; i += 4; continue }
                if bytes[i...].starts(with: marker) { return line }
            }
            i += 1
        }
        return nil
    }

    /// The first start tag with more than `limit` attributes: its line, name and attribute
    /// count. Checked on the raw bytes, in one pass, before libxml2 spends time on them.
    /// Attributes are counted by their `=` signs outside quotes; comments, CDATA sections,
    /// processing instructions and end tags are skipped.
    static func crowdedElement(_ bytes: [UInt8], limit: Int) -> (line: Int, name: String, count: Int)? {
        if case .element(let line, let name, let count)? = crowding(bytes, attributesPerElement: limit, nodes: .max) {
            return (line, name, count)
        }
        return nil
    }

    /// Where a file holds too much: an element with too many attributes, or the line where the
    /// elements and attributes counted so far pass `nodes`.
    enum Crowding: Equatable {
        case element(line: Int, name: String, count: Int)
        case file(line: Int)
    }

    static func crowding(_ bytes: [UInt8], attributesPerElement limit: Int, nodes: Int) -> Crowding? {
        var total = 0
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), newline = UInt8(ascii: "\n")
        var line = 1
        var i = 0
        /// Moves past `terminator`, counting lines; false at the end of the bytes.
        func skip(past terminator: [UInt8]) {
            while i < bytes.count {
                if bytes[i] == newline { line += 1 }
                if bytes[i] == terminator[0], bytes[i...].starts(with: terminator) { i += terminator.count; return }
                i += 1
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == newline { line += 1 }
            guard b == lt else { i += 1; continue }
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
                let rest = bytes[i...]
                if rest.starts(with: Markup.commentOpen) { i += 4; skip(past: Markup.commentClose) }
                else if rest.starts(with: Markup.cdataOpen) { i += 9; skip(past: Markup.cdataClose) }
                else if next == UInt8(ascii: "?") { i += 2; skip(past: Markup.instructionClose) }
                else { i += 2; skip(past: Markup.tagClose) }
                continue
            }
            // A start tag: its name, then attributes up to the `>` outside quotes.
            let tagLine = line
            i += 1
            let nameStart = i
            while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, 0x2F, gt].contains(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            var count = 0
            var quote: UInt8?
            while i < bytes.count {
                let c = bytes[i]
                if c == newline { line += 1 }
                if let open = quote {
                    if c == open { quote = nil }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: "=") {
                    count += 1
                } else if c == gt || c == lt {
                    break
                }
                i += 1
            }
            if count > limit { return .element(line: tagLine, name: name, count: count) }
            total += 1 + count
            if total > nodes { return .file(line: tagLine) }
        }
        return nil
    }

    private enum Markup {
        static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
        static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
        static let instructionClose = Array("?>".utf8), tagClose = Array(">".utf8)
    }

    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i - bytes.startIndex
            }
            guard i + length <= bytes.endIndex else { return i - bytes.startIndex }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i - bytes.startIndex }
            i += length
        }
        return nil
    }
}

/// A read-only view of one element of an ``XMLDocument``.
struct XMLElement {
    let node: xmlNodePtr
    let document: XMLDocument

    var name: String { String(cString: node.pointee.name) }
    var line: Int { Int(xmlGetLineNo(node)) }

    func location(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, element: name)
    }

    func attribute(_ name: String) -> String? {
        LibXMLCalls.attribute(of: node, name)?.precomposedStringWithCanonicalMapping
    }

    /// The element's own text (no entity is ever expanded: documents with a DOCTYPE are refused).
    var text: String {
        guard let content = LibXMLCalls.content(of: node) else { return "" }
        return content.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    }

    var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, document: document)) }
            child = current.pointee.next
        }
        return result
    }

    func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }
    func child(named name: String) -> XMLElement? { children.first { $0.name == name } }
}
