#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// Columns of one fixed-width type (the whole numbers or the yes/no values of a table), each in
/// a buffer of its own, all holding the same number of rows: appending a row checks the room
/// once for all of them, and stores each value with no array's uniqueness and capacity checks.
public final class FixedColumns<Value: BitwiseCopyable>: @unchecked Sendable {
    /// Column `k`'s values (`nil` before any room was made).
    public private(set) var bases: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>
    public let width: Int
    public private(set) var count = 0
    public private(set) var capacity = 0

    public init(width: Int) {
        self.width = width
        bases = .allocate(capacity: max(width, 1))
        bases.initialize(repeating: nil, count: max(width, 1))
    }

    deinit {
        for k in 0..<width { free(bases[k]) }
        bases.deallocate()
    }

    /// Column `k`'s rows (valid until the columns change).
    @inline(__always)
    public func column(_ k: Int) -> ColumnView<Value> {
        ColumnView(base: bases[k], count: count)
    }

    /// Column `k`'s rows (valid until the columns change).
    @inline(__always)
    public func buffer(_ k: Int) -> UnsafeBufferPointer<Value> {
        UnsafeBufferPointer(start: bases[k], count: count)
    }

    /// Makes room for `rows` rows in all.
    public func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        for k in 0..<width {
            guard let grown = realloc(bases[k], rows * MemoryLayout<Value>.stride) else {
                fatalError("FixedColumns: out of memory for \(rows) rows")
            }
            bases[k] = grown.bindMemory(to: Value.self, capacity: rows)
        }
        capacity = rows
    }

    /// The index of a new row, whose value each column then gets; ``closeRow()`` counts it.
    @inline(__always)
    public func openRow() -> Int {
        if count == capacity { reserve(max(1024, capacity * 2)) }
        return count
    }

    @inline(__always)
    public func closeRow() { count += 1 }

    /// Appends the rows of `parts` in order, column by column, freeing each part's column once
    /// copied; the parts are left empty.
    public func append(contentsOf parts: [FixedColumns<Value>], total: Int) {
        reserve(total)
        for k in 0..<width {
            var at = count
            for part in parts {
                if part.count > 0 { (bases[k]! + at).update(from: part.bases[k]!, count: part.count) }
                at += part.count
                free(part.bases[k])
                part.bases[k] = nil
            }
        }
        for part in parts {
            count += part.count
            part.count = 0
            part.capacity = 0
        }
    }

    /// Keeps the rows marked in `keep` (one flag per row), in order.
    public func compact(_ keep: [Bool]) {
        guard count > 0 else { return }
        var kept = 0
        for k in 0..<width {
            let column = bases[k]!
            var write = 0
            for read in 0..<count where keep[read] {
                column[write] = column[read]
                write += 1
            }
            kept = write
        }
        if width > 0 { count = kept } else { count = keep.lazy.filter { $0 }.count }
    }
}
