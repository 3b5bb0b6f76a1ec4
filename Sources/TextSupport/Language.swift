/// The language of everything the program writes for people: reports, messages, errors.
///
/// Vietnamese is the default; `--lang en` switches every command to English. Names, places and
/// the texts that come from a criteria file keep the language they were written in, unless the
/// file also gives an English version.
///
/// ```swift
/// let lang = Language(argument: "en") ?? .vietnamese
/// print(lang.pick("Đạt", "Certified"))
/// ```
public enum Language: String, Sendable, CaseIterable {
    case vietnamese = "vi"
    case english = "en"

    /// Accepts `vi`, `en` and the common spellings of both.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "vi", "vn", "vie", "vietnamese", "tieng-viet", "tiếng việt": self = .vietnamese
        case "en", "eng", "english": self = .english
        default: return nil
        }
    }

    /// The Vietnamese or the English text, whichever this language is.
    @inlinable
    public func pick(_ vietnamese: String, _ english: String) -> String {
        self == .english ? english : vietnamese
    }

    /// A bilingual text from a criteria file: the English one when asked for and present.
    @inlinable
    public func pick(_ vietnamese: String, optionalEnglish english: String?) -> String {
        if self == .english, let english, !english.isEmpty { return english }
        return vietnamese
    }
}

/// Something that can be shown to a person in either language: errors, notes, reasons.
///
/// Modules keep their problems as typed values and turn them into text only at the edge,
/// by calling `message(in:)`.
public protocol LocalizedMessage {
    func message(in language: Language) -> String
}
