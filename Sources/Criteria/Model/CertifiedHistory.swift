import TextSupport

/// What criteria expressions read as `history.years_certified` and `history.last_level`: each
/// entity's certified results of the years before the year being scored, per model, by commune
/// and key (the `id` column's key, as a certification stores it).
///
/// - `years_certified`: how many consecutive years, counting back from the year before, the
///   same key of the same model in the same commune was certified at a level the model
///   recognises (``CompiledModel/isCertified(_:)``: `tieu-bieu` and `dat` in the shipped
///   criteria). A year with no certification for the entity (not assessed, or the year not
///   certified) ends the run.
/// - `last_level`: the level id of the entity's most recent certified year before, or `none`.
///   A row certified as an error (`loi`, kept with `--accept-errors`) was not recognised: it
///   reads `khong-dat`.
///
/// Built by the command line from the register (``Record``s); ``empty`` (every entity 0 and
/// `none`) when there is no register.
///
/// ```swift
/// let history = CertifiedHistory(year: 2027, models: criteria.models, records: [
///     .init(year: 2025, model: "gia-dinh-hoc-tap", commune: "Long Hữu", key: "HO0001", level: "dat"),
///     .init(year: 2026, model: "gia-dinh-hoc-tap", commune: "Long Hữu", key: "HO0001", level: "tieu-bieu"),
/// ])
/// history.entry(model: "gia-dinh-hoc-tap", commune: "Long Hữu", key: "HO0001")   // 2 years, "tieu-bieu"
/// ```
public struct CertifiedHistory: Sendable {
    /// One entity's certified result of one year, as the register stores it.
    public struct Record: Sendable, Hashable {
        public var year: Int
        public var model: String
        public var commune: String
        public var key: String
        /// The level id stored (`tieu-bieu`, `dat`, `khong-dat`, `loi`, or another declared id).
        public var level: String

        public init(year: Int, model: String, commune: String, key: String, level: String) {
            self.year = year
            self.model = model
            self.commune = commune
            self.key = key
            self.level = level
        }
    }

    /// The two values of one entity.
    public struct Entry: Sendable, Hashable {
        public var yearsCertified: Int
        public var lastLevel: String

        public init(yearsCertified: Int, lastLevel: String) {
            self.yearsCertified = yearsCertified
            self.lastLevel = lastLevel
        }

        /// An entity never certified before: 0 and `none`.
        public static let none = Entry(yearsCertified: 0, lastLevel: CertifiedHistory.noLevel)
    }

    /// `history.last_level` of an entity never certified before.
    public static let noLevel = "none"

    /// The year being scored: history is read from the years before it.
    public let year: Int?
    private var entries: [String: [EntityKey: Entry]] = [:]

    private struct EntityKey: Hashable {
        var commune: String
        var key: String
    }

    /// No register: every entity reads 0 and `none`.
    public static let empty = CertifiedHistory()

    private init() {
        year = nil
    }

    /// The history of year `year`'s entities from the certified results of earlier years
    /// (records of later years, or of models not in `models`, are ignored). `models` say which
    /// levels count as recognised.
    public init(year: Int, models: [CompiledModel], records: [Record]) {
        self.year = year
        let byId = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Per entity: for each year, whether recognised and the level shown.
        var years: [String: [EntityKey: [Int: (recognised: Bool, level: String)]]] = [:]
        for record in records where record.year < year {
            guard let model = byId[record.model] else { continue }
            let recognised = model.level(id: record.level).map(model.isCertified) ?? false
            let level = record.level == Level.errorId ? Level.notCertifiedId : record.level
            let entity = EntityKey(commune: record.commune, key: record.key)
            // Two rows of one entity in one year (a key twice): recognised if either was.
            if let known = years[record.model, default: [:]][entity, default: [:]][record.year], known.recognised || !recognised { continue }
            years[record.model, default: [:]][entity, default: [:]][record.year] = (recognised, level)
        }
        for (model, entities) in years {
            var table: [EntityKey: Entry] = [:]
            for (entity, results) in entities {
                var run = 0
                while results[year - 1 - run]?.recognised == true { run += 1 }
                let last = results.keys.max().flatMap { results[$0]?.level } ?? Self.noLevel
                table[entity] = Entry(yearsCertified: run, lastLevel: last)
            }
            entries[model] = table
        }
    }

    /// The entity's values (0 and `none` when it was never certified before).
    public func entry(model: String, commune: String, key: String) -> Entry {
        entries[model]?[EntityKey(commune: commune, key: key)] ?? .none
    }

    /// How many entities of `model` have a certified result before the year.
    public func count(model: String) -> Int { entries[model]?.count ?? 0 }
}
