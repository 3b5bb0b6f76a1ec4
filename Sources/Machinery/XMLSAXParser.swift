import CLibXML2
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What a ``XMLSAXParser`` tells as it reads: elements by their local names and attributes,
/// and text, each as byte views valid for the call only (no `String` is made for them).
public protocol XMLSAXHandler: AnyObject {
    /// An element starts; `isEmpty` when it was written `<name/>` (then no end follows for it).
    func startElement(_ localName: ColumnView<UInt8>, attributes: XMLSAXAttributes, isEmpty: Bool)
    /// An element written with an end tag ends.
    func endElement(_ localName: ColumnView<UInt8>)
    /// Text, character data or white space inside the current element (perhaps in several calls).
    func characters(_ text: ColumnView<UInt8>)
}

/// The attributes of an element, as libxml2's SAX2 reader hands them over (values not
/// NUL-terminated, entities already replaced by the characters they stand for).
public struct XMLSAXAttributes {
    @usableFromInline let count: Int
    @usableFromInline let entries: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    @usableFromInline
    init(count: Int, entries: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        self.count = count
        self.entries = entries
    }

    /// Calls `body` with the local name and the value of each attribute in no namespace.
    @inlinable
    public func forEachUnqualified(_ body: (_ localName: ColumnView<UInt8>, _ value: ColumnView<UInt8>) -> Void) {
        guard count > 0, let entries else { return }
        for i in 0..<count {
            let entry = entries + 5 * i
            guard let local = entry[0], entry[2] == nil, let start = entry[3], let end = entry[4] else { continue }
            body(ColumnView(base: local, count: Int(strlen(local))), ColumnView(base: start, count: end - start))
        }
    }
}

/// libxml2's SAX2 push parser over a byte array, handing what it reads to a ``XMLSAXHandler``:
/// no tree, no `String` per element, memory flat however large the document.
///
/// Safe for documents from anywhere: no network, no entity substitution (predefined entities
/// and character references arrive as text; any other entity is an error, as there is no DTD),
/// and a DOCTYPE stops the parse as soon as the parser meets it.
///
/// ```swift
/// let outcome = XMLSAXParser.parse(bytes: part, name: "xl/worksheets/sheet1.xml", handler: rows)
/// if case .malformed(let line) = outcome { … }
/// ```
public enum XMLSAXParser {
    public enum Outcome: Equatable, Sendable {
        case finished
        /// The parser could not be started.
        case cannotStart
        /// A DOCTYPE, on this line.
        case doctype(line: Int)
        /// Not well-formed XML; the line of the first error (0 when unknown).
        case malformed(line: Int)
    }

    /// Parses `bytes`, `chunk` bytes at a time.
    public static func parse(bytes: [UInt8], name: String, chunk: Int = 4 << 20, handler: some XMLSAXHandler) -> Outcome {
        parse(segments: [Segment(bytes, 0..<bytes.count)], name: name, chunk: chunk, handler: handler)
    }

    /// A range of a byte array: a document handed over in several pieces (see
    /// ``parse(segments:name:chunk:handler:)``).
    public struct Segment: Sendable {
        public let bytes: [UInt8]
        public let range: Range<Int>

