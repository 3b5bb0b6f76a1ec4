import Criteria
import Foundation

/// Writes realistic, reproducible synthetic survey files — households (`ho-gia-dinh.csv`), clans
/// (`dong-ho.csv`) and hamlets (`ap.csv`) — with the columns of the criteria they are for.
///
/// Each file has one column per field of its model, in the criteria's order, headed by the field
/// id, in the canonical format: UTF-8 without BOM, comma-separated, LF. The shipped fields get
/// realistic values: communes of about 5,000 households with Mekong-delta names, about one hamlet
/// (ấp) per 200 households and one clan (dòng họ) per 20, Kinh and Khmer heads of household with
/// full diacritics, a tick-box style chosen per commune (`x`/blank, `Có`/`Không` or `1`/`0`), a
/// mix of certified, failing and disqualified households (`vi_pham` ≈ 1.5 %), and about one row
/// in a thousand with a typing error (`"2,5"` in a count, more exempted children than children,
/// …) that a scorer must report. Clan and hamlet `so_ho` are never below the number of their
/// listed households. A field a province adds gets plausible values from its declared type and
/// bounds (see ``SampleModels`` for how the three models are found).
///
/// It uses its own SplitMix64 generator, so the same criteria, `households` and `seed` give
/// byte-identical files on every platform and every run; a column a province adds draws from a
/// stream of its own and leaves the other columns as they were.
///
/// ```swift
/// let report = CriteriaLoader().load(paths: ["Criteria"])
/// let generator = try SampleGenerator(criteria: report.criteria, households: 100_000, seed: 42)
/// let summary = try generator.write(to: URL(fileURLWithPath: "/tmp/sample"))
/// print(summary.households, summary.clans, summary.hamlets)   // 100000 4997 500 (about)
/// ```
public struct SampleGenerator: Sendable {
    /// How many household rows to write (at least 1).
    public let households: Int
    /// The seed of the pseudo-random generator.
    public let seed: UInt64
    /// The models whose files are written.
    public let models: SampleModels

    public static let householdFileName = "ho-gia-dinh.csv"
    public static let clanFileName = "dong-ho.csv"
    public static let hamletFileName = "ap.csv"

    /// A generator for the households, clans and hamlets of compiled criteria.
    ///
    /// - Throws: ``SampleModelsError`` when the criteria have no household model.
    public init(criteria: CriteriaSet, households: Int, seed: UInt64) throws {
        self.init(models: try SampleModels(criteria: criteria), households: households, seed: seed)
    }

    public init(models: SampleModels, households: Int, seed: UInt64) {
        self.models = models
        self.households = max(1, households)
        self.seed = seed
    }

    /// Creates `directory` if needed and writes the files into it, replacing them: the
    /// households' file always, the clans' and hamlets' when the criteria have those models.
    @discardableResult
    public func write(to directory: URL) throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var householdLinks = ColumnPlan.identityFields(of: models.household)
        householdLinks[.clan] = models.householdClanField
        var householdPlan = ColumnPlan(model: models.household, cells: .household, linkedFields: householdLinks, seed: seed)
        var clanPlan = models.clan.map {
            ColumnPlan(model: $0, cells: .clan, linkedFields: ColumnPlan.identityFields(of: $0), seed: seed)
        }
        var hamletPlan = models.hamlet.map {
            ColumnPlan(model: $0, cells: .hamlet, linkedFields: ColumnPlan.identityFields(of: $0), seed: seed)
        }
        let file = { (name: String) in try BlockSink(directory.appendingPathComponent(name)) }
        let householdSink = try file(Self.householdFileName)
        let clanSink = try clanPlan.map { _ in try file(Self.clanFileName) }
        let hamletSink = try hamletPlan.map { _ in try file(Self.hamletFileName) }
        var householdRows = BlockSink.makeBuffer()
        var clanRows = BlockSink.makeBuffer()
        var hamletRows = BlockSink.makeBuffer()
        householdRows.appendHeader(householdPlan.header)
        if let clanPlan { clanRows.appendHeader(clanPlan.header) }
        if let hamletPlan { hamletRows.appendHeader(hamletPlan.header) }

        var random = SplitMix64(seed: seed)
        var summary = Summary()
        summary.files = [Self.householdFileName] + (clanSink == nil ? [] : [Self.clanFileName])
            + (hamletSink == nil ? [] : [Self.hamletFileName])
        let sizes = CommuneList.sizes(total: households, random: &random)
        let names = CommuneList.names(count: sizes.count, random: &random)
        summary.communes = sizes.count
        for (size, name) in zip(sizes, names) {
            var commune = Commune(name: name, size: size, random: &random)
            try commune.writeHouseholds(with: &householdPlan, to: &householdRows, sink: householdSink,
                                        random: &random, summary: &summary)
            commune.writeClans(with: &clanPlan, to: &clanRows, random: &random)
            commune.writeHamlets(with: &hamletPlan, to: &hamletRows, random: &random)
            if clanSink != nil { summary.clans += commune.clans.count }
            if hamletSink != nil { summary.hamlets += commune.hamlets.count }
            try clanSink?.drain(&clanRows)
            try hamletSink?.drain(&hamletRows)
        }
        try householdSink.finish(&householdRows)
        try clanSink?.finish(&clanRows)
        try hamletSink?.finish(&hamletRows)
        return summary
    }
}
