/// The cells of one generated row, in the order the realistic generator makes them, before the
/// criteria choose which of them appear and in which column.
///
/// Making every cell in a fixed order keeps the random stream, and so every value, the same
/// whatever columns a province keeps, drops or reorders.
struct RowCells {
    /// The bytes of all cells, one after the other.
    var bytes: [UInt8] = []
    private var ends: [Int] = []

    init() {
        bytes.reserveCapacity(256)
        ends.reserveCapacity(32)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Ends the cell being written: what was appended to `bytes` since the last call.
    mutating func endCell() {
        ends.append(bytes.count)
    }

    /// Appends a whole cell.
    mutating func appendCell(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        endCell()
    }

    /// The bytes of cell `index` (in the order the cells were made).
    func cell(_ index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }
}
