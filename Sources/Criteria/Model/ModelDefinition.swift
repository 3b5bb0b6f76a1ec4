/// A criteria file as written: plain data read from the XML, before any expression is compiled.
///
/// The loader produces it; the compiler turns it into a ``CompiledModel``. Nothing here is
/// evaluated, so it can be printed (the scoring sheet) or checked without any survey data.
public struct ModelDefinition: Sendable {
    /// The model id, e.g. `gia-dinh-hoc-tap`.
    public var id: String
    public var version: String
    /// Position of the model in reports and outputs (households 1, clans 2, hamlets 3).
    public var listingOrder: Int
    public var title: String
    public var titleEnglish: String?
    /// What one entity is, e.g. `hộ gia đình`.
    public var entity: String
    public var entityEnglish: String?
    /// The decisions the criteria are based on.
    public var basis: [String]
    /// Free notes for editors (e.g. that the rules are local settings).
    public var notes: [String]
    /// The points of the whole scale (100).
    public var totalPoints: Int
    /// Fields that together identify an entity within the run (e.g. `xa`, `ma_ho`).
    public var keyFields: [String]
    /// The field shown as the entity's name (e.g. `chu_ho`).
    public var nameField: String
    /// The field that names the commune (`xa`), used to group rankings.
    public var communeField: String
    /// The field that names the hamlet of an entity, when it has one (households: `ma_ap`).
    public var hamletField: String?
    public var fields: [FieldDefinition]
    public var checks: [CheckDefinition]
    public var relations: [RelationDefinition]
    public var lets: [LetDefinition]
    public var groups: [GroupDefinition]
    public var decision: [DecisionStep]
    /// The programme's targets for the yearly summary (`<targets>`; see ``target(year:conditions:)``).
    public var targets: [TargetDefinition] = []
    /// The levels the model awards, best first (from its `<levels>` steps; a model without
    /// one awards `dat`). ``AwardRule/level`` indexes this list.
    public var levels: [LevelDefinition]
    /// The period the criteria apply to (`valid-from`, `valid-to`: years), when declared.
    public var validFrom: Int?
    public var validTo: Int?
    public var location: SourceLocation

    public init(id: String, version: String, listingOrder: Int = 100, title: String, titleEnglish: String?, entity: String,
                entityEnglish: String?, basis: [String], notes: [String], totalPoints: Int,
                keyFields: [String], nameField: String, communeField: String, hamletField: String?,
                fields: [FieldDefinition], checks: [CheckDefinition], relations: [RelationDefinition],
                lets: [LetDefinition], groups: [GroupDefinition], decision: [DecisionStep],
                levels: [LevelDefinition]? = nil, validFrom: Int? = nil, validTo: Int? = nil,
                location: SourceLocation) {
        self.id = id
        self.version = version
        self.listingOrder = listingOrder
        self.title = title
        self.titleEnglish = titleEnglish
        self.entity = entity
        self.entityEnglish = entityEnglish
        self.basis = basis
        self.notes = notes
        self.totalPoints = totalPoints
        self.keyFields = keyFields
        self.nameField = nameField
        self.communeField = communeField
        self.hamletField = hamletField
        self.fields = fields
        self.checks = checks
        self.relations = relations
        self.lets = lets
        self.groups = groups
        self.decision = decision
        self.levels = levels ?? [LevelDefinition.implicitPass(at: location)]
        self.validFrom = validFrom
        self.validTo = validTo
        self.location = location
    }
}

/// A cross-field check on one row (`tre_mien <= tre_do_tuoi`), with the message to show when it fails.
public struct CheckDefinition: Sendable {
    /// The condition every valid row must satisfy.
    public var condition: String
    /// The column the message is about.
    public var field: String
    public var message: String
    public var messageEnglish: String?
    public var location: SourceLocation
}

/// "The households of this clan": entities of another model linked by equal field values.
public struct RelationDefinition: Sendable {
    /// The name used in aggregates: `count(ho where certified)`.
    public var name: String
    /// The related model's id.
    public var model: String
    /// Pairs (field of this model, field of the related model) that must be equal.
    public var links: [(here: String, there: String)]
    public var location: SourceLocation
}

/// A named derived value (`<let name="tre" value="tre_do_tuoi - tre_mien"/>`).
public struct LetDefinition: Sendable {
    public var name: String
    public var expression: String
    public var label: String?
    public var labelEnglish: String?
    public var location: SourceLocation
}

/// A criteria group (tiêu chí): its indicators, its maximum and the minimum needed to pass.
public struct GroupDefinition: Sendable {
    public var id: String
    public var title: String
    public var titleEnglish: String?
    public var maximum: Int
    public var minimum: Int
    public var indicators: [IndicatorDefinition]
    public var location: SourceLocation
}

/// An indicator (chỉ số): ordered point rules, first match wins, with an explicit fallback.
public struct IndicatorDefinition: Sendable {
    public var id: String
    public var title: String
    public var titleEnglish: String?
    public var maximum: Int
    public var rules: [PointRule]
    public var location: SourceLocation
}

