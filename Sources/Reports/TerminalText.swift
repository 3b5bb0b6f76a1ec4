/// Text made safe for a terminal: control characters are shown, never obeyed.
///
/// A name typed with an escape sequence (`ESC [ 2 J` clears the screen, `ESC ] 0 ;` retitles
/// the window, a lone carriage return overwrites a line) would act on the clerk's terminal if it
/// were printed as it is. Every C0 control except tab and line feed (and a carriage return
/// followed by a line feed), DEL, and every C1 control (U+0080–U+009F) is written as
/// `\u{1B}`: visible, and the same in both languages.
///
/// ```swift
/// TerminalText.escapingControls("Lê\u{1B}[2JVăn")   // "Lê\\u{1B}[2JVăn"
/// ```
public enum TerminalText {
    /// The text with its control characters shown as `\u{…}`.
    public static func escapingControls(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let escaped = escapingControls(bytes) else { return text }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The bytes (UTF-8) with their control characters shown as `\u{…}`; `nil` when there is
    /// none (the common case: one pass, no copy).
    public static func escapingControls(_ bytes: [UInt8]) -> [UInt8]? {
        guard let first = firstControl(bytes, from: 0) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: bytes[..<first])
        var index = first
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                appendEscape(UInt32(bytes[index + 1]), to: &out)
                index += 2
            } else if isControl(byte, next: index + 1 < bytes.count ? bytes[index + 1] : nil) {
                appendEscape(UInt32(byte), to: &out)
                index += 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// Where the first control character starts, from `start` on.
    static func firstControl(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 {
                let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                if byte == 0xC2 {
                    if let next, (0x80...0x9F).contains(next) { return index }
                } else if isControl(byte, next: next) {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    private static func isControl(_ byte: UInt8, next: UInt8?) -> Bool {
        switch byte {
        case 0x09, 0x0A: return false
        case 0x0D: return next != 0x0A
        case 0x00..<0x20, 0x7F: return true
        default: return false
        }
    }

    private static func appendEscape(_ scalar: UInt32, to out: inout [UInt8]) {
        let hex = String(scalar, radix: 16, uppercase: true)
        out.append(contentsOf: Array("\\u{\(hex.count < 2 ? "0" + hex : hex)}".utf8))
    }
}
