import Criteria
import Reports
import Foundation
import TextSupport

/// `khuyenhoc check --sheet MODEL`: the blank scoring sheet (phiếu chấm điểm) of one model, as
/// a plain-text table an association can print and fill in by hand.
///
/// Everything on the sheet comes from the loaded criteria file, so an edited file prints an
/// edited sheet.
///
/// ```swift
/// var out = ""
/// let status = SheetRunner(language: .vietnamese, width: 100)
///     .run(model: "gia-dinh-hoc-tap", paths: ["Criteria"], output: &out)
/// ```
public struct SheetRunner {
    public var language: Language
    public var width: Int

    public init(language: Language, width: Int) {
        self.language = language
        self.width = width
    }

    public func run(model id: String, paths: [String], output: inout String) -> Int32 {
        let report = CriteriaLoader().load(paths: paths)
        guard let model = report.models.first(where: { $0.id == id }) else {
            for d in report.diagnostics { output += d.message(in: language) + "\n" }
            output += language.pick("Không có mô hình '\(id)'. Có: \(report.models.map(\.id).joined(separator: ", "))\n",
                                    "No model '\(id)'. Known: \(report.models.map(\.id).joined(separator: ", "))\n")
            return 1
        }
        output += ScoringSheet(model: model, language: language, width: width).render()
        return 0
    }
}

/// Lays out the scoring sheet of one compiled model.
struct ScoringSheet {
    let model: CompiledModel
    let language: Language
    let width: Int

    /// The narrowest sheet that still leaves room for the rule texts.
    static let minimumWidth = 60

    init(model: CompiledModel, language: Language, width: Int) {
        self.model = model
        self.language = language
        self.width = max(width, Self.minimumWidth)
    }

    private var definition: ModelDefinition { model.definition }
    private var l: Language { language }

    func render() -> String {
        var lines: [String] = []
        lines += heading()
        lines.append("")
        lines += entityBlanks()
        lines.append("")
        lines += derivedValues()
        lines += table()
        lines.append("")
        lines += decision()
        lines.append("")
        lines += result()
        lines.append("")
        lines += signatures()
        return lines.map { Self.trimmedRight($0) }.joined(separator: "\n") + "\n"
    }

    // MARK: - Parts of the sheet

    private func heading() -> [String] {
        let title = l.pick(definition.title, optionalEnglish: definition.titleEnglish).uppercased()
        var lines = [center(l.pick("PHIẾU CHẤM ĐIỂM \"\(title)\"", "SCORING SHEET \"\(title)\""))]
        lines.append(center(l.pick(
            "Mô hình \(definition.id), phiên bản \(definition.version), thang \(definition.totalPoints) điểm",
            "Model \(definition.id), version \(definition.version), \(definition.totalPoints)-point scale")))
        if !definition.basis.isEmpty {
            lines.append(l.pick("Căn cứ:", "Based on:"))
            for basis in definition.basis { lines += Self.wrap(basis, width: width, first: "- ", rest: "  ") }
        }
        return lines
    }

