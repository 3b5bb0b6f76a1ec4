import TextSupport

/// Turns a ``ModelDefinition`` into a ``CompiledModel``: resolves names to slots, checks types,
/// and builds closures. Every problem is collected as a ``CriteriaDiagnostic`` with its line.
struct ModelCompiler {
    private enum Symbol {
        case field(index: Int, type: ValueType, slot: Int)
        case letValue(index: Int)
        case result(type: ValueType, slot: Int)
    }

    private struct Typed {
        var expression: CompiledExpression
        var usesResults: Bool
        /// How deep evaluating it nests: its tree's height, plus that of the derived values it
        /// reads (a reference runs the value's own closures on first use).
        var height: Int = 1
    }

    /// What an expression may read where it stands.
    private enum Stage {
        /// Checks, derived values, indicator rules: fields, derived values and aggregates.
        case row
        /// The level decision: also the results (`total`, group ids).
        case decision
    }

    private let definition: ModelDefinition
    private let file: String
    private let related: [String: CompiledModel]
    private var diagnostics: [CriteriaDiagnostic] = []
    private var symbols: [String: Symbol] = [:]
    private var numberCount = 0
    private var boolCount = 0
    private var textCount = 0
    private var compiledLets: [Int: Typed] = [:]
    private var letsInProgress: Set<Int> = []
    /// Derived values that read a result (points, total, level…) or an aggregate, directly or
    /// through another derived value.
    private var letsReadingResults: Set<Int> = []
    private var aggregates: [CompiledAggregate] = []
    private var relationIndex: [String: Int] = [:]
    private var compiledRelations: [CompiledRelation] = []
    private var insideAggregate = false
    /// Derived values and relations whose own problem has been reported: a use of one is a
    /// consequence of that problem, not a second mistake, so it is not reported again.
    private var failedLets: Set<String> = []
    /// Fields any compiled expression reads: the engine loads only these into a frame.
    private var usedFields: Set<Int> = []
    /// Fields read by each derived value, directly or through other derived values.
    private var letFields: [Int: Set<Int>] = [:]
    /// The derived values being compiled, innermost last, collecting the fields they read.
    private var letFieldStack: [Set<Int>] = []
    private var failedRelations: Set<String> = []
    /// Relations read only for the related entity's fields (`ap.vung_kho_khan`), and the
    /// definitions of the models they name (those need not be compiled first).
    private let lookupRelations: Set<String>
    private let definitions: [String: ModelDefinition]
    private var lookups: [CompiledLookup] = []
    private var lookupSymbols: [String: Typed] = [:]
    /// `history.years_certified`, `history.last_level`: their slots, once read.
    private var historySymbols: [String: Typed] = [:]
    private var historyReads = HistoryReads()
    /// Derived values that read `history.…`, directly or through another derived value.
    private var letsReadingHistory: Set<Int> = []
    /// Whether a `<check>` is being compiled: checks run as the file is read, before history is known.
    private var readingCheck = false

    init(definition: ModelDefinition, file: String, related: [String: CompiledModel],
         lookupRelations: Set<String> = [], definitions: [String: ModelDefinition] = [:]) {
        self.definition = definition
        self.file = file
        self.related = related
        self.lookupRelations = lookupRelations
        self.definitions = definitions
    }

