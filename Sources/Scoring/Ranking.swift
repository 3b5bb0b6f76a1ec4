import Machinery
import Criteria
import Records
import TextSupport

/// Certification ranking and listing order, as the spec defines them.
///
/// Within one model and one commune, scored entities are ranked by merit: level first
/// (the declared levels in the file's order, e.g. `tieu-bieu`, `dat`; then `khong-dat`), then total, highest first, with competition ranking
/// (1, 2, 2, 4). They are listed by rank, then by display name in Vietnamese order, then by key;
/// rows with level `loi` follow in input order. Communes come in Vietnamese order of their names.
enum Ranking {
    /// Each row's index into the field's distinct values (by bytes), and those values: the
    /// column's own codes when it is coded, otherwise a dictionary pass.
    static func distinct(field: Int, _ results: ModelResults) -> (ofRow: [UInt32], values: [String]) {
        results.table.withColumns { columns in
            let n = results.count
            if columns.types[field] == .text, case let view = columns.texts[columns.slots[field]], view.isCoded {
                return (Array(view.codes), Array(view.values))
            }
            var index: [ExactText: UInt32] = [:]
            var values: [String] = []
            let ofRow = (0..<n).map { row -> UInt32 in
                let value = ExactText(columns.anyText(field: field, row: row))
                if let known = index[value] { return known }
                index[value] = UInt32(values.count)
                values.append(value.string)
                return UInt32(values.count - 1)
            }
            return (ofRow, values)
        }
    }

    /// Sorts distinct keys of `bits` bits (a radix sort, see ``RadixSort``): a few passes over a
    /// commune's rows instead of a comparison per pair. Keys are distinct (each holds its row),
    /// so any correct sort gives the same order.
    static func sortKeys(_ keys: inout [UInt64], bits: Int) {
        RadixSort.sort(&keys, bits: bits)
    }

