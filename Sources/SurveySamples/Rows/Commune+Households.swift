extension Commune {
    /// Writes the commune's household rows: hamlet by hamlet, each household named after its
    /// clan's surname most of the time, about one row in a thousand deliberately wrong.
    mutating func writeHouseholds(with plan: inout ColumnPlan, to buffer: inout [UInt8], sink: BlockSink,
                                  random: inout SplitMix64, summary: inout SampleGenerator.Summary) throws {
        let sizes = hamletSizes(random: &random)
        var household = HouseholdValues()
        var cells = RowCells()
        for h in hamlets.indices where sizes[h] > 0 {
            let hamlet = hamlets[h]
            for sequence in 1...sizes[h] {
                cells.removeAll()
                cells.bytes.append(contentsOf: hamlet.code)
                cells.bytes.append(0x2D)
                cells.bytes.appendPadded(sequence, width: 4)
                cells.endCell()

                var clanIndex = -1
                if random.chance(hamlet.clanRange.isEmpty ? 820 : 860) {
                    if !hamlet.clanRange.isEmpty && random.chance(900) {
                        clanIndex = hamlet.clanRange.lowerBound + random.below(hamlet.clanRange.count)
                    } else {
                        clanIndex = random.below(clans.count)
                    }
                }
                let khmer: Bool
                if clanIndex >= 0 {
                    khmer = clans[clanIndex].khmer
                    let surname = random.chance(930) ? clans[clanIndex].surname : nil
                    PersonNames.appendName(to: &cells.bytes, khmer: khmer, surname: surname, random: &random)
                } else {
                    khmer = random.chance(khmerPermille)
                    PersonNames.appendName(to: &cells.bytes, khmer: khmer, surname: nil, random: &random)
                    summary.withoutClan += 1
                }
                cells.endCell()
                cells.appendCell(hamlet.code)
                cells.appendCell(name)
                if clanIndex >= 0 {
                    cells.bytes.append(contentsOf: clans[clanIndex].code)
                    clans[clanIndex].listed += 1
                }
                cells.endCell()
                hamlets[h].listed += 1

                household.fill(disadvantaged: hamlet.disadvantaged, khmer: khmer, random: &random)
                if household.violation { summary.disqualified += 1 }
                if random.chance(1) {
                    household.spoil(random: &random)
                    summary.errorRows += 1
                }
                household.appendCells(to: &cells, style: style, random: &random)
                plan.appendRow(cells, style: style, to: &buffer)
                summary.households += 1

                try sink.drain(&buffer)
            }
        }
    }
}
