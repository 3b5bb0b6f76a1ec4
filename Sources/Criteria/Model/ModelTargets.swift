/// What the base of a target share counts.
public enum TargetBase: String, Sendable {
    /// The entities assessed (scored: tiêu biểu, đạt, không đạt). The default.
    case registered
    /// The households the hamlet files declare (`so_ho`), for the households' model.
    case declared
}

/// One programme target of a model (`<target year="2025" share="0.70"/>`).
///
/// The share is kept exactly, in ten-thousandths (`0.70` → 7000; the schema allows four
/// decimals), so that "met" never depends on floating-point rounding.
public struct TargetDefinition: Sendable, Equatable {
    public var year: Int
    /// The share in ten-thousandths (0…10000).
    public var tenThousandths: Int
    /// The condition under which this target applies instead of the plain one (`vung_kho_khan`);
    /// `nil` for the plain target.
    public var condition: String?
    public var base: TargetBase
    /// The decision the target comes from (the `basis` of its `<targets>` element).
    public var basis: String?
    public var location: SourceLocation

    public init(year: Int, tenThousandths: Int, condition: String? = nil, base: TargetBase = .registered,
                basis: String? = nil, location: SourceLocation) {
        self.year = year
        self.tenThousandths = tenThousandths
        self.condition = condition
        self.base = base
        self.basis = basis
        self.location = location
    }

    /// The share as a number (for display only).
    public var share: Double { Double(tenThousandths) / 10_000 }

    /// The smallest number of recognised entities that reaches the target over `base` entities:
    /// ⌈share × base⌉, in whole numbers.
    public func needed(of base: Int) -> Int {
        (tenThousandths * base + 9_999) / 10_000
    }

    /// Reads `0.7`, `0.70`, `1`, `0.6429` (the schema has checked the form and the range).
    public static func tenThousandths(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .init(charactersIn: " \t\r\n"))
        let parts = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int(parts[0].isEmpty ? "0" : parts[0]), whole >= 0 else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 4, fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber) else { return nil }
        let padded = fraction + String(repeating: "0", count: 4 - fraction.count)
        guard let part = Int(padded) else { return nil }
        let value = whole * 10_000 + part
        return (0...10_000).contains(value) ? value : nil
    }
}

extension ModelDefinition {
    /// The target that applies to `year` where `conditions` hold.
    ///
    /// Targets are milestones ("by 2025"): a year without a target of its own is measured
    /// against the next milestone year (2023 against 2025); a year after the last milestone has
    /// no target. Among the targets of that year, one whose `when` holds wins over the plain one.
    ///
    /// ```swift
    /// let target = households.definition.target(year: 2020, conditions: ["vung_kho_khan"])
    /// target?.tenThousandths   // 6000 in the shipped criteria (281/QĐ-TTg, disadvantaged areas)
    /// ```
    public func target(year: Int, conditions: Set<String> = []) -> TargetDefinition? {
        guard let milestone = targets.map(\.year).filter({ $0 >= year }).min() else { return nil }
        let ofYear = targets.filter { $0.year == milestone }
        return ofYear.first { $0.condition.map(conditions.contains) ?? false } ?? ofYear.first { $0.condition == nil }
    }
}

extension DefinitionReader {
    /// The `<target>`s of every `<targets>` element, in file order, each with its element's basis.
    /// A second target for the same year and condition is reported as a duplicate.
    static func readTargets(_ root: XMLElement, file: String) -> (targets: [TargetDefinition], problems: [CriteriaDiagnostic]) {
        var targets: [TargetDefinition] = []
        var problems: [CriteriaDiagnostic] = []
        var seen: Set<String> = []
        for group in root.children(named: "targets") {
            let basis = group.attribute("basis")
            for element in group.children(named: "target") {
                let location = element.location(file)
                let yearText = element.attribute("year") ?? ""
                let shareText = element.attribute("share") ?? ""
                guard let year = Int(yearText.trimmingCharacters(in: .whitespaces)) else {
                    problems.append(CriteriaDiagnostic(.numberOutOfRange(attribute: "year", value: yearText, minimum: "1900", maximum: "9999"), at: location))
                    continue
                }
                guard let share = TargetDefinition.tenThousandths(shareText) else {
                    problems.append(CriteriaDiagnostic(.numberOutOfRange(attribute: "share", value: shareText, minimum: "0", maximum: "1"), at: location))
                    continue
                }
                let condition = element.attribute("when")
                let id = condition.map { "\(year) \($0)" } ?? "\(year)"
                if !seen.insert(id).inserted {
                    problems.append(CriteriaDiagnostic(.duplicateId(kind: "target", id: id), at: location))
                }
                targets.append(TargetDefinition(year: year, tenThousandths: share, condition: condition,
                                                base: TargetBase(rawValue: element.attribute("base") ?? "") ?? .registered,
                                                basis: basis, location: location))
            }
        }
        return (targets, problems)
    }
}
