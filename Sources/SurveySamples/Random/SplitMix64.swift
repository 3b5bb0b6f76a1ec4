/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same everywhere, so a seed gives the
/// same files on every platform and every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator of its own for one named stream (`gia-dinh-hoc-tap/so_buoi_doc_sach`), so the
    /// values of a column a province adds never shift the values of the other columns.
    init(seed: UInt64, stream: String) {
        // FNV-1a: stable across runs and platforms, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        state = seed ^ hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-high; the tiny bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `permille / 1000`.
    mutating func chance(_ permille: Int) -> Bool { below(1_000) < permille }

    /// An index into the weights of `table`, chosen in proportion to them.
    mutating func weighted(_ table: WeightTable) -> Int {
        let roll = below(table.total)
        var index = 0
        while table.cumulative[index] <= roll { index += 1 }
        return index
    }

    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, below(i + 1))
        }
    }
}
