import Machinery

/// How wide text is on a terminal or a line printer, in columns, and how to fit it into columns.
///
/// Widths are counted per grapheme cluster (a letter with all its marks), so `"Hữu"` is three
/// columns whether it is stored precomposed (NFC) or decomposed (NFD): combining marks take no
/// column, East Asian wide and fullwidth characters and emoji take two, control characters none.
///
/// ```swift
/// DisplayWidth.of("Nguyễn Văn An")                 // 13
/// DisplayWidth.truncate("Nguyễn Văn An", to: 8)   // "Nguyễn…"
/// DisplayWidth.padLeft("95", to: 4)                // "  95"
/// ```
public enum DisplayWidth {
    /// The number of columns the text takes.
    public static func of(_ text: String) -> Int {
        var text = text
        return text.withUTF8View { of(utf8: $0) }
    }

    /// The number of columns of text given as UTF-8 bytes (valid UTF-8, as a `String` holds).
    ///
    /// Most names and every number are ASCII: one column per byte. Precomposed Vietnamese text
    /// (Latin letters U+00A0–U+024F and U+1E00–U+1EFF), with the report's own rules, dashes and
    /// superscripts, takes one column per scalar, and no such scalar can join a cluster. Anything
    /// else is measured cluster by cluster.
    public static func of(utf8 bytes: ColumnView<UInt8>) -> Int {
        let count = bytes.count
        // (Every index read below is checked against `count` first.)
        var i = 0
        while i < count, bytes[unchecked: i] >= 0x20 && bytes[unchecked: i] < 0x7F { i += 1 }
        if i == count { return count }
        var narrow = i
        while i < count {
            let lead = UInt32(bytes[unchecked: i])
            let value: UInt32
            if lead < 0x80 {
                value = lead
                i += 1
            } else if lead < 0xE0 {
                guard i + 1 < count else { break }
                value = (lead & 0x1F) << 6 | UInt32(bytes[unchecked: i + 1] & 0x3F)
                i += 2
            } else if lead < 0xF0 {
                guard i + 2 < count else { break }
                value = (lead & 0x0F) << 12 | UInt32(bytes[unchecked: i + 1] & 0x3F) << 6 | UInt32(bytes[unchecked: i + 2] & 0x3F)
                i += 3
            } else {
                break
            }
            guard (0x20..<0x7F).contains(value) || (0xA0...0x24F).contains(value) || (0x1E00...0x1EFF).contains(value)
                || (0x2010...0x2027).contains(value) || (0x2070...0x209F).contains(value) || (0x2500...0x257F).contains(value)
            else {
                return clusters(String(decoding: bytes, as: UTF8.self))
            }
            narrow += 1
        }
        if i < count { return clusters(String(decoding: bytes, as: UTF8.self)) }
        return narrow
    }

    /// The width summed over grapheme clusters.
    private static func clusters(_ text: String) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The number of columns one grapheme cluster takes: its base character's width.
    public static func of(_ character: Character) -> Int {
        var scalars = character.unicodeScalars.makeIterator()
        guard let base = scalars.next() else { return 0 }
        var width = columns(base)
        while let next = scalars.next() {
            if next.value == 0xFE0F && width > 0 { width = 2 }   // emoji presentation selector
        }
        return width
    }

    /// The text cut to at most `width` columns; when it had to be cut it ends with "…".
    /// A grapheme cluster is never split, so no letter loses its tone mark.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// The text cut to `width` columns if needed, then padded with spaces on the right.
    public static func padRight(_ text: String, to width: Int) -> String {
        let w = of(text)
        if w <= width { return w == width ? text : text + String(repeating: " ", count: width - w) }
        let fitted = truncate(text, to: width)
        return fitted + String(repeating: " ", count: max(0, width - of(fitted)))
    }

    /// The text cut to `width` columns if needed, then padded with spaces on the left.
    public static func padLeft(_ text: String, to width: Int) -> String {
        let w = of(text)
        if w <= width { return w == width ? text : String(repeating: " ", count: width - w) + text }
        let fitted = truncate(text, to: width)
        return String(repeating: " ", count: max(0, width - of(fitted))) + fitted
    }

    /// The text centred in `width` columns (an odd space goes to the right), cut if needed.
    public static func center(_ text: String, in width: Int) -> String {
        let fitted = truncate(text, to: width)
        let space = max(0, width - of(fitted))
        return String(repeating: " ", count: space / 2) + fitted + String(repeating: " ", count: space - space / 2)
    }

    /// Splits text into lines of at most `width` columns at spaces; a word longer than a line is
    /// truncated. Lines after the first start with `indent` (which counts toward the width).
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let indentWidth = of(indent)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // Line breaks and tabs inside the text (a cell typed with Alt+Enter) are spaces here.
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r\n" || $0 == "\r" }) {
            let prefixWidth = lines.isEmpty ? 0 : indentWidth
            let room = max(1, width - prefixWidth)
            var piece = String(word)
            var pieceWidth = of(piece)
            if pieceWidth > room {
                piece = truncate(piece, to: room)
                pieceWidth = of(piece)
            }
            if lineWidth == 0 {
                line = piece
                lineWidth = pieceWidth
            } else if lineWidth + 1 + pieceWidth <= room {
                line += " " + piece
                lineWidth += 1 + pieceWidth
            } else {
                lines.append(lines.isEmpty ? line : indent + line)
                let nextRoom = max(1, width - indentWidth)
                line = pieceWidth > nextRoom ? truncate(piece, to: nextRoom) : piece
                lineWidth = of(line)
            }
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(lines.isEmpty ? line : indent + line) }
        return lines
    }

    /// Columns of a single scalar standing at the start of a cluster.
    private static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, merged.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Whether the text holds a line break or a tab (or another control character) that a
    /// one-line report cell must not print.
    public static func needsOneLine(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 }
    }

    /// The text on one line: each line break (`\r\n`, `\n`, `\r`), tab or other control
    /// character becomes one space. A text without any is returned as it is.
    public static func oneLine(_ text: String) -> String {
        guard needsOneLine(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character.unicodeScalars.contains(where: { $0.value < 0x20 }) { result.append(" ") } else { result.append(character) }
        }
        return result
    }
}
