import Machinery
import TextSupport

/// A criteria model ready to run: every expression type-checked and compiled to closures over
/// frame slots, every name resolved to a slot.
///
/// ```swift
/// let criteria = try CriteriaLoader().load(directory: criteriaFolder)
/// let households = criteria.model(id: "gia-dinh-hoc-tap")!
/// print(households.groups.map(\.definition.id))   // ["TC1", "TC2", "TC3", "TC4"]
/// ```
public final class CompiledModel: Sendable {
    public let definition: ModelDefinition
    public let file: String
    public let layout: FrameLayout
    /// For each field (in declaration order), its slot in the frame array of its type.
    public let fieldSlots: [Int]
    public let fieldIndex: [String: Int]
    public let checks: [CompiledCheck]
    public let relations: [CompiledRelation]
    /// Aggregates the engine must fill before evaluating an entity, in slot order.
    public let aggregates: [CompiledAggregate]
    public let groups: [CompiledGroup]
    public let decision: [CompiledStep]
    /// Every pass mark of the decision, step after step, in the file's order: a row's results
    /// name the mark that applied by its place here (``maximumPassMarks`` at most).
    public let passMarkRules: [CompiledPassMark]
    /// Where the engine writes results so that the decision and other models can read them.
    public let resultSlots: ResultSlots
    /// Every name an expression can read (fields, derived values, results), for explanations.
    public let symbols: [String: CompiledExpression]
    /// Derived values in declaration order, with the names they read.
    public let lets: [CompiledLet]
    /// The fields any of this model's expressions reads (sorted): the only ones worth loading.
    public let usedFields: [Int]
    /// The fields each derived value reads, directly or through other derived values.
    public let letFields: [String: [Int]]
    /// Derived values that read a result or an aggregate, directly or through another one.
    public let letsReadingResults: Set<String>
    /// Fields of another entity read through a relation (`ap.vung_kho_khan`), each in a slot
    /// the engine fills before a row is scored. Empty for most models.
    public let lookups: [CompiledLookup]
    /// The slots of `history.years_certified` and `history.last_level`, which the engine fills
    /// before a row is scored (``CertifiedHistory``); `nil` when no expression reads them, as
    /// for the shipped criteria.
    public let history: HistoryReads?
    /// Derived values that read `history.…`, directly or through another derived value.
    public let letsReadingHistory: Set<String>

    /// The type of every field, in declaration order (looked up per row, so kept apart from the
    /// definitions, whose copies would cost a retain of every string they hold).
    public let fieldTypes: [FieldType]
    public let keyFieldIndexes: [Int]
    /// The key fields other than the commune: what the `id` column shows.
    public let displayKeyFieldIndexes: [Int]
    public let nameFieldIndex: Int
    public let communeFieldIndex: Int
    public let hamletFieldIndex: Int?

    public var id: String { definition.id }
    /// The models this one aggregates over (they must be scored first).
    public var dependencies: [String] { relations.map(\.model.id) }

    public func field(named id: String) -> FieldDefinition? {
        fieldIndex[id].map { definition.fields[$0] }
    }

    /// Title in the requested language.
    public func title(_ language: Language) -> String {
        language.pick(definition.title, optionalEnglish: definition.titleEnglish)
    }

    init(definition: ModelDefinition, file: String, layout: FrameLayout, fieldSlots: [Int],
         fieldIndex: [String: Int], checks: [CompiledCheck], relations: [CompiledRelation],
         aggregates: [CompiledAggregate], groups: [CompiledGroup], decision: [CompiledStep],
         resultSlots: ResultSlots, symbols: [String: CompiledExpression], lets: [CompiledLet],
         usedFields: [Int], letFields: [String: [Int]], letsReadingResults: Set<String>, lookups: [CompiledLookup] = [],
         history: HistoryReads? = nil, letsReadingHistory: Set<String> = []) {
        self.definition = definition
        self.file = file
        self.layout = layout
        self.fieldSlots = fieldSlots
        self.fieldIndex = fieldIndex
        self.checks = checks
        self.relations = relations
        self.aggregates = aggregates
        self.groups = groups
        self.decision = decision
        passMarkRules = decision.flatMap { step -> [CompiledPassMark] in
            if case .passMark(let marks) = step { return marks }
            return []
        }
        self.resultSlots = resultSlots
        self.symbols = symbols
        self.lets = lets
        self.usedFields = usedFields
        self.letFields = letFields
        self.letsReadingResults = letsReadingResults
        self.lookups = lookups
        self.history = history
        self.letsReadingHistory = letsReadingHistory
        fieldTypes = definition.fields.map(\.type)
        keyFieldIndexes = definition.keyFields.map { fieldIndex[$0]! }
        communeFieldIndex = fieldIndex[definition.communeField]!
        displayKeyFieldIndexes = keyFieldIndexes.filter { $0 != fieldIndex[definition.communeField]! }
        nameFieldIndex = fieldIndex[definition.nameField]!
        hamletFieldIndex = definition.hamletField.flatMap { fieldIndex[$0] }
    }
}

