import Foundation
import TextSupport

/// The language of a run, known before the command line is parsed (so that a usage error is
/// already in it): the last `--lang X` (or `--lang=X`) among the arguments, else
/// `$KHUYENHOC_LANG`, else Vietnamese. A value that names no language counts as not given.
///
/// ```swift
/// RunLanguage.of(["score", "x", "--lang", "en"], environment: [:])   // .english
/// ```
enum RunLanguage {
    static func of(_ arguments: [String], environment: [String: String]) -> Language {
        given(in: arguments) ?? environment["KHUYENHOC_LANG"].flatMap(Language.init(argument:)) ?? .vietnamese
    }

    /// The language `--lang` names in `arguments`, if any.
    static func given(in arguments: [String]) -> Language? {
        var found: Language?
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { break }
            if argument == "--lang", i + 1 < arguments.count {
                if let language = Language(argument: arguments[i + 1]) { found = language }
                i += 2
                continue
            }
            if argument.hasPrefix("--lang="), let language = Language(argument: String(argument.dropFirst(7))) { found = language }
            i += 1
        }
        return found
    }
}

/// A command-line usage error in the run's language: ArgumentParser's English message (its
/// wording is fixed by the pinned version; `UsageProblemTests` holds each one) read into what
/// went wrong, then said again in Vietnamese or English with the command's usage line.
///
/// ```
/// Lỗi cú pháp lệnh: không có tuỳ chọn '--fromat' (có phải '--format'?)
/// Cách dùng: khuyenhoc score [tuỳ chọn] <tệp khảo sát> …
///   Xem 'khuyenhoc score --help' để biết thêm.
/// ```
enum UsageProblem {
    /// The whole text printed on standard error (ends with a line break).
    static func text(parserMessage: String, command: CommandHelp, language l: Language) -> String {
        l.pick("Lỗi cú pháp lệnh: ", "Error: ") + reason(parserMessage, command: command, language: l) + "\n"
            + l.pick("Cách dùng: ", "Usage: ") + command.usageLine(l) + "\n"
            + "  " + command.seeHelp(l) + "\n"
    }

    /// What went wrong, in one sentence of the language.
    static func reason(_ message: String, command: CommandHelp, language l: Language) -> String {
        let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if let m = match(#"^Unknown option '([^']+)'(?:\. Did you mean '([^']+)'\?)?"#, message) {
            let suggestion = m[1].map { l.pick(" (có phải '\($0)'?)", " (did you mean '\($0)'?)") } ?? ""
            return l.pick("không có tuỳ chọn '\(m[0]!)'", "unknown option '\(m[0]!)'") + suggestion
        }
        if let m = match(#"^Missing expected argument '<([^>]+)>"#, message) {
            let name = argumentName(m[0]!, command: command, language: l)
            return l.pick("thiếu \(name)", "missing \(name)")
        }
        if let m = match(#"^Missing value for '([^' ]+)"#, message) {
            return l.pick("tuỳ chọn \(m[0]!) cần một giá trị ngay sau nó", "the option \(m[0]!) needs a value after it")
        }
        if let m = match(#"^The value '(.*)' is invalid for '([^' ]+)[^']*'(?:\. Please provide one of (.*)\.)?"#, message) {
            let option = m[1]!
            let choices = m[2].map { list in
                list.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            } ?? []
            var text = l.pick("giá trị '\(m[0]!)' không dùng được cho \(option)", "the value '\(m[0]!)' cannot be used for \(option)")
            if !choices.isEmpty {
                text += l.pick("; hãy dùng một trong: \(choices.joined(separator: ", "))", "; use one of: \(choices.joined(separator: ", "))")
            } else if option.hasPrefix("-") {
                text += l.pick("; cần một số nguyên", "; a whole number is needed")
            }
            return text
        }
        if let m = match(#"^The option '([^']+)' does not take any value, but '(.*)' was specified"#, message) {
            return l.pick("tuỳ chọn \(m[0]!) không nhận giá trị (đã cho '\(m[1]!)')", "the option \(m[0]!) takes no value (got '\(m[1]!)')")
        }
        if let m = match(#"^Unexpected argument '(.*)'$"#, message) {
            return l.pick("thừa đối số '\(m[0]!)'", "unexpected argument '\(m[0]!)'")
        }
        if let m = match(#"^(\d+) unexpected arguments: (.*)$"#, message) {
            return l.pick("thừa \(m[0]!) đối số: \(m[1]!)", "\(m[0]!) unexpected arguments: \(m[1]!)")
        }
        // The commands' own checks (`validate()`) already speak the run's language. Anything
        // else from the parser is said in general words rather than in the other language.
        if l == .english || message.contains(where: isVietnameseLetter) { return message }
        return "các đối số không đúng cách dùng của lệnh"
    }

    /// `thiếu tệp hoặc thư mục khảo sát (<tệp khảo sát> …)`: an argument in words.
    private static func argumentName(_ valueName: String, command: CommandHelp, language l: Language) -> String {
        let english = "<\(valueName)>"
        if let entry = command.arguments.first(where: { $0.synopsis.en.hasPrefix(english) }) {
            return l.pick("đối số \(entry.synopsis.vi)", "the argument \(entry.synopsis.en)")
        }
        return l.pick("một đối số bắt buộc", "the argument \(english)")
    }

    private static func isVietnameseLetter(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first, scalar.value >= 0xC0 else { return false }
        return c.isLetter
    }

    /// The capture groups of the first match of `pattern` (nil for a group that took no part).
    private static func match(_ pattern: String, _ text: String) -> [String?]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<found.numberOfRanges).map { i in Range(found.range(at: i), in: text).map { String(text[$0]) } }
    }
}
