import Criteria
import Records
import TextSupport

/// What one read of survey files builds up: sources, rows per model, notes and file errors.
/// It lives for one ``SurveyReader/read(paths:)`` call only.
final class SurveyCollector {
    let matcher: HeaderMatcher
    let models: [CompiledModel]
    private(set) var intakes: [String: ModelIntake] = [:]
    var sources: [SurveySource] = []
    var notes: [RowProblem] = []
    var fileErrors: [FileProblem] = []
    /// Threads a large table's duplicate keys are searched with (the reader's).
    var threads = 1
    /// Whether plainly valid CSV records are taken the quick way (``CSVFastRows``); the rows read
    /// are the same either way.
    var quickRows = true

    init(criteria: CriteriaSet) {
        models = criteria.models
        matcher = HeaderMatcher(models: criteria.models)
        for model in criteria.models { intakes[model.id] = ModelIntake(model: model) }
    }

    /// Recognises a table (a CSV file or a sheet) from its header row.
    enum Opening {
        case table(TableIntake)
        case failed(FileProblem.Kind)
    }

    /// The rows above a header row found further down (spec, intake rule 1): how many non-blank
    /// rows were skipped, the header's row number and the first skipped row's first text.
    struct RowsAbove {
        var count: Int
        var headerRow: Int
        var firstText: String
    }

    /// How many non-blank rows are searched for a header row (spec, intake rule 1).
    static let headerSearchRows = 30

    func open(headers: [String], source: SurveySource, above: RowsAbove? = nil) -> Opening {
        switch matcher.match(headers: headers) {
        case .failed(let kind):
            return .failed(kind)
        case .matched(let binding):
            if let above, above.count > 0 {
                let first = above.firstText.isEmpty ? "" : " (đầu tiên: '\(above.firstText)')"
                let firstEnglish = above.firstText.isEmpty ? "" : " (the first: '\(above.firstText)')"
                notes.append(RowProblem(
                    vietnamese: "\(source.displayName): dòng tiêu đề cột là dòng \(above.headerRow); bỏ qua \(above.count) dòng phía trên\(first)",
                    english: "\(source.displayName): the header row is row \(above.headerRow); skipped the \(above.count) rows above it\(firstEnglish)"))
            }
            var headerColumns = headers.count
            while headerColumns > 0 && VietnameseFolding.clean(headers[headerColumns - 1]).isEmpty { headerColumns -= 1 }
            let sourceIndex = Int32(sources.count)
            sources.append(source)
            if !binding.unknownColumns.isEmpty {
                let names = binding.unknownColumns.map { "\"\(binding.headers[$0])\"" }.joined(separator: ", ")
                notes.append(RowProblem(
                    vietnamese: "\(source.displayName): bỏ qua các cột không dùng đến: \(names)",
                    english: "\(source.displayName): ignored columns that no field uses: \(names)"))
            }
            return .table(TableIntake(intake: intakes[binding.model.id]!, binding: binding, sourceIndex: sourceIndex,
                                        sourceName: source.displayName, headerColumns: headerColumns, quickRows: quickRows))
        }
    }

    /// The notes on values cleaned as they were read (``ValueCleaning``), in the order read: up to
    /// ``InputLimits/valueNotesNamed`` per model one by one, then one note with the count of the rest.
    func noteCleanedValues() {
        for model in models {
            let all = intakes[model.id]!.valueNotes
            notes += all.prefix(InputLimits.valueNotesNamed)
            let rest = all.count - InputLimits.valueNotesNamed
            if rest > 0 {
                notes.append(RowProblem(
                    vietnamese: "\(model.id): và \(rest) giá trị khác được làm sạch như trên (ký tự vô hình, khoảng trắng không ngắt, ký tự toàn độ rộng)",
                    english: "\(model.id): and \(rest) more values cleaned as above (invisible characters, no-break spaces, fullwidth characters)"))
            }
        }
    }

    /// One note per row that is not a record, in the order read (spec, intake rule 2).
    func noteRowsThatAreNotRecords() {
        for model in models {
            for (origin, text) in intakes[model.id]!.notRecords {
                let name = sources[Int(origin.source)].displayName
                notes.append(RowProblem(
                    vietnamese: "\(name) dòng \(origin.row): không phải dòng dữ liệu (không có xã và mã): bỏ qua '\(text)'",
                    english: "\(name) row \(origin.row): not a data row (no commune and no code): skipped '\(text)'"))
            }
        }
    }

