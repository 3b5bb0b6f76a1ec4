import TextSupport

/// Where a survey row came from: which file (and sheet), which row as the clerk sees it.
public struct RowOrigin: Sendable, Hashable {
    /// Index into ``SurveyData/sources``.
    public var source: Int32
    /// The row number shown by a spreadsheet program (the header row counts; 1-based).
    public var row: Int32

    public init(source: Int32, row: Int32) {
        self.source = source
        self.row = row
    }
}

/// A file (and, for a workbook, a sheet) that survey rows were read from.
public struct SurveySource: Sendable, Hashable {
    /// The path as the user gave it (or as found inside a given folder).
    public var path: String
    /// The sheet name for workbooks.
    public var sheet: String?

    public init(path: String, sheet: String? = nil) {
        self.path = path
        self.sheet = sheet
    }

    /// `ho-gia-dinh.csv` or `long-huu.xlsx [Hộ gia đình]`: the file name as a clerk knows it.
    public var displayName: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return sheet.map { "\(name) [\($0)]" } ?? name
    }
}

/// The valid rows of one model, stored by column with one array per field, typed.
///
/// Column `k` of each type is the frame slot `k` of that type (fields take the first slots), so
/// loading a row into a frame is a copy of each column's value, with no name look-up.
///
/// ```swift
/// let table = RecordTable(model: households)
/// table.append(ints: [2, 0, 2], bools: [...], texts: [...], origin: origin)
/// table.load(row: 0, into: frame)
/// ```
public final class RecordTable: @unchecked Sendable {
    public let model: CompiledModel
    public private(set) var ints: [[Int64]]
    public private(set) var bools: [[Bool]]
    public private(set) var texts: [[String]]
    public private(set) var origins: [RowOrigin] = []

    public var count: Int { origins.count }

    public init(model: CompiledModel) {
        self.model = model
        let fields = model.definition.fields
        ints = Array(repeating: [], count: fields.filter { $0.type == .int }.count)
        bools = Array(repeating: [], count: fields.filter { $0.type == .bool }.count)
        texts = Array(repeating: [], count: fields.filter { $0.type == .text }.count)
    }

    /// Appends one row; each array holds the row's values of that type in field order.
    public func append(ints rowInts: [Int64], bools rowBools: [Bool], texts rowTexts: [String], origin: RowOrigin) {
        precondition(rowInts.count == ints.count && rowBools.count == bools.count && rowTexts.count == texts.count)
        for k in 0..<rowInts.count { ints[k].append(rowInts[k]) }
        for k in 0..<rowBools.count { bools[k].append(rowBools[k]) }
        for k in 0..<rowTexts.count { texts[k].append(rowTexts[k]) }
        origins.append(origin)
    }

    /// Appends every row of another table of the same model (used to join chunks read in parallel).
    public func append(contentsOf other: RecordTable) {
        for k in 0..<ints.count { ints[k].append(contentsOf: other.ints[k]) }
        for k in 0..<bools.count { bools[k].append(contentsOf: other.bools[k]) }
        for k in 0..<texts.count { texts[k].append(contentsOf: other.texts[k]) }
        origins.append(contentsOf: other.origins)
    }

    /// Keeps only the rows whose index is not in `removed` (duplicate keys found after reading).
    public func remove(rows removed: Set<Int>) {
        guard !removed.isEmpty else { return }
        let keep = (0..<count).filter { !removed.contains($0) }
        ints = ints.map { column in keep.map { column[$0] } }
        bools = bools.map { column in keep.map { column[$0] } }
        texts = texts.map { column in keep.map { column[$0] } }
        origins = keep.map { origins[$0] }
    }

    /// Copies row `row`'s field values into the frame's field slots and starts the row.
    public func load(row: Int, into frame: Frame) {
        frame.begin(row: row)
        for k in 0..<ints.count { frame.numbers[k] = Rational(integer: ints[k][row]) }
        for k in 0..<bools.count { frame.bools[k] = bools[k][row] }
        for k in 0..<texts.count { frame.texts[k] = texts[k][row] }
    }

