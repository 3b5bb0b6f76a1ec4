import Criteria
import Records
import Scoring
import TextSupport

/// The lines of one scored entity's score card.
struct ScoreCard {
    let results: ModelResults
    let row: Int
    let run: RunResults
    let language: Language
    private let frame: Frame
    /// How the engine's decision went for the row (the steps are shown, never decided again here).
    private let trace: DecisionTrace

    init(results: ModelResults, row: Int, run: RunResults, language: Language) {
        self.results = results
        self.row = row
        self.run = run
        self.language = language
        let explanation = results.explanation(forRow: row, in: run)
        frame = explanation.frame
        trace = explanation.trace
    }

    private var model: CompiledModel { results.model }

    func lines() -> [String] {
        var lines = heading()
        if results.levels[row] == .error {
            lines.append("")
            lines.append(language.pick("Không chấm được điểm:", "Could not be scored:"))
            lines += results.reasons[row].map { "  - " + $0.message(in: language, model: model) }
            return lines
        }
        lines.append("")
        lines += points()
        if !model.lets.isEmpty {
            lines.append("")
            lines.append(language.pick("Giá trị tính được", "Derived values"))
            lines += model.lets.map { "  " + value(of: $0.definition.name) }
        }
        lines.append("")
        lines += decision()
        lines += members()
        lines.append("")
        let rankText = language.pick("hạng \(results.ranks[row]) trong \(ReportWords.commune(results.commune(row: row), language))",
                                     "rank \(results.ranks[row]) in \(ReportWords.commune(results.commune(row: row), language))")
        lines.append(language.pick("Kết quả: ", "Result: ") + ReportWords.result(results, row: row, language) + " — " + rankText)
        return lines
    }

    private func label(_ field: FieldDefinition) -> String {
        language.pick(field.label, optionalEnglish: field.labelEnglish)
    }

    private func heading() -> [String] {
        var lines = [language.pick("PHIẾU ĐIỂM", "SCORE CARD") + " — " + model.title(language)
                     + " (\(model.id) \(model.definition.version))"]
        let commune = model.communeFieldIndex
        var shown = model.keyFieldIndexes.filter { $0 != commune } + [model.nameFieldIndex, commune]
        if let hamlet = model.hamletFieldIndex { shown.append(hamlet) }
        for index in shown {
            lines.append(label(model.definition.fields[index]) + ": " + results.table.text(field: index, row: row))
        }
        lines.append(language.pick("Nguồn", "Source") + ": "
                     + ReportWords.origin(results.table.origins[row], sources: run.sources, language))
        return lines
    }

    /// `Số trẻ đến trường (tre_den_truong) = 2`: a name the rules read, with its label and value.
    private func value(of name: String) -> String {
        let shown: String
        switch model.symbols[name] {
        case .number(let evaluate)?: shown = Self.number(evaluate(frame), language)
        case let symbol?: shown = symbol.display(frame, language: language)
        case nil: shown = "?"
        }
        let title: String?
        if let field = model.field(named: name) {
            title = label(field)
        } else if let derived = model.lets.first(where: { $0.definition.name == name }) {
            title = derived.definition.label.map { language.pick($0, optionalEnglish: derived.definition.labelEnglish) }
        } else if let words = HistoryReads.label(of: name, language) {
            title = words
        } else {
            title = nil
        }
        return (title.map { "\($0) (\(name))" } ?? name) + " = " + shown
    }

    /// `4` or, for a ratio, `2/3 ≈ 0,667` (rounded half up to three decimals): the exact value
    /// decides the rule, so it is shown beside the rounded one.
    static func number(_ value: Rational, _ language: Language) -> String {
        guard !value.isInteger else { return String(value.numerator) }
        let negative = value.numerator < 0
        let n = value.numerator.magnitude, d = value.denominator.magnitude
        let thousandths = (2 * 1000 * n + d) / (2 * d)
        let fraction = String(thousandths % 1000)
        let decimal = "\(thousandths / 1000)" + (language == .vietnamese ? "," : ".")
            + String(repeating: "0", count: 3 - fraction.count) + fraction
        return "\(value.numerator)/\(value.denominator) ≈ " + (negative ? "-" : "") + decimal
    }

    private func values(_ names: [String], indent: String) -> [String] {
        var seen: Set<String> = []
        let unique = names.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        return [indent + unique.map(value(of:)).joined(separator: "; ")]
    }

    private func points() -> [String] {
        var lines: [String] = []
        var indicator = 0
        for (g, group) in model.groups.enumerated() {
            let definition = group.definition
            lines.append("\(definition.id)  " + language.pick(definition.title, optionalEnglish: definition.titleEnglish)
                         + ": \(results.groupPoints(row: row, group: g))/\(definition.maximum)"
                         + language.pick(" (tối thiểu \(definition.minimum))", " (minimum \(definition.minimum))"))
            for compiled in group.indicators {
                let item = compiled.definition
                let fired = results.firedRule(row: row, indicator: indicator)
                let rule = compiled.rules[fired]
                lines.append("  \(item.id)  " + language.pick(item.title, optionalEnglish: item.titleEnglish)
                             + ": \(results.points(row: row, indicator: indicator))/\(item.maximum)")
                let when = rule.text ?? language.pick("các trường hợp còn lại", "otherwise")
                lines.append("       " + language.pick("dòng \(fired + 1)/\(compiled.rules.count): ",
                                                       "line \(fired + 1)/\(compiled.rules.count): ") + when)
                // The fallback reads nothing itself: show what the lines above it read and found false.
                let names = rule.condition == nil ? compiled.rules.flatMap(\.names) : rule.names
                lines += values(names, indent: "       ")
                indicator += 1
            }
        }
        lines.append(language.pick("Tổng", "Total") + ": \(results.total(row))/\(model.definition.totalPoints)")
        return lines
    }

