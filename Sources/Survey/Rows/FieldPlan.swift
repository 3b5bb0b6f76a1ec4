import Criteria

/// What the row loop needs of one field, worked out once per table (model + header binding) so
/// that reading a row touches no ``FieldDefinition`` (no `String`s, no reference counting): the
/// field's rule (``RowValidator/FieldRule``) and the column holding it.
///
/// ```swift
/// let plan = FieldPlan.plan(for: binding, rules: validator.fields)
/// for step in plan where step.column >= 0 { … }
/// ```
struct FieldPlan {
    typealias Kind = RowValidator.FieldRule.Kind

    var rule: RowValidator.FieldRule
    /// The column holding the field, or -1 for an absent optional column.
    var column: Int

    var kind: Kind { rule.kind }
    /// The field's slot among the fields of its type (``CompiledModel/fieldSlots``).
    var slot: Int { rule.slot }

    static func plan(for binding: ColumnBinding, rules: [RowValidator.FieldRule]) -> [FieldPlan] {
        rules.enumerated().map { index, rule in FieldPlan(rule: rule, column: binding.fieldColumns[index] ?? -1) }
    }
}
