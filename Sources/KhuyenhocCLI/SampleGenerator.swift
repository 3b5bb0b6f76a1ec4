import Foundation

/// Writes realistic, reproducible synthetic survey files: households (`ho-gia-dinh.csv`),
/// clans (`dong-ho.csv`) and hamlets (`ap.csv`), in the canonical format: UTF-8 without BOM,
/// comma-separated, a header row of the field ids in the order of the survey-file spec, LF.
///
/// The data looks like what a commune sends in: communes of about 5,000 households with
/// Mekong-delta names, about one hamlet (ấp) per 200 households and one clan (dòng họ) per 20,
/// Kinh and Khmer heads of household with full diacritics, a checkbox style chosen per commune
/// (`x`/blank, `Có`/`Không` or `1`/`0`), a mix of certified, failing and disqualified
/// households (`vi_pham` ≈ 1.5 %), and about one row in a thousand with a typing error
/// (`"2,5"` in a count, more exempted children than children, …) that a scorer must report.
/// Clan and hamlet `so_ho` are never below the number of their listed households.
///
/// It uses its own SplitMix64 generator, so the same `households` and `seed` give
/// byte-identical files on every platform and every run.
///
/// ```swift
/// let generator = SampleGenerator(households: 100_000, seed: 42)
/// let summary = try generator.write(to: URL(fileURLWithPath: "/tmp/sample"))
/// print(summary.households, summary.clans, summary.hamlets)   // 100000 4997 500 (about)
/// ```
public struct SampleGenerator: Sendable {
    /// How many household rows to write (at least 1).
    public let households: Int
    /// The seed of the pseudo-random generator.
    public let seed: UInt64

    public init(households: Int, seed: UInt64) {
        self.households = max(1, households)
        self.seed = seed
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var communes = 0
        public var households = 0
        public var clans = 0
        public var hamlets = 0
        /// Household rows written with a deliberate data error (the scorer must mark them `loi`).
        public var errorRows = 0
        /// Household rows with `vi_pham` ticked (disqualified).
        public var disqualified = 0
        /// Household rows without a clan code.
        public var withoutClan = 0
    }

    public static let householdFileName = "ho-gia-dinh.csv"
    public static let clanFileName = "dong-ho.csv"
    public static let hamletFileName = "ap.csv"

    /// Household columns, in the order of the survey-file spec.
    public static let householdFields = [
        "ma_ho", "chu_ho", "ma_ap", "xa", "ma_dong_ho", "vung_kho_khan", "ho_ngheo",
        "tre_do_tuoi", "tre_mien", "tre_den_truong", "tre_hoc_luc_dat", "tre_hanh_kiem_kha",
        "tre_ngoan", "nguoi_lon", "nguoi_lon_mien", "nguoi_lon_biet_chu", "nguoi_lon_hoc_tap",
        "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach", "phuong_tien", "quy_khuyen_hoc",
        "kinh_te_on_dinh", "gia_dinh_van_hoa", "vi_pham",
    ]
    /// Clan columns, in the order of the survey-file spec.
    public static let clanFields = [
        "ma_dong_ho", "ten_dong_ho", "xa", "so_ho", "quy_khuyen_hoc", "khen_thuong", "ke_hoach",
        "sinh_hoat",
    ]
    /// Hamlet columns, in the order of the survey-file spec.
    public static let hamletFields = [
        "ma_ap", "ten_ap", "xa", "so_ho", "vung_kho_khan", "tu_sach_cong_dong",
        "chi_hoi_khuyen_hoc", "hoat_dong_hoc_tap",
    ]

    /// Creates `directory` if needed and writes the three files into it, replacing them.
    @discardableResult
    public func write(to directory: URL) throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let householdSink = try BlockSink(directory.appendingPathComponent(Self.householdFileName))
        let clanSink = try BlockSink(directory.appendingPathComponent(Self.clanFileName))
        let hamletSink = try BlockSink(directory.appendingPathComponent(Self.hamletFileName))
        var householdRows = BlockSink.makeBuffer()
        var clanRows = BlockSink.makeBuffer()
        var hamletRows = BlockSink.makeBuffer()
        householdRows.appendHeader(Self.householdFields)
        clanRows.appendHeader(Self.clanFields)
        hamletRows.appendHeader(Self.hamletFields)