    /// A dotted line to write each identifying value on: the name, the key fields, the hamlet.
    private func entityBlanks() -> [String] {
        var ids = [definition.nameField] + definition.keyFields
        if let hamlet = definition.hamletField { ids.append(hamlet) }
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }.compactMap { id in
            guard let field = model.field(named: id) else { return nil }
            let label = l.pick(field.label, optionalEnglish: field.labelEnglish) + ": "
            return label + String(repeating: ".", count: max(width - label.count, 10))
        }
    }

    /// How each derived value is worked out, so a scorer on paper can do the same.
    private func derivedValues() -> [String] {
        let names = NameBook(model: model, language: l)
        let lets = definition.lets.compactMap { value -> String? in
            guard let syntax = try? ExpressionParser.parse(value.expression) else { return nil }
            let label = l.pick(value.label ?? value.name, optionalEnglish: value.labelEnglish)
            return "\(label) = \(ExpressionWording(names: names, language: l).words(syntax))"
        }
        guard !lets.isEmpty else { return [] }
        var lines = [l.pick("Cách tính các số liệu:", "How the figures are worked out:")]
        for text in lets { lines += Self.wrap(text, width: width, first: "- ", rest: "  ") }
        lines.append("")
        return lines
    }

    private func table() -> [String] {
        let headers = (id: l.pick("Mã", "Id"), text: l.pick("Tiêu chí, chỉ số và cách cho điểm", "Groups, indicators and how points are given"),
                       maximum: l.pick("Tối đa", "Max"), score: l.pick("Điểm chấm", "Score"))
        let ids = definition.groups.flatMap { [$0.id] + $0.indicators.map(\.id) }
        let idWidth = max(headers.id.count, ids.map(\.count).max() ?? 0)
        let maximumWidth = max(headers.maximum.count, String(definition.totalPoints).count)
        let scoreWidth = max(headers.score.count, 10)
        let textWidth = width - idWidth - maximumWidth - scoreWidth - 13
        let rule = "+" + [idWidth, textWidth, maximumWidth, scoreWidth].map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"

        func rows(id: String, text: [String], maximum: String, score: String = "") -> [String] {
            text.enumerated().map { index, line in
                let first = index == 0
                return "| " + Self.pad(first ? id : "", idWidth) + " | " + Self.pad(line, textWidth) + " | "
                    + Self.pad(first ? maximum : "", maximumWidth, right: true) + " | " + Self.pad(first ? score : "", scoreWidth) + " |"
            }
        }

        let names = NameBook(model: model, language: l)
        let wording = ExpressionWording(names: names, language: l)
        var lines = [rule]
        lines += rows(id: headers.id, text: Self.wrap(headers.text, width: textWidth), maximum: headers.maximum, score: headers.score)
        lines.append(rule)
        for group in definition.groups {
            let minimum = group.minimum > 0
                ? l.pick("tối thiểu \(group.minimum) điểm", "minimum \(group.minimum) points")
                : l.pick("không có điểm tối thiểu", "no minimum")
            let title = l.pick(group.title, optionalEnglish: group.titleEnglish).uppercased() + " (\(minimum))"
            lines += rows(id: group.id, text: Self.wrap(title, width: textWidth), maximum: String(group.maximum))
            for indicator in group.indicators {
                let title = l.pick(indicator.title, optionalEnglish: indicator.titleEnglish)
                lines += rows(id: indicator.id, text: Self.wrap(title, width: textWidth), maximum: String(indicator.maximum))
                for pointRule in indicator.rules {
                    let text: String
                    if let condition = pointRule.condition {
                        let words = (try? ExpressionParser.parse(condition)).map(wording.words) ?? condition
                        text = l.pick("\(pointRule.points) điểm nếu \(words)", "\(pointRule.points) points if \(words)")
                    } else {
                        text = l.pick("\(pointRule.points) điểm trong các trường hợp còn lại", "\(pointRule.points) points otherwise")
                    }
                    lines += rows(id: "", text: Self.wrap(text, width: textWidth, first: "  - ", rest: "    "), maximum: "")
                }
            }
            lines.append(rule)
        }
        lines += rows(id: "", text: [l.pick("TỔNG CỘNG", "TOTAL")], maximum: String(definition.totalPoints))
        lines.append(rule)
        return lines
    }

    /// The level rules, in the order they are applied.
    private func decision() -> [String] {
        let names = NameBook(model: model, language: l)
        let wording = ExpressionWording(names: names, language: l)
        func words(_ text: String) -> String {
            (try? ExpressionParser.parse(text)).map(wording.words) ?? text
        }
        var steps: [String] = []
        for step in definition.decision {
            switch step {
            case .disqualify(let condition, let reason, let reasonEnglish, let listing, _):
                var text = l.pick("Không đạt nếu \(words(condition)) (lý do: \(reason))",
                                  "Not certified if \(words(condition)) (reason: \(reasonEnglish ?? reason))")
                if let listing, let members = memberListing(listing, names: names) {
                    text += l.pick("; ghi rõ các \(members)", "; list the \(members)")
                }
                steps.append(text + ".")
            case .groupMinimums:
                let minimums = definition.groups.filter { $0.minimum > 0 }
                    .map { l.pick("\($0.id) dưới \($0.minimum)", "\($0.id) below \($0.minimum)") }
                if !minimums.isEmpty {
                    steps.append(l.pick("Không đạt nếu có tiêu chí dưới điểm tối thiểu: \(minimums.joined(separator: ", ")).",
                                        "Not certified if a group is below its minimum: \(minimums.joined(separator: ", "))."))
                }
            case .passMark(let marks, _):
                let parts = marks.map { mark -> String in
                    let note = l.pick(mark.note ?? "", optionalEnglish: mark.noteEnglish)
                    let noted = note.isEmpty ? "" : " (\(note))"
                    guard let condition = mark.condition else {
                        return l.pick("\(mark.value) điểm trong các trường hợp còn lại", "\(mark.value) points otherwise") + noted
                    }
                    return l.pick("\(mark.value) điểm nếu \(words(condition))", "\(mark.value) points if \(words(condition))") + noted
                }
                let mark = marks.count == 1 && marks[0].condition == nil
                    ? l.pick("\(marks[0].value) điểm", "\(marks[0].value) points") : parts.joined(separator: "; ")
                steps.append(l.pick("Điểm đạt: \(mark). Không đạt nếu tổng điểm dưới điểm đạt.",
                                    "Pass mark: \(mark). Not certified if the total is below the pass mark."))
            case .award(let awards, _):
                let parts = awards.map { award -> String in
                    let level = model.levelName(award.level, l)
                    guard let condition = award.condition else {
                        return l.pick("\(level) trong các trường hợp còn lại", "\(level) otherwise")
                    }
                    return l.pick("\(level) nếu \(words(condition))", "\(level) if \(words(condition))")
                }
                steps.append(parts.joined(separator: "; ") + ".")
            }
        }
        var lines = [l.pick("XẾP LOẠI (xét lần lượt theo thứ tự):", "LEVEL (decided in this order):")]
        for (index, step) in steps.enumerated() {
            lines += Self.wrap(step, width: width, first: "\(index + 1). ", rest: "   ")
        }
        return lines
    }

    private func result() -> [String] {
        // The model's levels by their labels, best first, then not certified.
        let levels = (model.levels.indices.map { Level.declared($0) } + [.notCertified])
            .map { "[ ] " + model.levelName($0, l) }.joined(separator: "   ")
        let total = l.pick("Tổng điểm: ........ / \(definition.totalPoints)", "Total: ........ / \(definition.totalPoints)")
        let reason = l.pick("Lý do (nếu không đạt): ", "Reason (if not certified): ")
        let both = total + "     " + l.pick("Xếp loại: ", "Level: ") + levels
        let totalAndLevel = both.count <= width
            ? [both] : [total] + fitted(l.pick("Xếp loại: ", "Level: ") + levels)
        return totalAndLevel + [reason + String(repeating: ".", count: max(width - reason.count, 10))]
    }

    /// The line as it is when it fits the width, else wrapped.
    private func fitted(_ line: String) -> [String] {
        line.count <= width ? [line] : Self.wrap(line, width: width, first: "", rest: "   ")
    }

    private func signatures() -> [String] {
        let half = width / 2
        let date = l.pick("........, ngày ..... tháng ..... năm ........", "........, date ....................")
        let entity = l.pick(definition.entity, optionalEnglish: definition.entityEnglish)
        let left = [l.pick("ĐẠI DIỆN \(entity.uppercased())", "FOR THE \(entity.uppercased())"), l.pick("(Ký, ghi rõ họ tên)", "(signature and full name)")]
        let right = [l.pick("NGƯỜI CHẤM ĐIỂM", "SCORED BY"), l.pick("(Ký, ghi rõ họ tên)", "(signature and full name)")]
        let dateLine = half + date.count <= width
            ? String(repeating: " ", count: half) + Self.centered(date, in: width - half)
            : String(repeating: " ", count: max(width - date.count, 0)) + date
        var lines = [dateLine]
        for (a, b) in zip(left, right) {
            lines.append(Self.pad(Self.centered(a, in: half), half) + Self.centered(b, in: width - half))
        }
        return lines
    }

    // MARK: - Text layout (widths count characters of NFC text)

    /// `ho where vi_pham` in words: "hộ gia đình có …".
    private func memberListing(_ text: String, names: NameBook) -> String? {
        let parts = text.components(separatedBy: " where ")
        guard let relation = names.relations[parts[0].trimmingCharacters(in: .whitespaces)] else { return nil }
        guard parts.count > 1, let filter = try? ExpressionParser.parse(parts.dropFirst().joined(separator: " where ")) else {
            return relation.plural
        }
        let words = ExpressionWording(names: relation.names, language: l).words(filter)
        return l.pick("\(relation.plural) có \(words)", "\(relation.plural) where \(words)")
    }

    private func center(_ text: String) -> String { Self.centered(text, in: width) }

    static func centered(_ text: String, in width: Int) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        return String(repeating: " ", count: max((width - text.count) / 2, 0)) + text
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        let space = String(repeating: " ", count: max(width - text.count, 0))
        return right ? space + text : text + space
    }

    static func trimmedRight(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }

    /// Breaks `text` into lines of at most `width` characters at spaces; `first` starts the
    /// first line and `rest` every continuation line. A word longer than a line is cut.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        let words = text.precomposedStringWithCanonicalMapping.split(separator: " ").map(String.init)
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for var word in words {
            while true {
                let room = width - line.count - (lineHasWord ? 1 : 0)
                if word.count <= room {
                    line += (lineHasWord ? " " : "") + word
                    lineHasWord = true
                    break
                }
                if lineHasWord {
                    lines.append(line)
                    line = rest
                    lineHasWord = false
                    continue
                }
                // Longer than a whole line: cut it.
                let cut = max(width - line.count, 1)
                lines.append(line + word.prefix(cut))
                word = String(word.dropFirst(cut))
                line = rest
                if word.isEmpty { break }
            }
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }
}

