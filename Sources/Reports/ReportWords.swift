import Criteria
import Records
import Scoring
import TextSupport

/// The words the text reports print for levels and other fixed labels, in either language.
enum ReportWords {
    /// The level in words: the model's label (`Tiêu biểu`, `Đạt`, or what the file declares),
    /// `Không đạt`, `Lỗi` (English with `.english`).
    static func level(_ level: Level, _ model: CompiledModel, _ language: Language) -> String {
        model.levelName(level, language)
    }

    /// `Không đạt` / `Not certified`.
    static func notCertified(_ language: Language) -> String {
        CompiledModel.fixedLevelName(.notCertified, language)
    }

    /// The level in words, with the note of the pass mark that let an entity of the lowest
    /// declared level pass: `Đạt (vùng KK)`.
    static func result(_ results: ModelResults, row: Int, _ language: Language) -> String {
        result(level: results.levels[row], passMark: results.passMark(row: row), model: results.model, language)
    }

    /// Whether the level shows the note of its pass mark: the lowest declared level, the one
    /// the pass mark alone decides (`dat` in the shipped files).
    static func showsPassMarkNote(_ level: Level, _ model: CompiledModel) -> Bool {
        level.declaredIndex == model.levels.count - 1
    }

    /// The words of a level reached with a pass mark (`nil`: none applied).
    static func result(level: Level, passMark: CompiledPassMark?, model: CompiledModel, _ language: Language) -> String {
        var text = ReportWords.level(level, model, language)
        if showsPassMarkNote(level, model), let mark = passMark, let note = mark.definition.note {
            text += " (" + language.pick(note, optionalEnglish: mark.definition.noteEnglish) + ")"
        }
        return text
    }

    /// `¹`, `²`, … `¹⁰`: the footnote marker of a number.
    static func superscript(_ number: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(number).map { digits[Int(String($0))!] })
    }

    /// "Xã Long Hữu", unless the survey already wrote the kind of commune into its name.
    static func commune(_ name: String, _ language: Language) -> String {
        if name.isEmpty { return language.pick("(không rõ xã)", "(commune unknown)") }
        let folded = VietnameseFolding.fold(name)
        let kinds = ["xa ", "phuong ", "thi tran "]
        if kinds.contains(where: { folded.hasPrefix($0) }) { return name }
        return language.pick("Xã \(name)", "Commune \(name)")
    }

    /// `ho-gia-dinh.csv dòng 14`: where a survey row came from, as the clerk can find it.
    static func origin(_ origin: RowOrigin, sources: [SurveySource], _ language: Language) -> String {
        let index = Int(origin.source)
        let file = sources.indices.contains(index) ? sources[index].displayName : "?"
        return language.pick("\(file) dòng \(origin.row)", "\(file) row \(origin.row)")
    }

    /// A problem's words without the place it starts with (`ho-gia-dinh.csv dòng 34: ` or
    /// `ho-gia-dinh.csv dòng 6, `), for lines that name the place already.
    static func problem(_ text: String, at place: String) -> String {
        guard text.hasPrefix(place) else { return text }
        let rest = text.dropFirst(place.count)
        for separator in [": ", ", "] where rest.hasPrefix(separator) {
            return String(rest.dropFirst(separator.count))
        }
        return text
    }

    /// A text cell on one line: line breaks and tabs (kept as data) printed as spaces.
    static func oneLine(_ text: String) -> String {
        DisplayWidth.oneLine(text)
    }
}