    /// The compiled model, or the problems that stop it from compiling.
    mutating func compile() -> Result<CompiledModel, CriteriaLoadFailure> {
        var fieldSlots: [Int] = []
        var fieldIndex: [String: Int] = [:]
        for (i, field) in definition.fields.enumerated() {
            let type = ValueType(field.type)
            let slot = allocate(type)
            fieldSlots.append(slot)
            fieldIndex[field.id] = i
            symbols[field.id] = .field(index: i, type: type, slot: slot)
        }
        for (i, value) in definition.lets.enumerated() {
            symbols[value.name] = .letValue(index: i)
        }
        let resultSlots = ResultSlots(
            groups: definition.groups.map { _ in allocate(.number) },
            total: allocate(.number), level: allocate(.text), certified: allocate(.boolean))
        for (group, slot) in zip(definition.groups, resultSlots.groups) where symbols[group.id] == nil {
            symbols[group.id] = .result(type: .number, slot: slot)
        }
        symbols["total"] = .result(type: .number, slot: resultSlots.total)
        symbols["level"] = .result(type: .text, slot: resultSlots.level)
        symbols["certified"] = .result(type: .boolean, slot: resultSlots.certified)

        checkFieldReferences(fieldIndex)
        compileRelations(fieldIndex)

        readingCheck = true
        let checks = definition.checks.compactMap { check -> CompiledCheck? in
            guard let condition = condition(check.condition, attribute: "when", at: check.location, stage: .row),
                  let index = fieldIndex[check.field] else { return nil }
            return CompiledCheck(definition: check, fieldIndex: index, condition: condition.0, names: condition.1,
                                 comparison: wholeNumberComparison(check.condition))
        }
        readingCheck = false
        var lets: [CompiledLet] = []
        for (i, value) in definition.lets.enumerated() {
            if let typed = compileLet(i) {
                lets.append(CompiledLet(definition: value, value: typed.expression,
                                        names: (try? ExpressionParser.parse(value.expression).referencedNames) ?? []))
            }
        }
        let groups = definition.groups.map { group in
            CompiledGroup(definition: group, indicators: group.indicators.map { compileIndicator($0) })
        }
        let decision = definition.decision.compactMap { compileStep($0) }
        checkLimits(decision)

        guard diagnostics.isEmpty else { return .failure(CriteriaLoadFailure(diagnostics: diagnostics)) }

        // The fields the rules read, before the symbol table below resolves every name (which
        // would count every field as used, and have each row load them all).
        let usedByRules = usedFields.sorted()
        var table: [String: CompiledExpression] = [:]
        for name in symbols.keys {
            if let typed = try? resolve(name, column: 1, stage: .decision) { table[name] = typed.expression }
        }
        for (name, typed) in lookupSymbols { table[name] = typed.expression }
        for (name, typed) in historySymbols { table[name] = typed.expression }
        let layout = FrameLayout(numbers: numberCount, bools: boolCount, texts: textCount, lets: definition.lets.count)
        return .success(CompiledModel(
            definition: definition, file: file, layout: layout, fieldSlots: fieldSlots, fieldIndex: fieldIndex,
            checks: checks, relations: compiledRelations, aggregates: aggregates, groups: groups,
            decision: decision, resultSlots: resultSlots, symbols: table, lets: lets,
            usedFields: usedByRules,
            letFields: Dictionary(uniqueKeysWithValues: letFields.map { (definition.lets[$0.key].name, $0.value.sorted()) }),
            letsReadingResults: Set(letsReadingResults.map { definition.lets[$0].name }), lookups: lookups,
            history: historyReads.isEmpty ? nil : historyReads,
            letsReadingHistory: Set(letsReadingHistory.map { definition.lets[$0].name })))
    }

    private mutating func allocate(_ type: ValueType) -> Int {
        switch type {
        case .number: numberCount += 1; return numberCount - 1
        case .boolean: boolCount += 1; return boolCount - 1
        case .text: textCount += 1; return textCount - 1
        }
    }

    private mutating func report(_ problem: CriteriaDiagnostic.Problem, _ location: SourceLocation) {
        if case .expression(let error, _, _) = problem {
            switch error.kind {
            case .unknownName(let name) where failedLets.contains(name): return
            case .unknownRelation(let name) where failedRelations.contains(name): return
            default: break
            }
        }
        diagnostics.append(CriteriaDiagnostic(problem, at: location))
    }

    private mutating func checkFieldReferences(_ fieldIndex: [String: Int]) {
        let location = definition.location
        for key in definition.keyFields where fieldIndex[key] == nil {
            report(.unknownField(attribute: "key", name: key), location)
        }
        for (attribute, name) in [("name", definition.nameField), ("commune", definition.communeField)]
            + (definition.hamletField.map { [("hamlet", $0)] } ?? []) where fieldIndex[name] == nil {
            report(.unknownField(attribute: attribute, name: name), location)
        }
        for check in definition.checks where fieldIndex[check.field] == nil {
            report(.unknownField(attribute: "field", name: check.field), check.location)
        }
    }

