extension Commune {
    /// Writes the commune's clan rows; `so_ho` is never below the clan's listed households.
    /// Without a plan (criteria without a clan model) the rows are made and dropped, so the
    /// households of later communes stay the same.
    func writeClans(with plan: inout ColumnPlan?, to buffer: inout [UInt8], random: inout SplitMix64) {
        var cells = RowCells()
        for clan in clans {
            cells.removeAll()
            cells.appendCell(clan.code)
            cells.appendCell(clan.name)
            cells.appendCell(name)
            // The clan's own count includes families living elsewhere or not surveyed.
            let extra = [0, 0, 1, 1, 2, 3, 5][random.below(7)]
            cells.bytes.appendInt(max(1, clan.listed + extra))
            cells.endCell()
            for permille in [850, 900, 800] {   // quy_khuyen_hoc, khen_thuong, ke_hoach
                cells.bytes.appendBool(random.chance(permille), style, &random)
                cells.endCell()
            }
            cells.bytes.appendInt([0, 1, 1, 2, 2, 2, 2, 3, 3, 4][random.below(10)])
            cells.endCell()
            plan?.appendRow(cells, style: style, to: &buffer)
        }
    }
}
