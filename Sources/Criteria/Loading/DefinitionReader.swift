/// Reads a validated criteria document into a ``ModelDefinition``.
///
/// The XSD has already checked the shape (which elements, which attributes, number formats);
/// this reader only collects values, with the line of every element, and reports what an XSD
/// cannot express (duplicate ids across kinds, sums that must agree).
struct DefinitionReader {
    let file: String
    /// Problems found while reading (a class, so that the element readers below can add to it
    /// from inside their `map`s).
    private final class Found {
        var diagnostics: [CriteriaDiagnostic] = []
    }
    private let found = Found()
    var diagnostics: [CriteriaDiagnostic] { found.diagnostics }

    init(file: String) { self.file = file }

    /// The whole number in `attribute`, exactly, or `fallback` when the attribute is absent.
    ///
    /// The XSD has checked its form (digits, a sign, spaces around); a value that does not fit
    /// `T` — a 21-digit pass mark — is reported with the file, line, attribute and value instead
    /// of being read as some other number.
    private func integer<T: FixedWidthInteger>(_ element: XMLElement, _ attribute: String, _ fallback: T) -> T {
        guard let text = element.attribute(attribute) else { return fallback }
        let trimmed = text.trimmingCharacters(in: .init(charactersIn: " \t\r\n"))
        if let value = T(trimmed) { return value }
        found.diagnostics.append(CriteriaDiagnostic(
            .numberOutOfRange(attribute: attribute, value: trimmed, minimum: String(T.min), maximum: String(T.max)),
            at: element.location(file)))
        return fallback
    }

    mutating func read(_ root: XMLElement) -> ModelDefinition {
        let location = root.location(file)
        var fields: [FieldDefinition] = []
        for element in root.child(named: "fields")?.children(named: "field") ?? [] {
            fields.append(FieldDefinition(
                id: element.attribute("id") ?? "",
                label: element.attribute("label") ?? "",
                labelEnglish: element.attribute("label-en"),
                aliases: element.children(named: "alias").map(\.text),
                type: FieldType(rawValue: element.attribute("type") ?? "") ?? .text,
                required: element.attribute("required").map { $0 == "true" || $0 == "1" } ?? true,
                minimum: element.attribute("min") == nil ? nil : integer(element, "min", Int64(0)),
                maximum: element.attribute("max") == nil ? nil : integer(element, "max", Int64(0)),
                defaultValue: element.attribute("default"),
                location: element.location(file)))
        }
        let checks = (root.child(named: "checks")?.children(named: "check") ?? []).map { element in
            CheckDefinition(condition: element.attribute("when") ?? "", field: element.attribute("field") ?? "",
                            message: element.attribute("message") ?? "", messageEnglish: element.attribute("message-en"),
                            location: element.location(file))
        }
        let relations = root.children(named: "relation").map { element in
            RelationDefinition(
                name: element.attribute("name") ?? "", model: element.attribute("model") ?? "",
                links: element.children(named: "link").map { (here: $0.attribute("here") ?? "", there: $0.attribute("there") ?? "") },
                location: element.location(file))
        }
        let lets = root.children(named: "let").map { element in
            LetDefinition(name: element.attribute("name") ?? "", expression: element.attribute("value") ?? "",
                          label: element.attribute("label"), labelEnglish: element.attribute("label-en"),
                          location: element.location(file))
        }
        let groups = root.children(named: "group").map { readGroup($0) }
        let (decision, levels) = root.child(named: "decision").map { readDecision($0) } ?? ([], nil)
        let identity = root.child(named: "identity")
        var definition = ModelDefinition(
            id: root.attribute("id") ?? "",
            version: root.attribute("version") ?? "",
            listingOrder: integer(root, "order", 100),
            title: root.attribute("title") ?? "",
            titleEnglish: root.attribute("title-en"),
            entity: root.attribute("entity") ?? "",
            entityEnglish: root.attribute("entity-en"),
            basis: root.children(named: "basis").map(\.text),
            notes: root.children(named: "note").map(\.text),
            totalPoints: integer(root, "total", 100),
            keyFields: (identity?.attribute("key") ?? "").split(separator: " ").map(String.init),
            nameField: identity?.attribute("name") ?? "",
            communeField: identity?.attribute("commune") ?? "",
            hamletField: identity?.attribute("hamlet"),
            fields: fields, checks: checks, relations: relations, lets: lets, groups: groups,
            decision: decision, levels: levels,
            validFrom: year(root, "valid-from"), validTo: year(root, "valid-to"), location: location)
        if let from = definition.validFrom, let to = definition.validTo, from > to {
            found.diagnostics.append(CriteriaDiagnostic(.periodReversed(from: from, to: to), at: location))
        }
        let targets = Self.readTargets(root, file: file)
        definition.targets = targets.targets
        found.diagnostics += targets.problems
        checkIds(definition)
        checkSums(definition)
        return definition
    }

