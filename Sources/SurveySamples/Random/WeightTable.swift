/// Cumulative weights for `SplitMix64.weighted`: `WeightTable([50, 30, 20])` picks the first
/// index half of the time.
struct WeightTable {
    let cumulative: [Int]
    let total: Int

    init(_ weights: [Int]) {
        var sum = 0
        cumulative = weights.map { sum += $0; return sum }
        total = sum
    }
}