    private mutating func compileRelations(_ fieldIndex: [String: Int]) {
        for relation in definition.relations {
            if lookupRelations.contains(relation.name) {
                checkLookupRelation(relation, fieldIndex)
                continue
            }
            guard let model = related[relation.model] else {
                report(.unknownModel(relation: relation.name, model: relation.model), relation.location)
                failedRelations.insert(relation.name)
                continue
            }
            var here: [Int] = []
            var there: [Int] = []
            for link in relation.links {
                guard let h = fieldIndex[link.here] else {
                    report(.unknownField(attribute: "here", name: link.here), relation.location); continue
                }
                guard let t = model.fieldIndex[link.there] else {
                    report(.unknownField(attribute: "there", name: "\(model.id).\(link.there)"), relation.location); continue
                }
                here.append(h)
                there.append(t)
            }
            // The index into `compiledRelations`, which skips relations that failed above.
            relationIndex[relation.name] = compiledRelations.count
            compiledRelations.append(CompiledRelation(definition: relation, model: model, hereFields: here, thereFields: there))
        }
    }

    private mutating func compileLet(_ index: Int) -> Typed? {
        if let done = compiledLets[index] { return done }
        let value = definition.lets[index]
        if failedLets.contains(value.name) { return nil }
        let syntax: Syntax
        do { syntax = try ExpressionParser.parse(value.expression) } catch {
            report(.expression(error, attribute: "value", text: value.expression), value.location)
            failedLets.insert(value.name)
            return nil
        }
        letsInProgress.insert(index)
        letFieldStack.append([])
        defer {
            letsInProgress.remove(index)
            letFields[index] = letFieldStack.removeLast()
        }
        let typed: Typed
        do { typed = try compile(syntax, stage: .decision) } catch {
            report(.expression(error, attribute: "value", text: value.expression), value.location)
            failedLets.insert(value.name)
            return nil
        }
        let stampIndex = index
        let result: CompiledExpression
        switch typed.expression {
        case .number(let body):
            let slot = allocate(.number)
            result = .number { f in
                if f.letStamps[unchecked: stampIndex] != f.stamp {
                    f.numbers[unchecked: slot] = body(f)
                    f.letStamps[unchecked: stampIndex] = f.stamp
                }
                return f.numbers[unchecked: slot]
            }
        case .boolean(let body):
            let slot = allocate(.boolean)
            result = .boolean { f in
                if f.letStamps[unchecked: stampIndex] != f.stamp {
                    f.bools[unchecked: slot] = body(f)
                    f.letStamps[unchecked: stampIndex] = f.stamp
                }
                return f.bools[unchecked: slot]
            }
        case .text(let body):
            let slot = allocate(.text)
            result = .text { f in
                if f.letStamps[unchecked: stampIndex] != f.stamp {
                    f.texts[unchecked: slot] = body(f)
                    f.letStamps[unchecked: stampIndex] = f.stamp
                }
                return f.texts[unchecked: slot]
            }
        }
        let done = Typed(expression: result, usesResults: typed.usesResults, height: typed.height)
        if typed.usesResults { letsReadingResults.insert(index) }
        compiledLets[index] = done
        return done
    }

    private mutating func compileIndicator(_ indicator: IndicatorDefinition) -> CompiledIndicator {
        var rules: [CompiledRule] = []
        var unconditionalLine: Int?
        for rule in indicator.rules {
            if rule.points > indicator.maximum || rule.points < 0 {
                report(.pointsAboveMaximum(points: rule.points, maximum: indicator.maximum), rule.location)
            }
            if let line = unconditionalLine {
                report(.unreachableRule(after: line), rule.location)
            }
            if let text = rule.condition {
                if let (closure, names) = condition(text, attribute: "when", at: rule.location, stage: .row) {
                    rules.append(CompiledRule(points: rule.points, condition: closure, text: text, names: names))
                }
            } else {
                unconditionalLine = unconditionalLine ?? rule.location.line
                rules.append(CompiledRule(points: rule.points, condition: nil, text: nil, names: []))
            }
        }
        if unconditionalLine == nil {
            report(.missingFallback(indicator: indicator.id), indicator.location)
        }
        if indicator.rules.count > CompiledIndicator.maximumLines {
            report(.tooMany(what: "dòng điểm trong chỉ số \(indicator.id)", whatEnglish: "point lines in indicator \(indicator.id)",
                            count: indicator.rules.count, limit: CompiledIndicator.maximumLines), indicator.location)
        }
        return CompiledIndicator(definition: indicator, rules: rules)
    }

