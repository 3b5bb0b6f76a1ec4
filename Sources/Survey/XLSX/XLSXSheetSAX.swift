import CLibXML2
import Foundation

/// ``XLSXSheetReader``'s parse with libxml2's SAX2 push parser: the same rows, cells and
/// failures as the streaming reader, without building a node per element.
///
/// Same safety: no network, no entity substitution (predefined entities and character
/// references arrive as text; any other entity is an error, as there is no DTD), and a DOCTYPE
/// is refused as soon as the parser meets it.
extension XLSXSheetReader {
    /// Bytes handed to `xmlParseChunk` at a time.
    static let saxChunk = 4 << 20

    /// The parse state the SAX callbacks share, reached through the context's `_private`.
    fileprivate struct SAXState {
        var send: (RawRows) -> Void
        var batch = RawRows()
        var rowNumber = 0
        var rowFirstCell = 0
        var column = 0
        var cellType = CellType.none
        var cellStyle = 0
        var valueStart = 0
        var inValue = false
        var inInline = false
        var inlineText = false
        var phoneticDepth = 0
        var hasValue = false
        /// The element just started was written `<name/>`: the end libxml2 reports next is not
        /// a tag of the document (the streaming reader reports none for it).
        var skipEnd = false
        /// The first failure (a DOCTYPE), or the line of the first error libxml2 reported.
        var doctypeLine: Int?
        var errorLine: Int?

        init(send: @escaping (RawRows) -> Void) {
            self.send = send
            batch.bytes.reserveCapacity(64 * 1024)
        }
    }

    func parseSAX(bytes: [UInt8], batch send: (RawRows) -> Void) throws(XMLStream.Failure) {
        let failure: XMLStream.Failure? = withoutActuallyEscaping(send) { send in
            // An empty part still needs a pointer to hand libxml2 (with a length of 0).
            (bytes.isEmpty ? [0] : bytes).withUnsafeBufferPointer { buffer in
                runSAX(buffer.baseAddress!, count: bytes.count, send: send)
            }
        }
        if let failure { throw failure }
    }

    private func runSAX(_ base: UnsafePointer<UInt8>, count: Int, send: @escaping (RawRows) -> Void) -> XMLStream.Failure? {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = saxStart
        handler.endElementNs = saxEnd
        handler.characters = saxCharacters
        handler.ignorableWhitespace = saxCharacters
        handler.cdataBlock = saxCharacters
        handler.internalSubset = saxInternalSubset
        handler.externalSubset = saxInternalSubset
        handler.serror = saxError

        let state = UnsafeMutablePointer<SAXState>.allocate(capacity: 1)
        state.initialize(to: SAXState(send: send))
        defer { state.deinitialize(count: 1); state.deallocate() }

        // The first bytes go with the context, for the encoding to be detected from them.
        let first = min(count, 4)
        let ctxt = base.withMemoryRebound(to: CChar.self, capacity: max(first, 1)) {
            xmlCreatePushParserCtxt(&handler, nil, $0, Int32(first), name)
        }
        guard let ctxt else { return XMLStream.Failure(part: name, line: 0, reason: "cannot start the XML reader") }
        defer { xmlFreeParserCtxt(ctxt) }
        _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        ctxt.pointee._private = UnsafeMutableRawPointer(state)

        var offset = first
        var status: Int32 = 0
        repeat {
            let size = min(Self.saxChunk, count - offset)
            let terminate: Int32 = offset + size >= count ? 1 : 0
            status = base.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: max(size, 1)) {
                xmlParseChunk(ctxt, size > 0 ? $0 : nil, Int32(size), terminate)
            }
            offset += size
            if status != 0 || state.pointee.doctypeLine != nil || state.pointee.errorLine != nil || ctxt.pointee.wellFormed == 0 { break }
        } while offset < count

        if !state.pointee.batch.rows.isEmpty { state.pointee.send(state.pointee.batch) }
        if let line = state.pointee.doctypeLine { return XMLStream.Failure(part: name, line: line, reason: "DOCTYPE is not allowed") }
        if status != 0 || state.pointee.errorLine != nil || ctxt.pointee.wellFormed == 0 {
            let line = state.pointee.errorLine ?? xmlCtxtGetLastError(ctxt).map { Int($0.pointee.line) } ?? 0
            return XMLStream.Failure(part: name, line: line, reason: "malformed XML")
        }
        return nil
    }
}

