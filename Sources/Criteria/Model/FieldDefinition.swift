/// The type of a survey column, as a criteria file declares it.
public enum FieldType: String, Sendable {
    /// Free text, trimmed and NFC-normalised.
    case text
    /// A whole number: `3`, `03`, `3.0` or an Excel number.
    case int
    /// A tick box: `có`, `x`, `1`, … for true; `không`, `0`, blank, … for false.
    case bool
}

/// One column of a model's survey file: what it is called, what it holds, what is allowed.
///
/// ```swift
/// let field = model.field(named: "tre_den_truong")!
/// print(field.label, field.type, field.minimum ?? 0)
/// ```
public struct FieldDefinition: Sendable {
    /// The id used in expressions and in the canonical header (`tre_den_truong`).
    public var id: String
    /// The Vietnamese column label (`Số trẻ đến trường`).
    public var label: String
    /// The English label, if the file gives one.
    public var labelEnglish: String?
    /// Other headers that mean this column (matched after folding, like the label).
    public var aliases: [String]
    public var type: FieldType
    /// A required column must be present; a required text value must not be blank.
    public var required: Bool
    /// Smallest allowed whole number (int fields).
    public var minimum: Int64?
    /// Largest allowed whole number (int fields).
    public var maximum: Int64?
    /// The value another model reads through a relation (`ap.vung_kho_khan`) for an entity
    /// linked to no entity of this model (`default="false"`), as written.
    public var defaultValue: String?
    public var location: SourceLocation

    public init(id: String, label: String, labelEnglish: String?, aliases: [String], type: FieldType,
                required: Bool, minimum: Int64?, maximum: Int64?, defaultValue: String? = nil, location: SourceLocation) {
        self.id = id
        self.label = label
        self.labelEnglish = labelEnglish
        self.aliases = aliases
        self.type = type
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.defaultValue = defaultValue
        self.location = location
    }
}