    /// What the results of a run store in fixed-width numbers: the pass mark that applied (by
    /// its place among the model's marks) and the points (whole numbers of 32 bits). A file
    /// beyond them is refused with a message naming the limit, rather than scored wrongly.
    private mutating func checkLimits(_ decision: [CompiledStep]) {
        let marks = definition.decision.reduce(0) { count, step in
            if case .passMark(let marks, _) = step { return count + marks.count }
            return count
        }
        if marks > CompiledModel.maximumPassMarks {
            report(.tooMany(what: "mức đạt (<mark>, <otherwise>) trong <decision>",
                            whatEnglish: "pass marks (<mark>, <otherwise>) in <decision>",
                            count: marks, limit: CompiledModel.maximumPassMarks), definition.location)
        }
        if definition.totalPoints > CompiledModel.maximumPoints {
            report(.tooMany(what: "điểm tổng", whatEnglish: "total points", count: definition.totalPoints,
                            limit: CompiledModel.maximumPoints), definition.location)
        }
    }

    private mutating func compileStep(_ step: DecisionStep) -> CompiledStep? {
        switch step {
        case .disqualify(let text, let reason, let reasonEnglish, let listing, let location):
            guard let (closure, names) = condition(text, attribute: "when", at: location, stage: .decision) else { return nil }
            var members: MemberListing?
            if let listing {
                members = memberListing(listing, at: location)
                if members == nil { return nil }
            }
            return .disqualify(condition: closure, text: text, names: names, reason: reason, reasonEnglish: reasonEnglish,
                               members: members)
        case .groupMinimums:
            return .groupMinimums
        case .passMark(let marks, let location):
            var compiled: [CompiledPassMark] = []
            var unconditionalLine: Int?
            for mark in marks {
                if let line = unconditionalLine { report(.unreachableRule(after: line), mark.location) }
                if let text = mark.condition {
                    guard let (closure, names) = condition(text, attribute: "when", at: mark.location, stage: .decision) else { continue }
                    compiled.append(CompiledPassMark(definition: mark, condition: closure, names: names))
                } else {
                    unconditionalLine = unconditionalLine ?? mark.location.line
                    compiled.append(CompiledPassMark(definition: mark, condition: nil, names: []))
                }
            }
            if unconditionalLine == nil { report(.missingFallback(indicator: "pass-mark"), location) }
            return .passMark(compiled)
        case .award(let awards, let location):
            var compiled: [CompiledAward] = []
            var unconditionalLine: Int?
            for award in awards {
                if let line = unconditionalLine { report(.unreachableRule(after: line), award.location) }
                if let text = award.condition {
                    guard let (closure, names) = condition(text, attribute: "when", at: award.location, stage: .decision) else { continue }
                    compiled.append(CompiledAward(definition: award, condition: closure, names: names))
                } else {
                    unconditionalLine = unconditionalLine ?? award.location.line
                    compiled.append(CompiledAward(definition: award, condition: nil, names: []))
                }
            }
            if unconditionalLine == nil { report(.missingFallback(indicator: "levels"), location) }
            return .award(compiled)
        }
    }

    /// `ho where vi_pham`: a relation and a filter evaluated on its entities.
    private mutating func memberListing(_ text: String, at location: SourceLocation) -> MemberListing? {
        let parts = text.components(separatedBy: " where ")
        let relationName = parts[0].trimmingCharacters(in: .whitespaces)
        guard let index = relationIndex[relationName] else {
            report(.expression(ExpressionError(.unknownRelation(relationName), column: 1), attribute: "list", text: text), location)
            return nil
        }
        let filterText = parts.count > 1 ? parts.dropFirst().joined(separator: " where ") : "true"
        let model = compiledRelations[index].model
        do {
            let syntax = try ExpressionParser.parse(filterText)
            var inner = ModelCompiler.scopeOf(model)
            let typed = try inner.compileInRelatedScope(syntax)
            guard case .boolean(let closure) = typed.expression else {
                report(.notBoolean(attribute: "list"), location)
                return nil
            }
            return MemberListing(relation: index, filter: closure, text: text, relatedFields: inner.fields.sorted(),
                                 readsResults: inner.readsResults)
        } catch {
            report(.expression(error, attribute: "list", text: text), location)
            return nil
        }
    }