    /// Copies only the listed fields (indexes in the model's field list) of row `row` into the
    /// frame and starts the row: the engine loads just what the compiled rules read.
    public func load(row: Int, fields: [Int], into frame: Frame) {
        frame.begin(row: row)
        let types = model.fieldTypes
        let slots = model.fieldSlots
        for field in fields {
            let slot = slots[field]
            switch types[field] {
            case .int: frame.numbers[slot] = Rational(integer: ints[slot][row])
            case .bool: frame.bools[slot] = bools[slot][row]
            case .text: frame.texts[slot] = texts[slot][row]
            }
        }
    }

    /// Runs `body` with direct pointers to every column, for loops over many rows that must not
    /// pay a retain and an exclusivity check per value. The pointers are valid only inside `body`,
    /// and the table must not be changed meanwhile.
    public func withColumns<R>(_ body: (RecordColumns) -> R) -> R {
        var intPointers: [UnsafeBufferPointer<Int64>] = []
        var boolPointers: [UnsafeBufferPointer<Bool>] = []
        var textPointers: [UnsafeBufferPointer<String>] = []
        func texts(_ k: Int) -> R {
            if k == self.texts.count {
                return body(RecordColumns(ints: intPointers, bools: boolPointers, texts: textPointers,
                                          types: model.fieldTypes, slots: model.fieldSlots))
            }
            return self.texts[k].withUnsafeBufferPointer { textPointers.append($0); return texts(k + 1) }
        }
        func bools(_ k: Int) -> R {
            if k == self.bools.count { return texts(0) }
            return self.bools[k].withUnsafeBufferPointer { boolPointers.append($0); return bools(k + 1) }
        }
        func ints(_ k: Int) -> R {
            if k == self.ints.count { return bools(0) }
            return self.ints[k].withUnsafeBufferPointer { intPointers.append($0); return ints(k + 1) }
        }
        return ints(0)
    }

    /// The value of a field in a row, as text (for keys, names, messages).
    public func text(field index: Int, row: Int) -> String {
        let slot = model.fieldSlots[index]
        switch model.fieldTypes[index] {
        case .text: return texts[slot][row]
        case .int: return String(ints[slot][row])
        case .bool: return bools[slot][row] ? "1" : "0"
        }
    }
}

/// Direct views of a table's columns (see ``RecordTable/withColumns(_:)``).
public struct RecordColumns {
    public let ints: [UnsafeBufferPointer<Int64>]
    public let bools: [UnsafeBufferPointer<Bool>]
    public let texts: [UnsafeBufferPointer<String>]
    public let types: [FieldType]
    public let slots: [Int]

    /// Copies the listed fields of `row` into the frame and starts the row.
    @inline(__always)
    public func load(row: Int, fields: [Int], into frame: Frame) {
        frame.begin(row: row)
        for field in fields {
            let slot = slots[field]
            switch types[field] {
            case .int: frame.numbers[slot] = Rational(integer: ints[slot][row])
            case .bool: frame.bools[slot] = bools[slot][row]
            case .text: frame.texts[slot] = texts[slot][row]
            }
        }
    }

    /// The value of a text field (the field's slot among text fields).
    @inline(__always)
    public func text(slot: Int, row: Int) -> String { texts[slot][row] }
}

/// A survey row that could not be scored, with every problem found in it.
public struct RejectedRow: Sendable {
    public var origin: RowOrigin
    /// The commune, key and name as far as they could be read ("" when not).
    public var commune: String
    public var key: String
    public var name: String
    public var problems: [RowProblem]

    public init(origin: RowOrigin, commune: String, key: String, name: String, problems: [RowProblem]) {
        self.origin = origin
        self.commune = commune
        self.key = key
        self.name = name
        self.problems = problems
    }
}

/// One problem of a survey row, ready to be shown in either language.
public struct RowProblem: Sendable, Hashable, LocalizedMessage {
    public var vietnamese: String
    public var english: String

    public init(vietnamese: String, english: String) {
        self.vietnamese = vietnamese
        self.english = english
    }

    public func message(in language: Language) -> String { language.pick(vietnamese, english) }
}

/// Everything read from the survey files of one run: valid rows per model, rejected rows, notes.
public struct SurveyData: Sendable {
    public var sources: [SurveySource] = []
    /// Valid rows, by model id.
    public var tables: [String: RecordTable] = [:]
    /// Rows with errors, by model id, in input order.
    public var rejected: [String: [RejectedRow]] = [:]
    /// Notes for the clerk (unknown columns, files that matched no model, …).
    public var notes: [RowProblem] = []

    public init() {}
}
