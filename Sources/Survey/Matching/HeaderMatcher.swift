import Criteria
import TextSupport

/// Which column of a file holds which field of the model the file was recognised as.
struct ColumnBinding {
    let model: CompiledModel
    /// For each field (declaration order), the column holding it; `nil` for an absent optional column.
    var fieldColumns: [Int?]
    /// The header of each column as written in the file (trimmed), for messages.
    var headers: [String]
    /// Columns that match no field of the model (or repeat a field), kept and ignored.
    var unknownColumns: [Int]
}

/// Recognises the model of a file from its header row and binds columns to fields.
///
/// A header matches a field when it folds (``VietnameseFolding/fold(_:)``) to the folded id,
/// label or an alias. When the whole header matches nothing, its last group-path segment (after
/// the last `/` or `-`, as KoboToolbox and ODK export) is tried.
///
/// ```swift
/// let matcher = HeaderMatcher(models: criteria.models)
/// switch matcher.match(headers: ["Mã hộ", "Xã/Phường", …]) { case .matched(let binding): … }
/// ```
struct HeaderMatcher {
    enum Outcome {
        case matched(ColumnBinding)
        case failed(FileProblem.Kind)
    }

    private let models: [CompiledModel]
    /// Per model: folded name → field index.
    private let names: [[String: Int]]

    init(models: [CompiledModel]) {
        self.models = models
        names = models.map { model in
            var table: [String: Int] = [:]
            for (index, field) in model.definition.fields.enumerated() {
                for name in [field.id, field.label] + field.aliases {
                    let folded = VietnameseFolding.fold(name)
                    if !folded.isEmpty && table[folded] == nil { table[folded] = index }
                }
            }
            return table
        }
    }

    /// Whether a row is recognised as a model's header: it carries the key and name columns of
    /// some model (spec, intake rule 1), or fits a model whole. Title rows above a table
    /// (`UBND XÃ …`, `DANH SÁCH …`) are not.
    func recognises(headers rawHeaders: [String]) -> Bool {
        let headers = rawHeaders.map(VietnameseFolding.clean)
        if bindings(headers).contains(where: Self.carriesKeyAndName) { return true }
        if case .matched = match(headers: rawHeaders) { return true }
        return false
    }

    private static func carriesKeyAndName(_ binding: ColumnBinding) -> Bool {
        let model = binding.model
        let needed = model.keyFieldIndexes + [model.communeFieldIndex, model.nameFieldIndex]
        return needed.allSatisfy { binding.fieldColumns[$0] != nil }
    }

    /// Each model's binding of these (cleaned) headers.
    private func bindings(_ headers: [String]) -> [ColumnBinding] {
        let folded = headers.map(VietnameseFolding.fold)
        let lastSegments = headers.map { header -> String? in
            guard let cut = header.lastIndex(where: { $0 == "/" || $0 == "-" }) else { return nil }
            return VietnameseFolding.fold(String(header[header.index(after: cut)...]))
        }
        return models.indices.map { m -> ColumnBinding in
            var fieldColumns = [Int?](repeating: nil, count: models[m].definition.fields.count)
            var unknown: [Int] = []
            for column in headers.indices where !folded[column].isEmpty {
                let field = names[m][folded[column]] ?? lastSegments[column].flatMap { names[m][$0] }
                if let field, fieldColumns[field] == nil {
                    fieldColumns[field] = column
                } else {
                    unknown.append(column)
                }
            }
            return ColumnBinding(model: models[m], fieldColumns: fieldColumns, headers: headers, unknownColumns: unknown)
        }
    }

    func match(headers rawHeaders: [String]) -> Outcome {
        let headers = rawHeaders.map(VietnameseFolding.clean)
        let bindings = bindings(headers)
        func missing(_ binding: ColumnBinding) -> [String] {
            binding.model.definition.fields.indices
                .filter { binding.model.definition.fields[$0].required && binding.fieldColumns[$0] == nil }
                .map { binding.model.definition.fields[$0].label }
        }
        func matchedCount(_ binding: ColumnBinding) -> Int { binding.fieldColumns.compactMap { $0 }.count }

        let complete = bindings.filter { missing($0).isEmpty }
        if let best = complete.max(by: { a, b in
            (matchedCount(a), a.model.definition.fields.count) < (matchedCount(b), b.model.definition.fields.count)
        }) {
            return .matched(best)
        }
        let found = headers.filter { !$0.isEmpty }
        // A header recognised as a model's (its key and name columns) missing other required
        // columns is that model's, whatever it lacks (spec, intake rule 3).
        if let recognised = bindings.filter(Self.carriesKeyAndName).max(by: { matchedCount($0) < matchedCount($1) }) {
            return .failed(.missingColumns(model: recognised.model.definition.title, missing: missing(recognised), found: found))
        }
        guard let closest = bindings.max(by: { a, b in
            (matchedCount(a), -missing(a).count) < (matchedCount(b), -missing(b).count)
        }) else {
            return .failed(.noModelMatches(found: found, closest: "", missing: []))
        }
        let requiredCount = closest.model.definition.fields.filter(\.required).count
        if matchedCount(closest) * 2 >= requiredCount {
            return .failed(.missingColumns(model: closest.model.definition.title, missing: missing(closest), found: found))
        }
        return .failed(.noModelMatches(found: found, closest: closest.model.definition.title, missing: missing(closest)))
    }
}