extension CompiledModel {
    /// The levels the model awards, best first.
    public var levels: [LevelDefinition] { definition.levels }

    /// The level's id as `--format csv` writes it: a declared id, `khong-dat` or `loi`.
    public func levelId(_ level: Level) -> String {
        if let index = level.declaredIndex { return index < levels.count ? levels[index].id : "?" }
        return level == .notCertified ? Level.notCertifiedId : Level.errorId
    }

    /// The level's words in reports: a declared level's label (`label-en` in English, when
    /// given), `Không đạt`/`Not certified`, `Lỗi`/`Error`.
    public func levelName(_ level: Level, _ language: Language) -> String {
        if let index = level.declaredIndex, index < levels.count {
            return language.pick(levels[index].label, optionalEnglish: levels[index].labelEnglish)
        }
        return Self.fixedLevelName(level, language)
    }

    /// The words of the levels every model has: `Không đạt`, `Lỗi` (and, for a declared level
    /// the model does not know, its code).
    public static func fixedLevelName(_ level: Level, _ language: Language) -> String {
        switch level {
        case .notCertified: language.pick("Không đạt", "Not certified")
        case .error: language.pick("Lỗi", "Error")
        default: "#\(level.code)"
        }
    }

    /// Whether the level counts as recognised (a declared level of the certified set).
    public func isCertified(_ level: Level) -> Bool {
        guard let index = level.declaredIndex, index < levels.count else { return false }
        return levels[index].certified
    }

    /// The level's place in merit order among this model's levels: declared levels 0…, then
    /// not certified, then error (consecutive numbers, for sort keys and tables of words).
    public func merit(_ level: Level) -> Int {
        level.declaredIndex ?? (levels.count + (level == .notCertified ? 0 : 1))
    }

    /// The level whose merit is `merit` (the inverse of ``merit(_:)``).
    public func level(merit: Int) -> Level {
        merit < levels.count ? .declared(merit) : (merit == levels.count ? .notCertified : .error)
    }

    /// Every level in merit order: the declared ones, not certified, error.
    public var allLevels: [Level] { (0..<(levels.count + 2)).map { level(merit: $0) } }

    /// The declared level with this id, if any.
    public func level(id: String) -> Level? {
        if let index = levels.firstIndex(where: { $0.id == id }) { return .declared(index) }
        if id == Level.notCertifiedId { return .notCertified }
        if id == Level.errorId { return .error }
        return nil
    }

    /// The period the criteria apply to, in words (`2024–2030`, `từ 2024`, `đến 2030`), or `nil`
    /// when the file declares none (`valid-from`, `valid-to`).
    public func period(_ language: Language) -> String? {
        switch (definition.validFrom, definition.validTo) {
        case let (from?, to?): return "\(from)–\(to)"
        case let (from?, nil): return language.pick("từ \(from)", "from \(from)")
        case let (nil, to?): return language.pick("đến \(to)", "until \(to)")
        case (nil, nil): return nil
        }
    }

    /// Whether the criteria apply to `year` (always, when no period is declared).
    public func applies(toYear year: Int) -> Bool {
        (definition.validFrom.map { year >= $0 } ?? true) && (definition.validTo.map { year <= $0 } ?? true)
    }

    /// The warning for scoring `year` with criteria whose period does not cover it, or `nil`.
    public func periodWarning(year: Int, _ language: Language) -> String? {
        guard !applies(toYear: year), let period = period(language) else { return nil }
        return language.pick("năm \(year) nằm ngoài thời gian hiệu lực của bộ tiêu chí \(id) \(definition.version) (\(period))",
                             "\(year) is outside the period of criteria \(id) \(definition.version) (\(period))")
    }