/// The words an expression's names stand for on paper: field labels, derived-value labels,
/// results, and for each relation the related model's entity and names.
struct NameBook {
    var words: [String: String] = [:]
    var relations: [String: (plural: String, names: NameBook)] = [:]

    init(model: CompiledModel, language l: Language) {
        for field in model.definition.fields {
            words[field.id] = Self.inSentence(l.pick(field.label, optionalEnglish: field.labelEnglish))
        }
        for value in model.definition.lets {
            words[value.name] = Self.inSentence(l.pick(value.label ?? value.name, optionalEnglish: value.labelEnglish))
        }
        for group in model.definition.groups {
            words[group.id] = l.pick("điểm \(group.id)", "\(group.id) points")
        }
        // `ap.vung_kho_khan`: "vùng khó khăn của ấp, khóm".
        for lookup in model.lookups {
            let label = Self.inSentence(l.pick(lookup.fieldLabel, optionalEnglish: lookup.fieldLabelEnglish))
            let entity = l.pick(lookup.entity, optionalEnglish: lookup.entityEnglish)
            words[lookup.name] = l.pick("\(label) của \(entity)", "\(label) of the \(entity)")
        }
        words["total"] = l.pick("tổng điểm", "the total")
        words["certified"] = l.pick("đạt", "certified")
        words["level"] = l.pick("mức xếp loại", "the level")
        for relation in model.relations {
            let related = relation.model.definition
            let entity = l.pick(related.entity, optionalEnglish: related.entityEnglish)
            relations[relation.definition.name] = (l.pick(entity, entity + "s"), NameBook(model: relation.model, language: l))
        }
    }

