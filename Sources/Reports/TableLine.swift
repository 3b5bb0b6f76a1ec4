import Machinery
import TextSupport

/// How every line of a ``TextTable`` is written — title rows, summary rows and the ranked
/// table's millions of rows alike: a one-space margin, then each cell padded to its column's
/// width (left or right aligned, or cut with "…" when it is wider), the cells separated by
/// ``TextTable/separator`` spaces, and no spaces at the end of the line.
///
/// It writes bytes: a row loop appends a cell's bytes from a column (``cell(_:width:to:_:)``)
/// or a number's digits (``number(_:_:to:)``) straight into a thread's ``ByteWriter``, and
/// ``text(_:)`` gives the same line for cells given as strings.
///
/// ```swift
/// let line = TableLine(table)
/// let start = line.begin(out)
/// line.number(0, 7, to: out)
/// line.cell(1, width: 3, to: out) { $0.append("Hữu") }
/// line.end(from: start, out)                       // " 7  Hữu\n"
/// ```
struct TableLine {
    let widths: [Int]
    let rightAligned: [Bool]
    let separator: Int

    init(_ table: TextTable) {
        widths = table.columns.map(\.width)
        rightAligned = table.columns.map { $0.alignment == .right }
        separator = table.separator
    }

    /// Starts a line at the end of `out` (its margin); returns where the line starts.
    @inline(__always)
    func begin(_ out: ByteWriter) -> Int {
        let start = out.count
        out.append(0x20)
        return start
    }

    /// Appends cell `c`, `width` display columns wide, whose bytes `content` appends, with the
    /// gap before it.
    @inline(__always)
    func cell(_ c: Int, width: Int, to out: ByteWriter, _ content: (ByteWriter) -> Void) {
        if c > 0 { out.append(spaces: separator) }
        let room = widths[c]
        let right = rightAligned[c]
        guard width <= room else {
            // Too wide: cut to the column, whole grapheme clusters only.
            let bytes = ByteWriter(capacity: 64)
            content(bytes)
            Self.appendCut(bytes.bytes, room: room, right: right, to: out)
            return
        }
        if right { out.append(spaces: room - width) }
        content(out)
        if !right { out.append(spaces: room - width) }
    }

    /// Appends cell `c` holding a whole number, with the gap before it.
    @inline(__always)
    func number(_ c: Int, _ value: Int, to out: ByteWriter) {
        cell(c, width: Self.digits(value), to: out) { $0.append(number: value) }
    }

    /// Ends the line started at `start`: the spaces at its end dropped, then a line break.
    @inline(__always)
    func end(from start: Int, _ out: ByteWriter) {
        out.trimSpaces(downTo: start)
        out.append(0x0A)
    }

    /// The line of `cells` (missing cells are empty), without its line break.
    func text(_ cells: [String]) -> String {
        let out = ByteWriter(capacity: 256)
        let start = begin(out)
        for c in widths.indices {
            var cell = c < cells.count ? cells[c] : ""
            cell.withUTF8View { bytes in
                self.cell(c, width: DisplayWidth.of(utf8: bytes), to: out) { $0.append(bytes) }
            }
        }
        end(from: start, out)
        return String(decoding: out.bytes.view(0..<out.count - 1), as: UTF8.self)
    }

    /// Appends a cell's `bytes` cut to `room` columns (with "…") and padded to them, right
    /// aligned or left. (Kept out of ``cell(_:width:to:_:)``, which the row loops inline.)
    @inline(never)
    static func appendCut(_ bytes: ColumnView<UInt8>, room: Int, right: Bool, to out: ByteWriter) {
        if room > 0, let kept = narrowPrefix(bytes, scalars: room - 1) {
            // (A cut cell is exactly as wide as its column: no spaces either side.)
            out.append(bytes.view(0..<kept))
            out.append(ellipsis)
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        out.append(right ? DisplayWidth.padLeft(text, to: room) : DisplayWidth.padRight(text, to: room))
    }

    /// "…" in UTF-8.
    private static let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]

    /// How many bytes the first `scalars` scalars of `bytes` take, when every scalar of `bytes`
    /// is one ``DisplayWidth/of(utf8:)`` counts as one column and a cluster of its own (ASCII,
    /// precomposed Vietnamese, dashes and quotes, superscripts, rules) and there are more than
    /// `scalars` of them; nil otherwise. The first `scalars` columns of such a cell are then
    /// those bytes: what ``DisplayWidth/truncate(_:to:)`` keeps of it, found without making a
    /// `String` or walking grapheme clusters (names cut on an A4 page are thousands a commune).
    static func narrowPrefix(_ bytes: ColumnView<UInt8>, scalars: Int) -> Int? {
        let count = bytes.count
        var i = 0, n = 0, prefix = -1
        while i < count {
            if n == scalars { prefix = i }
            let lead = UInt32(bytes[unchecked: i])
            let value: UInt32
            if lead < 0x80 {
                value = lead
                i += 1
            } else if lead >= 0xC0 && lead < 0xE0 {
                guard i + 1 < count else { return nil }
                value = (lead & 0x1F) << 6 | UInt32(bytes[unchecked: i + 1] & 0x3F)
                i += 2
            } else if lead >= 0xE0 && lead < 0xF0 {
                guard i + 2 < count else { return nil }
                value = (lead & 0x0F) << 12 | UInt32(bytes[unchecked: i + 1] & 0x3F) << 6 | UInt32(bytes[unchecked: i + 2] & 0x3F)
                i += 3
            } else {
                return nil
            }
            guard (0x20..<0x7F).contains(value) || (0xA0...0x24F).contains(value) || (0x1E00...0x1EFF).contains(value)
                || (0x2010...0x2027).contains(value) || (0x2070...0x209F).contains(value) || (0x2500...0x257F).contains(value)
            else { return nil }
            n += 1
        }
        return prefix >= 0 ? prefix : nil
    }

    /// The number of characters of a whole number written in decimal.
    static func digits(_ value: Int) -> Int {
        var n = value < 0 ? 2 : 1
        var rest = value.magnitude
        while rest >= 10 { rest /= 10; n += 1 }
        return n
    }
}
