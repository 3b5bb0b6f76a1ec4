import Machinery
import Criteria
import Records
import Scoring
import TextSupport

/// The text cells of a model's ranked tables: made once per model (a coded column's distinct
/// values measured once), valid inside the ``RecordTable/withColumns(_:)`` they were made in.
struct CellSources {
    /// The commune field read by code, when it is coded text.
    let commune: FieldBytes?
    let key: CellSource
    let name: CellSource
    var hamlet: CellSource?
    /// Keeps the measured distinct values of coded columns alive.
    let distinct: [DistinctBytes]

    init(results: ModelResults, columns: RecordColumns) {
        let model = results.model
        var distinct: [DistinctBytes] = []
        func source(field: Int, fallback: @escaping @Sendable (Int) -> String) -> CellSource {
            guard model.fieldTypes[field] == .text else { return .computed { DisplayWidth.oneLine(fallback($0)) } }
            // Printed on one line: a name typed with a line break or tab shows it as a space.
            let (bytes, values) = FieldBytes.make(columns, slot: model.fieldSlots[field], oneLine: true)
            if let values { distinct.append(values) }
            return .field(bytes)
        }
        let keyFields = model.displayKeyFieldIndexes
        if model.fieldTypes[model.communeFieldIndex] == .text, columns.texts[model.fieldSlots[model.communeFieldIndex]].isCoded {
            commune = FieldBytes(view: columns.texts[model.fieldSlots[model.communeFieldIndex]], distinct: nil, oneLine: true)
        } else {
            commune = nil
        }
        key = keyFields.count == 1 ? source(field: keyFields[0]) { results.key(row: $0) } : .computed { DisplayWidth.oneLine(results.key(row: $0)) }
        name = source(field: model.nameFieldIndex) { results.name(row: $0) }
        hamlet = model.hamletFieldIndex.map { field in source(field: field) { results.hamlet(row: $0) ?? "" } }
        self.distinct = distinct
    }
}

/// Where a text cell of the ranked table comes from.
enum CellSource {
    /// A text field, read as bytes.
    case field(FieldBytes)
    /// Worked out per row (a key of several fields, a field that is not text).
    case computed(@Sendable (Int) -> String)

    @inline(__always)
    func width(row: Int) -> Int {
        switch self {
        case .field(let bytes): return bytes.width(row: row)
        case .computed(let make): return DisplayWidth.of(make(row))
        }
    }

    /// Appends the row's cell as cell `column` of a line.
    @inline(__always)
    func append(row: Int, column c: Int, of line: TableLine, to out: ByteWriter) {
        switch self {
        case .field(let bytes):
            bytes.withCell(row: row) { value, width in
                line.cell(c, width: width, to: out) { $0.append(value) }
            }
        case .computed(let make):
            var text = make(row)
            text.withUTF8View { value in
                line.cell(c, width: DisplayWidth.of(utf8: value), to: out) { $0.append(value) }
            }
        }
    }
}