        public init(_ bytes: [UInt8], _ range: Range<Int>) {
            precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "a segment lies inside its bytes")
            self.bytes = bytes
            self.range = range
        }
    }

    /// Parses the document made of `segments` one after the other, as if they were one array
    /// (nothing is copied to join them): the parse of a piece of a large sheet is its own
    /// opening, a middle part of the sheet's bytes and the sheet's own ending.
    public static func parse(segments: [Segment], name: String, chunk: Int = 4 << 20, handler: some XMLSAXHandler) -> Outcome {
        var callbacks = xmlSAXHandler()
        callbacks.initialized = XML_SAX2_MAGIC
        callbacks.startElementNs = saxStart
        callbacks.endElementNs = saxEnd
        callbacks.characters = saxCharacters
        callbacks.ignorableWhitespace = saxCharacters
        callbacks.cdataBlock = saxCharacters
        callbacks.internalSubset = saxInternalSubset
        callbacks.externalSubset = saxInternalSubset
        callbacks.serror = saxError

        LibXMLCalls.refuseExternalLoading()
        let state = SAXState(handler: handler)
        var pieces = segments.filter { !$0.range.isEmpty }
        // The first bytes go with the context, for the encoding to be detected from them.
        var head: [UInt8] = []
        if let first = pieces.first {
            let cut = first.range.lowerBound + min(4, first.range.count)
            head = Array(first.bytes[first.range.lowerBound..<cut])
            pieces[0] = Segment(first.bytes, cut..<first.range.upperBound)
            pieces.removeAll { $0.range.isEmpty }
        }
        let context = head.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlCreatePushParserCtxt(&callbacks, nil, $0.baseAddress, Int32($0.count), name) }
        }
        guard let ctxt = context else { return .cannotStart }
        defer { xmlFreeParserCtxt(ctxt) }
        _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        ctxt.pointee._private = Unmanaged.passUnretained(state).toOpaque()

        var status: Int32 = 0
        withExtendedLifetime(state) {
            if pieces.isEmpty {
                status = xmlParseChunk(ctxt, nil, 0, 1)
                return
            }
            for (index, piece) in pieces.enumerated() {
                let isLast = index == pieces.count - 1
                let stopped = piece.bytes.withUnsafeBufferPointer { buffer -> Bool in
                    let base = buffer.baseAddress!
                    var offset = piece.range.lowerBound
                    repeat {
                        let size = min(chunk, piece.range.upperBound - offset)
                        let terminate: Int32 = isLast && offset + size >= piece.range.upperBound ? 1 : 0
                        status = base.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: size) {
                            xmlParseChunk(ctxt, $0, Int32(size), terminate)
                        }
                        offset += size
                        if status != 0 || state.doctypeLine != nil || state.errorLine != nil || ctxt.pointee.wellFormed == 0 { return true }
                    } while offset < piece.range.upperBound
                    return false
                }
                if stopped { break }
            }
        }
        if let line = state.doctypeLine { return .doctype(line: line) }
        if status != 0 || state.errorLine != nil || ctxt.pointee.wellFormed == 0 {
            return .malformed(line: state.errorLine ?? xmlCtxtGetLastError(ctxt).map { Int($0.pointee.line) } ?? 0)
        }
        return .finished
    }
}

/// The parse state the SAX callbacks share, reached through the context's `_private`.
private final class SAXState {
    let handler: any XMLSAXHandler
    /// The element just started was written `<name/>`: the end libxml2 reports next is not a
    /// tag of the document.
    var skipEnd = false
    /// The line of a DOCTYPE, or of the first error libxml2 reported.
    var doctypeLine: Int?
    var errorLine: Int?

    init(handler: any XMLSAXHandler) { self.handler = handler }
}

/// Runs `body` with the parse state, borrowed: no retain and release per event (the state and
/// its handler live as long as ``XMLSAXParser/parse(bytes:name:chunk:handler:)``, which holds
/// them). A retain/release pair per element was 6 % of a workbook's instructions.
@inline(__always)
private func withSAXState<R>(_ ctx: UnsafeMutableRawPointer, _ body: (SAXState) -> R) -> R {
    Unmanaged<SAXState>.fromOpaque(ctx.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private!)
        ._withUnsafeGuaranteedRef(body)
}

@inline(__always)
private func nameView(_ name: UnsafePointer<xmlChar>) -> ColumnView<UInt8> {
    ColumnView(base: name, count: Int(strlen(name)))
}

private let saxStart: startElementNsSAX2Func = { ctx, localname, _, _, _, _, attributeCount, _, attributes in
    guard let ctx, let local = localname else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    // libxml2 calls this with the input on the tag's `/>` or `>`.
    let isEmpty = ctxt.pointee.input.pointee.cur.map { $0[0] == UInt8(ascii: "/") } ?? false
    withSAXState(ctx) { state in
        state.skipEnd = isEmpty
        state.handler.startElement(nameView(local), attributes: XMLSAXAttributes(count: Int(attributeCount), entries: attributes),
                                   isEmpty: isEmpty)
    }
}

private let saxEnd: endElementNsSAX2Func = { ctx, localname, _, _ in
    guard let ctx, let local = localname else { return }
    withSAXState(ctx) { state in
        if state.skipEnd {
            state.skipEnd = false
            return
        }
        state.handler.endElement(nameView(local))
    }
}

private let saxCharacters: charactersSAXFunc = { ctx, text, length in
    guard let ctx, let text, length > 0 else { return }
    withSAXState(ctx) { $0.handler.characters(ColumnView(base: text, count: Int(length))) }
}

private let saxInternalSubset: internalSubsetSAXFunc = { ctx, _, _, _ in
    guard let ctx else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    withSAXState(ctx) { state in
        if state.doctypeLine == nil {
            state.doctypeLine = Int(ctxt.pointee.input.pointee.line)
        }
    }
    xmlStopParser(ctxt)
}

private let saxError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error, let opaque = ctx.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
    let state = Unmanaged<SAXState>.fromOpaque(opaque).takeUnretainedValue()
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, state.errorLine == nil, state.doctypeLine == nil else { return }
    state.errorLine = Int(error.pointee.line)
}