/// One line of an indicator: `value` points when `condition` holds (`nil`: the fallback).
public struct PointRule: Sendable {
    public var points: Int
    /// `nil` for `<otherwise>`, which always matches.
    public var condition: String?
    public var location: SourceLocation
}

/// One step of the level decision, applied in the order the file declares.
public enum DecisionStep: Sendable {
    /// When `condition` holds, the entity is not certified, with this reason. `listMembers`, if
    /// set (`ho where vi_pham`), appends the keys of the related entities that match.
    case disqualify(condition: String, reason: String, reasonEnglish: String?, listMembers: String?,
                    location: SourceLocation)
    /// Every group must reach its minimum; one reason per group that does not.
    case groupMinimums(location: SourceLocation)
    /// The first matching mark is the pass mark; the total must reach it.
    case passMark(marks: [PassMarkRule], location: SourceLocation)
    /// The first matching award gives the level; `otherwise` gives the rest.
    case award(awards: [AwardRule], location: SourceLocation)
}

public struct PassMarkRule: Sendable {
    public var value: Int
    /// `nil` for the fallback mark.
    public var condition: String?
    /// A short note shown next to the level when this mark applied (`vùng KK`).
    public var note: String?
    public var noteEnglish: String?
    public var location: SourceLocation
}

public struct AwardRule: Sendable {
    /// The level awarded: its place among the model's declared levels (``ModelDefinition/levels``).
    public var level: Level
    /// `nil` for the fallback.
    public var condition: String?
    public var location: SourceLocation
}

/// A level a model awards (`<level id="tieu-bieu" label="Tiêu biểu" label-en="Exemplary" when="…"/>`).
///
/// Levels are declared in merit order, best first; the ids are what `--format csv` writes, the
/// labels what the reports print. `khong-dat` and `loi` are not declared: every model has them.
///
/// ```swift
/// model.definition.levels.map(\.id)      // ["tieu-bieu", "dat"]
/// model.levelName(.declared(0), .vietnamese)   // "Tiêu biểu"
/// ```
public struct LevelDefinition: Sendable, Equatable {
    public var id: String
    public var label: String
    public var labelEnglish: String?
    /// Whether the level counts as recognised (the `certified` name of expressions, the
    /// recognition rate of reports).
    public var certified: Bool
    public var location: SourceLocation

    public init(id: String, label: String, labelEnglish: String?, certified: Bool, location: SourceLocation) {
        self.id = id
        self.label = label
        self.labelEnglish = labelEnglish
        self.certified = certified
        self.location = location
    }

    /// The words of the levels a file may name without a label (the format's first version knew
    /// only these two): `tieu-bieu` "Tiêu biểu"/"Exemplary", `dat` "Đạt"/"Certified".
    public static func builtInLabel(_ id: String) -> (vietnamese: String, english: String)? {
        switch id {
        case "tieu-bieu": ("Tiêu biểu", "Exemplary")
        case "dat": ("Đạt", "Certified")
        default: nil
        }
    }

    /// The level of a model whose decision has no `<levels>` step: `dat`, recognised.
    public static func implicitPass(at location: SourceLocation) -> LevelDefinition {
        LevelDefinition(id: "dat", label: "Đạt", labelEnglish: "Certified", certified: true, location: location)
    }

    /// Ids no file may declare: the levels every model has.
    public static let reservedIds: Set<String> = [Level.notCertifiedId, Level.errorId]
    /// At most this many declared levels (with `khong-dat` and `loi`, a level fits in 4 bits of
    /// the ranking's sort keys).
    public static let maximumCount = 14
}

/// A result level: one of the model's declared levels (by its place in merit order, best
/// first), `khong-dat` or `loi`. Its id and words come from the model
/// (``CompiledModel/levelId(_:)``, ``CompiledModel/levelName(_:_:)``).
///
/// Levels compare by merit: declared levels in the file's order, then not certified, then error.
///
/// ```swift
/// let best = Level.declared(0)
/// best < .notCertified     // true
/// ```
public struct Level: Hashable, Sendable, Comparable {
    /// The declared level's place (0 best), or ``notCertified``'s or ``error``'s code.
    public let code: UInt8

    // Everything inlinable: writers and the ranking compare levels for every row.
    @inlinable public init(code: UInt8) { self.code = code }

    /// The declared level at `index` in merit order.
    @inlinable public static func declared(_ index: Int) -> Level { Level(code: UInt8(index)) }
    @inlinable public static var notCertified: Level { Level(code: 0xFE) }
    @inlinable public static var error: Level { Level(code: 0xFF) }

    /// The id written for a not-certified entity (output contract).
    public static let notCertifiedId = "khong-dat"
    /// The id written for a row with errors (output contract).
    public static let errorId = "loi"

    /// The declared level's place in merit order, or `nil` for not certified and error.
    @inlinable public var declaredIndex: Int? { code < 0xFE ? Int(code) : nil }

    @inlinable public static func == (a: Level, b: Level) -> Bool { a.code == b.code }
    @inlinable public static func < (a: Level, b: Level) -> Bool { a.code < b.code }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
