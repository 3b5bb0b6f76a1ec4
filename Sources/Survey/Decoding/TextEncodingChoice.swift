/// Which character encoding to read a text survey file (`.csv`, `.txt`) in.
///
/// `.automatic` looks for a byte-order mark, then accepts valid UTF-8, then chooses between
/// Windows-1258 and TCVN3 (ABC) by which reading gives well-formed Vietnamese words.
///
/// ```swift
/// let choice = TextEncodingChoice(argument: "tcvn3") ?? .automatic
/// let reader = SurveyReader(criteria: criteria, encoding: choice)
/// ```
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    case automatic
    case utf8
    /// UTF-16 with a byte-order mark (Excel's "Unicode Text"); little-endian when there is none.
    case utf16
    case windows1258
    /// TCVN 5712 (the ABC fonts `.VnTime`, …).
    case tcvn3

    /// Accepts the usual spellings: `auto`, `utf-8`, `utf16`, `cp1258`, `windows-1258`, `tcvn3`, `abc`, `tcvn`.
    public init?(argument: String) {
        switch argument.lowercased().filter({ $0 != "-" && $0 != "_" && $0 != " " }) {
        case "auto", "automatic", "tudong": self = .automatic
        case "utf8": self = .utf8
        case "utf16", "unicode", "utf16le", "utf16be": self = .utf16
        case "cp1258", "windows1258", "win1258": self = .windows1258
        case "tcvn3", "tcvn", "abc", "tcvn5712", "tcvn57121", "vn3": self = .tcvn3
        default: return nil
        }
    }
}

/// The encoding a text file was actually read in.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    case windows1258 = "Windows-1258"
    case tcvn3 = "TCVN3 (ABC)"

    /// The name glibc's `iconv` knows the 8-bit encodings by.
    var iconvName: String? {
        switch self {
        case .windows1258: "CP1258"
        case .tcvn3: "TCVN5712-1"
        default: nil
        }
    }
}