    private mutating func condition(_ text: String, attribute: String, at location: SourceLocation,
                                    stage: Stage) -> (@Sendable (Frame) -> Bool, [String])? {
        do throws(ExpressionError) {
            let syntax = try ExpressionParser.parse(text)
            let typed = try compile(syntax, stage: stage)
            guard case .boolean(let closure) = typed.expression else {
                throw ExpressionError(.typeMismatch(context: "'\(attribute)'", expected: "boolean", found: typed.expression.type.rawValue),
                                      column: syntax.column)
            }
            return (closure, syntax.referencedNames)
        } catch {
            report(.expression(error, attribute: attribute, text: text), location)
            return nil
        }
    }

    /// The condition as a comparison of two whole-number fields or constants (`tre_mien ≤
    /// tre_do_tuoi`), when it is one: readers then test it on the row's numbers directly.
    private func wholeNumberComparison(_ text: String) -> WholeNumberComparison? {
        guard let syntax = try? ExpressionParser.parse(text),
              case .binary(let op, let left, let right, _) = syntax, op.isComparison,
              let a = operand(left), let b = operand(right) else { return nil }
        return WholeNumberComparison(op: op, left: a, right: b)
    }

    private func operand(_ syntax: Syntax) -> WholeNumberComparison.Operand? {
        switch syntax {
        case .name(let name, _):
            guard case .field(_, .number, let slot)? = symbols[name] else { return nil }
            return .slot(slot)
        case .number(let value, _):
            guard value.denominator == 1 else { return nil }
            return .constant(value.numerator)
        default:
            return nil
        }
    }

    /// A compiler over an already compiled model, to compile filters and values inside aggregates.
    private static func scopeOf(_ model: CompiledModel) -> RelatedScope {
        RelatedScope(model: model)
    }

