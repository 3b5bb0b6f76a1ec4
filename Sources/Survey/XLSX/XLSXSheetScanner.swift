import CLibXML2
import Foundation

/// Checks that a part is well-formed XML with libxml2's push parser (no callbacks, no tree), on
/// a thread of its own, publishing how far the bytes are known to be good.
///
/// The fast sheet reader (``XLSXSheetScanner``) runs ahead on the calling thread but hands a row
/// on only once the checker has passed its bytes, so a malformed sheet gives the rows before the
/// fault and then the same "malformed XML" failure as the streaming reader.
final class XMLWellFormedCheck: @unchecked Sendable {
    private let condition = NSCondition()
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let name: String
    private var checked = 0
    private var finished = false
    private var cancelled = false
    private var failure: XMLStream.Failure?

    /// `base` must stay valid until ``waitUntilFinished()`` returns.
    init(base: UnsafePointer<UInt8>, count: Int, name: String) {
        self.base = base
        self.count = count
        self.name = name
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run() {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        var result: XMLStream.Failure?
        if let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, name) {
            _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            let chunk = 1 << 20
            var offset = 0
            var failed = false
            while offset < count {
                let length = min(chunk, count - offset)
                let status = base.withMemoryRebound(to: CChar.self, capacity: count) { xmlParseChunk(context, $0 + offset, Int32(length), 0) }
                if status != 0 || context.pointee.wellFormed == 0 { failed = true; break }
                // The parser may hold back the end of a chunk: the chunk before is surely passed.
                publish(offset)
                offset += length
                condition.lock()
                let stop = cancelled
                condition.unlock()
                if stop { break }
            }
            if !failed && offset >= count {
                if xmlParseChunk(context, nil, 0, 1) != 0 || context.pointee.wellFormed == 0 { failed = true }
            }
            if failed {
                let line = xmlCtxtGetLastError(context).map { Int($0.pointee.line) } ?? 0
                result = XMLStream.Failure(part: name, line: line, reason: "malformed XML")
            }
            xmlFreeParserCtxt(context)
        } else {
            result = XMLStream.Failure(part: name, line: 0, reason: "cannot start the XML reader")
        }
        condition.lock()
        if result == nil && !cancelled { checked = count }
        failure = result
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func publish(_ offset: Int) {
        condition.lock()
        checked = max(checked, offset)
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the bytes before `offset` are checked; the failure when they cannot be.
    func wait(upTo offset: Int) -> XMLStream.Failure? {
        condition.lock()
        defer { condition.unlock() }
        while checked < offset && !finished { condition.wait() }
        if checked >= offset { return nil }
        return failure ?? XMLStream.Failure(part: name, line: 0, reason: "malformed XML")
    }

    /// Stops the check early (the reader gave up) and waits for the thread to let go of the bytes.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Waits for the whole part; its failure, if any.
    func waitUntilFinished() -> XMLStream.Failure? {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        return failure
    }
}

/// Reads the rows of a worksheet part straight from its UTF-8 bytes: element names, attributes
/// and cell values are compared and parsed as bytes, and a `String` is made only for a cell's
/// text. It gives exactly what ``XLSXWorkbook/readSheet(_:row:)`` gives through the libxml2
/// streaming reader, for well-formed XML (which ``XMLWellFormedCheck`` makes sure of).
struct XLSXSheetScanner {
    struct Stop: Error {
        var failure: XMLStream.Failure
    }

    enum CellType { case none, shared, inline, str, bool, error, date, other }

    let base: UnsafePointer<UInt8>
    let count: Int
    let name: String
    let sharedStrings: [String]
    let dateStyles: [Bool]

    /// Whether a part can be read by this scanner: UTF-8 (or ASCII), with or without a BOM.
    static func canRead(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 1 else { return false }
        if bytes[0] == 0xFE || bytes[0] == 0xFF || bytes[0] == 0x00 { return false }
        if bytes.count >= 2 && bytes[1] == 0x00 { return false }
        // The XML declaration, if any: its encoding must be UTF-8.
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        guard bytes.count >= start + 5, bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "?"),
              bytes[start + 2] | 0x20 == UInt8(ascii: "x"), bytes[start + 3] | 0x20 == UInt8(ascii: "m"),
              bytes[start + 4] | 0x20 == UInt8(ascii: "l") else { return true }
        var end = start
        while end < bytes.count && end < start + 300 && bytes[end] != UInt8(ascii: ">") { end += 1 }
        let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return true }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return rest.hasPrefix("utf-8") || rest.hasPrefix("utf8") || rest.hasPrefix("us-ascii") || rest.hasPrefix("ascii")
    }

