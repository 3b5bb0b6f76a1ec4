import Criteria
import Machinery

/// Direct views of a table's columns (see ``RecordTable/withColumns(_:)``).
public struct RecordColumns {
    public let ints: [ColumnView<Int32>]
    public let bools: [ColumnView<Bool>]
    public let texts: [TextColumnView]
    public let types: [FieldType]
    public let slots: [Int]

    /// Copies the listed fields of `row` into the frame and starts the row.
    @inline(__always)
    public func load(row: Int, fields: [Int], into frame: Frame) {
        frame.begin(row: row)
        for field in fields {
            let slot = slots[field]
            switch types[field] {
            case .int: frame.numbers[unchecked: slot] = Rational(integer: Int64(ints[slot][unchecked: row]))
            case .bool: frame.bools[unchecked: slot] = bools[slot][unchecked: row]
            case .text: frame.texts[unchecked: slot] = texts[slot][unchecked: row]
            }
        }
    }

    /// The value of a text field (the field's slot among text fields).
    @inline(__always)
    public func text(slot: Int, row: Int) -> String { texts[slot][row] }
}