        var random = SplitMix64(seed: seed)
        var summary = Summary()
        let sizes = Self.communeSizes(total: households, random: &random)
        let names = Self.communeNames(count: sizes.count, random: &random)
        summary.communes = sizes.count
        for (size, name) in zip(sizes, names) {
            var commune = Commune(name: name, size: size, random: &random)
            try commune.writeHouseholds(to: &householdRows, sink: householdSink, random: &random, summary: &summary)
            commune.writeClans(to: &clanRows, random: &random)
            commune.writeHamlets(to: &hamletRows, random: &random)
            summary.clans += commune.clans.count
            summary.hamlets += commune.hamlets.count
            try clanSink.drain(&clanRows)
            try hamletSink.drain(&hamletRows)
        }
        try householdSink.finish(&householdRows)
        try clanSink.finish(&clanRows)
        try hamletSink.finish(&hamletRows)
        return summary
    }

    // MARK: Communes

    /// Commune sizes: about 5,000 households each (4,000–6,000); a small remainder joins the last.
    static func communeSizes(total: Int, random: inout SplitMix64) -> [Int] {
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
    static func communeNames(count: Int, random: inout SplitMix64) -> [String] {
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
        take(Words.realCommunes)
        if names.count < count {
            take(Words.communeFirst.flatMap { a in Words.communeSecond.compactMap { b in a == b ? nil : "\(a) \(b)" } })
        }
        if names.count < count {
            take(Words.communeFirst.flatMap { a in Words.communeSecond.flatMap { b in
                a == b ? [] : Words.directions.map { "\(a) \(b) \($0)" } } })
        }
        var number = 1
        while names.count < count {
            let name = "\(Words.communeFirst[number % Words.communeFirst.count]) \(number)"
            if used.insert(name).inserted { names.append(name) }
            number += 1
        }
        return names
    }
}

// MARK: - Pseudo-random numbers

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same everywhere.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

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

    /// An index into `weights`, chosen in proportion to them.
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

/// Cumulative weights for `SplitMix64.weighted`.
struct WeightTable {
    let cumulative: [Int]
    let total: Int

    init(_ weights: [Int]) {
        var sum = 0
        cumulative = weights.map { sum += $0; return sum }
        total = sum
    }
}

// MARK: - Output

