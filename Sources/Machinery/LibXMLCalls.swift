import CLibXML2
import Foundation

/// The calls into libxml2's tree and schema API that hand raw memory across: reading a document
/// from bytes, collecting the library's structured errors, validating against an XSD, and
/// strings the library allocates (copied, then given back to it).
///
/// ```swift
/// let (document, issues) = LibXMLCalls.collectingIssues { LibXMLCalls.readDocument(bytes, fileName: name, options: options) }
/// let name = LibXMLCalls.attribute(of: node, "id")
/// ```
public enum LibXMLCalls {
    /// One problem reported by libxml2 (parser or schema validator).
    public struct Issue: Sendable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Runs `body` with libxml2's structured errors collected for the call.
    public static func collectingIssues<R>(_ body: () -> R) -> (R, [Issue]) {
        let collector = IssueCollector()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), collectIssue)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let result = withExtendedLifetime(collector) { body() }
        return (result, collector.issues)
    }

    /// Parses a document from its bytes (the caller owns it: `xmlFreeDoc`).
    public static func readDocument(_ bytes: [UInt8], fileName: String, options: Int32) -> xmlDocPtr? {
        refuseExternalLoading()
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                // No URL for the document: libxml2 2.9 then reports a schema error without
                // walking back through every earlier node to describe where it is (quadratic in
                // the number of errors); our diagnostics name the file themselves.
                xmlReadMemory(chars, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
    }

    /// Validates a document against an XSD given as text (the schema built into the program);
    /// every violation comes back with its line. The schema is parsed from memory, so no file
    /// or URL is ever opened for it, and ``refuseExternalLoading`` is in force while it is.
    public static func validate(_ document: xmlDocPtr, schemaText: String) -> (issues: [Issue], schemaProblem: String?) {
        refuseExternalLoading()
        let collector = IssueCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(context, collectIssue)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        var schemaBytes = Array(schemaText.utf8)
        return withExtendedLifetime(collector) {
            let parserContext = schemaBytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlSchemaNewMemParserCtxt(chars, Int32(buffer.count))
                }
            }
            guard let parserContext else { return ([], "cannot read the built-in schema") }
            defer { xmlSchemaFreeParserCtxt(parserContext) }
            xmlSchemaSetParserStructuredErrors(parserContext, collectIssue, context)
            // The parser context holds the bytes only while parsing; keep them alive until then.
            let schema = withExtendedLifetime(schemaBytes) { xmlSchemaParse(parserContext) }
            guard let schema else {
                return ([], collector.issues.map(\.message).joined(separator: "; "))
            }
            defer { xmlSchemaFree(schema) }
            guard let validator = xmlSchemaNewValidCtxt(schema) else { return ([], "cannot create a validator") }
            defer { xmlSchemaFreeValidCtxt(validator) }
            let validation = IssueCollector()
            return withExtendedLifetime(validation) {
                xmlSchemaSetValidStructuredErrors(validator, collectIssue, Unmanaged.passUnretained(validation).toOpaque())
                _ = xmlSchemaValidateDoc(validator, document)
                return (validation.issues, nil)
            }
        }
    }

    /// Makes libxml2 refuse, process-wide, every external entity, DTD, schema include or other
    /// resource it would otherwise fetch from a file path or a URL. The program never needs
    /// one: criteria files, the built-in schema and the XML inside workbooks are all read from
    /// memory. Called before each parse; the loader is installed once.
    public static func refuseExternalLoading() {
        _ = externalLoaderInstalled
    }

    private static let externalLoaderInstalled: Bool = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    /// An attribute of an element, in no namespace.
    public static func attribute(of node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { khuyenhoc_xmlFree(value) }
        return String(cString: value)
    }

    /// The text content of a node.
    public static func content(of node: xmlNodePtr) -> String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { khuyenhoc_xmlFree(content) }
        return String(cString: content)
    }
}

/// Collects libxml2's structured errors for one call.
private final class IssueCollector {
    var issues: [LibXMLCalls.Issue] = []
}

/// libxml2 calls this for every error; the context is an unretained ``IssueCollector``.
private func collectIssue(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let collector = Unmanaged<IssueCollector>.fromOpaque(context).takeUnretainedValue()
    let message = error.pointee.message.map { String(cString: $0) }?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    collector.issues.append(.init(line: Int(error.pointee.line), message: message))
}
