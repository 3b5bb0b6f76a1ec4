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
            let text = String(decoding: bytes.bytes, as: UTF8.self)
            out.append(right ? DisplayWidth.padLeft(text, to: room) : DisplayWidth.padRight(text, to: room))
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

    /// The number of characters of a whole number written in decimal.
    static func digits(_ value: Int) -> Int {
        var n = value < 0 ? 2 : 1
        var rest = value.magnitude
        while rest >= 10 { rest /= 10; n += 1 }
        return n
    }
}