    /// Rows of one model sharing a key, in any of the files read, are all rejected ("trùng mã").
    ///
    /// The key of a row is its key fields' values joined with U+001F; rows are grouped by a hash
    /// of those bytes (no joined `String` per row), and rows whose hashes meet are compared by
    /// their joined keys, so the groups are exactly those of the joined strings.
    func rejectDuplicateKeys() {
        for model in models {
            let intake = intakes[model.id]!
            let table = intake.table
            let groups = DuplicateKeyFinder(intake: intake, threads: threads).groups()

            var recordProblems: [Int: RowProblem] = [:]
            var rejectedProblems: [Int: RowProblem] = [:]
            let keyLabels = model.keyFieldIndexes.filter { $0 != model.communeFieldIndex }.map { model.definition.fields[$0] }
            let labelVietnamese = keyLabels.map { $0.label.lowercased() }.joined(separator: ", ")
            let labelEnglish = keyLabels.map { ($0.labelEnglish ?? $0.label).lowercased() }.joined(separator: ", ")
            func place(_ origin: RowOrigin, from here: RowOrigin) -> (String, String) {
                origin.source == here.source ? ("dòng \(origin.row)", "row \(origin.row)")
                    : ("\(sources[Int(origin.source)].displayName) dòng \(origin.row)", "\(sources[Int(origin.source)].displayName) row \(origin.row)")
            }
            for (key, members) in groups {
                let origins = members.map { $0.record ? table.origins[$0.index] : intake.rejected[$0.index].origin }
                let shownKey = intake.displayKey(key.components(separatedBy: "\u{1F}"))
                // Up to a few rows, each names the others; more, and the first names a few and the
                // count, every other one the first and the count (linear in the rows sharing a key).
                let few = origins.count <= InputLimits.duplicateRowsNamed
                for (position, member) in members.enumerated() {
                    let here = origins[position]
                    let name = sources[Int(here.source)].displayName
                    let vietnamese: String, english: String
                    if few {
                        let others = origins.indices.filter { $0 != position }.map { place(origins[$0], from: here) }
                        vietnamese = others.map(\.0).joined(separator: ", ")
                        english = others.map(\.1).joined(separator: ", ")
                    } else if position == 0 {
                        let named = origins[1..<InputLimits.duplicateRowsNamed].map { place($0, from: here) }
                        let rest = origins.count - InputLimits.duplicateRowsNamed
                        vietnamese = named.map(\.0).joined(separator: ", ") + " và \(rest) dòng khác (mã này có ở \(origins.count) dòng)"
                        english = named.map(\.1).joined(separator: ", ") + " and \(rest) more rows (the code is on \(origins.count) rows)"
                    } else {
                        let first = place(origins[0], from: here)
                        vietnamese = "\(first.0), lần đầu (mã này có ở \(origins.count) dòng)"
                        english = "\(first.1), its first row (the code is on \(origins.count) rows)"
                    }
                    let problem = RowProblem(
                        vietnamese: "\(name) dòng \(here.row): trùng \(labelVietnamese) \(shownKey) với \(vietnamese)",
                        english: "\(name) row \(here.row): duplicate \(labelEnglish) \(shownKey), also at \(english)")
                    if member.record { recordProblems[member.index] = problem } else { rejectedProblems[member.index] = problem }
                }
            }
            intake.applyDuplicates(recordProblems: recordProblems, rejectedProblems: rejectedProblems)
        }
    }
}

/// One recognised table (a CSV file or a sheet) feeding the rows of its model.
struct TableIntake {
    let intake: ModelIntake
    let binding: ColumnBinding
    let sourceIndex: Int32
    let sourceName: String
    let headerColumns: Int
    let plan: [FieldPlan]
    /// See ``SurveyCollector/quickRows``.
    let quickRows: Bool

    init(intake: ModelIntake, binding: ColumnBinding, sourceIndex: Int32, sourceName: String, headerColumns: Int,
         quickRows: Bool = true) {
        self.quickRows = quickRows
        self.intake = intake
        self.binding = binding
        self.sourceIndex = sourceIndex
        self.sourceName = sourceName
        self.headerColumns = headerColumns
        plan = FieldPlan.plan(for: binding, rules: intake.validator.fields)
    }

    var rowsTaken: Int { intake.read }

    /// The same table feeding another intake (a chunk read on its own thread).
    func with(intake other: ModelIntake) -> TableIntake {
        TableIntake(intake: other, binding: binding, sourceIndex: sourceIndex, sourceName: sourceName, headerColumns: headerColumns,
                    quickRows: quickRows)
    }

    /// Takes a non-blank row as a record (valid or with errors); `false` when it is not a record
    /// (``ModelIntake/setAsideIfNotARecord(_:binding:origin:)``) and was set aside.
    @discardableResult
    func take<Cells: RowCells>(_ cells: Cells, row: Int, extraProblems: [RowProblem] = []) -> Bool {
        let origin = RowOrigin(source: sourceIndex, row: Int32(row))
        if intake.setAsideIfNotARecord(cells, binding: binding, origin: origin) { return false }
        intake.take(cells, binding: binding, plan: plan, origin: origin, source: sourceName,
                    headerColumns: headerColumns, extraProblems: extraProblems)
        return true
    }

    func reject<Cells: RowCells>(_ cells: Cells, row: Int, vietnamese: String, english: String) {
        intake.reject(cells, binding: binding, origin: RowOrigin(source: sourceIndex, row: Int32(row)),
                      problem: RowProblem(vietnamese: "\(sourceName) dòng \(row): \(vietnamese)",
                                          english: "\(sourceName) row \(row): \(english)"))
    }
}