    /// Labels start with a capital letter; inside a sentence they read better without it,
    /// unless the label starts with an abbreviation (`TC1`, `KK`).
    static func inSentence(_ label: String) -> String {
        let firstWord = label.prefix { $0.isLetter || $0.isNumber }
        guard let first = label.first, first.isUppercase, firstWord.count == 1 || firstWord.dropFirst().contains(where: \.isLowercase) else {
            return label
        }
        return first.lowercased() + label.dropFirst()
    }
}

/// Turns a parsed expression into plain words, keeping the comparison signs (≥ ≤ = ≠) and
/// replacing names by their labels and `and`/`or`/`not` by words of the sheet's language.
struct ExpressionWording {
    let names: NameBook
    let language: Language

    func words(_ syntax: Syntax) -> String {
        text(syntax)
    }

    /// Binding strength, loosest first, as the parser reads it.
    private func strength(_ syntax: Syntax) -> Int {
        switch syntax {
        case .conditional: 0
        case .binary(let op, _, _, _):
            switch op {
            case .or: 1
            case .and: 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide: 6
            }
        case .not: 3
        case .negate: 7
        default: 8
        }
    }

    private func text(_ syntax: Syntax, needs: Int = 0) -> String {
        let l = language
        let body: String
        switch syntax {
        case .number(let value, _):
            body = value.decimalString(digits: 12, separator: l.pick(",", "."))
        case .boolean(let value, _):
            body = value ? l.pick("có", "yes") : l.pick("không", "no")
        case .text(let value, _):
            body = "\"\(value)\""
        case .name(let name, _):
            body = names.words[name] ?? name
        case .negate(let inner, _):
            body = "-" + text(inner, needs: 7)
        case .not(let inner, _):
            body = l.pick("không ", "not ") + text(inner, needs: 3)
        case .binary(let op, let left, let right, _):
            let mine = strength(syntax)
            let sign: String
            switch op {
            case .and: sign = l.pick("và", "and")
            case .or: sign = l.pick("hoặc", "or")
            default: sign = op.rawValue
            }
            // Left-associative: a right operand of the same strength needs parentheses (a - (b - c)).
            let leftNeeds = op == .and || op == .or ? mine : (mine == 4 ? mine + 1 : mine)
            body = text(left, needs: leftNeeds) + " \(sign) " + text(right, needs: mine + 1)
        case .conditional(let condition, let whenTrue, let whenFalse, _):
            body = l.pick("nếu \(text(condition)) thì \(text(whenTrue)), ngược lại \(text(whenFalse))",
                          "if \(text(condition)) then \(text(whenTrue)), else \(text(whenFalse))")
        case .call(let name, let arguments, _):
            let function = switch name {
            case "min": l.pick("nhỏ nhất", "min")
            case "max": l.pick("lớn nhất", "max")
            default: name
            }
            body = "\(function)(\(arguments.map { text($0) }.joined(separator: "; ")))"
        case .aggregate(let kind, let relation, let filter, let value, _):
            body = aggregate(kind, relation: relation, filter: filter, value: value)
        }
        return strength(syntax) < needs ? "(\(body))" : body
    }

