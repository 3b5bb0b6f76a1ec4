import Machinery
import Criteria
import Records
import TextSupport

/// Collects the rows of one model from every file read: typed values of valid rows go into the
/// model's ``RecordTable``, rows with any problem become ``RejectedRow``s.
///
/// ```swift
/// let intake = ModelIntake(model: households)
/// intake.take(cells, binding: binding, origin: origin, source: "ho-gia-dinh.csv")
/// ```
final class ModelIntake {
    let model: CompiledModel
    let table: RecordTable
    private(set) var rejected: [RejectedRow] = []
    /// The full key of each rejected row when every key field could be read (for duplicates).
    private(set) var rejectedKeys: [String?] = []
    /// Non-blank data rows taken.
    private(set) var read = 0
    /// Of those, the rows taken the quick way (``CSVFastRows``).
    private(set) var quickRowsTaken = 0
    /// Rows that are not records (commune and key cells all blank: a `Tổng cộng` footer, a
    /// signature line), in order: where they are and their first non-blank text. Not counted in
    /// ``read``.
    private(set) var notRecords: [(origin: RowOrigin, text: String)] = []
    /// Notes on values cleaned as they were read (``ValueCleaning``: an invisible character taken
    /// away, a fullwidth digit read as ASCII), in order, each naming its place.
    private(set) var valueNotes: [RowProblem] = []
    /// How each text slot's value is read (a key's look-alike letters matter).
    private let textRoles: [ValueRole]

    /// The rules a row must meet, shared by the full and the quick path.
    let validator: RowValidator
    private let frame: Frame
    /// The values of the row being read the full way.
    private let row: RowValues
    /// The values of a record read the quick way (``CSVFastRows``), before
    /// ``takeQuickRow(origin:)`` files it.
    let quickRow: RowValues
    let yesNoCache = YesNoCache()

    init(model: CompiledModel) {
        self.model = model
        validator = RowValidator(model: model)
        table = RecordTable(model: model)
        frame = model.layout.makeFrame()
        row = RowValues(table: table)
        quickRow = RowValues(table: table)
        var roles = [ValueRole](repeating: .text, count: table.textColumns.count)
        let keyLike = model.keyFieldIndexes + [model.communeFieldIndex] + (model.hamletFieldIndex.map { [$0] } ?? [])
        for field in keyLike where model.definition.fields[field].type == .text { roles[model.fieldSlots[field]] = .key }
        textRoles = roles
    }

    /// A cell's text cleaned as a message shows it (``ValueCleaning``: never a costly
    /// normalisation of a hostile value).
    private func shownText<Cells: RowCells>(_ cells: Cells, _ column: Int) -> String {
        ValueCleaning.clean(cells.text(column), role: .text).text
    }

    /// Gives the fields whose column is absent their values in the quick way's row, once: no
    /// record changes them.
    func prepareQuickRows(absent: [FieldPlan]) {
        for step in absent {
            switch step.kind {
            case .text:
                quickRow.texts.view[step.slot] = ColumnView()
                quickRow.hashes.view[step.slot] = 0
            case .int: quickRow.ints.view[step.slot] = 0
            case .bool: quickRow.bools.view[step.slot] = false
            }
        }
    }

    /// Files the record read the quick way as a valid row if it passes the model's cross-field
    /// checks (``RowValidator/runChecks(on:frame:row:failed:)``, stopping at the first that fails);
    /// returns `false`, having changed nothing, if it does not (the record is then read the full
    /// way, which words the problems).
    func takeQuickRow(origin: RowOrigin) -> Bool {
        if validator.hasChecks && !validator.runChecks(on: quickRow, frame: frame, row: table.count, failed: { _ in false }) {
            return false
        }
        read += 1
        quickRowsTaken += 1
        quickRow.append(to: table, origin: origin)
        return true
    }

