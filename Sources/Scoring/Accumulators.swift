import Machinery
import Criteria

/// Running totals of one relation's aggregates: for one entity, or for every group of members
/// at once (``select(_:)`` chooses the group that ``count(_:)``, ``add(_:_:)`` and
/// ``note(_:_:)`` add to).
///
/// For each aggregate `a` of the relation: how many members passed its filter, the sum of its
/// values (exact fractions), and whether any / all of its yes-no values held.
///
/// ```swift
/// let acc = Accumulators(count: 2)          // two aggregates, one entity
/// acc.count(0); acc.add(1, Rational(integer: 3))
/// acc.counted(0)   // 1
/// ```
final class Accumulators {
    let count: Int
    private let groups: Int
    /// Totals per group (`width` of each kind per group).
    private let width: Int
    private let countStorage: FixedBuffer<Int>
    private let sumStorage: FixedBuffer<Rational>
    private let anyStorage: FixedBuffer<Bool>
    private let allStorage: FixedBuffer<Bool>
    private let counts: MutableColumnView<Int>
    private let sums: MutableColumnView<Rational>
    private let anys: MutableColumnView<Bool>
    private let alls: MutableColumnView<Bool>
    /// Where the selected group's totals start.
    private var offset = 0
    /// `Rational.zero` read once: the global of another module is asked for through a call
    /// on every use (once per aggregate of every member a memo adds).
    private let zero = Rational.zero

    init(count: Int, groups: Int = 1) {
        self.count = count
        self.groups = max(groups, 1)
        width = max(count, 1)
        let n = width * self.groups
        // Filled as arrays (made by code specialised for each type) and copied in one go: a
        // contribution memo has tens of thousands of groups.
        countStorage = FixedBuffer(zeroedCount: n)
        sumStorage = FixedBuffer(repeating: .zero, count: n)
        anyStorage = FixedBuffer(repeating: false, count: n)
        allStorage = FixedBuffer(repeating: true, count: n)
        counts = countStorage.view
        sums = sumStorage.view
        anys = anyStorage.view
        alls = allStorage.view
    }

    /// Makes group `g`'s totals the selected ones.
    @inline(__always)
    func select(_ g: Int) { offset = g * width }

    /// Clears the selected group's totals.
    func reset() {
        for a in 0..<count {
            counts[unchecked: offset + a] = 0
            sums[unchecked: offset + a] = .zero
            anys[unchecked: offset + a] = false
            alls[unchecked: offset + a] = true
        }
    }

    /// Counts a member for aggregate `a` (`a` in `0..<count`).
    @inline(__always)
    func count(_ a: Int) { counts[unchecked: offset + a] += 1 }

    /// Adds a value to aggregate `a`'s sum.
    @inline(__always)
    func add(_ a: Int, _ value: Rational) { sums[unchecked: offset + a] = sums[unchecked: offset + a] + value }

    /// Notes a yes/no value of aggregate `a`.
    @inline(__always)
    func note(_ a: Int, _ value: Bool) {
        if value { anys[unchecked: offset + a] = true } else { alls[unchecked: offset + a] = false }
    }

    /// The selected group's totals of aggregate `a`.
    @inline(__always) func counted(_ a: Int) -> Int { counts[unchecked: offset + a] }
    @inline(__always) func sum(_ a: Int) -> Rational { sums[unchecked: offset + a] }
    @inline(__always) func any(_ a: Int) -> Bool { anys[unchecked: offset + a] }
    @inline(__always) func all(_ a: Int) -> Bool { alls[unchecked: offset + a] }

    /// Adds to aggregate `a` of the selected group what one member (or a group of them) added.
    @inline(__always)
    func add(_ a: Int, count: Int, sum: Rational, any: Bool, all: Bool) {
        let i = offset + a
        counts[unchecked: i] += count
        if sum != zero { sums[unchecked: i] = sums[unchecked: i] + sum }
        if any { anys[unchecked: i] = true }
        if !all { alls[unchecked: i] = false }
    }

    /// Adds the selected totals of an accumulator of one group (a member's own) to the selected group's.
    @inline(__always)
    func add(selected other: Accumulators) {
        for a in 0..<count {
            add(a, count: other.counted(a), sum: other.sum(a), any: other.any(a), all: other.all(a))
        }
    }

    /// Adds `other`'s totals of its group `g` to the selected group's (what a memo entry added).
    @inline(__always)
    func add(group g: Int, of other: Accumulators) {
        let from = g * other.width
        for a in 0..<count {
            add(a, count: other.counts[unchecked: from + a], sum: other.sums[unchecked: from + a],
                any: other.anys[unchecked: from + a], all: other.alls[unchecked: from + a])
        }
    }

    /// Makes group `g`'s totals the selected totals of `other` (of the same count).
    @inline(__always)
    func set(group g: Int, to other: Accumulators) {
        let to = g * width
        for a in 0..<count {
            counts[unchecked: to + a] = other.counted(a)
            sums[unchecked: to + a] = other.sum(a)
            anys[unchecked: to + a] = other.any(a)
            alls[unchecked: to + a] = other.all(a)
        }
    }

    /// Adds another accumulator's totals of every group (of the same shape) to these.
    func add(_ other: Accumulators) {
        precondition(other.count == count && other.groups == groups)
        guard count > 0 else { return }
        for i in 0..<(width * groups) {
            counts[i] += other.counts[i]
            sums[i] = sums[i] + other.sums[i]
            anys[i] = anys[i] || other.anys[i]
            alls[i] = alls[i] && other.alls[i]
        }
    }

    /// Makes the selected group's totals those of `other`'s group `g`.
    func copy(group g: Int, of other: Accumulators) {
        let from = g * other.width
        for a in 0..<count {
            counts[unchecked: offset + a] = other.counts[from + a]
            sums[unchecked: offset + a] = other.sums[from + a]
            anys[unchecked: offset + a] = other.anys[from + a]
            alls[unchecked: offset + a] = other.alls[from + a]
        }
    }
}
