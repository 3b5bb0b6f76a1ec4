import Criteria
import Records
import Machinery
import TextSupport

/// The results of one model for one run, stored by column: points per indicator, group points,
/// total, level, reasons, rank — one entry per valid row of the model's ``RecordTable``.
///
/// Rows that could not be read (``RejectedRow``) are kept beside them, so that every input row
/// appears in the output.
///
/// ```swift
/// let results = try ScoringEngine(criteria: criteria).score(data).models[0]
/// print(results.total(0), results.level(0), results.reasons[0])
/// ```
public final class ModelResults: Sendable {
    public let model: CompiledModel
    public let table: RecordTable
    public let rejected: [RejectedRow]
    public let indicatorCount: Int
    /// The model's result slots (``ResultSlots``), for ``loadResults(row:into:)``.
    let groupCount: Int
    private let groupSlotStorage: FixedBuffer<Int>
    private let groupSlots: MutableColumnView<Int>
    private let totalSlot: Int
    private let levelSlot: Int
    private let certifiedSlot: Int
    /// Each level's id and whether it is certified, by ``Level/code`` (256 entries: a lookup
    /// per member loaded, without a retain of the model's arrays).
    private let levelIdStorage: FixedBuffer<String>
    private let levelCertifiedStorage: FixedBuffer<Bool>
    private let levelIdView: MutableColumnView<String>
    private let levelCertifiedView: MutableColumnView<Bool>
    /// The points of every rule, indicator after indicator; indicator `k`'s rules start at `ruleOffsets[k]`.
    private let rulePoints: [Int32]
    private let ruleOffsets: [Int]
    // Results live in fixed buffers, allocated once per model: rows are scored on several
    // threads at once, each writing only its own rows, which Swift arrays do not allow.
    private let firedRuleStorage: SmallCountBuffer
    private let groupPointStorage: FixedBuffer<Int32>
    private let totalStorage: FixedBuffer<Int32>
    private let levelStorage: FixedBuffer<Level>
    private let passMarkStorage: FixedBuffer<Int8>
    private let reasonStorage: FixedBuffer<[Reason]>
    private let rankStorage: FixedBuffer<Int32>
    /// Which rule fired for every indicator (index in the indicator's rules), row-major: a byte
    /// each when every indicator has at most 256 lines, two bytes (any indicator the compiler
    /// accepts, ``CompiledIndicator/maximumLines``) otherwise.
    public let firedRules: SmallCounts
    /// Points of every group, row-major.
    public let groupPoints: MutableColumnView<Int32>
    public let totals: MutableColumnView<Int32>
    public let levels: MutableColumnView<Level>
    /// The pass mark that applied, by its place in ``CompiledModel/passMarkRules`` (8 bits hold
    /// any model the compiler accepts: ``CompiledModel/maximumPassMarks``), or -1 when none was
    /// reached. Written by the ``DecisionEvaluator``.
    public let passMarks: MutableColumnView<Int8>
    public let reasons: MutableColumnView<[Reason]>
    /// Competition rank within the commune; 0 for rows with level `loi`.
    public let ranks: MutableColumnView<Int32>
    /// What the engine works out for the model as a whole, stage by stage (on one thread; the
    /// stages that use several read it only).
    private struct Whole {
        var members: [[[Int32]]]
        var listing: [ListingEntry] = []
        var unmatchedLinks: [UnmatchedLink] = []
        var resolvedLinks: [ResolvedLink] = []
        var rejectedMembers: [[Int32]]
        var lookups: LookupValues?
    }
    private let whole: SendableBox<Whole>

    /// The values of fields read through a relation (`ap.vung_kho_khan`), for models that have
    /// such reads (``CompiledModel/lookups``); `nil` for the others.
    internal(set) var lookups: LookupValues? {
        get { whole.value.lookups }
        set { whole.value.lookups = newValue }
    }

    /// For each relation, each entity's member rows in the related model's table.
    public internal(set) var members: [[[Int32]]] {
        get { whole.value.members }
        set { whole.value.members = newValue }
    }
    /// The order of the output: communes in Vietnamese order; in each, ranked rows then error rows.
    public internal(set) var listing: [ListingEntry] {
        get { whole.value.listing }
        set { whole.value.listing = newValue }
    }
    /// Codes this model's rows use to link to another model (a clan, a hamlet) that name no
    /// entity of it; the rows are still scored. One entry per code.
    public internal(set) var unmatchedLinks: [UnmatchedLink] {
        get { whole.value.unmatchedLinks }
        set { whole.value.unmatchedLinks = newValue }
    }
    /// Codes this model's rows typed another way than the entity's code, read as that entity's
    /// code (rule 4 of the survey spec: `lk`, `Long Khánh` → hamlet `LK`). One entry per code
    /// and commune, with the rows (valid or not) that use it.
    public internal(set) var resolvedLinks: [ResolvedLink] {
        get { whole.value.resolvedLinks }
        set { whole.value.resolvedLinks = newValue }
    }
    /// For each relation, how many of the related model's rows with errors (``rejected``) name
    /// each entity: they are not members, but they are data the entity has (rule 5).
    public internal(set) var rejectedMembers: [[Int32]] {
        get { whole.value.rejectedMembers }
        set { whole.value.rejectedMembers = newValue }
    }