    /// Validates one non-blank row against the model's rules (``RowValidator``) and files it as
    /// a record or as a rejected row with a problem for each rule it breaks.
    func take<Cells: RowCells>(_ cells: Cells, binding: ColumnBinding, plan: [FieldPlan], origin: RowOrigin, source: String,
                               headerColumns: Int, extraProblems: [RowProblem] = []) {
        read += 1
        var problems = extraProblems
        let used = cells.usedCount
        if used > headerColumns {
            problems.append(RowProblem(
                vietnamese: "\(source) dòng \(origin.row): có \(used) ô nhưng tiêu đề chỉ có \(headerColumns) cột",
                english: "\(source) row \(origin.row): has \(used) cells but the header has \(headerColumns) columns"))
        }
        func place(_ column: Int) -> CellPlace { CellPlace(source: source, row: origin.row, header: binding.headers[column]) }
        // The row's values live in fixed buffers (plain stores, no exclusivity checks per field).
        let row = row
        let ints = row.ints.view, bools = row.bools.view, texts = row.texts.view, hashes = row.hashes.view
        let cache = yesNoCache
        let table = table
        plan.withColumnView { plan in
            for step in plan {
                let rule = step.rule
                let slot = rule.slot
                let column = step.column
                guard column >= 0 else {
                    switch rule.kind {
                    case .text:
                        texts[slot] = ColumnView()
                        hashes[slot] = table.textHash(slot: slot, bytes: texts[slot])
                    case .int: ints[slot] = 0
                    case .bool: bools[slot] = false
                    }
                    continue
                }
                if cells.isFormulaWithoutValue(column) {
                    problems.append(place(column).formulaWithoutValue(column: column))
                    switch rule.kind {
                    case .text: texts[slot] = ColumnView()
                    case .int: ints[slot] = 0
                    case .bool: bools[slot] = false
                    }
                    continue
                }
                switch rule.kind {
                case .text:
                    if let bytes = cells.cleanBytes(column) {
                        if !rule.acceptsText(isEmpty: bytes.isEmpty) { problems.append(place(column).blankText()) }
                        texts[slot] = bytes
                    } else {
                        let cleaned = ValueCleaning.clean(cells.text(column), role: textRoles[slot])
                        if let problem = cleaned.problem {
                            problems.append(place(column).problem(problem.0, problem.1))
                        } else if !rule.acceptsText(isEmpty: cleaned.text.isEmpty) {
                            problems.append(place(column).blankText())
                        }
                        for note in cleaned.notes { valueNotes.append(place(column).problem(note.0, note.1)) }
                        texts[slot] = row.keep(cleaned.text, slot: slot)
                    }
                    hashes[slot] = table.textHash(slot: slot, bytes: texts[slot])
                case .int:
                    var parse = cells.wholeNumber(column)
                    var cleaned: CleanedValue?
                    if parse == .invalid {
                        // Invisible characters, no-break spaces, fullwidth digits: read with a note.
                        let value = ValueCleaning.clean(cells.text(column), role: .number)
                        cleaned = value
                        if value.problem == nil && !value.notes.isEmpty {
                            parse = ValueParsing.wholeNumber(value.text.utf8)
                            if parse != .invalid {
                                for note in value.notes { valueNotes.append(place(column).problem(note.0, note.1)) }
                            }
                        }
                    }
                    switch parse {
                    case .blank:
                        problems.append(place(column).blankNumber())
                    case .invalid:
                        if let problem = cleaned?.problem {
                            problems.append(place(column).problem(problem.0, problem.1))
                        } else {
                            problems.append(place(column).notWholeNumber(ValueCleaning.shown(cleaned?.text ?? shownText(cells, column))))
                        }
                    case .value(let number):
                        ints[slot] = number
                        switch rule.verdict(number) {
                        case .valid: break
                        case .belowMinimum: problems.append(place(column).belowMinimum(shownText(cells, column), rule.minimum))
                        case .aboveMaximum: problems.append(place(column).aboveMaximum(shownText(cells, column), rule.maximum))
                        // The table stores whole numbers in 32 bits.
                        case .outOfRange: problems.append(place(column).outOfRange(shownText(cells, column)))
                        }
                    }
                case .bool:
                    if let value = cells.yesNo(column, cache: cache) {
                        bools[slot] = value
                    } else {
                        let cleaned = ValueCleaning.clean(cells.text(column), role: .number)
                        if cleaned.problem == nil, !cleaned.notes.isEmpty, let value = ValueParsing.yesNo(cleaned.text) {
                            bools[slot] = value
                            for note in cleaned.notes { valueNotes.append(place(column).problem(note.0, note.1)) }
                        } else if let problem = cleaned.problem {
                            problems.append(place(column).problem(problem.0, problem.1))
                        } else {
                            problems.append(place(column).notYesNo(ValueCleaning.shown(cleaned.text)))
                        }
                    }
                }
            }
        }
        // Cross-field checks only make sense once every value could be read.
        if problems.isEmpty && validator.hasChecks {
            var failed: [Int] = []
            _ = validator.runChecks(on: row, frame: frame, row: table.count) { failed.append($0); return true }
            if !failed.isEmpty {
                // Messages may show any value of the row.
                validator.loadForMessages(row, into: frame, row: table.count)
                for index in failed {
                    let check = model.checks[index]
                    let header = binding.fieldColumns[check.fieldIndex].map { binding.headers[$0] }
                        ?? model.definition.fields[check.fieldIndex].label
                    let place = CellPlace(source: source, row: origin.row, header: header)
                    problems.append(place.failedCheck(
                        vietnamese: fill(check.definition.message, language: .vietnamese),
                        english: fill(check.definition.messageEnglish ?? check.definition.message, language: .english)))
                }
            }
        }
        if problems.isEmpty { row.append(to: table, origin: origin) }
        defer {
            // The row's bytes (in the file, perhaps mapped) are not to be kept past the row.
            row.clearTexts()
        }
        if problems.isEmpty { return }
        let keyFields = model.keyFieldIndexes
        let keyValues = keyFields.map { value(of: $0) }
        rejected.append(RejectedRow(origin: origin, commune: value(of: model.communeFieldIndex), key: displayKey(keyValues),
                                    name: value(of: model.nameFieldIndex), problems: problems,
                                    hamlet: model.hamletFieldIndex.map { value(of: $0) }, texts: rejectedTexts(value(of:))))
        rejectedKeys.append(keyValues.contains("") ? nil : keyValues.joined(separator: "\u{1F}"))
    }