    private func readGroup(_ element: XMLElement) -> GroupDefinition {
        GroupDefinition(
            id: element.attribute("id") ?? "",
            title: element.attribute("title") ?? "",
            titleEnglish: element.attribute("title-en"),
            maximum: integer(element, "max", 0),
            minimum: integer(element, "min", 0),
            indicators: element.children(named: "indicator").map { indicator in
                IndicatorDefinition(
                    id: indicator.attribute("id") ?? "",
                    title: indicator.attribute("title") ?? "",
                    titleEnglish: indicator.attribute("title-en"),
                    maximum: integer(indicator, "max", 0),
                    rules: indicator.children.map { rule in
                        PointRule(points: integer(rule, "value", 0),
                                  condition: rule.name == "otherwise" ? nil : rule.attribute("when"),
                                  location: rule.location(file))
                    },
                    location: indicator.location(file))
            },
            location: element.location(file))
    }

    /// The year of a `valid-from`/`valid-to` attribute (`2024` or `2024-01-01`, as the XSD allows).
    private func year(_ element: XMLElement, _ attribute: String) -> Int? {
        guard let text = element.attribute(attribute)?.trimmingCharacters(in: .whitespaces) else { return nil }
        return Int(text.prefix(4))
    }

    /// The decision's steps, and the levels its `<levels>` steps declare (best first; `nil`
    /// when it has none). A level id named again later is the same level.
    private func readDecision(_ element: XMLElement) -> ([DecisionStep], [LevelDefinition]?) {
        var levels: [LevelDefinition] = []
        var certifiedIds: [(ids: [String], location: SourceLocation)] = []
        var sawLevels = false
        let steps = element.children.compactMap { step -> DecisionStep? in
            let location = step.location(file)
            switch step.name {
            case "disqualify":
                return .disqualify(condition: step.attribute("when") ?? "", reason: step.attribute("reason") ?? "",
                                   reasonEnglish: step.attribute("reason-en"), listMembers: step.attribute("list"),
                                   location: location)
            case "group-minimums":
                return .groupMinimums(location: location)
            case "pass-mark":
                return .passMark(marks: step.children.map { mark in
                    PassMarkRule(value: integer(mark, "value", 0),
                                 condition: mark.name == "otherwise" ? nil : mark.attribute("when"),
                                 note: mark.attribute("note"), noteEnglish: mark.attribute("note-en"),
                                 location: mark.location(file))
                }, location: location)
            case "levels":
                sawLevels = true
                if let list = step.attribute("certified") {
                    certifiedIds.append((list.split(separator: " ").map(String.init), location))
                }
                return .award(awards: step.children.map { award in
                    let awardLocation = award.location(file)
                    let id = award.attribute("id") ?? award.attribute("level") ?? ""
                    var index = levels.firstIndex { $0.id == id }
                    if index == nil {
                        if id.isEmpty {
                            found.diagnostics.append(CriteriaDiagnostic(.levelWithoutId, at: awardLocation))
                        } else if LevelDefinition.reservedIds.contains(id) {
                            found.diagnostics.append(CriteriaDiagnostic(.reservedLevelId(id), at: awardLocation))
                        }
                        let builtIn = LevelDefinition.builtInLabel(id)
                        let label = award.attribute("label") ?? builtIn?.vietnamese
                        if label == nil && !id.isEmpty {
                            found.diagnostics.append(CriteriaDiagnostic(.levelWithoutLabel(id), at: awardLocation))
                        }
                        levels.append(LevelDefinition(
                            id: id, label: label ?? id,
                            labelEnglish: award.attribute("label-en") ?? (award.attribute("label") == nil ? builtIn?.english : nil),
                            certified: true, location: awardLocation))
                        index = levels.count - 1
                    }
                    return AwardRule(level: .declared(min(index!, 0xFD)),
                                     condition: award.name == "otherwise" ? nil : award.attribute("when"),
                                     location: awardLocation)
                }, location: location)
            default:
                return nil
            }
        }
        if levels.count > LevelDefinition.maximumCount {
            found.diagnostics.append(CriteriaDiagnostic(
                .tooMany(what: "mức xếp loại (<level>)", whatEnglish: "levels (<level>)",
                         count: levels.count, limit: LevelDefinition.maximumCount), at: levels[LevelDefinition.maximumCount].location))
        }
        // `certified="tieu-bieu dat"`: only these count as recognised; without it, every level does.
        if !certifiedIds.isEmpty {
            let named = Set(certifiedIds.flatMap(\.ids))
            for (ids, location) in certifiedIds {
                for id in ids where !levels.contains(where: { $0.id == id }) {
                    found.diagnostics.append(CriteriaDiagnostic(.unknownLevel(attribute: "certified", id: id), at: location))
                }
            }
            for i in levels.indices { levels[i].certified = named.contains(levels[i].id) }
        }
        return (steps, sawLevels ? levels : nil)
    }

