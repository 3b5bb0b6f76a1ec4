/// The one seeded random generator of the test suites: SplitMix64, so that a seed gives the same
/// values on every platform and every run, and a failing case can be replayed from its seed.
///
/// ```swift
/// var random = SeededGenerator(seed: 42)
/// let children = random.below(4)                 // 0...3
/// let flag = Bool.random(using: &random)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` at least 1).
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }
}