    /// Sets the row aside when its commune and key cells are all blank (spec, intake rule 2): it is
    /// not a record but a footer (`Tổng cộng`, `Người lập biểu`, a signature line). Asked only of
    /// rows the quick way did not take. A row with only some of them blank is a record (with errors).
    func setAsideIfNotARecord<Cells: RowCells>(_ cells: Cells, binding: ColumnBinding, origin: RowOrigin) -> Bool {
        guard let commune = binding.fieldColumns[model.communeFieldIndex], cells.isBlank(commune) else { return false }
        for field in model.keyFieldIndexes {
            guard let column = binding.fieldColumns[field], cells.isBlank(column) else { return false }
        }
        var text = ""
        for column in 0..<cells.count where !cells.isBlank(column) {
            text = DisplayWidth.oneLine(ValueCleaning.shown(shownText(cells, column)))
            break
        }
        notRecords.append((origin, text))
        return true
    }

    /// Appends everything another intake of the same model took (the rows of a later chunk).
    func absorb(_ other: ModelIntake) { absorb([other]) }

    /// Appends everything other intakes of the same model took, in order (the rows of later
    /// chunks). Their tables are emptied column by column as they are copied.
    func absorb(_ others: [ModelIntake]) {
        for other in others {
            read += other.read
            quickRowsTaken += other.quickRowsTaken
        }
        table.append(contentsOf: others.map(\.table))
        for other in others {
            rejected += other.rejected
            rejectedKeys += other.rejectedKeys
            notRecords += other.notRecords
            valueNotes += other.valueNotes
        }
    }

    /// Makes room in the table for `rows` more records.
    func reserve(moreRows rows: Int) {
        table.reserveCapacity(table.count + rows)
    }

    /// A row rejected before its cells could be split (an unterminated quote), with what was readable.
    func reject<Cells: RowCells>(_ cells: Cells, binding: ColumnBinding, origin: RowOrigin, problem: RowProblem) {
        read += 1
        func text(_ field: Int) -> String {
            binding.fieldColumns[field].map { shownText(cells, $0) } ?? ""
        }
        rejected.append(RejectedRow(origin: origin, commune: text(model.communeFieldIndex),
                                    key: displayKey(model.keyFieldIndexes.map(text)), name: text(model.nameFieldIndex),
                                    problems: [problem], hamlet: model.hamletFieldIndex.map(text), texts: rejectedTexts(text)))
        rejectedKeys.append(nil)
    }

    /// A rejected row's non-blank text fields (``RejectedRow/texts``).
    private func rejectedTexts(_ value: (Int) -> String) -> [Int: String] {
        var texts: [Int: String] = [:]
        for (field, definition) in model.definition.fields.enumerated() where definition.type == .text {
            let text = value(field)
            if !text.isEmpty { texts[field] = text }
        }
        return texts
    }

    /// The key as shown to people: the key fields other than the commune (`HO0090`).
    func displayKey(_ keyValues: [String]) -> String {
        zip(model.keyFieldIndexes, keyValues).filter { $0.0 != model.communeFieldIndex }.map(\.1).joined(separator: "/")
    }