    private mutating func resolve(_ name: String, column: Int, stage: Stage) throws(ExpressionError) -> Typed {
        if name.hasPrefix(HistoryReads.prefix), symbols[name] == nil { return try resolveHistory(name, column: column) }
        if name.contains("."), symbols[name] == nil { return try resolveLookup(name, column: column) }
        guard let symbol = symbols[name] else { throw ExpressionError(.unknownName(name), column: column) }
        switch symbol {
        case .field(let index, let type, let slot):
            usedFields.insert(index)
            for i in letFieldStack.indices { letFieldStack[i].insert(index) }
            return Typed(expression: Self.read(type, slot), usesResults: false)
        case .result(let type, let slot):
            guard case .decision = stage else { throw ExpressionError(.notAvailableHere(name), column: column) }
            return Typed(expression: Self.read(type, slot), usesResults: true)
        case .letValue(let index):
            if letsInProgress.contains(index) { throw ExpressionError(.selfReference(name), column: column) }
            // Derived values read through derived values: compiling recurses once per value.
            if letsInProgress.count >= InputLimits.expressionDepth {
                throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: column)
            }
            let compiled = compileLet(index)
            for i in letFieldStack.indices { letFieldStack[i].formUnion(letFields[index] ?? []) }
            guard let typed = compiled else {
                // The derived value's own error has been reported at its line.
                throw ExpressionError(.unknownName(name), column: column)
            }
            if typed.usesResults, case .row = stage { throw ExpressionError(.notAvailableHere(name), column: column) }
            if letsReadingResults.contains(index) { letsReadingResults.formUnion(letsInProgress) }
            if letsReadingHistory.contains(index) {
                if readingCheck && letsInProgress.isEmpty { throw ExpressionError(.historyInCheck(name), column: column) }
                letsReadingHistory.formUnion(letsInProgress)
            }
            return Typed(expression: typed.expression, usesResults: typed.usesResults, height: typed.height + 1)
        }
    }

    static func read(_ type: ValueType, _ slot: Int) -> CompiledExpression {
        switch type {
        case .number: .number { $0.numbers[unchecked: slot] }
        case .boolean: .boolean { $0.bools[unchecked: slot] }
        case .text: .text { $0.texts[unchecked: slot] }
        }
    }

    private mutating func compile(_ syntax: Syntax, stage: Stage) throws(ExpressionError) -> Typed {
        switch syntax {
        case .name(let name, let column):
            return try resolve(name, column: column, stage: stage)
        case .aggregate(let kind, let relation, let filter, let value, let column):
            return try compileAggregate(kind, relation: relation, filter: filter, value: value, column: column,
                                        text: ExpressionPrinter.print(syntax))
        default:
            var usesResults = false
            var deepestRead = 1
            let syntax = try historyLevelsNamed(syntax)
            let expression = try ExpressionBuilder.build(syntax) { (name: String, column: Int) throws(ExpressionError) -> CompiledExpression in
                let typed = try resolve(name, column: column, stage: stage)
                usesResults = usesResults || typed.usesResults
                deepestRead = max(deepestRead, typed.height)
                return typed.expression
            } aggregate: { (inner: Syntax) throws(ExpressionError) -> CompiledExpression in
                let typed = try compile(inner, stage: stage)
                return typed.expression
            }
            // A name is a leaf of the tree; what it reads nests below it.
            let height = syntax.height + deepestRead - 1
            if height > InputLimits.expressionDepth {
                throw ExpressionError(.tooDeep(limit: InputLimits.expressionDepth), column: syntax.column)
            }
            return Typed(expression: expression, usesResults: usesResults, height: height)
        }
    }

    private mutating func compileAggregate(_ kind: AggregateKind, relation: String, filter: Syntax?, value: Syntax?,
                                           column: Int, text: String) throws(ExpressionError) -> Typed {
        if insideAggregate { throw ExpressionError(.nestedAggregate, column: column) }
        guard let index = relationIndex[relation] else { throw ExpressionError(.unknownRelation(relation), column: column) }
        // A derived value over an aggregate is, for whoever reads it from another model, a result.
        letsReadingResults.formUnion(letsInProgress)
        var scope = RelatedScope(model: compiledRelations[index].model)
        var compiledFilter: (@Sendable (Frame) -> Bool)?
        if let filter {
            let typed = try scope.compileInRelatedScope(filter)
            guard case .boolean(let closure) = typed.expression else {
                throw ExpressionError(.typeMismatch(context: "'where'", expected: "boolean", found: typed.expression.type.rawValue),
                                      column: filter.column)
            }
            compiledFilter = closure
        }
        var compiledValue: CompiledExpression?
        switch kind {
        case .count:
            if let value { throw ExpressionError(.unexpectedToken(found: ":", expected: "')' (count takes no value)"), column: value.column) }
        case .ratio:
            if let value { throw ExpressionError(.unexpectedToken(found: ":", expected: "')' (ratio takes no value)"), column: value.column) }
            if filter == nil { throw ExpressionError(.unexpectedToken(found: ")", expected: "'where' (ratio needs a condition)"), column: column) }
        case .sum, .any, .all:
            guard let value else {
                throw ExpressionError(.unexpectedToken(found: ")", expected: "':' and a value after the relation"), column: column)
            }
            let typed = try scope.compileInRelatedScope(value)
            let expected: ValueType = kind == .sum ? .number : .boolean
            guard typed.expression.type == expected else {
                throw ExpressionError(.typeMismatch(context: kind.rawValue, expected: expected.rawValue, found: typed.expression.type.rawValue),
                                      column: value.column)
            }
            compiledValue = typed.expression
        }
        let resultType: ValueType = (kind == .any || kind == .all) ? .boolean : .number
        let slot = allocate(resultType)
        aggregates.append(CompiledAggregate(kind: kind, relation: index, filter: compiledFilter, value: compiledValue,
                                            slot: slot, text: text, relatedFields: scope.fields.sorted(),
                                            relatedResults: scope.resultNames))
        return Typed(expression: Self.read(resultType, slot), usesResults: false)
    }
}

// MARK: - Fields read through a relation (`ap.vung_kho_khan`)

extension ModelCompiler {
    /// A relation read only for the fields of the entity it names: its links must name fields
    /// on both sides (the related model is known by its definition; it is scored later or not
    /// at all, as only its survey values are read).
    private mutating func checkLookupRelation(_ relation: RelationDefinition, _ fieldIndex: [String: Int]) {
        guard let other = definitions[relation.model] else {
            report(.unknownModel(relation: relation.name, model: relation.model), relation.location)
            failedRelations.insert(relation.name)
            return
        }
        for link in relation.links {
            if fieldIndex[link.here] == nil { report(.unknownField(attribute: "here", name: link.here), relation.location) }
            if !other.fields.contains(where: { $0.id == link.there }) {
                report(.unknownField(attribute: "there", name: "\(other.id).\(link.there)"), relation.location)
            }
        }
    }

