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