    /// Marks rows found to share a key; records among them move to the rejected rows.
    func applyDuplicates(recordProblems: [Int: RowProblem], rejectedProblems: [Int: RowProblem]) {
        for (index, problem) in rejectedProblems { rejected[index].problems.append(problem) }
        for (row, problem) in recordProblems {
            let keyValues = model.keyFieldIndexes.map { table.text(field: $0, row: row) }
            rejected.append(RejectedRow(origin: table.origins[row], commune: table.text(field: model.communeFieldIndex, row: row),
                                        key: displayKey(keyValues), name: table.text(field: model.nameFieldIndex, row: row),
                                        problems: [problem], hamlet: model.hamletFieldIndex.map { table.text(field: $0, row: row) },
                                        texts: rejectedTexts { table.text(field: $0, row: row) }))
            rejectedKeys.append(keyValues.joined(separator: "\u{1F}"))
        }
        table.remove(rows: Set(recordProblems.keys))
        let order = rejected.indices.sorted { (rejected[$0].origin.source, rejected[$0].origin.row) < (rejected[$1].origin.source, rejected[$1].origin.row) }
        rejected = order.map { rejected[$0] }
        rejectedKeys = order.map { rejectedKeys[$0] }
    }

    private func value(of field: Int) -> String {
        let slot = model.fieldSlots[field]
        switch model.definition.fields[field].type {
        case .text: return row.text(slot: slot)
        case .int: return String(row.ints.view[slot])
        case .bool: return row.bools.view[slot] ? "1" : "0"
        }
    }

    /// A check's message with each `{name}` replaced by the row's value.
    private func fill(_ message: String, language: Language) -> String {
        var out = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let expression = model.symbols[name] {
                out += expression.display(frame, language: language)
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// Where a value sits, to start each problem message: `ho-gia-dinh.csv dòng 58, cột "Số trẻ đến trường": `.
struct CellPlace {
    var source: String
    var row: Int32
    var header: String

    func problem(_ vietnamese: String, _ english: String) -> RowProblem {
        RowProblem(vietnamese: "\(source) dòng \(row), cột \"\(header)\": \(vietnamese)",
                   english: "\(source) row \(row), column \"\(header)\": \(english)")
    }

    func blankText() -> RowProblem { problem("để trống, cần có giá trị", "blank, a value is required") }
    func blankNumber() -> RowProblem { problem("để trống, cần một số nguyên", "blank, a whole number is expected") }
    func notWholeNumber(_ value: String) -> RowProblem {
        problem("\"\(value)\" không phải số nguyên", "\"\(value)\" is not a whole number")
    }
    func belowMinimum(_ value: String, _ minimum: Int64) -> RowProblem {
        problem("\"\(value)\" nhỏ hơn \(minimum), cần từ \(minimum) trở lên", "\"\(value)\" is less than \(minimum), expected \(minimum) or more")
    }
    func aboveMaximum(_ value: String, _ maximum: Int64) -> RowProblem {
        problem("\"\(value)\" lớn hơn \(maximum), cần từ \(maximum) trở xuống", "\"\(value)\" is more than \(maximum), expected \(maximum) or less")
    }
    func outOfRange(_ value: String) -> RowProblem {
        let low = RecordTable.intRange.lowerBound, high = RecordTable.intRange.upperBound
        return problem("\"\(value)\" vượt quá giới hạn, cần một số nguyên từ \(low) đến \(high)",
                       "\"\(value)\" is out of range, a whole number from \(low) to \(high) is expected")
    }
    func notYesNo(_ value: String) -> RowProblem {
        problem("\"\(value)\" không phải có/không (ghi có, x, 1 hoặc không, 0, hoặc để trống)",
                "\"\(value)\" is not yes/no (write có, x, 1 or không, 0, or leave it blank)")
    }
    func failedCheck(vietnamese: String, english: String) -> RowProblem { problem(vietnamese, english) }
    /// A workbook cell (`Y6`) holding a formula whose value was never stored (spec, intake rule 6).
    func formulaWithoutValue(column: Int) -> RowProblem {
        let cell = "\(Self.columnLetters(column))\(row)"
        return problem("ô \(cell): công thức chưa có giá trị: hãy mở tệp bằng Excel và lưu lại",
                       "cell \(cell): a formula with no stored value: open the file in Excel and save it again")
    }

    /// A spreadsheet column's letters: 0 → `A`, 24 → `Y`, 26 → `AA`.
    static func columnLetters(_ index: Int) -> String {
        var letters: [Character] = []
        var n = index + 1
        while n > 0 {
            n -= 1
            letters.append(Character(UnicodeScalar(UInt8(65 + n % 26))))
            n /= 26
        }
        return String(letters.reversed())
    }
}