@inline(__always)
private func saxState(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XLSXSheetReader.SAXState> {
    ctx!.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private!.assumingMemoryBound(to: XLSXSheetReader.SAXState.self)
}

@inline(__always)
private func isName(_ name: UnsafePointer<xmlChar>, _ a: UInt8) -> Bool {
    name[0] == a && name[1] == 0
}

@inline(__always)
private func isName(_ name: UnsafePointer<xmlChar>, _ a: UInt8, _ b: UInt8) -> Bool {
    name[0] == a && name[1] == b && name[2] == 0
}

@inline(__always)
private func isName(_ name: UnsafePointer<xmlChar>, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    name[0] == a && name[1] == b && name[2] == c && name[3] == 0
}

private struct SAXAttributes {
    var reference: Int?
    var type = XLSXSheetReader.CellType.none
    var style: Int?
}

/// The un-namespaced attributes `r`, `t` and `s` (values run from `[3]` to `[4]`, not
/// NUL-terminated).
@inline(__always)
private func saxAttributes(_ count: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, isRow: Bool) -> SAXAttributes {
    var found = SAXAttributes()
    guard count > 0, let attributes else { return found }
    for i in 0..<Int(count) {
        let entry = attributes + 5 * i
        guard let local = entry[0], entry[2] == nil, local[0] != 0, local[1] == 0 else { continue }
        let key = local[0]
        guard key == UInt8(ascii: "r") || key == UInt8(ascii: "t") || key == UInt8(ascii: "s"),
              let start = entry[3], let end = entry[4] else { continue }
        let value = UnsafeBufferPointer(start: start, count: end - start)
        if key == UInt8(ascii: "r") {
            found.reference = isRow ? saxInteger(value) : saxColumnIndex(value)
        } else if key == UInt8(ascii: "t") {
            found.type = saxCellType(value)
        } else {
            found.style = saxInteger(value)
        }
    }
    return found
}

private func saxCellType(_ text: UnsafeBufferPointer<UInt8>) -> XLSXSheetReader.CellType {
    if text.count == 1 {
        switch text[0] {
        case UInt8(ascii: "s"): return .shared
        case UInt8(ascii: "b"): return .bool
        case UInt8(ascii: "e"): return .error
        case UInt8(ascii: "d"): return .date
        default: return .other
        }
    }
    if text.elementsEqual("inlineStr".utf8) { return .inline }
    if text.elementsEqual("str".utf8) { return .str }
    return .other
}

private func saxInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    var value = 0
    var i = 0
    while i < 18 && i < text.count {
        let byte = text[i]
        guard byte >= 48 && byte <= 57 else { return Int(String(decoding: text, as: UTF8.self)) }
        value = value * 10 + Int(byte - 48)
        i += 1
    }
    guard i > 0, i == text.count else { return Int(String(decoding: text, as: UTF8.self)) }
    return value
}

private func saxColumnIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    var letters = 0
    for byte in bytes {
        switch byte {
        case 65...90: index = index &* 26 &+ Int(byte - 64)
        case 97...122: index = index &* 26 &+ Int(byte - 96)
        default: return letters > 0 ? index - 1 : nil
        }
        letters += 1
    }
    return letters > 0 ? index - 1 : nil
}

