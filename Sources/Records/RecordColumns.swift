import CSupport
import Criteria
import Dispatch
import Machinery
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// Direct views of a table's columns (see ``RecordTable/withColumns(_:)``).
public struct RecordColumns {
    public let ints: [UnsafeBufferPointer<Int32>]
    public let bools: [UnsafeBufferPointer<Bool>]
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
            case .int: frame.numbers[slot] = Rational(integer: Int64(ints[slot][row]))
            case .bool: frame.bools[slot] = bools[slot][row]
            case .text: frame.texts[slot] = texts[slot][row]
            }
        }
    }

    /// The value of a text field (the field's slot among text fields).
    @inline(__always)
    public func text(slot: Int, row: Int) -> String { texts[slot][row] }
}