    private func aggregate(_ kind: AggregateKind, relation: String, filter: Syntax?, value: Syntax?) -> String {
        let l = language
        guard let (plural, inner) = names.relations[relation] else {
            return ExpressionPrinter.print(.aggregate(kind, relation: relation, filter: filter, value: value, column: 1))
        }
        let wording = ExpressionWording(names: inner, language: l)
        // `certified` alone reads as an adjective: "số hộ gia đình đạt", "certified households".
        var onlyCertified = false
        if case .name("certified", _)? = filter { onlyCertified = true }
        let filterWords = filter.map { wording.words($0) } ?? ""
        let valueWords = value.map { wording.words($0) } ?? ""
        let which = filter == nil ? "" : (onlyCertified ? l.pick(" đạt", "") : l.pick(" có \(filterWords)", " where \(filterWords)"))
        let englishPlural = onlyCertified ? "certified \(plural)" : plural
        switch kind {
        case .count:
            return l.pick("số \(plural)\(which)", "the number of \(englishPlural)\(which)")
        case .ratio:
            return l.pick("tỉ lệ \(plural)\(which)", "the share of \(englishPlural)\(which)")
        case .sum:
            return l.pick("tổng của \(valueWords) trên các \(plural)\(which)", "the sum of \(valueWords) over the \(englishPlural)\(which)")
        case .any:
            return l.pick("có ít nhất một \(plural)\(which) mà \(valueWords)", "for at least one of the \(englishPlural)\(which), \(valueWords)")
        case .all:
            return l.pick("với mọi \(plural)\(which): \(valueWords)", "for every one of the \(englishPlural)\(which), \(valueWords)")
        }
    }
}