    /// Names share one space: a field, a derived value, a group and a relation may not share an id.
    private func checkIds(_ model: ModelDefinition) {
        var seen: Set<String> = ["total", "level", "certified"]
        func claim(_ id: String, _ kind: String, _ location: SourceLocation) {
            if !seen.insert(id).inserted {
                found.diagnostics.append(CriteriaDiagnostic(.duplicateId(kind: kind, id: id), at: location))
            }
        }
        for field in model.fields { claim(field.id, "field", field.location) }
        for value in model.lets { claim(value.name, "let", value.location) }
        for relation in model.relations { claim(relation.name, "relation", relation.location) }
        for group in model.groups { claim(group.id, "group", group.location) }
        var indicators: Set<String> = []
        for group in model.groups {
            for indicator in group.indicators where !indicators.insert(indicator.id).inserted {
                found.diagnostics.append(CriteriaDiagnostic(.duplicateId(kind: "indicator", id: indicator.id), at: indicator.location))
            }
        }
    }

    /// Sums of maximums, added with checked arithmetic: a sum that does not fit is reported
    /// (it could never equal a maximum the file can state) rather than trapped or wrapped.
    private func checkSums(_ model: ModelDefinition) {
        for group in model.groups {
            if let sum = Self.checkedSum(group.indicators.map(\.maximum)) {
                if sum != group.maximum {
                    found.diagnostics.append(CriteriaDiagnostic(.indicatorsDoNotAddUp(group: group.id, sum: sum, maximum: group.maximum),
                                                                at: group.location))
                }
            } else {
                found.diagnostics.append(CriteriaDiagnostic(
                    .sumTooLarge(what: "tổng điểm tối đa các chỉ số của \(group.id)", whatEnglish: "the sum of the indicators' maximums of \(group.id)"),
                    at: group.location))
            }
            if group.minimum > group.maximum {
                found.diagnostics.append(CriteriaDiagnostic(.minimumAboveMaximum(group: group.id, minimum: group.minimum, maximum: group.maximum),
                                                            at: group.location))
            }
        }
        if let total = Self.checkedSum(model.groups.map(\.maximum)) {
            if total != model.totalPoints {
                found.diagnostics.append(CriteriaDiagnostic(.groupsDoNotAddUp(sum: total, total: model.totalPoints), at: model.location))
            }
        } else {
            found.diagnostics.append(CriteriaDiagnostic(
                .sumTooLarge(what: "tổng điểm tối đa các tiêu chí", whatEnglish: "the sum of the groups' maximums"), at: model.location))
        }
    }

    /// The sum, or `nil` when it does not fit.
    static func checkedSum(_ values: [Int]) -> Int? {
        var sum = 0
        for value in values {
            let (next, overflow) = sum.addingReportingOverflow(value)
            if overflow { return nil }
            sum = next
        }
        return sum
    }
}
