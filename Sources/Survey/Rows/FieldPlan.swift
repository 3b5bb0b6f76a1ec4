import Criteria

/// What the row loop needs of one field, worked out once per table (model + header binding) so
/// that reading a row touches no ``FieldDefinition`` (no `String`s, no reference counting).
///
/// ```swift
/// let plan = FieldPlan.plan(for: binding)
/// for step in plan where step.column >= 0 { … }
/// ```
struct FieldPlan {
    enum Kind: UInt8 { case text, int, bool }

    var kind: Kind
    /// The field's slot among the fields of its type (``CompiledModel/fieldSlots``).
    var slot: Int
    /// The column holding the field, or -1 for an absent optional column.
    var column: Int
    var required: Bool
    var minimum: Int64
    var maximum: Int64
    var hasMinimum: Bool
    var hasMaximum: Bool

    static func plan(for binding: ColumnBinding) -> [FieldPlan] {
        let model = binding.model
        return model.definition.fields.enumerated().map { index, field in
            let kind: Kind
            switch field.type {
            case .text: kind = .text
            case .int: kind = .int
            case .bool: kind = .bool
            }
            return FieldPlan(kind: kind, slot: model.fieldSlots[index], column: binding.fieldColumns[index] ?? -1,
                             required: field.required, minimum: field.minimum ?? 0, maximum: field.maximum ?? 0,
                             hasMinimum: field.minimum != nil, hasMaximum: field.maximum != nil)
        }
    }
}

/// The answers already worked out for tick-box spellings of up to 8 bytes (`Có`, `Không`, `co`,
/// `x`, `yes`, …), so a tick box costs a short scan of a few words instead of a `String`, a
/// fold and two set look-ups. Filled from ``ValueParsing/yesNo(_:)`` on first sight of each
/// spelling, so the answer is always the one the slow path gives.
final class YesNoCache {
    static let capacity = 32
    private let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: YesNoCache.capacity)
    /// Length in the low 4 bits; answer in the next 2 (0 no, 1 yes, 2 neither).
    private let entries = UnsafeMutablePointer<UInt8>.allocate(capacity: YesNoCache.capacity)
    private var count = 0

    deinit {
        keys.deallocate()
        entries.deallocate()
    }

    /// Bytes already trimmed of spaces and tabs, 1 to 8 of them.
    @inline(__always)
    func answer(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool? {
        let length = end - start
        guard length <= 8 else {
            return ValueParsing.yesNo(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        var key: UInt64 = 0
        var i = end
        while i > start { i -= 1; key = key << 8 | UInt64(bytes[i]) }
        let wanted = UInt8(truncatingIfNeeded: length)
        for k in 0..<count where keys[k] == key && entries[k] & 0x0F == wanted {
            switch entries[k] >> 4 {
            case 0: return false
            case 1: return true
            default: return nil
            }
        }
        let value = ValueParsing.yesNo(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        if count < Self.capacity {
            keys[count] = key
            entries[count] = wanted | (value == nil ? 2 : value! ? 1 : 0) << 4
            count += 1
        }
        return value
    }
}