    /// The code of the entity a typed code of this model's `field` (by id) was read as in this
    /// commune, for the codes typed another way (``resolvedLinks``): `lk` → `LK`.
    public func linkedCodes(field: String, commune: String) -> [String: String] {
        var codes: [String: String] = [:]
        for link in resolvedLinks where link.field == field && link.commune == commune { codes[link.typed] = link.code }
        return codes
    }

    init(model: CompiledModel, table: RecordTable, rejected: [RejectedRow]) {
        self.model = model
        self.table = table
        self.rejected = rejected
        let n = table.count
        indicatorCount = model.groups.reduce(0) { $0 + $1.indicators.count }
        (rulePoints, ruleOffsets) = Self.ruleTable(model)
        let slots = model.resultSlots
        groupCount = model.groups.count
        groupSlotStorage = FixedBuffer(slots.groups)
        groupSlots = groupSlotStorage.view
        totalSlot = slots.total
        levelSlot = slots.level
        certifiedSlot = slots.certified
        levelIdStorage = FixedBuffer((0..<256).map { model.levelId(Level(code: UInt8($0))) })
        levelCertifiedStorage = FixedBuffer((0..<256).map { model.isCertified(Level(code: UInt8($0))) })
        levelIdView = levelIdStorage.view
        levelCertifiedView = levelCertifiedStorage.view
        // Zeroed by the system: the pages are touched first by the threads that score the rows,
        // rather than all filled here on one thread.
        firedRuleStorage = SmallCountBuffer(zeroedCount: n * indicatorCount, maximum: Self.largestFiredRule(model))
        groupPointStorage = FixedBuffer(zeroedCount: n * model.groups.count)
        totalStorage = FixedBuffer(zeroedCount: n)
        levelStorage = FixedBuffer(repeating: .notCertified, count: n)
        passMarkStorage = FixedBuffer(repeating: -1, count: n)
        reasonStorage = FixedBuffer(repeating: [], count: n)
        rankStorage = FixedBuffer(zeroedCount: n)
        firedRules = firedRuleStorage.view
        groupPoints = groupPointStorage.view
        totals = totalStorage.view
        levels = levelStorage.view
        passMarks = passMarkStorage.view
        reasons = reasonStorage.view
        ranks = rankStorage.view
        whole = SendableBox(Whole(members: model.relations.map { _ in [] },
                                  rejectedMembers: model.relations.map { _ in [Int32](repeating: 0, count: n) }))
    }

    /// The largest fired-rule index of the model: its longest indicator's last line.
    static func largestFiredRule(_ model: CompiledModel) -> Int {
        max(0, (model.groups.flatMap(\.indicators).map(\.rules.count).max() ?? 1) - 1)
    }

    public var count: Int { table.count }

    /// The row's level id (`tieu-bieu`, `dat`, `khong-dat`, `loi`, or another declared id).
    public func levelId(row: Int) -> String { model.levelId(levels[row]) }

    /// Whether the row's level counts as recognised.
    public func isCertified(row: Int) -> Bool { model.isCertified(levels[row]) }

    /// Writes a scored row's fields and results into a frame, as aggregates over this model read them.
    public func load(row: Int, into frame: Frame) {
        table.load(row: row, into: frame)
        lookups?.load(row: row, into: frame)
        loadResults(row: row, into: frame)
    }

    func loadResults(row: Int, into frame: Frame) {
        // Slots read from fixed buffers: this runs for every member of every clan and hamlet, on
        // several threads, and reading the model's arrays would retain them each time.
        let groups = groupCount
        for g in 0..<groups {
            frame.numbers[groupSlots[g]] = Rational(integer: Int64(groupPoints[row * groups + g]))
        }
        frame.numbers[totalSlot] = Rational(integer: Int64(totals[row]))
        let level = levels[row]
        frame.texts[levelSlot] = levelIdView[Int(level.code)]
        frame.bools[certifiedSlot] = levelCertifiedView[Int(level.code)]
    }

