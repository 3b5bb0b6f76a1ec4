/// How many communes a sample has, how big each is, and what each is called.
enum CommuneList {
    /// Commune sizes: about 5,000 households each (4,000–6,000); a small remainder joins the last.
    static func sizes(total: Int, random: inout SplitMix64) -> [Int] {
        var sizes: [Int] = []
        var remaining = total
        while remaining > 6_000 {
            let size = 4_000 + random.below(2_001)
            sizes.append(size)
            remaining -= size
        }
        if remaining < 2_500, !sizes.isEmpty {
            sizes[sizes.count - 1] += remaining
        } else {
            sizes.append(remaining)
        }
        return sizes
    }

    /// Unique commune names: real ones of Trà Vinh first, then two-syllable combinations, then
    /// combinations with a direction (`Long Hòa Đông`), then numbered ones.
    static func names(count: Int, random: inout SplitMix64) -> [String] {
        var names: [String] = []
        var used = Set<String>()
        func take(_ candidates: [String]) {
            var shuffled = candidates
            random.shuffle(&shuffled)
            for name in shuffled where names.count < count && !used.contains(name) {
                used.insert(name)
                names.append(name)
            }
        }
        take(PlaceNames.realCommunes)
        if names.count < count {
            take(PlaceNames.communeFirst.flatMap { a in
                PlaceNames.communeSecond.compactMap { b in a == b ? nil : "\(a) \(b)" } })
        }
        if names.count < count {
            take(PlaceNames.communeFirst.flatMap { a in PlaceNames.communeSecond.flatMap { b in
                a == b ? [] : PlaceNames.directions.map { "\(a) \(b) \($0)" } } })
        }
        var number = 1
        while names.count < count {
            let name = "\(PlaceNames.communeFirst[number % PlaceNames.communeFirst.count]) \(number)"
            if used.insert(name).inserted { names.append(name) }
            number += 1
        }
        return names
    }
}
