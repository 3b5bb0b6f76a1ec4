/// The realistic values of one household: a kind of family (exemplary, good, fair, struggling),
/// counts of children and adults that agree with each other, tick boxes, and now and then a
/// deliberately wrong cell the way clerks get it wrong.
struct HouseholdValues {
    var disadvantaged = false
    var poor = false
    var counts = [Int](repeating: 0, count: 9)   // tre_do_tuoi … nguoi_lon_hoc_tap
    var flags = [Bool](repeating: false, count: 7) // tham_gia_khuyen_hoc … gia_dinh_van_hoa
    var wellBehaved = false
    var violation = false
    /// A deliberately wrong cell: (index into `counts`, text to write instead).
    var badCell: (Int, [UInt8])?

    // Indexes into `counts`.
    static let children = 0, exempt = 1, attending = 2, results = 3, conduct = 4
    static let adults = 5, adultsExempt = 6, literate = 7, studying = 8

    /// Four kinds of family (exemplary, good, fair, struggling): how common each is, and the
    /// per-mille chance of each of its checkboxes being ticked.
    private static let profileWeights = WeightTable([28, 38, 22, 12])
    private static let tickPermille = [990, 930, 780, 480]
    /// Per-mille chance that one child or adult falls short, by profile.
    private static let shortPermille = [5, 40, 120, 300]

    mutating func fill(disadvantaged: Bool, khmer: Bool, random: inout SplitMix64) {
        self.disadvantaged = disadvantaged
        var profile = random.weighted(Self.profileWeights)
        if disadvantaged && profile < 3 && random.chance(250) { profile += 1 }
        poor = random.chance(disadvantaged ? 180 : (khmer ? 110 : 50))
        if poor && profile < 3 && random.chance(300) { profile += 1 }
        let tick = Self.tickPermille[profile]
        let short = Self.shortPermille[profile]

        let children = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 4][random.below(20)]
        let exempt = children > 0 && random.chance(25) ? 1 : 0
        var attending = children - exempt
        // School attendance is near universal (phổ cập): a missing child is rarer than a weak result.
        if attending > 0 && random.chance(short / 3) { attending -= 1 }
        var results = attending
        if results > 0 && random.chance(short * 2) { results -= 1 }
        var conduct = attending
        if conduct > 0 && random.chance(short) { conduct -= 1 }

        let adults = [0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6][random.below(20)]
        let adultsExempt = adults > 0 && random.chance(40) ? 1 : 0
        var literate = adults
        if literate > adultsExempt && random.chance(khmer ? short * 2 : short) { literate -= 1 }
        var studying = adults - adultsExempt
        if studying > 0 && random.chance(short * 3) { studying = studying / 2 }
        if studying > 0 && random.chance(short) { studying -= 1 }

        counts[Self.children] = children
        counts[Self.exempt] = exempt
        counts[Self.attending] = attending
        counts[Self.results] = results
        counts[Self.conduct] = conduct
        counts[Self.adults] = adults
        counts[Self.adultsExempt] = adultsExempt
        counts[Self.literate] = literate
        counts[Self.studying] = studying

        wellBehaved = random.chance(tick)
        for i in flags.indices { flags[i] = random.chance(tick) }
        violation = random.chance(15)
        badCell = nil
    }

    /// Turns the row into one a scorer must reject, the way clerks get it wrong.
    mutating func spoil(random: inout SplitMix64) {
        switch random.below(4) {
        case 0:  // A decimal comma in a count.
            badCell = ([Self.children, Self.adults][random.below(2)], Array("\"2,5\"".utf8))
        case 1:  // More exempted children than children.
            counts[Self.exempt] = counts[Self.children] + 1
        case 2:  // More literate adults than adults.
            counts[Self.literate] = counts[Self.adults] + 1 + random.below(2)
        default: // A word instead of a number.
            badCell = ([Self.attending, Self.studying][random.below(2)], Array(["hai", "ba", "không rõ"][random.below(3)].utf8))
        }
    }

    /// Appends the content cells in the order of ``RealisticCells/household``'s content.
    func appendCells(to cells: inout RowCells, style: CheckboxStyle, random: inout SplitMix64) {
        cells.bytes.appendBool(disadvantaged, style, &random)
        cells.endCell()
        cells.bytes.appendBool(poor, style, &random)
        cells.endCell()
        for i in 0..<5 {
            appendCount(i, to: &cells)
        }
        cells.bytes.appendBool(wellBehaved, style, &random)
        cells.endCell()
        for i in 5..<9 {
            appendCount(i, to: &cells)
        }
        for flag in flags {
            cells.bytes.appendBool(flag, style, &random)
            cells.endCell()
        }
        cells.bytes.appendBool(violation, style, &random)
        cells.endCell()
    }

    private func appendCount(_ index: Int, to cells: inout RowCells) {
        if let (badIndex, text) = badCell, badIndex == index {
            cells.bytes.append(contentsOf: text)
        } else {
            cells.bytes.appendInt(counts[index])
        }
        cells.endCell()
    }
}