private let saxStart: startElementNsSAX2Func = { ctx, localname, _, _, _, _, attributeCount, _, attributes in
    guard let ctx, let local = localname else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    let s = saxState(ctx)
    // libxml2 calls this with the input on the tag's `/>` or `>`.
    let isEmpty = ctxt.pointee.input.pointee.cur.map { $0[0] == UInt8(ascii: "/") } ?? false
    s.pointee.skipEnd = isEmpty
    switch local[0] {
    case UInt8(ascii: "c") where local[1] == 0:
        let found = saxAttributes(attributeCount, attributes, isRow: false)
        s.pointee.column = found.reference ?? s.pointee.column
        s.pointee.cellType = found.type
        s.pointee.cellStyle = found.style ?? 0
        s.pointee.valueStart = s.pointee.batch.bytes.count
        s.pointee.hasValue = false
        if isEmpty { s.pointee.column += 1 }
    case UInt8(ascii: "v") where local[1] == 0:
        if !isEmpty {
            s.pointee.inValue = true
            s.pointee.hasValue = true
        }
    case UInt8(ascii: "r"):
        if isName(local, 0x72, 0x6F, 0x77) {  // row
            let found = saxAttributes(attributeCount, attributes, isRow: true)
            s.pointee.rowNumber = found.reference ?? s.pointee.rowNumber + 1
            if s.pointee.batch.rows.count >= XLSXSheetReader.batchRows {
                let pending = Array(s.pointee.batch.bytes[min(s.pointee.valueStart, s.pointee.batch.bytes.count)...])
                s.pointee.send(s.pointee.batch)
                var batch = XLSXSheetReader.RawRows()
                batch.bytes.reserveCapacity(64 * 1024)
                batch.bytes.append(contentsOf: pending)
                s.pointee.batch = batch
                s.pointee.valueStart = 0
            }
            s.pointee.rowFirstCell = s.pointee.batch.cells.count
            s.pointee.column = 0
            if isEmpty { s.pointee.batch.rows.append((s.pointee.rowNumber, s.pointee.rowFirstCell, s.pointee.rowFirstCell)) }
        } else if isName(local, 0x72, 0x50, 0x68) {  // rPh
            if s.pointee.inInline && !isEmpty { s.pointee.phoneticDepth += 1 }
        }
    case UInt8(ascii: "i") where isName(local, 0x69, 0x73):  // is
        s.pointee.inInline = !isEmpty
        s.pointee.hasValue = true
    case UInt8(ascii: "t") where local[1] == 0:
        if s.pointee.inInline && s.pointee.phoneticDepth == 0 && !isEmpty { s.pointee.inlineText = true }
    default:
        break
    }
}

private let saxEnd: endElementNsSAX2Func = { ctx, localname, _, _ in
    guard let ctx, let local = localname else { return }
    let s = saxState(ctx)
    if s.pointee.skipEnd {
        s.pointee.skipEnd = false
        return
    }
    switch local[0] {
    case UInt8(ascii: "c") where local[1] == 0:
        if s.pointee.hasValue {
            s.pointee.batch.cells.append(XLSXSheetReader.RawRows.Cell(
                column: s.pointee.column, type: s.pointee.cellType, style: s.pointee.cellStyle,
                start: s.pointee.valueStart, end: s.pointee.batch.bytes.count))
        }
        s.pointee.column += 1
    case UInt8(ascii: "v") where local[1] == 0:
        s.pointee.inValue = false
    case UInt8(ascii: "t") where local[1] == 0:
        s.pointee.inlineText = false
    case UInt8(ascii: "r"):
        if isName(local, 0x72, 0x6F, 0x77) {
            s.pointee.batch.rows.append((s.pointee.rowNumber, s.pointee.rowFirstCell, s.pointee.batch.cells.count))
        } else if isName(local, 0x72, 0x50, 0x68) {
            s.pointee.phoneticDepth -= 1
        }
    case UInt8(ascii: "i") where isName(local, 0x69, 0x73):
        s.pointee.inInline = false
    default:
        break
    }
}

private let saxCharacters: charactersSAXFunc = { ctx, text, length in
    guard let ctx, let text, length > 0 else { return }
    let s = saxState(ctx)
    if s.pointee.inValue || s.pointee.inlineText {
        s.pointee.batch.bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
    }
}

private let saxInternalSubset: internalSubsetSAXFunc = { ctx, _, _, _ in
    guard let ctx else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    let s = saxState(ctx)
    if s.pointee.doctypeLine == nil {
        s.pointee.doctypeLine = Int(ctxt.pointee.input.pointee.line)
    }
    xmlStopParser(ctxt)
}

private let saxError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error, let state = ctx.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
    let s = state.assumingMemoryBound(to: XLSXSheetReader.SAXState.self)
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, s.pointee.errorLine == nil, s.pointee.doctypeLine == nil else { return }
    s.pointee.errorLine = Int(error.pointee.line)
}