    /// The decision steps in the criteria's order, up to the one that decided the level, as the
    /// engine's evaluator took them (``DecisionTrace``).
    private func decision() -> [String] {
        var lines = [language.pick("Xét mức (theo thứ tự của bộ tiêu chí)", "Level decision (in the criteria's order)")]
        let total = results.total(row)
        var number = 0
        func step(_ text: String) {
            number += 1
            lines.append("  \(number). " + text)
        }
        for taken in trace.steps {
            switch taken {
            case .disqualify(let s, let fired):
                guard case .disqualify(_, let text, let names, _, _, _) = model.decision[s] else { continue }
                let reason = trace.reasons.first { if case .disqualified(s, _) = $0 { true } else { false } }
                step(language.pick("Loại khi \(text): ", "Disqualified when \(text): ")
                     + (fired ? language.pick("có", "yes") + " → " + ReportWords.notCertified(language)
                            + (reason.map { " (" + $0.message(in: language, model: model) + ")" } ?? "")
                              : language.pick("không → xét tiếp", "no → next step")))
                lines += values(names, indent: "     ")
            case .groupMinimums(_, let below):
                let checks = model.groups.enumerated().map { g, group in
                    "\(group.definition.id) \(results.groupPoints(row: row, group: g)) \(below[g] ? "<" : "≥") \(group.definition.minimum)"
                }
                step(language.pick("Điểm tối thiểu từng tiêu chí: ", "Group minimums: ") + checks.joined(separator: ", ")
                     + (below.contains(true) ? " → " + ReportWords.notCertified(language) : language.pick(" → đủ", " → met")))
            case .passMark(let s, let index, let passed):
                guard case .passMark(let marks) = model.decision[s] else { continue }
                let mark = marks[index]
                let note = mark.definition.note.map { " (" + language.pick($0, optionalEnglish: mark.definition.noteEnglish) + ")" } ?? ""
                let why = mark.definition.condition.map { language.pick(" vì \($0)", " because \($0)") }
                    ?? language.pick(" (mức chung)", " (the general mark)")
                step(language.pick("Mức đạt \(mark.definition.value)", "Pass mark \(mark.definition.value)") + note + why + "; "
                     + language.pick("tổng \(total) \(passed ? "≥" : "<") \(mark.definition.value)",
                                     "total \(total) \(passed ? "≥" : "<") \(mark.definition.value)")
                     + (passed ? language.pick(" → đạt", " → passed") : " → " + ReportWords.notCertified(language)))
                // Earlier marks that did not apply read names too: their values say why not.
                lines += values(marks[...index].flatMap(\.names), indent: "     ")
            case .award(let s, let index):
                guard case .award(let awards) = model.decision[s] else { continue }
                let award = awards[index]
                step(language.pick("Xếp mức: ", "Level: ") + (award.definition.condition ?? language.pick("các trường hợp còn lại", "otherwise"))
                     + " → " + ReportWords.level(award.definition.level, model, language))
                // What the level conditions read besides the points shown above (fields, derived
                // values, the certified history): their values say why a level applied or not.
                let read = awards[...index].flatMap(\.names).filter { name in
                    name != "total" && !model.groups.contains { $0.definition.id == name }
                }
                lines += values(read, indent: "     ")
            }
        }
        return lines
    }

    /// For a clan or a hamlet: its households with their levels, one relation at a time.
    private func members() -> [String] {
        var lines: [String] = []
        for (r, relation) in model.relations.enumerated() {
            guard let other = run.model(id: relation.model.id) else { continue }
            let rows = results.members[r][row].map(Int.init)
            let certified = rows.filter { other.isCertified(row: $0) }.count
            lines.append("")
            let kind = language.pick(other.model.definition.entity,
                                     optionalEnglish: other.model.definition.entityEnglish)
            lines.append(language.pick(
                "Thuộc \(model.definition.entity) này (\(relation.definition.name)): \(rows.count) \(kind), \(certified) được công nhận",
                "Members (\(relation.definition.name), \(kind)): \(rows.count), of which \(certified) recognised"))
            var table = TextTable(columns: [
                TableColumn(other.model.keyFieldIndexes.filter { $0 != other.model.communeFieldIndex }
                    .map { label(other.model.definition.fields[$0]) }.joined(separator: "/"), .left),
                TableColumn(label(other.model.definition.fields[other.model.nameFieldIndex]), .left),
                TableColumn(language.pick("Tổng", "Total"), .right),
                TableColumn(language.pick("Kết quả", "Result"), .left),
            ])
            let cells = rows.map { member in
                [other.key(row: member), other.name(row: member),
                 other.levels[member] == .error ? "" : String(other.total(member)),
                 ReportWords.result(other, row: member, language)]
            }
            for row in cells { for (c, cell) in row.enumerated() { table.columns[c].fit(cell) } }
            lines += (table.header + cells.map(table.row)).map { " " + $0 }
        }
        return lines
    }
}