    /// `ap.vung_kho_khan`: a slot of this model's frame that the engine fills, row by row, with
    /// the field of the entity the row links to through the relation, or the field's `default`.
    private mutating func resolveLookup(_ name: String, column: Int) throws(ExpressionError) -> Typed {
        if let known = lookupSymbols[name] { return known }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let relationName = parts[0], fieldName = parts.count > 1 ? parts[1] : ""
        guard let relation = definition.relations.first(where: { $0.name == relationName }) else {
            throw ExpressionError(.unknownRelation(relationName), column: column)
        }
        guard lookupRelations.contains(relationName) else {
            // A relation counted in aggregates names many entities: which one's field?
            throw ExpressionError(.relationFieldOfAggregate(relation: relationName), column: column)
        }
        if failedRelations.contains(relationName) { throw ExpressionError(.unknownName(name), column: column) }
        guard let other = definitions[relation.model], let field = other.fields.first(where: { $0.id == fieldName }) else {
            throw ExpressionError(.unknownName(name), column: column)
        }
        guard let text = field.defaultValue else {
            throw ExpressionError(.relationFieldWithoutDefault(name: name, model: other.id), column: column)
        }
        let type = ValueType(field.type)
        let fallback: LookupValue
        switch field.type {
        case .int:
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ExpressionError(.badDefault(name: name, value: text, expected: "number"), column: column)
            }
            fallback = .number(Rational(integer: value))
        case .bool:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1": fallback = .boolean(true)
            case "false", "0": fallback = .boolean(false)
            default: throw ExpressionError(.badDefault(name: name, value: text, expected: "boolean"), column: column)
            }
        case .text:
            fallback = .text(text)
        }
        let slot = allocate(type)
        lookups.append(CompiledLookup(name: name, relation: relation, model: other.id, field: field.id, type: type,
                                      slot: slot, fallback: fallback, fieldLabel: field.label, fieldLabelEnglish: field.labelEnglish,
                                      entity: other.entity, entityEnglish: other.entityEnglish))
        let typed = Typed(expression: Self.read(type, slot), usesResults: false)
        lookupSymbols[name] = typed
        return typed
    }
}

/// Names of a related model, as an aggregate's filter or value sees them: its fields, derived
/// values and results.
struct RelatedScope {
    let model: CompiledModel
    /// Fields of the related model that the compiled filters and values read.
    private(set) var fields: Set<Int> = []
    /// The results of the related model they read (its points, total, level…), by name.
    private(set) var resultNames: Set<String> = []
    var readsResults: Bool { !resultNames.isEmpty }

    init(model: CompiledModel) {
        self.model = model
    }

    mutating func compileInRelatedScope(_ syntax: Syntax) throws(ExpressionError) -> (expression: CompiledExpression, Void) {
        let model = self.model
        var read: Set<Int> = []
        var results: Set<String> = []
        let expression = try ExpressionBuilder.build(syntax) { (name: String, column: Int) throws(ExpressionError) -> CompiledExpression in
            // A member's history is not loaded where aggregates and lists read members.
            if name.hasPrefix(HistoryReads.prefix) || model.letsReadingHistory.contains(name) {
                throw ExpressionError(.historyInAggregate(name), column: column)
            }
            guard let symbol = model.symbols[name] else { throw ExpressionError(.unknownName(name), column: column) }
            if let field = model.fieldIndex[name] {
                read.insert(field)
            } else if let fields = model.letFields[name] {
                read.formUnion(fields)
                // A derived value that reads results (`total ≥ 90`) reads them all, as far as
                // what must be loaded and keyed is concerned.
                if model.letsReadingResults.contains(name) { results.insert(name) }
            } else {
                // Neither a field nor a value derived from fields: a result.
                results.insert(name)
            }
            return symbol
        } aggregate: { (inner: Syntax) throws(ExpressionError) -> CompiledExpression in
            throw ExpressionError(.nestedAggregate, column: inner.column)
        }
        fields.formUnion(read)
        resultNames.formUnion(results)
        return (expression, ())
    }
}

// MARK: - The entity's certified history (`history.years_certified`, `history.last_level`)

extension ModelCompiler {
    /// `history.years_certified` (a number) or `history.last_level` (a level id as text): a slot
    /// of this model's frame that the engine fills, row by row, from the certified history.
    private mutating func resolveHistory(_ name: String, column: Int) throws(ExpressionError) -> Typed {
        let type: ValueType
        switch name {
        case HistoryReads.yearsCertified: type = .number
        case HistoryReads.lastLevel: type = .text
        default: throw ExpressionError(.unknownHistory(name), column: column)
        }
        if readingCheck && letsInProgress.isEmpty { throw ExpressionError(.historyInCheck(name), column: column) }
        letsReadingHistory.formUnion(letsInProgress)
        if let known = historySymbols[name] { return known }
        let slot = allocate(type)
        if type == .number { historyReads.yearsCertifiedSlot = slot } else { historyReads.lastLevelSlot = slot }
        let typed = Typed(expression: Self.read(type, slot), usesResults: false)
        historySymbols[name] = typed
        return typed
    }