    /// Pass marks a model may have in all: results store the one that applied in 8 bits.
    public static let maximumPassMarks = Int(Int8.max)
    /// The largest total a model may have: points are stored as 32-bit whole numbers.
    public static let maximumPoints = Int(Int32.max)
}

extension CompiledIndicator {
    /// Point lines an indicator may have: results store the line that fired in 16 bits.
    public static let maximumLines = Int(UInt16.max) + 1
}

/// How many slots of each type a model's frame has.
public struct FrameLayout: Sendable {
    public var numbers: Int
    public var bools: Int
    public var texts: Int
    public var lets: Int

    public func makeFrame() -> Frame {
        Frame(numbers: numbers, bools: bools, texts: texts, lets: lets)
    }
}

/// Slots of the results: the engine writes them after points are computed.
public struct ResultSlots: Sendable {
    /// Number slot of each group's points, in group order.
    public var groups: [Int]
    public var total: Int
    /// Text slot of the level id (`dat`, …).
    public var level: Int
    /// Boolean slot: the level is one of the certified set (every declared level by default).
    public var certified: Int
}

public struct CompiledCheck: Sendable {
    public let definition: CheckDefinition
    public let fieldIndex: Int
    public let condition: @Sendable (Frame) -> Bool
    /// Names the check reads, to show their values in the message.
    public let names: [String]
    /// The condition as a plain comparison of whole numbers, when it is one (it then gives the
    /// same answer as `condition` on the same values).
    public let comparison: WholeNumberComparison?
}

/// A check such as `tre_mien ≤ tre_do_tuoi`: two whole-number fields (by slot) or constants
/// compared, which a reader can test on a row's numbers without a frame.
public struct WholeNumberComparison: Sendable {
    public enum Operand: Sendable {
        /// A whole-number field's slot.
        case slot(Int)
        case constant(Int64)
    }

    @usableFromInline let op: BinaryOperator
    public let left: Operand
    public let right: Operand

    /// Whether the comparison holds for a row whose whole numbers are `numbers`, by slot.
    @inlinable @inline(__always)
    public func holds(_ numbers: MutableColumnView<Int64>) -> Bool {
        let a: Int64, b: Int64
        switch left {
        case .slot(let slot): a = numbers[unchecked: slot]
        case .constant(let value): a = value
        }
        switch right {
        case .slot(let slot): b = numbers[unchecked: slot]
        case .constant(let value): b = value
        }
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        default: return false
        }
    }
}

public struct CompiledRelation: Sendable {
    public let definition: RelationDefinition
    public let model: CompiledModel
    /// Field indexes in this model and in the related model that must be equal.
    public let hereFields: [Int]
    public let thereFields: [Int]
}

public struct CompiledAggregate: Sendable {
    public let kind: AggregateKind
    public let relation: Int
    /// Evaluated on the related entity's frame.
    public let filter: (@Sendable (Frame) -> Bool)?
    public let value: CompiledExpression?
    /// The slot in this model's frame (number for count/sum/ratio, boolean for any/all).
    public let slot: Int
    /// The expression as the editor wrote it, for explanations.
    public let text: String
    /// The related model's fields the filter and value read.
    public let relatedFields: [Int]
    /// The related model's results the filter and value read, by name (a group id, `total`,
    /// `level`, `certified`).
    public let relatedResults: Set<String>
}

/// `ap.vung_kho_khan`: a field of the entity a row belongs to, read through a relation whose
/// links name that one entity (the household's hamlet). Only its survey value is read, so the
/// related model need not be scored first.
public struct CompiledLookup: Sendable {
    /// The name as expressions write it: `ap.vung_kho_khan`.
    public let name: String
    public let relation: RelationDefinition
    /// The related model's id and the field read.
    public let model: String
    public let field: String
    public let type: ValueType
    /// The slot of this model's frame (of `type`).
    public let slot: Int
    /// The field's `default`: the value for a row linked to no entity.
    public let fallback: LookupValue
    /// The field's label and the related entity's name, for the sheet ("vùng khó khăn của ấp").
    public let fieldLabel: String
    public let fieldLabelEnglish: String?
    public let entity: String
    public let entityEnglish: String?
}