    static func rank(_ results: ModelResults, threads: Int = 1) {
        let n = results.count
        let model = results.model
        // Rows by commune, in input order within each: a counting sort on the commune's index
        // among the distinct values (no array per commune grown row by row).
        let (communeOfRow, communeValues) = distinct(field: model.communeFieldIndex, results)
        // Each code's commune by its first code with the same text (a column never gives one
        // text two codes, but a commune's rows must come together even if it did).
        var firstCode: [ExactText: Int] = [:]
        let communeOfCode = communeValues.indices.map { code -> Int in
            let text = ExactText(communeValues[code])
            if let first = firstCode[text] { return first }
            firstCode[text] = code
            return code
        }
        let grouped = communeOfRow.withColumnView { communeOfRow in
            CountingSort(groups: communeValues.count, items: n) { communeOfCode[Int(communeOfRow[unchecked: $0])] }
        }
        let communeStarts = grouped.starts
        let rowsByCommune = grouped.items
        var byCommune: [ExactText: Range<Int>] = [:]
        for (index, value) in communeValues.enumerated() where communeStarts[index + 1] > communeStarts[index] {
            byCommune[ExactText(value)] = communeStarts[index]..<communeStarts[index + 1]
        }
        var rejectedByCommune: [ExactText: [Int]] = [:]
        for (i, row) in results.rejected.enumerated() { rejectedByCommune[ExactText(row.commune), default: []].append(i) }

        // Each distinct name (names repeat a lot in a province) gets its collation key once; the
        // distinct names are sorted once, and each row keeps only its name's position in that
        // order, so the sort below compares plain integers.
        let (rowName, distinctNames) = distinct(field: model.nameFieldIndex, results)
        let distinctKeys = distinctNames.count < 4096 || threads < 2
            ? distinctNames.map(VietnameseCollation.key) : parallelKeys(distinctNames, threads: threads)
        var namePosition = Array(repeating: UInt64(0), count: distinctNames.count)
        for (position, index) in CollationKey.ascendingOrder(distinctKeys).enumerated() {
            namePosition[index] = UInt64(position)
        }
        // Merit, then the total from high to low, then the name's position, then the row: packed
        // into one integer, each part in as few bits as its largest value needs, so a commune's
        // rows sort as plain integers. (When the parts do not fit, the row goes beside the
        // order instead.) Each commune makes its own rows' orders (see ``OrderKeys``).
        func bits(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }
        // Merit: the declared levels 0…, then not certified (error rows are not ranked).
        let meritBits = max(2, bits(UInt64(model.levels.count)))
        let totalLimit = (1 << (32 - meritBits)) - 1
        var highest: UInt64 = 0
        for row in 0..<n { highest = max(highest, UInt64(clamping: max(0, min(Int(results.totals[row]), totalLimit)))) }
        let keys = OrderKeys(results: results, meritBits: meritBits, notCertifiedMerit: UInt64(model.levels.count),
                             totalLimit: totalLimit, rowName: rowName, namePosition: namePosition, highest: highest,
                             totalBits: bits(highest), nameBits: bits(UInt64(distinctNames.count)), rowBits: bits(UInt64(n)))
        let communes = Set(byCommune.keys).union(rejectedByCommune.keys)
            .map { (name: $0.string, text: $0, key: VietnameseCollation.key($0.string)) }
            .sorted { ($0.name.isEmpty ? 1 : 0, $0.key, $0.name) < ($1.name.isEmpty ? 1 : 0, $1.key, $1.name) }

        // Communes are ranked independently, on `threads` threads; each writes the ranks of its
        // own rows and its own part of the listing, whose place is known beforehand (its rows
        // and its rejected rows).
        let scoredRanges = communes.map { byCommune[$0.text] ?? 0..<0 }
        let rejectedRows = communes.map { rejectedByCommune[$0.text] ?? [] }
        var offsets = [0]
        for c in communes.indices { offsets.append(offsets[c] + scoredRanges[c].count + rejectedRows[c].count) }
        var listing = [ListingEntry](repeating: .rejected(-1), count: offsets.last!)
        listing.withMutableColumnView { listing in results.table.withColumns { columns in
            // Keys of rows that tie are read straight from the key column when it is one text field.
            let keyFields = model.displayKeyFieldIndexes
            let keyView = keyFields.count == 1 && columns.types[keyFields[0]] == .text
                ? columns.texts[columns.slots[keyFields[0]]] : nil
            let work = SendableBox(CommuneRanking(results: results, keys: keys, listing: listing, offsets: offsets,
                                                  rowsByCommune: rowsByCommune, scoredRanges: scoredRanges,
                                                  rejectedRows: rejectedRows, keyView: keyView))
            let workers = min(max(1, threads), communes.count)
            // Each worker takes every `workers`-th commune: a province's communes are of similar size.
            ParallelWork(threads: threads).run(parts: workers) { w in
                let work = work.value
                for c in stride(from: w, to: communes.count, by: workers) { work.rank(commune: c) }
            }
        } }
        results.listing = listing
    }
}

/// How a row is ordered among its commune's rows: merit, total from high to low, name position,
/// then row, packed into one integer when the parts fit in 64 bits.
private struct OrderKeys {
    let results: ModelResults
    /// The bits of the merit part, and the merit of a not-certified row (the declared levels'
    /// merits are their places, 0 best).
    let meritBits: Int
    let notCertifiedMerit: UInt64
    /// The largest total told apart (larger ones rank as equal).
    let totalLimit: Int
    let rowName: [UInt32]
    let namePosition: [UInt64]
    let highest: UInt64
    let totalBits: Int
    let nameBits: Int
    let rowBits: Int

    /// Whether the row fits in the key with the rest (otherwise it goes beside the key).
    var packs: Bool { keyBits <= 64 }
    /// The bits a packed key uses.
    var keyBits: Int { meritBits + totalBits + nameBits + rowBits }

    @inline(__always)
    func key(_ row: Int) -> UInt64 {
        let code = results.levels[row].code
        let merit = code < Level.notCertified.code ? UInt64(code) : notCertifiedMerit
        let total = UInt64(clamping: max(0, min(Int(results.totals[row]), totalLimit)))
        guard packs else {
            return merit << (64 - meritBits) | (UInt64(totalLimit) - total) << 32 | namePosition[Int(rowName[row])]
        }
        let ordered = (merit << totalBits | (highest - total)) << nameBits | namePosition[Int(rowName[row])]
        return ordered << rowBits | UInt64(row)
    }
}