/// Writes byte buffers to a file in blocks of about a megabyte.
struct BlockSink {
    static let blockSize = 1 << 20
    private let handle: FileHandle

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// A fresh buffer with room for one block.
    static func makeBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(blockSize + 64 * 1024)
        return buffer
    }

    /// Writes and empties `buffer` once it holds a block or more.
    func drain(_ buffer: inout [UInt8]) throws {
        if buffer.count >= Self.blockSize {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the rest of `buffer` and closes the file.
    func finish(_ buffer: inout [UInt8]) throws {
        if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
        buffer.removeAll()
        try handle.close()
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendHeader(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { append(0x2C) }
            append(contentsOf: field.utf8)
        }
        append(0x0A)
    }

    fileprivate mutating func appendComma() { append(0x2C) }

    /// A non-negative or negative decimal number, without separators.
    fileprivate mutating func appendInt(_ value: Int) {
        if value >= 0 && value < 10 { append(0x30 + UInt8(value)); return }
        if value < 0 { append(0x2D) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            append(0x30 + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// A number padded with zeros to `width` digits (`7`, 4 → `0007`).
    fileprivate mutating func appendPadded(_ value: Int, width: Int) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 { digitCount += 1; rest /= 10 }
        if digitCount < width { append(contentsOf: repeatElement(0x30, count: width - digitCount)) }
        appendInt(value)
    }
}

// MARK: - Checkbox styles

/// How a commune's clerks fill checkbox columns.
struct CheckboxStyle {
    let yes: [UInt8]
    let no: [UInt8]
    /// Per mille of ticks typed in the alternative spelling (`X` for `x`, `có` for `Có`).
    let altYes: [UInt8]
    let altPermille: Int

    static let all: [CheckboxStyle] = [
        CheckboxStyle(yes: Array("x".utf8), no: [], altYes: Array("X".utf8), altPermille: 60),
        CheckboxStyle(yes: Array("Có".utf8), no: Array("Không".utf8), altYes: Array("có".utf8), altPermille: 30),
        CheckboxStyle(yes: Array("1".utf8), no: Array("0".utf8), altYes: Array("1".utf8), altPermille: 0),
    ]
    /// x/blank is what most clerks do; then Có/Không; then 1/0 (exports from forms).
    static let weights = WeightTable([50, 30, 20])
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendBool(_ value: Bool, _ style: CheckboxStyle, _ random: inout SplitMix64) {
        if value {
            if style.altPermille > 0 && random.chance(style.altPermille) {
                append(contentsOf: style.altYes)
            } else {
                append(contentsOf: style.yes)
            }
        } else {
            append(contentsOf: style.no)
        }
    }
}

// MARK: - A commune

private struct Hamlet {
    var code: [UInt8]
    var name: [UInt8]
    var disadvantaged: Bool
    var listed = 0
    /// Clans whose families mostly live in this hamlet: `clanRange.lowerBound..<upperBound`.
    var clanRange: Range<Int> = 0..<0
}

private struct Clan {
    var code: [UInt8]
    var name: [UInt8]
    var surname: Int
    var khmer: Bool
    var listed = 0
}

private struct Commune {
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
        let firstSyllable = Words.communeFirst.contains(commonFirst)
            ? commonFirst : Words.communeFirst[random.below(Words.communeFirst.count)]
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
                        candidate = "Ấp \(firstSyllable) \(Words.hamletSecond[random.below(Words.hamletSecond.count)])"
                    } else if attempt < 30 {
                        candidate = "Ấp \(Words.hamletNames[random.below(Words.hamletNames.count)])"
                    } else {
                        candidate = "Ấp \(Words.communeFirst[random.below(Words.communeFirst.count)]) \(Words.hamletSecond[random.below(Words.hamletSecond.count)])"
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
            let surname = random.weighted(khmer ? Words.khmerSurnameWeights : Words.kinhSurnameWeights)
            let surnameText = khmer ? Words.khmerSurnames[surname] : Words.kinhSurnames[surname]
            let base = "Họ \(surnameText)"
            var clanName = base
            if usedClanNames.contains(clanName) && !khmer {
                for _ in 0..<3 where usedClanNames.contains(clanName) {
                    clanName = "\(base) \(Words.lineageMiddles[random.below(Words.lineageMiddles.count)])"
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

    mutating func writeHouseholds(to buffer: inout [UInt8], sink: BlockSink, random: inout SplitMix64,
                                  summary: inout SampleGenerator.Summary) throws {
        let sizes = hamletSizes(random: &random)
        var household = HouseholdValues()
        for h in hamlets.indices where sizes[h] > 0 {
            let hamlet = hamlets[h]
            for sequence in 1...sizes[h] {
                // Key, name, links.
                buffer.append(contentsOf: hamlet.code)
                buffer.append(0x2D)
                buffer.appendPadded(sequence, width: 4)
                buffer.appendComma()

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
                    if random.chance(930) {
                        Words.appendName(to: &buffer, khmer: khmer, surname: clans[clanIndex].surname, random: &random)
                    } else {
                        Words.appendName(to: &buffer, khmer: khmer, surname: nil, random: &random)
                    }
                } else {
                    khmer = random.chance(khmerPermille)
                    Words.appendName(to: &buffer, khmer: khmer, surname: nil, random: &random)
                    summary.withoutClan += 1
                }
                buffer.appendComma()
                buffer.append(contentsOf: hamlet.code)
                buffer.appendComma()
                buffer.append(contentsOf: name)
                buffer.appendComma()
                if clanIndex >= 0 {
                    buffer.append(contentsOf: clans[clanIndex].code)
                    clans[clanIndex].listed += 1
                }
                buffer.appendComma()
                hamlets[h].listed += 1

                // Values.
                household.fill(disadvantaged: hamlet.disadvantaged, khmer: khmer, random: &random)
                if household.violation { summary.disqualified += 1 }
                if random.chance(1) {
                    household.spoil(random: &random)
                    summary.errorRows += 1
                }
                household.append(to: &buffer, style: style, random: &random)
                buffer.append(0x0A)
                summary.households += 1

                try sink.drain(&buffer)
            }
        }
    }

    func writeClans(to buffer: inout [UInt8], random: inout SplitMix64) {
        for clan in clans {
            buffer.append(contentsOf: clan.code)
            buffer.appendComma()
            buffer.append(contentsOf: clan.name)
            buffer.appendComma()
            buffer.append(contentsOf: name)
            buffer.appendComma()
            // The clan's own count includes families living elsewhere or not surveyed.
            let extra = [0, 0, 1, 1, 2, 3, 5][random.below(7)]
            buffer.appendInt(max(1, clan.listed + extra))
            buffer.appendComma()
            buffer.appendBool(random.chance(850), style, &random)
            buffer.appendComma()
            buffer.appendBool(random.chance(900), style, &random)
            buffer.appendComma()
            buffer.appendBool(random.chance(800), style, &random)
            buffer.appendComma()
            buffer.appendInt([0, 1, 1, 2, 2, 2, 2, 3, 3, 4][random.below(10)])
            buffer.append(0x0A)
        }
    }

    func writeHamlets(to buffer: inout [UInt8], random: inout SplitMix64) {
        for hamlet in hamlets {
            buffer.append(contentsOf: hamlet.code)
            buffer.appendComma()
            buffer.append(contentsOf: hamlet.name)
            buffer.appendComma()
            buffer.append(contentsOf: name)
            buffer.appendComma()
            // A few households of every hamlet were not surveyed (away, newly split, refused).
            let extra = random.below(max(2, hamlet.listed / 15))
            buffer.appendInt(max(1, hamlet.listed + extra))
            buffer.appendComma()
            buffer.appendBool(hamlet.disadvantaged, style, &random)
            buffer.appendComma()
            buffer.appendBool(random.chance(hamlet.disadvantaged ? 650 : 880), style, &random)
            buffer.appendComma()
            buffer.appendBool(random.chance(900), style, &random)
            buffer.appendComma()
            buffer.appendInt([0, 1, 2, 2, 3, 3, 4, 4, 4, 5, 6, 8][random.below(12)])
            buffer.append(0x0A)
        }
    }
}

// MARK: - One household's values

private struct HouseholdValues {
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

    func append(to buffer: inout [UInt8], style: CheckboxStyle, random: inout SplitMix64) {
        buffer.appendBool(disadvantaged, style, &random)
        buffer.appendComma()
        buffer.appendBool(poor, style, &random)
        for i in 0..<5 {
            buffer.appendComma()
            appendCount(i, to: &buffer)
        }
        buffer.appendComma()
        buffer.appendBool(wellBehaved, style, &random)
        for i in 5..<9 {
            buffer.appendComma()
            appendCount(i, to: &buffer)
        }
        for flag in flags {
            buffer.appendComma()
            buffer.appendBool(flag, style, &random)
        }
        buffer.appendComma()
        buffer.appendBool(violation, style, &random)
    }

    private func appendCount(_ index: Int, to buffer: inout [UInt8]) {
        if let (badIndex, text) = badCell, badIndex == index {
            buffer.append(contentsOf: text)
        } else {
            buffer.appendInt(counts[index])
        }
    }
}

// MARK: - Words

/// Names, pre-encoded as UTF-8 (NFC).
private enum Words {
    static let realCommunes = [
        "Long Hữu", "Hiệp Thạnh", "Trường Long Hòa", "Long Khánh", "Dân Thành", "Long Toàn",
        "Ngũ Lạc", "Đông Hải", "Long Vĩnh", "Hòa Minh", "Long Đức", "Phước Hảo", "Tân Hiệp",
        "Mỹ Long Bắc", "Hàm Giang", "Kim Sơn", "Ngãi Xuyên", "Tập Sơn", "Ninh Thới",
        "Đại Phước", "Song Lộc", "Thanh Sơn", "Lương Hòa", "Nguyệt Hóa", "Đa Lộc",
        "Lưu Nghiệp Anh", "Phong Thạnh", "Huyền Hội", "Hiếu Tử", "Tân Sơn", "Đôn Xuân",
        "Thạnh Hòa Sơn", "Mỹ Chánh", "Phương Thạnh", "Hòa Lợi", "Kim Hòa", "An Quảng Hữu",
        "Long Sơn", "Hàm Tân", "Tam Ngãi", "Nhị Trường", "Vinh Kim", "Đức Mỹ", "Phước Hưng",
    ]
    static let communeFirst = [
        "Long", "Tân", "Phước", "Mỹ", "An", "Hòa", "Vĩnh", "Bình", "Phú", "Thạnh", "Hiệp",
        "Đại", "Trung", "Nhơn", "Thới", "Hưng", "Lương", "Song", "Kim", "Ngọc", "Thuận", "Đông",
        "Tây", "Đức", "Tường", "Hữu", "Định", "Lộc",
    ]
    static let communeSecond = [
        "Hữu", "Thạnh", "Hòa", "Khánh", "Lợi", "Phú", "Bình", "Mỹ", "Hưng", "Thuận", "An",
        "Lộc", "Đức", "Hiệp", "Thới", "Phước", "Điền", "Xuân", "Sơn", "Giang", "Hải", "Minh",
        "Trung", "Hội", "Quới", "Tiến", "Nghĩa", "Đông",
    ]
    static let directions = ["Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung"]
    static let hamletSecond = [
        "Khánh", "Định", "Thạnh", "Điền", "Hội", "Bình", "An", "Hòa", "Phú", "Lợi", "Hưng",
        "Thuận", "Trung", "Đông", "Tây", "Nam", "Bắc", "Hiệp", "Thới", "Mỹ", "Lộc", "Phước",
        "Xuân", "Sơn", "Quý", "Tiến", "Chánh", "Hảo",
    ]
    static let hamletNames = [
        "Bến Có", "Sóc Ruộng", "Giồng Trôm", "Cây Da", "Chợ", "Rạch Bót", "Ô Rồm", "Cà Săng",
        "Bà Nhì", "Xoài Xiêm", "Phú Thọ", "Tân Lập", "Đầu Giồng", "Giồng Giữa", "Sóc Chà",
        "Bào Sen", "Cầu Tre", "Rạch Gốc", "Kinh Xáng", "Bưng Lớn", "Nô Pộk", "Trà Sất",
        "Ba Se", "Cây Gòn", "Bến Đáy", "Mé Rạch", "Sóc Cụt", "Chông Bát", "Ngã Ba", "Vàm Láng",
        "Cồn Cù", "Mù U", "Giồng Lức", "Ô Chát", "Sâm Bua", "Tha La", "Đại Thôn", "Bà Tình",
        "Kỳ La", "Thốt Nốt", "Xẻo Rô", "Rẫy Mới",
    ]
    static let lineageMiddles = ["Văn", "Hữu", "Đình", "Công", "Quang", "Ngọc", "Minh", "Đức", "Xuân", "Bá", "Quốc", "Thanh"]

    static let kinhSurnames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Châu", "Đoàn", "Tô", "Mai", "Cao", "Thái", "La",
        "Hà", "Lương", "Từ", "Triệu", "Đinh", "Quách", "Tăng",
    ]
    static let kinhSurnameWeights = WeightTable([
        310, 110, 90, 65, 50, 48, 42, 20, 20, 18, 14, 14, 13, 10, 9, 9, 7, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 2, 2,
    ])
    static let khmerSurnames = [
        "Thạch", "Sơn", "Kim", "Danh", "Lâm", "Triệu", "Châu", "Huỳnh", "Lý", "Dương", "Tăng", "Kiên",
    ]
    static let khmerSurnameWeights = WeightTable([300, 200, 140, 100, 60, 50, 50, 30, 30, 20, 10, 10])

    static let maleMiddles = ["Văn", "Văn", "Văn", "Văn", "Văn", "Văn", "Hữu", "Thanh", "Minh", "Quốc", "Ngọc", "Công", "Đức", "Hoàng", "Tấn", "Thành"]
    static let femaleMiddles = ["Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Thị Ngọc", "Thị Kim", "Thị Mỹ"]
    // Every tone: ngang, huyền, hỏi, ngã, sắc, nặng.
    static let maleGiven = [
        "Minh", "Nam", "Tâm", "Sang", "Quang", "Trung", "Phong", "Khoa", "Thanh", "Hai", "Ba", "Tư", "Em",
        "Hùng", "Tài", "Hoàng", "Bình", "Toàn", "Thành", "Hòa", "Mười",
        "Hải", "Khải", "Bảo", "Bảy", "Cảnh", "Hiển", "Thủ", "Tỏ",
        "Dũng", "Vũ", "Sỹ", "Lũy", "Nghĩa", "Hỗ", "Kỹ",
        "Tuấn", "Phúc", "Đức", "Tấn", "Hiếu", "Chín", "Sáu", "Út", "Tám", "Lắm", "Quốc", "Thắng",
        "Thịnh", "Lộc", "Hậu", "Lợi", "Định", "Mạnh", "Thuận", "Đạt", "Phước", "Nhựt", "Lực",
    ]
    static let femaleGiven = [
        "Lan", "Mai", "Hoa", "Thu", "Nhung", "Trinh", "Loan", "Hương", "Xuân", "Trang", "Nhi", "Duyên",
        "Hồng", "Hằng", "Hiền", "Huyền", "Thùy", "Nhàn", "Liên", "Vân",
        "Thảo", "Thủy", "Phỉ", "Kiểu", "Hảo", "Mẫn",
        "Diễm", "Mỹ", "Hãnh", "Ngữ", "Vĩ",
        "Cúc", "Ánh", "Tuyết", "Bích", "Út", "Nết", "Thắm", "Lý", "Nguyệt",
        "Hạnh", "Ngọc", "Phượng", "Lụa", "Hậu", "Thoại", "Diệu", "Hạ",
    ]
    static let khmerGiven = [
        "Sa Rươl", "Sóc Kha", "Rinh", "Sà Phanh", "Sa Rinh", "Sô Phol", "Khêl", "Thol", "Sóc Khom",
        "Chanh Đa", "Sa Vân", "Sà Rây", "Sóc Thươl", "Sô Phi", "Sa Kha", "Sà Quynh", "Ton", "Pha Ly",
        "Sa Mết", "Som Nang", "Sóc Phi", "Thươl", "Chăn Thu", "Sơ Ri", "Sa Ly", "Kha Ra",
        "Rết", "Sươl", "Phách", "Sà Khươl", "Sóc Na",
    ]

    static let kinhSurnameBytes = kinhSurnames.map { Array($0.utf8) }
    static let khmerSurnameBytes = khmerSurnames.map { Array($0.utf8) }
    static let maleMiddleBytes = maleMiddles.map { Array($0.utf8) }
    static let femaleMiddleBytes = femaleMiddles.map { Array($0.utf8) }
    static let maleGivenBytes = maleGiven.map { Array($0.utf8) }
    static let femaleGivenBytes = femaleGiven.map { Array($0.utf8) }
    static let khmerGivenBytes = khmerGiven.map { Array($0.utf8) }
    static let van = Array("Văn".utf8)
    static let thi = Array("Thị".utf8)

    /// Appends a head of household's full name: `Nguyễn Văn Hùng`, `Thạch Thị Sa Rươl`.
    static func appendName(to buffer: inout [UInt8], khmer: Bool, surname: Int?, random: inout SplitMix64) {
        let male = random.chance(680)
        if khmer {
            let s = surname ?? random.weighted(khmerSurnameWeights)
            buffer.append(contentsOf: khmerSurnameBytes[s])
            buffer.append(0x20)
            if random.chance(450) {
                buffer.append(contentsOf: male ? van : thi)
                buffer.append(0x20)
            }
            buffer.append(contentsOf: khmerGivenBytes[random.below(khmerGivenBytes.count)])
        } else {
            let s = surname ?? random.weighted(kinhSurnameWeights)
            buffer.append(contentsOf: kinhSurnameBytes[s])
            buffer.append(0x20)
            if male {
                buffer.append(contentsOf: maleMiddleBytes[random.below(maleMiddleBytes.count)])
                buffer.append(0x20)
                buffer.append(contentsOf: maleGivenBytes[random.below(maleGivenBytes.count)])
            } else {
                buffer.append(contentsOf: femaleMiddleBytes[random.below(femaleMiddleBytes.count)])
                buffer.append(0x20)
                buffer.append(contentsOf: femaleGivenBytes[random.below(femaleGivenBytes.count)])
            }
        }
    }
}
