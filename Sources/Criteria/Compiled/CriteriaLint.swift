/// What `khuyenhoc check` finds in a criteria file beyond what stops it from compiling: numbers
/// that cannot be right (errors) and rules that look mistaken (warnings), each with its line.
///
/// Errors: a pass mark above the model's total; a comparison of `total` or a group's points
/// with a number it can never meet within the points there are (`total ≥ 950` in a 100-point
/// model), or with a number below zero; an indicator whose best line gives less than its
/// `max`. Warnings: a line after a line whose condition always holds (by the fields' `min`
/// and `max`, e.g. `tre_do_tuoi ≥ 0`); a field that nothing reads (``unreadFields(_:)``).
///
/// ```swift
/// let found = CriteriaLint.check(definition)
/// for error in found.errors { print(error.message(in: .vietnamese)) }
/// ```
public enum CriteriaLint {
    /// The errors and warnings of one model as written.
    public static func check(_ model: ModelDefinition) -> (errors: [CriteriaDiagnostic], warnings: [CriteriaDiagnostic]) {
        var errors: [CriteriaDiagnostic] = []
        var warnings: [CriteriaDiagnostic] = []
        let ranges = Ranges(model)

        for group in model.groups {
            for indicator in group.indicators {
                let best = indicator.rules.map(\.points).max() ?? 0
                if best < indicator.maximum {
                    errors.append(CriteriaDiagnostic(.indicatorMaximumNotReached(indicator: indicator.id, maximum: indicator.maximum, best: best),
                                                     at: indicator.location))
                }
                warnings += linesAfterAlwaysTrue(indicator.rules.map { ($0.condition, $0.location) }, ranges, stage: .row)
            }
        }
        for step in model.decision {
            switch step {
            case .disqualify(let condition, _, _, _, let location):
                errors += thresholds(condition, ranges, at: location)
            case .groupMinimums:
                break
            case .passMark(let marks, _):
                for mark in marks {
                    if mark.value > model.totalPoints {
                        errors.append(CriteriaDiagnostic(.passMarkAboveTotal(value: mark.value, total: model.totalPoints), at: mark.location))
                    }
                    if let condition = mark.condition { errors += thresholds(condition, ranges, at: mark.location) }
                }
                warnings += linesAfterAlwaysTrue(marks.map { ($0.condition, $0.location) }, ranges, stage: .decision)
            case .award(let awards, _):
                for award in awards {
                    if let condition = award.condition { errors += thresholds(condition, ranges, at: award.location) }
                }
                warnings += linesAfterAlwaysTrue(awards.map { ($0.condition, $0.location) }, ranges, stage: .decision)
            }
        }
        return (errors, warnings)
    }

    /// Fields of the models that no expression, check, identity or relation of any of them
    /// reads (one warning each, at the field's line). Fields of a model are read by another
    /// model's relation links and aggregates too, so every loaded model counts.
    public static func unreadFields(_ models: [CompiledModel]) -> [CriteriaDiagnostic] {
        var read: [String: Set<Int>] = [:]
        for model in models {
            var own = Set(model.usedFields)
            own.formUnion(model.keyFieldIndexes)
            own.insert(model.nameFieldIndex)
            own.insert(model.communeFieldIndex)
            if let hamlet = model.hamletFieldIndex { own.insert(hamlet) }
            for check in model.checks { own.insert(check.fieldIndex) }
            for relation in model.relations {
                own.formUnion(relation.hereFields)
                read[relation.model.id, default: []].formUnion(relation.thereFields)
            }
            for aggregate in model.aggregates {
                read[model.relations[aggregate.relation].model.id, default: []].formUnion(aggregate.relatedFields)
            }
            for case .disqualify(_, _, _, _, _, let members?) in model.decision {
                read[model.relations[members.relation].model.id, default: []].formUnion(members.relatedFields)
            }
            // Fields read through a relation (`ap.vung_kho_khan`): the field and the links.
            for lookup in model.lookups {
                guard let other = models.first(where: { $0.id == lookup.model }) else { continue }
                for link in lookup.relation.links {
                    if let here = model.fieldIndex[link.here] { own.insert(here) }
                    if let there = other.fieldIndex[link.there] { read[other.id, default: []].insert(there) }
                }
                if let field = other.fieldIndex[lookup.field] { read[other.id, default: []].insert(field) }
            }
            read[model.id, default: []].formUnion(own)
        }
        var warnings: [CriteriaDiagnostic] = []
        for model in models {
            let fields = read[model.id] ?? []
            for (index, field) in model.definition.fields.enumerated() where !fields.contains(index) {
                warnings.append(CriteriaDiagnostic(.fieldNeverRead(field.id), at: field.location))
            }
        }
        return warnings
    }

    // MARK: - Ranges of values

    enum Stage { case row, decision }

    /// What is known of a value: the smallest and largest it can be (`nil`: no bound).
    struct Range {
        var low: Double?
        var high: Double?
    }

    /// The bounds of the names a condition can read: fields by their `min`/`max`, and in the
    /// decision `total` and the groups' points.
    struct Ranges {
        var fields: [String: Range] = [:]
        var results: [String: Range] = [:]
        /// The largest value of `total` and of each group (for messages).
        var maximum: [String: Int] = [:]

