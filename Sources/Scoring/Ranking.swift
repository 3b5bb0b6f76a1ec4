import Criteria
import TextSupport

/// Certification ranking and listing order, as the spec defines them.
///
/// Within one model and one commune, scored entities are ranked by merit: level first
/// (`tieu-bieu`, `dat`, `khong-dat`), then total, highest first, with competition ranking
/// (1, 2, 2, 4). They are listed by rank, then by display name in Vietnamese order, then by key;
/// rows with level `loi` follow in input order. Communes come in Vietnamese order of their names.
enum Ranking {
    /// Each row's index into the field's distinct values (by bytes), and those values: the
    /// column's own codes when it is coded, otherwise a dictionary pass.
    static func distinct(field: Int, _ results: ModelResults) -> (ofRow: [Int], values: [String]) {
        results.table.withColumns { columns in
            let n = results.count
            if columns.types[field] == .text, case let view = columns.texts[columns.slots[field]], view.isCoded {
                return ((0..<n).map { Int(view.codes[$0]) }, Array(view.values))
            }
            var index: [ExactText: Int] = [:]
            var values: [String] = []
            let ofRow = (0..<n).map { row -> Int in
                let value = ExactText(columns.anyText(field: field, row: row))
                if let known = index[value] { return known }
                index[value] = values.count
                values.append(value.string)
                return values.count - 1
            }
            return (ofRow, values)
        }
    }

    static func rank(_ results: ModelResults) {
        let n = results.count
        let model = results.model
        var byCommune: [ExactText: [Int]] = [:]
        var rejectedByCommune: [ExactText: [Int]] = [:]
        let (communeOfRow, communeValues) = distinct(field: model.communeFieldIndex, results)
        var rowsOfCommune = Array(repeating: [Int](), count: communeValues.count)
        for row in 0..<n { rowsOfCommune[communeOfRow[row]].append(row) }
        for (index, rows) in rowsOfCommune.enumerated() where !rows.isEmpty { byCommune[ExactText(communeValues[index]), default: []] += rows }
        for (i, row) in results.rejected.enumerated() { rejectedByCommune[ExactText(row.commune), default: []].append(i) }

        // Each distinct name (names repeat a lot in a province) gets its collation key once; the
        // distinct names are sorted once, and each row keeps only its name's position in that
        // order, so the sort below compares plain integers.
        let (rowName, distinctNames) = distinct(field: model.nameFieldIndex, results)
        let distinctKeys = distinctNames.map(VietnameseCollation.key)
        var namePosition = Array(repeating: UInt64(0), count: distinctNames.count)
        for (position, index) in distinctNames.indices.sorted(by: { distinctKeys[$0] < distinctKeys[$1] }).enumerated() {
            namePosition[index] = UInt64(position)
        }
        // Merit (2 bits), then the total from high to low (30 bits), then the name (32 bits).
        let order = (0..<n).map { row -> UInt64 in
            let merit = UInt64(results.levels[row].meritOrder)
            let total = UInt64(clamping: max(0, min(Int(results.totals[row]), (1 << 30) - 1)))
            return merit << 62 | ((1 << 30) - 1 - total) << 32 | namePosition[rowName[row]]
        }
        let communes = Set(byCommune.keys).union(rejectedByCommune.keys)
            .map { (name: $0.string, text: $0, key: VietnameseCollation.key($0.string)) }
            .sorted { ($0.name.isEmpty ? 1 : 0, $0.key, $0.name) < ($1.name.isEmpty ? 1 : 0, $1.key, $1.name) }

        var listing: [ListingEntry] = []
        listing.reserveCapacity(n + results.rejected.count)
        for commune in communes {
            var scored: [Int] = []
            var failed: [Int] = []
            for row in byCommune[commune.text] ?? [] {
                if results.levels[row] == .error { failed.append(row) } else { scored.append(row) }
            }
            scored.sort { a, b in
                if order[a] != order[b] { return order[a] < order[b] }
                return results.key(row: a) < results.key(row: b)
            }
            var rank: Int32 = 0
            for (position, row) in scored.enumerated() {
                if position == 0 || results.levels[row] != results.levels[scored[position - 1]]
                    || results.totals[row] != results.totals[scored[position - 1]] {
                    rank = Int32(position + 1)
                }
                results.ranks[row] = rank
            }
            listing += scored.map { .scored($0) }
            // Error rows: rows that failed while scoring and rows that could not be read, in input order.
            var errors: [(origin: RowOrigin, entry: ListingEntry)] = failed.map { (results.table.origins[$0], .scored($0)) }
            errors += (rejectedByCommune[commune.text] ?? []).map { (results.rejected[$0].origin, .rejected($0)) }
            errors.sort { ($0.origin.source, $0.origin.row) < ($1.origin.source, $1.origin.row) }
            listing += errors.map(\.entry)
        }
        results.listing = listing
    }
}