    /// The key shown in the `id` column: the key fields other than the commune, joined by `/`.
    public func key(row: Int) -> String {
        let fields = model.displayKeyFieldIndexes
        if fields.count == 1 { return table.text(field: fields[0], row: row) }
        return fields.map { table.text(field: $0, row: row) }.joined(separator: "/")
    }

    public func name(row: Int) -> String { table.text(field: model.nameFieldIndex, row: row) }
    public func commune(row: Int) -> String { table.text(field: model.communeFieldIndex, row: row) }
    public func hamlet(row: Int) -> String? { model.hamletFieldIndex.map { table.text(field: $0, row: row) } }

    /// The points of every rule of the model, indicator after indicator, and where each
    /// indicator's rules start.
    static func ruleTable(_ model: CompiledModel) -> (points: [Int32], offsets: [Int]) {
        var points: [Int32] = [], offsets: [Int] = []
        for indicator in model.groups.flatMap(\.indicators) {
            offsets.append(points.count)
            points += indicator.rules.map { Int32($0.points) }
        }
        return (points, offsets)
    }

    /// The points of an indicator: those of the rule that fired (points are not stored apart,
    /// which would cost 4 bytes per indicator and row).
    public func points(row: Int, indicator: Int) -> Int {
        Int(rulePoints[ruleOffsets[indicator] + firedRules[row * indicatorCount + indicator]])
    }
    public func firedRule(row: Int, indicator: Int) -> Int { firedRules[row * indicatorCount + indicator] }
    public func groupPoints(row: Int, group: Int) -> Int { Int(groupPoints[row * groupCount + group]) }
    public func total(_ row: Int) -> Int { Int(totals[row]) }

    /// The pass mark rule that applied, if the decision reached a pass-mark step (as the
    /// ``DecisionEvaluator`` stored it: its place in ``CompiledModel/passMarkRules``).
    public func passMark(row: Int) -> CompiledPassMark? {
        let index = Int(passMarks[row])
        return index >= 0 ? model.passMarkRules[index] : nil
    }
}

/// A code that names no entity: `ma_dong_ho = DH11` in commune Long Hữu, used by 1 household,
/// but no clan DH11 was in the files read.
public struct UnmatchedLink: Sendable, Equatable {
    /// The model that has no such entity (`dong-ho-hoc-tap`), and what its entities are called.
    public var model: String
    public var entity: String
    public var entityEnglish: String?
    /// The linking field of the rows that use the code (`ma_dong_ho`), and its labels.
    public var field: String
    public var fieldLabel: String
    public var fieldLabelEnglish: String? = nil
    public var commune: String
    public var code: String
    /// How many rows use it.
    public var rows: Int
    /// When the code could name several entities (by name: `Long Khánh` for `LK` and `KLK`),
    /// their codes; empty when it names none.
    public var candidates: [String] = []
}

/// A code typed another way than the entity's code, read as it (rule 4 of the survey spec):
/// `'Long Khánh' được hiểu là ấp LK`.
public struct ResolvedLink: Sendable, Equatable {
    /// The model of the entity (`cong-dong-hoc-tap`), and what its entities are called.
    public var model: String
    public var entity: String
    public var entityEnglish: String?
    /// The linking field of the rows that typed it (`ma_ap`), and its labels.
    public var field: String
    public var fieldLabel: String
    public var fieldLabelEnglish: String?
    public var commune: String
    /// What the rows typed (`Long Khánh`), and the entity's code and name (`LK`, `Long Khánh`).
    public var typed: String
    public var code: String
    public var name: String
    /// How many rows (valid or not) typed it.
    public var rows: Int
}

/// One line of a model's output listing.
public enum ListingEntry: Sendable, Equatable {
    /// A scored row (index in the record table).
    case scored(Int)
    /// A rejected row (index in ``ModelResults/rejected``).
    case rejected(Int)
}

/// The results of a whole run: every model, in scoring (dependency) order.
public struct RunResults: Sendable {
    public let models: [ModelResults]
    public let sources: [SurveySource]

    public func model(id: String) -> ModelResults? { models.first { $0.model.id == id } }

    /// Models in output order: by the criteria's `order` attribute (households, clans, hamlets),
    /// then by id.
    public var outputOrder: [ModelResults] {
        models.sorted { ($0.model.definition.listingOrder, $0.model.id) < ($1.model.definition.listingOrder, $1.model.id) }
    }

    /// Keeps the results (and the tables they hold) until the process exits, for a command
    /// whose process ends once they are written: freeing them first costs time and saves
    /// nothing (``ProcessLifetime``).
    public func keepUntilProcessExit() { ProcessLifetime.keep(models) }
}