        init(_ model: ModelDefinition) {
            for field in model.fields where field.type == .int {
                fields[field.id] = Range(low: field.minimum.map(Double.init), high: field.maximum.map(Double.init))
            }
            results["total"] = Range(low: 0, high: Double(model.totalPoints))
            maximum["total"] = model.totalPoints
            for group in model.groups {
                results[group.id] = Range(low: 0, high: Double(group.maximum))
                maximum[group.id] = group.maximum
            }
        }

        func range(_ syntax: Syntax, stage: Stage) -> Range {
            switch syntax {
            case .number(let value, _):
                let v = Double(value.numerator) / Double(value.denominator)
                return Range(low: v, high: v)
            case .negate(.number(let value, _), _):
                let v = -Double(value.numerator) / Double(value.denominator)
                return Range(low: v, high: v)
            case .name(let name, _):
                if let r = fields[name] { return r }
                if case .decision = stage, let r = results[name] { return r }
                return Range()
            default:
                return Range()
            }
        }

        /// `true`/`false` when the condition always/never holds whatever the row, `nil` when it depends.
        func truth(_ syntax: Syntax, stage: Stage) -> Bool? {
            switch syntax {
            case .boolean(let value, _):
                return value
            case .not(let inner, _):
                return truth(inner, stage: stage).map { !$0 }
            case .binary(.and, let a, let b, _):
                let x = truth(a, stage: stage), y = truth(b, stage: stage)
                if x == false || y == false { return false }
                return x == true && y == true ? true : nil
            case .binary(.or, let a, let b, _):
                let x = truth(a, stage: stage), y = truth(b, stage: stage)
                if x == true || y == true { return true }
                return x == false && y == false ? false : nil
            case .binary(let op, let a, let b, _) where op.isComparison:
                return compare(op, range(a, stage: stage), range(b, stage: stage))
            default:
                return nil
            }
        }

        /// Whether `a op b` always or never holds for values in the ranges.
        func compare(_ op: BinaryOperator, _ a: Range, _ b: Range) -> Bool? {
            func le(_ x: Double?, _ y: Double?) -> Bool { if let x, let y { return x <= y } else { return false } }
            func lt(_ x: Double?, _ y: Double?) -> Bool { if let x, let y { return x < y } else { return false } }
            switch op {
            case .greaterOrEqual:
                if le(b.high, a.low) { return true }
                if lt(a.high, b.low) { return false }
            case .greater:
                if lt(b.high, a.low) { return true }
                if le(a.high, b.low) { return false }
            case .lessOrEqual:
                if le(a.high, b.low) { return true }
                if lt(b.high, a.low) { return false }
            case .less:
                if lt(a.high, b.low) { return true }
                if le(b.high, a.low) { return false }
            case .equal:
                if lt(a.high, b.low) || lt(b.high, a.low) { return false }
                if let x = a.low, x == a.high, x == b.low, x == b.high { return true }
            case .notEqual:
                if lt(a.high, b.low) || lt(b.high, a.low) { return true }
            default:
                break
            }
            return nil
        }
    }

    /// Errors for comparisons of `total` or a group's points with a number they can never meet.
    private static func thresholds(_ text: String, _ ranges: Ranges, at location: SourceLocation) -> [CriteriaDiagnostic] {
        guard let syntax = try? ExpressionParser.parse(text) else { return [] }
        var found: [CriteriaDiagnostic] = []
        func walk(_ s: Syntax) {
            switch s {
            case .binary(let op, let a, let b, _) where op.isComparison:
                func constant(_ s: Syntax) -> Rational? {
                    if case .number(let v, _) = s { return v }
                    if case .negate(.number(let v, _), _) = s { return -v }
                    return nil
                }
                var pair: (name: String, value: Rational)?
                if case .name(let n, _) = a, let v = constant(b) { pair = (n, v) }
                if case .name(let n, _) = b, let v = constant(a) { pair = (n, v) }
                guard let (name, value) = pair, let maximum = ranges.maximum[name] else { return }
                let shown = Double(value.numerator) / Double(value.denominator)
                let printed = value.isInteger ? String(value.numerator) : value.decimalString()
                if shown < 0 {
                    found.append(CriteriaDiagnostic(.thresholdBelowZero(name: name, value: printed), at: location))
                } else if ranges.truth(s, stage: .decision) == false {
                    found.append(CriteriaDiagnostic(.thresholdUnreachable(name: name, value: printed, maximum: maximum), at: location))
                }
            case .binary(_, let a, let b, _): walk(a); walk(b)
            case .not(let e, _), .negate(let e, _): walk(e)
            case .conditional(let a, let b, let c, _): walk(a); walk(b); walk(c)
            default: break
            }
        }
        walk(syntax)
        return found
    }

    /// Warnings for the lines after a line whose condition always holds.
    private static func linesAfterAlwaysTrue(_ lines: [(condition: String?, location: SourceLocation)], _ ranges: Ranges,
                                             stage: Stage) -> [CriteriaDiagnostic] {
        var alwaysLine: Int?
        var found: [CriteriaDiagnostic] = []
        for line in lines {
            if let after = alwaysLine {
                // A line after `<otherwise>` is an error of the compiler already.
                if line.condition != nil { found.append(CriteriaDiagnostic(.ruleAfterAlwaysTrue(after: after), at: line.location)) }
                continue
            }
            guard let text = line.condition else { return found }
            if let syntax = try? ExpressionParser.parse(text), ranges.truth(syntax, stage: stage) == true {
                alwaysLine = line.location.line
            }
        }
        return found
    }
}
