extension Commune {
    /// Writes the commune's hamlet rows; `so_ho` is never below the hamlet's listed households.
    /// Without a plan (criteria without a hamlet model) the rows are made and dropped, so the
    /// households of later communes stay the same.
    func writeHamlets(with plan: inout ColumnPlan?, to buffer: inout [UInt8], random: inout SplitMix64) {
        var cells = RowCells()
        for hamlet in hamlets {
            cells.removeAll()
            cells.appendCell(hamlet.code)
            cells.appendCell(hamlet.name)
            cells.appendCell(name)
            // A few households of every hamlet were not surveyed (away, newly split, refused).
            let extra = random.below(max(2, hamlet.listed / 15))
            cells.bytes.appendInt(max(1, hamlet.listed + extra))
            cells.endCell()
            cells.bytes.appendBool(hamlet.disadvantaged, style, &random)
            cells.endCell()
            // tu_sach_cong_dong, chi_hoi_khuyen_hoc
            for permille in [hamlet.disadvantaged ? 650 : 880, 900] {
                cells.bytes.appendBool(random.chance(permille), style, &random)
                cells.endCell()
            }
            cells.bytes.appendInt([0, 1, 2, 2, 3, 3, 4, 4, 4, 5, 6, 8][random.below(12)])
            cells.endCell()
            plan?.appendRow(cells, style: style, to: &buffer)
        }
    }
}
