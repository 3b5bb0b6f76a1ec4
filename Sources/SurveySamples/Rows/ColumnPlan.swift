import Criteria

/// The columns of one model's sample file — its fields, in the criteria's order, the field id as
/// header — and where each column's values come from: a realistic cell, or ``DeclaredColumn``.
struct ColumnPlan {
    private enum Source {
        case cell(Int)
        case declared(Int)
    }

    /// The header: the model's field ids, in the criteria's order.
    let header: [String]
    private let sources: [Source]
    private var declared: [DeclaredColumn]
    /// True when the columns are every realistic cell in the order they are made.
    private let isWholeRow: Bool

    /// - Parameters:
    ///   - linkedFields: the field of the model that holds each linked cell (from its identity
    ///     and relations); a cell the model has no field for is left out.
    init(model: ModelDefinition, cells: RealisticCells, linkedFields: [LinkedCell: String], seed: UInt64) {
        var sources: [Source] = []
        var declared: [DeclaredColumn] = []
        var used = Set<Int>()
        for field in model.fields {
            let linked = cells.linked.firstIndex { linkedFields[$0] == field.id }
            if let cell = linked ?? cells.index(ofContent: field.id, type: field.type), used.insert(cell).inserted {
                sources.append(.cell(cell))
            } else {
                sources.append(.declared(declared.count))
                declared.append(DeclaredColumn(field: field, modelID: model.id, seed: seed))
            }
        }
        header = model.fields.map(\.id)
        self.sources = sources
        self.declared = declared
        isWholeRow = sources.count == cells.count && sources.enumerated().allSatisfy {
            if case .cell($0.offset) = $0.element { true } else { false }
        }
    }

    /// The linked fields of a model from its identity: key (besides the commune), name, commune
    /// and, for households, hamlet.
    static func identityFields(of model: ModelDefinition) -> [LinkedCell: String] {
        var fields: [LinkedCell: String] = [.name: model.nameField, .commune: model.communeField]
        fields[.key] = model.keyFields.first { $0 != model.communeField }
        fields[.hamlet] = model.hamletField
        return fields
    }

    /// Appends one CSV row: the cells in the criteria's column order, then a line end.
    mutating func appendRow(_ row: RowCells, style: CheckboxStyle, to buffer: inout [UInt8]) {
        if isWholeRow {
            row.appendWholeRow(to: &buffer)
            return
        }
        for (column, source) in sources.enumerated() {
            if column > 0 { buffer.appendComma() }
            switch source {
            case .cell(let index): buffer.append(contentsOf: row.cell(index))
            case .declared(let index): declared[index].append(to: &buffer, style: style)
            }
        }
        buffer.appendLineEnd()
    }
}
