/// Groups items by a small whole-number key in two passes (a counting sort): count the items of
/// each group, then place each item at its group's next free position. Items keep their order
/// within a group, and no array grows item by item.
///
/// ```swift
/// // Rows 0…4 in groups 1, 0, 1, -1 (none), 0:
/// let grouped = CountingSort(groups: 2, items: 5) { [1, 0, 1, -1, 0][$0] }
/// grouped.items(ofGroup: 0)    // [1, 4]
/// grouped.items(ofGroup: 1)    // [0, 2]
/// ```
public struct CountingSort: Sendable {
    /// Every grouped item, group after group, each group in item order.
    public let items: [Int32]
    /// Group `g`'s items are `items[starts[g]..<starts[g + 1]]`.
    public let starts: [Int]

    /// Groups items `0..<items` by `group(item)`, a number in `0..<groups` or negative for none.
    @inlinable
    public init(groups: Int, items count: Int, group: (Int) -> Int) {
        var sizes = [Int](repeating: 0, count: groups)
        sizes.withMutableColumnView { sizes in
            for item in 0..<count {
                let g = group(item)
                if g >= 0 { sizes[g] += 1 }
            }
        }
        self.init(sizes: sizes, items: count, group: group)
    }

    /// Groups items `0..<items` by `group(item)` when the caller has counted them already:
    /// `sizes[g]` is the number of items of group `g` (one pass fewer over the items).
    @inlinable
    public init(sizes: [Int], items count: Int, group: (Int) -> Int) {
        let groups = sizes.count
        var starts = [Int](repeating: 0, count: groups + 1)
        for g in 0..<groups { starts[g + 1] = starts[g] + sizes[g] }
        var items = [Int32](repeating: 0, count: starts[groups])
        var fill = starts
        items.withMutableColumnView { items in
            fill.withMutableColumnView { fill in
                for item in 0..<count {
                    let g = group(item)
                    guard g >= 0 else { continue }
                    items[unchecked: fill[unchecked: g]] = Int32(truncatingIfNeeded: item)
                    fill[unchecked: g] += 1
                }
            }
        }
        self.items = items
        self.starts = starts
    }

    /// The number of groups.
    @inlinable
    public var groups: Int { starts.count - 1 }

    /// The positions in ``items`` of group `g`'s items.
    @inlinable
    public func range(ofGroup g: Int) -> Range<Int> { starts[g]..<starts[g + 1] }

    /// Group `g`'s items, in order.
    @inlinable
    public func items(ofGroup g: Int) -> [Int32] { Array(items[range(ofGroup: g)]) }

    /// Every group's items as an array of its own.
    public func itemsByGroup() -> [[Int32]] {
        items.withColumnView { items in (0..<groups).map { Array(items.view(range(ofGroup: $0))) } }
    }
}