/// Collation keys of many names, computed on several threads.
private func parallelKeys(_ names: [String], threads: Int) -> [CollationKey] {
    let keys = FixedBuffer<CollationKey?>(repeating: nil, count: names.count)
    return withExtendedLifetime(keys) {
        let view = keys.view
        ParallelWork(threads: threads).run(parts: threads) { part in
            let start = names.count * part / threads, end = names.count * (part + 1) / threads
            for i in start..<end { view[i] = VietnameseCollation.key(names[i]) }
        }
        return view.map { $0! }
    }
}

/// The ranking of one commune's rows: its ranks and its part of the listing. Communes touch
/// disjoint rows and parts, so they may be ranked on several threads at once.
private final class CommuneRanking {
    let results: ModelResults
    let keys: OrderKeys
    /// The whole listing, each commune's part starting at its offset.
    let listing: MutableColumnView<ListingEntry>
    let offsets: [Int]
    /// Every commune's scored rows, commune after commune, each in input order.
    let rowsByCommune: [Int32]
    let scoredRanges: [Range<Int>]
    let rejectedRows: [[Int]]
    /// The key column, when the key is one text field (valid while ranking).
    let keyView: TextColumnView?

    init(results: ModelResults, keys: OrderKeys, listing: MutableColumnView<ListingEntry>, offsets: [Int],
         rowsByCommune: [Int32], scoredRanges: [Range<Int>], rejectedRows: [[Int]], keyView: TextColumnView?) {
        self.results = results
        self.keys = keys
        self.listing = listing
        self.offsets = offsets
        self.rowsByCommune = rowsByCommune
        self.scoredRanges = scoredRanges
        self.rejectedRows = rejectedRows
        self.keyView = keyView
    }

    /// The key shown in the listing (the one ties are ordered by).
    @inline(__always)
    func key(_ row: Int) -> String { keyView?[row] ?? results.key(row: row) }

    func rank(commune c: Int) {
        var scored: [Int] = []
        var failed: [Int] = []
        scored.reserveCapacity(scoredRanges[c].count)
        for position in scoredRanges[c] {
            let row = Int(rowsByCommune[position])
            if results.levels[row] == .error { failed.append(row) } else { scored.append(row) }
        }
        // Sorted by order; runs with the same order (same level, total and name) are then put in
        // order of their keys.
        if keys.packs {
            let rowBits = keys.rowBits
            var keyed = scored.map { keys.key($0) }
            Ranking.sortKeys(&keyed, bits: keys.keyBits)
            let mask: UInt64 = (1 << rowBits) - 1
            scored = keyed.map { Int($0 & mask) }
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end] >> rowBits == keyed[start] >> rowBits { end += 1 }
                if end - start > 1 {
                    // Keys made once per row of the run, not once per comparison.
                    let run = scored[start..<end].map { (key: key($0), row: $0) }
                    scored.replaceSubrange(start..<end, with: run.sorted { $0.key < $1.key }.map(\.row))
                }
                start = end
            }
        } else {
            var keyed = scored.map { (keys.key($0), $0) }
            keyed.sort { $0 < $1 }
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].0 == keyed[start].0 { end += 1 }
                if end - start > 1 {
                    keyed[start..<end].sort { key($0.1) < key($1.1) }
                }
                start = end
            }
            scored = keyed.map(\.1)
        }
        var rank: Int32 = 0
        for (position, row) in scored.enumerated() {
            if position == 0 || results.levels[row] != results.levels[scored[position - 1]]
                || results.totals[row] != results.totals[scored[position - 1]] {
                rank = Int32(position + 1)
            }
            results.ranks[row] = rank
        }
        var at = offsets[c]
        for row in scored {
            listing[at] = .scored(row)
            at += 1
        }
        // Error rows: rows that failed while scoring and rows that could not be read, in input order.
        var errors: [(origin: RowOrigin, entry: ListingEntry)] = failed.map { (results.table.origins[$0], .scored($0)) }
        errors += rejectedRows[c].map { (results.rejected[$0].origin, .rejected($0)) }
        errors.sort { ($0.origin.source, $0.origin.row) < ($1.origin.source, $1.origin.row) }
        for error in errors {
            listing[at] = error.entry
            at += 1
        }
        precondition(at == offsets[c + 1], "Ranking: a commune's listing does not fill its part")
    }
}