/// Where a model's expressions read the entity's certified history: the frame slot of
/// `history.years_certified` (a number) and of `history.last_level` (text), each `nil` when
/// not read.
///
/// ```swift
/// if let history = model.history { print(history.names) }   // ["history.years_certified"]
/// ```
public struct HistoryReads: Sendable, Equatable {
    public static let prefix = "history."
    public static let yearsCertified = "history.years_certified"
    public static let lastLevel = "history.last_level"

    public var yearsCertifiedSlot: Int?
    public var lastLevelSlot: Int?

    public init(yearsCertifiedSlot: Int? = nil, lastLevelSlot: Int? = nil) {
        self.yearsCertifiedSlot = yearsCertifiedSlot
        self.lastLevelSlot = lastLevelSlot
    }

    var isEmpty: Bool { yearsCertifiedSlot == nil && lastLevelSlot == nil }

    /// The words of a history value in score cards (`Số năm liên tiếp được công nhận trước năm
    /// nay`), or nil for another name.
    public static func label(of name: String, _ language: Language) -> String? {
        switch name {
        case yearsCertified: language.pick("Số năm liên tiếp được công nhận trước năm nay", "Consecutive years recognised before this one")
        case lastLevel: language.pick("Mức của năm công nhận gần nhất", "Level of the latest certified year")
        default: nil
        }
    }

    /// The names read, in a fixed order.
    public var names: [String] {
        (yearsCertifiedSlot == nil ? [] : [Self.yearsCertified]) + (lastLevelSlot == nil ? [] : [Self.lastLevel])
    }

    /// Writes an entity's values into their slots.
    @inline(__always)
    public func load(_ entry: CertifiedHistory.Entry, into frame: Frame) {
        if let slot = yearsCertifiedSlot { frame.numbers[slot] = Rational(integer: Int64(entry.yearsCertified)) }
        if let slot = lastLevelSlot { frame.texts[slot] = entry.lastLevel }
    }
}

/// A value read through a relation, or its default.
public enum LookupValue: Sendable, Equatable {
    case number(Rational)
    case boolean(Bool)
    case text(String)
}

public struct CompiledLet: Sendable {
    public let definition: LetDefinition
    public let value: CompiledExpression
    public let names: [String]
}

public struct CompiledGroup: Sendable {
    public let definition: GroupDefinition
    public let indicators: [CompiledIndicator]
}

public struct CompiledIndicator: Sendable {
    public let definition: IndicatorDefinition
    public let rules: [CompiledRule]
}

public struct CompiledRule: Sendable {
    public let points: Int
    /// `nil` for the fallback rule.
    public let condition: (@Sendable (Frame) -> Bool)?
    public let text: String?
    /// Names the condition reads (fields and derived values), for explanations.
    public let names: [String]
}

public enum CompiledStep: Sendable {
    case disqualify(condition: @Sendable (Frame) -> Bool, text: String, names: [String], reason: String, reasonEnglish: String?,
                    members: MemberListing?)
    case groupMinimums
    case passMark([CompiledPassMark])
    case award([CompiledAward])
}

/// "List the households of this clan that broke the rule": a relation and a filter on it.
public struct MemberListing: Sendable {
    public let relation: Int
    public let filter: @Sendable (Frame) -> Bool
    public let text: String
    /// The related model's fields the filter reads.
    public let relatedFields: [Int]
    /// Whether the filter reads the related model's results (otherwise they need not be loaded).
    public let readsResults: Bool
}

public struct CompiledPassMark: Sendable {
    public let definition: PassMarkRule
    public let condition: (@Sendable (Frame) -> Bool)?
    public let names: [String]
}

public struct CompiledAward: Sendable {
    public let definition: AwardRule
    public let condition: (@Sendable (Frame) -> Bool)?
    public let names: [String]
}

/// The loaded criteria of a run: every model, in the order they must be scored.
public struct CriteriaSet: Sendable {
    /// Models in dependency order: a model comes after every model it aggregates over.
    public let models: [CompiledModel]

    public init(models: [CompiledModel]) {
        self.models = models
    }

    public func model(id: String) -> CompiledModel? {
        models.first { $0.id == id }
    }
}
