import Criteria

/// Values for a field the realistic generator does not know — a column a province adds — made
/// from what its criteria file declares: a whole number within the field's bounds, a tick box in
/// the commune's style, or a short note.
///
/// Each such column draws from a random stream of its own (named by model and field id), so
/// adding one leaves every other column of the sample as it was.
struct DeclaredColumn {
    private let type: FieldType
    private let required: Bool
    private let lowest: Int64
    private let highest: Int64
    private var random: SplitMix64

    /// Survey counts are small: a range wider than this is sampled from its lower end only.
    static let widestRange: Int64 = 100
    static let narrowedRange: Int64 = 20
    /// Per mille of ticked boxes.
    static let tickPermille = 700
    /// Per mille of blank cells in a column that may be left blank.
    static let blankPermille = 300
    /// Notes a clerk might type in a text column.
    static let notes = ["Đã xác minh", "Theo sổ theo dõi của ấp", "Cập nhật năm 2024", "Hộ mới tách", "Có giấy xác nhận"]
        .map { Array($0.utf8) }

    init(field: FieldDefinition, modelID: String, seed: UInt64) {
        type = field.type
        required = field.required
        var lowest = field.minimum ?? 0
        if field.minimum == nil, let maximum = field.maximum, maximum < lowest {
            lowest = maximum.subtractingReportingOverflow(Self.narrowedRange).partialValue
        }
        let highest = field.maximum ?? Int64.max
        let (span, overflow) = highest.subtractingReportingOverflow(lowest)
        if overflow || span > Self.widestRange {
            self.highest = lowest + Self.narrowedRange
        } else {
            self.highest = highest
        }
        self.lowest = lowest
        random = SplitMix64(seed: seed, stream: modelID + "/" + field.id)
    }

    /// Appends the next row's value.
    mutating func append(to buffer: inout [UInt8], style: CheckboxStyle) {
        switch type {
        case .int:
            buffer.appendInt(Int(lowest + Int64(random.below(Int(highest - lowest) + 1))))
        case .bool:
            buffer.appendBool(random.chance(Self.tickPermille), style, &random)
        case .text:
            if !required && random.chance(Self.blankPermille) { return }
            buffer.append(contentsOf: Self.notes[random.below(Self.notes.count)])
        }
    }
}
