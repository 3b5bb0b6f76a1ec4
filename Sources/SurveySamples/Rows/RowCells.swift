/// The cells of one generated row, in the order the realistic generator makes them, before the
/// criteria choose which of them appear and in which column.
///
/// Making every cell in a fixed order keeps the random stream, and so every value, the same
/// whatever columns a province keeps, drops or reorders. The cells are kept comma-separated,
/// so a file whose columns are exactly these cells, in this order (the shipped criteria's),
/// copies the row in one piece.
struct RowCells {
    /// The bytes of all cells, each followed by a comma: write a cell here, then `endCell()`.
    var bytes: [UInt8] = []
    private var ends: [Int] = []

    init() {
        bytes.reserveCapacity(256)
        ends.reserveCapacity(32)
    }

    /// How many cells have been made.
    var count: Int { ends.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Ends the cell being made: what was written since the last call.
    mutating func endCell() {
        ends.append(bytes.count)
        bytes.append(0x2C)
    }

    /// Appends a whole cell.
    mutating func appendCell(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        endCell()
    }

    /// The bytes of cell `index` (in the order the cells were made).
    func cell(_ index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1] + 1)..<ends[index]]
    }

    /// Appends every cell, comma-separated, and a line end.
    func appendWholeRow(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer[buffer.count - 1] = 0x0A
    }
}
