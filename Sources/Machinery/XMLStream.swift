import CLibXML2

/// A forward-only walk over an XML part of a workbook (or any XML document) with libxml2's streaming reader: memory
/// stays flat however large the sheet, and no tree is built.
///
/// The reader never touches the network, substitutes no entities, and refuses any document
/// with a DOCTYPE (workbook parts have none; one with a DOCTYPE is a crafted file).
///
/// ```swift
/// let xml = try XMLStream(bytes: part, name: "xl/workbook.xml")
/// while try xml.next() { if xml.isStart("sheet") { print(xml.attribute("name") ?? "") } }
/// ```
public final class XMLStream {
    public struct Failure: Error {
        public var part: String
        public var line: Int
        public var reason: String

        public init(part: String, line: Int, reason: String) {
            self.part = part
            self.line = line
            self.reason = reason
        }
    }

    public enum Node: Int32 {
        case start = 1, text = 3, cdata = 4, documentType = 10, whitespace = 13, significantWhitespace = 14, end = 15
    }

    public let name: String
    // The reader keeps pointing into the bytes it was given, so this class owns a copy for its
    // whole life; both are freed together in deinit. Only this class touches the raw pointers.
    private let buffer: UnsafeMutableBufferPointer<CChar>
    private let reader: xmlTextReaderPtr

    /// The current node's kind, or `nil` for kinds a workbook reader ignores.
    public private(set) var node: Node?
    public private(set) var localName = ""
    public private(set) var isEmptyElement = false

    public init(bytes: [UInt8], name: String) throws(Failure) {
        self.name = name
        LibXMLCalls.refuseExternalLoading()
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
        }
        self.buffer = buffer
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = xmlReaderForMemory(buffer.baseAddress, Int32(bytes.count), name, nil, options) else {
            buffer.deallocate()
            throw Failure(part: name, line: 0, reason: "cannot start the XML reader")
        }
        self.reader = reader
    }

    deinit {
        xmlFreeTextReader(reader)
        buffer.deallocate()
    }

    /// Moves to the next node; `false` at the end of the document.
    public func next() throws(Failure) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status == 0 { return false }
        guard status == 1 else {
            throw Failure(part: name, line: Int(xmlTextReaderGetParserLineNumber(reader)), reason: "malformed XML")
        }
        let kind = xmlTextReaderNodeType(reader)
        node = Node(rawValue: kind)
        if node == .documentType {
            throw Failure(part: name, line: Int(xmlTextReaderGetParserLineNumber(reader)), reason: "DOCTYPE is not allowed")
        }
        if node == .start || node == .end {
            localName = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            isEmptyElement = node == .start && xmlTextReaderIsEmptyElement(reader) == 1
        } else {
            localName = ""
            isEmptyElement = false
        }
        return true
    }

    public func isStart(_ element: String) -> Bool { node == .start && localName == element }
    public func isEnd(_ element: String) -> Bool { node == .end && localName == element }
    public var isText: Bool { node == .text || node == .cdata || node == .whitespace || node == .significantWhitespace }

    /// The text of a text node.
    public var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// An attribute of the current element by its qualified name (`r`, `t`, `name`).
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { khuyenhoc_xmlFree(raw) }
        return String(cString: raw)
    }

    /// An attribute by local name and namespace (`id` in the relationships namespace).
    public func attribute(_ localName: String, namespace: String) -> String? {
        guard let raw = xmlTextReaderGetAttributeNs(reader, localName, namespace) else { return nil }
        defer { khuyenhoc_xmlFree(raw) }
        return String(cString: raw)
    }
}
