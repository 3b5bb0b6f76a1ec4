import Foundation

/// A hamlet (ấp) of a generated commune, and how many households were listed in it.
struct Hamlet {
    var code: [UInt8]
    var name: [UInt8]
    var disadvantaged: Bool
    var listed = 0
    /// Clans whose families mostly live in this hamlet: `clanRange.lowerBound..<upperBound`.
    var clanRange: Range<Int> = 0..<0
}

/// A clan (dòng họ) of a generated commune: its surname, whether it is Khmer, and how many of
/// its households were listed.
struct Clan {
    var code: [UInt8]
    var name: [UInt8]
    var surname: Int
    var khmer: Bool
    var listed = 0
}

/// One generated commune: its tick-box style, its share of Khmer families, its hamlets and its
/// clans. The row writers (`Commune+Households`, `+Clans`, `+Hamlets`) write its rows.
struct Commune {
    let name: [UInt8]
    let size: Int
    let style: CheckboxStyle
    /// Share of Khmer families, per mille.
    let khmerPermille: Int
    var hamlets: [Hamlet] = []
    var clans: [Clan] = []

    init(name: String, size: Int, random: inout SplitMix64) {
        self.name = Array(name.utf8)
        self.size = size
        style = CheckboxStyle.all[random.weighted(CheckboxStyle.weights)]
        // Trà Vinh / Sóc Trăng: some communes mostly Khmer, many mixed, some almost all Kinh.
        khmerPermille = [20, 80, 250, 450, 700][random.weighted(WeightTable([30, 25, 20, 15, 10]))]
        let disadvantagedPermille = khmerPermille >= 450 ? 450 : (random.chance(200) ? 250 : 40)

        // Hamlets.
        let hamletCount = max(1, (size + 100) / 200)
        let numbered = random.chance(150)
        // Many hamlets share the commune's first syllable (xã Long Hữu: ấp Long Khánh, ấp Long
        // Định…) when it is a usual one; otherwise they share another common one.
        let commonFirst = String(name.split(separator: " ").first ?? "Long")
        let firstSyllable = PlaceNames.communeFirst.contains(commonFirst)
            ? commonFirst : PlaceNames.communeFirst[random.below(PlaceNames.communeFirst.count)]
        var usedNames = Set<String>()
        var usedCodes = Set<String>()
        for index in 0..<hamletCount {
            let hamletName: String
            if numbered {
                hamletName = "Ấp \(index + 1)"
            } else {
                var candidate = ""
                for attempt in 0..<40 {
                    if attempt < 30 && random.chance(550) {
                        candidate = "Ấp \(firstSyllable) \(PlaceNames.hamletSecond[random.below(PlaceNames.hamletSecond.count)])"
                    } else if attempt < 30 {
                        candidate = "Ấp \(PlaceNames.hamletNames[random.below(PlaceNames.hamletNames.count)])"
                    } else {
                        candidate = "Ấp \(PlaceNames.communeFirst[random.below(PlaceNames.communeFirst.count)]) \(PlaceNames.hamletSecond[random.below(PlaceNames.hamletSecond.count)])"
                    }
                    if !usedNames.contains(candidate) { break }
                }
                if usedNames.contains(candidate) { candidate += " \(index + 1)" }
                hamletName = candidate
            }
            usedNames.insert(hamletName)
            var code = numbered ? "A\(index + 1)" : Self.initials(of: hamletName)
            if usedCodes.contains(code) {
                var n = 2
                while usedCodes.contains("\(code)\(n)") { n += 1 }
                code = "\(code)\(n)"
            }
            usedCodes.insert(code)
            hamlets.append(Hamlet(code: Array(code.utf8), name: Array(hamletName.utf8),
                                  disadvantaged: random.chance(disadvantagedPermille)))
        }

        // Clans: about one per 20 households, each rooted in one hamlet.
        let clanCount = max(1, (size + 10) / 20)
        let codeWidth = clanCount >= 1_000 ? 4 : 3
        var usedClanNames = Set<String>()
        for index in 0..<clanCount {
            let home = index * hamletCount / clanCount
            let khmer = random.chance(khmerPermille)
            let surname = random.weighted(khmer ? PersonNames.khmerSurnameWeights : PersonNames.kinhSurnameWeights)
            let surnameText = khmer ? PersonNames.khmerSurnames[surname] : PersonNames.kinhSurnames[surname]
            let base = "Họ \(surnameText)"
            var clanName = base
            if usedClanNames.contains(clanName) && !khmer {
                for _ in 0..<3 where usedClanNames.contains(clanName) {
                    clanName = "\(base) \(PersonNames.lineageMiddles[random.below(PersonNames.lineageMiddles.count)])"
                }
            }
            if usedClanNames.contains(clanName) {
                let hamletName = String(decoding: hamlets[home].name, as: UTF8.self)
                clanName = "\(clanName) (\(hamletName.replacingOccurrences(of: "Ấp ", with: "ấp ")))"
            }
            usedClanNames.insert(clanName)
            var code = "DH"
            var digits = String(index + 1)
            while digits.count < codeWidth { digits = "0" + digits }
            code += digits
            clans.append(Clan(code: Array(code.utf8), name: Array(clanName.utf8), surname: surname, khmer: khmer))
        }
        for h in 0..<hamletCount {
            // Clans whose home is h: those with index * hamletCount / clanCount == h.
            let lower = (h * clanCount + hamletCount - 1) / hamletCount
            let upper = ((h + 1) * clanCount + hamletCount - 1) / hamletCount
            hamlets[h].clanRange = lower..<min(upper, clanCount)
        }
    }

    /// `Ấp Long Khánh` → `LK`; `Ấp Đầu Giồng` → `DG`.
    static func initials(of hamletName: String) -> String {
        var result = ""
        for word in hamletName.split(separator: " ").dropFirst() {
            guard let first = word.first else { continue }
            if first == "Đ" || first == "đ" {
                result += "D"
            } else if let base = String(first).decomposedStringWithCanonicalMapping.unicodeScalars.first {
                result += String(base).uppercased()
            }
        }
        return result.isEmpty ? "A" : result
    }

    /// Households per hamlet: roughly equal, ±35 %.
    func hamletSizes(random: inout SplitMix64) -> [Int] {
        let weights = hamlets.indices.map { _ in 65 + random.below(71) }
        let total = weights.reduce(0, +)
        var sizes = weights.map { size * $0 / total }
        var rest = size - sizes.reduce(0, +)
        var i = 0
        while rest > 0 { sizes[i % sizes.count] += 1; rest -= 1; i += 1 }
        return sizes
    }
}