    /// The expression with every text that `history.last_level` is compared with written as a
    /// level id: an id (`tieu-bieu`), or a label of the model's levels (`Tiêu biểu`, `Không
    /// đạt`, folded: `tieu bieu`). A text that names no level, or a number or yes/no compared
    /// with it, is an error of the criteria file (it would never match).
    func historyLevelsNamed(_ syntax: Syntax) throws(ExpressionError) -> Syntax {
        switch syntax {
        case .number, .boolean, .text, .name, .aggregate:
            return syntax
        case .negate(let e, let c): return .negate(try historyLevelsNamed(e), column: c)
        case .not(let e, let c): return .not(try historyLevelsNamed(e), column: c)
        case .conditional(let a, let b, let d, let c):
            return .conditional(try historyLevelsNamed(a), try historyLevelsNamed(b), try historyLevelsNamed(d), column: c)
        case .call(let name, let arguments, let c):
            var mapped: [Syntax] = []
            for argument in arguments { mapped.append(try historyLevelsNamed(argument)) }
            return .call(name, mapped, column: c)
        case .binary(let op, let a, let b, let c):
            if op.isComparison, case .name(HistoryReads.lastLevel, _) = a { return .binary(op, a, try levelText(b), column: c) }
            if op.isComparison, case .name(HistoryReads.lastLevel, _) = b { return .binary(op, try levelText(a), b, column: c) }
            return .binary(op, try historyLevelsNamed(a), try historyLevelsNamed(b), column: c)
        }
    }

    /// What `history.last_level` is compared with: a text naming a level becomes its id.
    private func levelText(_ syntax: Syntax) throws(ExpressionError) -> Syntax {
        let known = historyLevelIds
        switch syntax {
        case .text(let text, let column):
            let folded = Self.levelFold(text)
            if let id = known.first(where: { $0.id == text }) ?? known.first(where: { entry in entry.names.contains(folded) }) {
                return .text(id.id, column: column)
            }
            throw ExpressionError(.unknownHistoryLevel(text, known: known.map(\.id)), column: column)
        case .name(let name, let column) where symbols[name] == nil && known.contains(where: { $0.id == name }):
            // `history.last_level = dat`: a level id written without quotes.
            return .text(name, column: column)
        case .binary(.subtract, .name(let a, let column), .name(let b, _), _)
            where symbols[a] == nil && symbols[b] == nil && known.contains(where: { $0.id == "\(a)-\(b)" }):
            // `history.last_level = tieu-bieu`: read as a subtraction, meant as a level id.
            return .text("\(a)-\(b)", column: column)
        case .number(_, let column):
            throw ExpressionError(.historyLevelNotText(found: "number"), column: column)
        case .boolean(_, let column):
            throw ExpressionError(.historyLevelNotText(found: "boolean"), column: column)
        default:
            return try historyLevelsNamed(syntax)
        }
    }

    /// The values `history.last_level` can have — the model's level ids, `khong-dat`, `none` —
    /// each with its folded spellings (id and labels).
    private var historyLevelIds: [(id: String, names: Set<String>)] {
        var ids: [(id: String, names: Set<String>)] = definition.levels.map { level in
            (level.id, Set(([level.id, level.label] + (level.labelEnglish.map { [$0] } ?? [])).map(Self.levelFold)))
        }
        ids.append((Level.notCertifiedId, Set([Level.notCertifiedId, "Không đạt", "Not certified"].map(Self.levelFold))))
        ids.append((CertifiedHistory.noLevel, [CertifiedHistory.noLevel]))
        return ids
    }

    /// `Tiêu biểu`, `tieu-bieu` and `TIEU BIEU` alike: folded, with hyphens as spaces.
    private static func levelFold(_ text: String) -> String {
        VietnameseFolding.fold(text.replacingOccurrences(of: "-", with: " ")).split(separator: " ").joined(separator: " ")
    }
}