    private func failure(_ reason: String, at position: Int) -> Stop {
        var line = 1
        var i = 0
        while i < position && i < count { if base[i] == 0x0A { line += 1 }; i += 1 }
        return Stop(failure: XMLStream.Failure(part: name, line: line, reason: reason))
    }

    private func malformed(_ position: Int) -> Stop { failure("malformed XML", at: position) }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// `[start, end)` equals `word`.
    @inline(__always) private func equals(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        return memcmp(base + start, word.utf8Start, end - start) == 0
    }

    /// Appends character data (`&…;` references decoded, line ends normalised) to `out`.
    private func appendText(_ start: Int, _ end: Int, to out: inout [UInt8], attribute: Bool) throws(Stop) {
        var i = start
        var runStart = start
        while i < end {
            let byte = base[i]
            if byte == UInt8(ascii: "&") {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                var close = i + 1
                while close < end && base[close] != UInt8(ascii: ";") { close += 1 }
                guard close < end else { throw malformed(i) }
                if equals(i + 1, close, "lt") { out.append(UInt8(ascii: "<")) }
                else if equals(i + 1, close, "gt") { out.append(UInt8(ascii: ">")) }
                else if equals(i + 1, close, "amp") { out.append(UInt8(ascii: "&")) }
                else if equals(i + 1, close, "quot") { out.append(UInt8(ascii: "\"")) }
                else if equals(i + 1, close, "apos") { out.append(UInt8(ascii: "'")) }
                else if close - i >= 3 && base[i + 1] == UInt8(ascii: "#") {
                    var code: UInt32 = 0
                    var j = i + 2
                    let hex = base[j] == UInt8(ascii: "x")
                    if hex { j += 1 }
                    guard j < close else { throw malformed(i) }
                    while j < close {
                        let c = base[j]
                        let digit: UInt32
                        switch c {
                        case 48...57: digit = UInt32(c - 48)
                        case 97...102 where hex: digit = UInt32(c - 87)
                        case 65...70 where hex: digit = UInt32(c - 55)
                        default: throw malformed(i)
                        }
                        code = code * (hex ? 16 : 10) + digit
                        guard code <= 0x10FFFF else { throw malformed(i) }
                        j += 1
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw malformed(i) }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                } else {
                    throw malformed(i)
                }
                i = close + 1
                runStart = i
            } else if byte == 0x0D {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                if attribute {
                    out.append(0x20)
                    if i + 1 < end && base[i + 1] == 0x0A { i += 1 }
                } else {
                    out.append(0x0A)
                    if i + 1 < end && base[i + 1] == 0x0A { i += 1 }
                }
                i += 1
                runStart = i
            } else if attribute && (byte == 0x0A || byte == 0x09) {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                out.append(0x20)
                i += 1
                runStart = i
            } else {
                i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
    }

    /// The position of `needle` (2 or 3 bytes) at or after `from`, or `nil`.
    private func find(_ needle: StaticString, from: Int) -> Int? {
        let length = needle.utf8CodeUnitCount
        let first = needle.utf8Start[0]
        var i = from
        while i + length <= count {
            guard let hit = memchr(base + i, Int32(first), count - i) else { return nil }
            i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if i + length <= count && memcmp(base + i, needle.utf8Start, length) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// Streams every row; `ready(offset)` is asked before a row is handed on (the checker).
    func read(ready: (Int) throws(Stop) -> Void, row: (Int, [XLSXCell]) -> Void) throws(Stop) {
        var pos = 0
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }
        var stack: [(start: Int, end: Int)] = []
        stack.reserveCapacity(16)

        var rowNumber = 0
        var cells: [XLSXCell] = []
        var column = 0
        var cellType = CellType.none
        var cellStyle = 0
        var value: [UInt8] = []
        value.reserveCapacity(256)
        var inValue = false
        var inInline = false
        var inlineText = false
        var phoneticDepth = 0
        var hasValue = false
        var scratch: [UInt8] = []

        func finishCell() {
            let cell: XLSXCell
            if !hasValue {
                cell = .empty
            } else {
                switch cellType {
                case .shared:
                    var index = 0
                    var digits = 0
                    for byte in value {
                        guard byte >= 48 && byte <= 57 && digits < 18 else { digits = -1; break }
                        index = index * 10 + Int(byte - 48)
                        digits += 1
                    }
                    if digits > 0 {
                        cell = index < sharedStrings.count ? .text(sharedStrings[index]) : .error("#REF!")
                    } else {
                        let text = String(decoding: value, as: UTF8.self)
                        cell = Int(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < sharedStrings.count ? .text(sharedStrings[$0]) : nil } ?? .error("#REF!")
                    }
                case .inline, .str:
                    cell = .text(XLSXEscapes.unescape(bytes: value))
                case .bool:
                    if value.count == 1 { cell = .bool(value[0] == UInt8(ascii: "1")) }
                    else { cell = .bool(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces) == "1") }
                case .error: cell = .error(String(decoding: value, as: UTF8.self))
                case .date: cell = .text(String(decoding: value, as: UTF8.self))
                case .none, .other:
                    let isDate = cellStyle < dateStyles.count && dateStyles[cellStyle]
                    if value.allSatisfy({ $0 != 0x20 && $0 != 0x09 && $0 < 0x80 }) {
                        cell = .number(String(decoding: value, as: UTF8.self), isDate: isDate)
                    } else {
                        cell = .number(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces), isDate: isDate)
                    }
                }
            }
            if cell != .empty {
                if column >= cells.count { cells.append(contentsOf: repeatElement(.empty, count: column - cells.count + 1)) }
                cells[column] = cell
            }
        }

        while pos < count {
            let byte = base[pos]
            if byte != UInt8(ascii: "<") {
                // Character data up to the next tag.
                let end = memchr(base + pos, Int32(UInt8(ascii: "<")), count - pos).map {
                    UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base
                } ?? count
                if inValue || inlineText { try appendText(pos, end, to: &value, attribute: false) }
                pos = end
                continue
            }
            guard pos + 1 < count else { throw malformed(pos) }
            let next = base[pos + 1]
            if next == UInt8(ascii: "?") {
                guard let close = find("?>", from: pos + 2) else { throw malformed(pos) }
                pos = close + 2
                continue
            }
            if next == UInt8(ascii: "!") {
                if pos + 3 < count && base[pos + 2] == UInt8(ascii: "-") && base[pos + 3] == UInt8(ascii: "-") {
                    guard let close = find("-->", from: pos + 4) else { throw malformed(pos) }
                    pos = close + 3
                } else if pos + 9 <= count && memcmp(base + pos, "<![CDATA[", 9) == 0 {
                    guard let close = find("]]>", from: pos + 9) else { throw malformed(pos) }
                    if inValue || inlineText {
                        scratch.removeAll(keepingCapacity: true)
                        // CDATA holds no references; only line ends are normalised.
                        var i = pos + 9
                        while i < close {
                            if base[i] == 0x0D {
                                value.append(0x0A)
                                if i + 1 < close && base[i + 1] == 0x0A { i += 1 }
                            } else {
                                value.append(base[i])
                            }
                            i += 1
                        }
                    }
                    pos = close + 3
                } else if pos + 9 <= count && memcmp(base + pos, "<!DOCTYPE", 9) == 0 {
                    throw failure("DOCTYPE is not allowed", at: pos)
                } else {
                    throw malformed(pos)
                }
                continue
            }
            if next == UInt8(ascii: "/") {
                // An end tag.
                let nameStart = pos + 2
                var i = nameStart
                while i < count && base[i] != UInt8(ascii: ">") && !Self.isSpace(base[i]) { i += 1 }
                let nameEnd = i
                while i < count && Self.isSpace(base[i]) { i += 1 }
                guard i < count && base[i] == UInt8(ascii: ">"), let open = stack.popLast(),
                      open.end - open.start == nameEnd - nameStart,
                      memcmp(base + open.start, base + nameStart, nameEnd - nameStart) == 0 else { throw malformed(pos) }
                pos = i + 1
                var local = nameStart
                var k = nameStart
                while k < nameEnd { if base[k] == UInt8(ascii: ":") { local = k + 1 }; k += 1 }
                switch nameEnd - local {
                case 1:
                    switch base[local] {
                    case UInt8(ascii: "v"): inValue = false
                    case UInt8(ascii: "t"): inlineText = false
                    case UInt8(ascii: "c"):
                        finishCell()
                        column += 1
                    default: break
                    }
                case 2 where base[local] == UInt8(ascii: "i") && base[local + 1] == UInt8(ascii: "s"):
                    inInline = false
                case 3:
                    if equals(local, nameEnd, "row") {
                        try ready(pos)
                        row(rowNumber, cells)
                    } else if equals(local, nameEnd, "rPh") {
                        phoneticDepth -= 1
                    }
                default: break
                }
                continue
            }
            // A start tag: its name, then its attributes.
            let nameStart = pos + 1
            var i = nameStart
            while i < count && base[i] != UInt8(ascii: ">") && base[i] != UInt8(ascii: "/") && !Self.isSpace(base[i]) { i += 1 }
            let nameEnd = i
            guard nameEnd > nameStart else { throw malformed(pos) }
            var local = nameStart
            var k = nameStart
            while k < nameEnd { if base[k] == UInt8(ascii: ":") { local = k + 1 }; k += 1 }
            let localLength = nameEnd - local
            let isRow = localLength == 3 && equals(local, nameEnd, "row")
            let isCell = localLength == 1 && base[local] == UInt8(ascii: "c")
            var r: (Int, Int)? = nil
            var t: (Int, Int)? = nil
            var s: (Int, Int)? = nil
            var isEmpty = false
            while true {
                while i < count && Self.isSpace(base[i]) { i += 1 }
                guard i < count else { throw malformed(pos) }
                if base[i] == UInt8(ascii: ">") { i += 1; break }
                if base[i] == UInt8(ascii: "/") {
                    guard i + 1 < count && base[i + 1] == UInt8(ascii: ">") else { throw malformed(pos) }
                    isEmpty = true
                    i += 2
                    break
                }
                let attributeStart = i
                while i < count && base[i] != UInt8(ascii: "=") && !Self.isSpace(base[i]) && base[i] != UInt8(ascii: ">") { i += 1 }
                let attributeEnd = i
                while i < count && Self.isSpace(base[i]) { i += 1 }
                guard attributeEnd > attributeStart, i < count, base[i] == UInt8(ascii: "=") else { throw malformed(pos) }
                i += 1
                while i < count && Self.isSpace(base[i]) { i += 1 }
                guard i < count, base[i] == UInt8(ascii: "\"") || base[i] == UInt8(ascii: "'") else { throw malformed(pos) }
                let quote = base[i]
                let valueStart = i + 1
                guard let hit = memchr(base + valueStart, Int32(quote), count - valueStart) else { throw malformed(pos) }
                let valueEnd = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                i = valueEnd + 1
                if (isRow || isCell) && attributeEnd - attributeStart == 1 {
                    switch base[attributeStart] {
                    case UInt8(ascii: "r"): r = (valueStart, valueEnd)
                    case UInt8(ascii: "t"): t = (valueStart, valueEnd)
                    case UInt8(ascii: "s"): s = (valueStart, valueEnd)
                    default: break
                    }
                }
            }
            pos = i
            if !isEmpty { stack.append((nameStart, nameEnd)) }

            if isRow {
                var number: Int? = nil
                if let r { number = try integer(r.0, r.1, &scratch) }
                rowNumber = number ?? rowNumber + 1
                cells.removeAll(keepingCapacity: true)
                column = 0
                if isEmpty {
                    try ready(pos)
                    row(rowNumber, [])
                }
            } else if isCell {
                if let r {
                    let index: Int?
                    if attributeNeedsDecoding(r.0, r.1) {
                        try decodeAttribute(r.0, r.1, into: &scratch)
                        index = XLSXWorkbook.columnIndex(String(decoding: scratch, as: UTF8.self))
                    } else {
                        index = Self.columnIndex(base + r.0, r.1 - r.0)
                    }
                    column = index ?? column
                }
                cellType = .none
                if let t { cellType = try type(t.0, t.1, &scratch) }
                var style: Int? = nil
                if let s { style = try integer(s.0, s.1, &scratch) }
                cellStyle = style ?? 0
                value.removeAll(keepingCapacity: true)
                hasValue = false
                if isEmpty { column += 1 }
            } else {
                switch localLength {
                case 1:
                    if base[local] == UInt8(ascii: "v") && !isEmpty {
                        inValue = true
                        hasValue = true
                    } else if base[local] == UInt8(ascii: "t") && inInline && phoneticDepth == 0 && !isEmpty {
                        inlineText = true
                    }
                case 2 where base[local] == UInt8(ascii: "i") && base[local + 1] == UInt8(ascii: "s"):
                    inInline = !isEmpty
                    hasValue = true
                case 3 where inInline && !isEmpty && equals(local, nameEnd, "rPh"):
                    phoneticDepth += 1
                default: break
                }
            }
        }
        guard stack.isEmpty else { throw malformed(count) }
    }

    @inline(__always) private func attributeNeedsDecoding(_ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let byte = base[i]
            if byte == UInt8(ascii: "&") || byte == 0x0D || byte == 0x0A || byte == 0x09 || byte == UInt8(ascii: "<") { return true }
            i += 1
        }
        return false
    }

    private func decodeAttribute(_ start: Int, _ end: Int, into out: inout [UInt8]) throws(Stop) {
        out.removeAll(keepingCapacity: true)
        if memchr(base + start, Int32(UInt8(ascii: "<")), end - start) != nil { throw malformed(start) }
        try appendText(start, end, to: &out, attribute: true)
    }

    /// `Int(value)` of an attribute.
    private func integer(_ start: Int, _ end: Int, _ scratch: inout [UInt8]) throws(Stop) -> Int? {
        if attributeNeedsDecoding(start, end) {
            try decodeAttribute(start, end, into: &scratch)
            return Int(String(decoding: scratch, as: UTF8.self))
        }
        guard end > start, end - start <= 18 else {
            return Int(String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self))
        }
        var value = 0
        for i in start..<end {
            let byte = base[i]
            guard byte >= 48 && byte <= 57 else {
                return Int(String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self))
            }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    private func type(_ start: Int, _ end: Int, _ scratch: inout [UInt8]) throws(Stop) -> CellType {
        let text: UnsafeBufferPointer<UInt8>
        if attributeNeedsDecoding(start, end) {
            try decodeAttribute(start, end, into: &scratch)
            return Self.type(String(decoding: scratch, as: UTF8.self))
        }
        text = UnsafeBufferPointer(start: base + start, count: end - start)
        if text.count == 1 {
            switch text[0] {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "b"): return .bool
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .date
            default: return .other
            }
        }
        if equals(start, end, "inlineStr") { return .inline }
        if equals(start, end, "str") { return .str }
        return .other
    }

    private static func type(_ text: String) -> CellType {
        switch text {
        case "s": return .shared
        case "inlineStr": return .inline
        case "str": return .str
        case "b": return .bool
        case "e": return .error
        case "d": return .date
        default: return .other
        }
    }

    /// ``XLSXWorkbook/columnIndex(_:)`` on bytes.
    @inline(__always) static func columnIndex(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int? {
        var index = 0
        var letters = 0
        var i = 0
        while i < length {
            let byte = bytes[i]
            switch byte {
            case 65...90: index = index &* 26 &+ Int(byte - 64)
            case 97...122: index = index &* 26 &+ Int(byte - 96)
            default: return letters > 0 ? index - 1 : nil
            }
            letters += 1
            i += 1
        }
        return letters > 0 ? index - 1 : nil
    }
}
