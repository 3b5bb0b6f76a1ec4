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

    private let frame: Frame
    private var ints: [Int64]
    private var bools: [Bool]
    /// The row's text values as clean UTF-8: a part of the file's bytes, or of `scratch` for a
    /// text that needed more than trimming. Valid while the row is taken.
    private var texts: [UnsafeBufferPointer<UInt8>]
    /// Each text's hash in its column, worked out as the text is read (see ``RecordTable/textHash(slot:bytes:)``).
    private var textHashes: [UInt64]
    private var scratch: [UnsafeMutableBufferPointer<UInt8>]
    let yesNoCache = YesNoCache()
    /// The values of a record read the quick way (``CSVFastRows``), in slot order, before
    /// ``takeFastRow(origin:)`` files it.
    let fastInts: UnsafeMutableBufferPointer<Int64>
    let fastBools: UnsafeMutableBufferPointer<Bool>
    let fastTexts: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>
    let fastHashes: UnsafeMutableBufferPointer<UInt64>
    /// The conditions of the model's checks, in order.
    private let conditions: [(Frame) -> Bool]
    /// The text slots the checks' conditions read (directly or through derived values).
    private let checkTextSlots: [Int]
    /// Every check as a comparison of whole numbers, when every check is one: the quick way
    /// then tests them on the row's numbers, with no frame.
    private let comparisons: FixedBuffer<WholeNumberComparison>?

    init(model: CompiledModel) {
        self.model = model
        conditions = model.checks.map(\.condition)
        table = RecordTable(model: model)
        frame = model.layout.makeFrame()
        ints = Array(repeating: 0, count: table.intFieldCount)
        bools = Array(repeating: false, count: table.boolFieldCount)
        texts = Array(repeating: UnsafeBufferPointer(start: nil, count: 0), count: table.textColumns.count)
        textHashes = Array(repeating: 0, count: table.textColumns.count)
        fastInts = .allocate(capacity: table.intFieldCount)
        fastInts.initialize(repeating: 0)
        fastBools = .allocate(capacity: table.boolFieldCount)
        fastBools.initialize(repeating: false)
        fastTexts = .allocate(capacity: table.textColumns.count)
        fastTexts.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0))
        fastHashes = .allocate(capacity: table.textColumns.count)
        fastHashes.initialize(repeating: 0)
        scratch = (0..<table.textColumns.count).map { _ in UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64) }
        var slots = Set<Int>()
        for check in model.checks {
            for name in check.names {
                let fields = model.fieldIndex[name].map { [$0] } ?? model.letFields[name] ?? []
                for field in fields where model.fieldTypes[field] == .text { slots.insert(model.fieldSlots[field]) }
            }
        }
        checkTextSlots = slots.sorted()
        let plain = model.checks.compactMap(\.comparison)
        comparisons = plain.count == model.checks.count ? FixedBuffer(plain) : nil
    }

    deinit {
        for buffer in scratch { buffer.deallocate() }
        fastInts.deallocate()
        fastBools.deallocate()
        fastTexts.deallocate()
        fastHashes.deallocate()
    }

    /// Gives the fields whose column is absent their values in the quick way's row, once: no
    /// record changes them.
    func prepareFastRows(absent: [FieldPlan]) {
        for step in absent {
            switch step.kind {
            case .text:
                fastTexts[step.slot] = UnsafeBufferPointer(start: nil, count: 0)
                fastHashes[step.slot] = 0
            case .int: fastInts[step.slot] = 0
            case .bool: fastBools[step.slot] = false
            }
        }
    }

    /// Files the record read the quick way into the fast buffers as a valid row, if it passes
    /// the model's cross-field checks; returns `false`, having changed nothing, if it does not
    /// (the record is then read the full way, which words the problems).
    func takeFastRow(origin: RowOrigin) -> Bool {
        if let comparisons {
            for comparison in comparisons.view where !comparison.holds(MutableColumnView(fastInts)) { return false }
        } else if !conditions.isEmpty {
            frame.begin(row: table.count)
            let frame = frame
            for k in fastInts.indices { frame.numbers[k] = Rational(integer: fastInts[k]) }
            for k in fastBools.indices { frame.bools[k] = fastBools[k] }
            for slot in checkTextSlots { frame.texts[slot] = String(decoding: fastTexts[slot], as: UTF8.self) }
            let passed = conditions.withUnsafeBufferPointer { conditions in
                for condition in conditions where !condition(frame) { return false }
                return true
            }
            if !passed { return false }
        }
        read += 1
        quickRowsTaken += 1
        table.append(ints: UnsafeBufferPointer(fastInts), bools: UnsafeBufferPointer(fastBools),
                     textBytes: UnsafeBufferPointer(fastTexts), textHashes: UnsafeBufferPointer(fastHashes), origin: origin)
        return true
    }

    /// Copies a text that needed cleaning into the slot's scratch bytes.
    private func keep(_ text: String, slot: Int) -> UnsafeBufferPointer<UInt8> {
        let count = text.utf8.count
        if scratch[slot].count < count {
            scratch[slot].deallocate()
            scratch[slot] = .allocate(capacity: max(count, 2 * scratch[slot].count))
        }
        _ = scratch[slot].initialize(from: text.utf8)
        return UnsafeBufferPointer(start: scratch[slot].baseAddress, count: count)
    }

    private func string(slot: Int) -> String { String(decoding: texts[slot], as: UTF8.self) }

    /// Validates one non-blank row and files it as a record or a rejected row.
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
        // The row's values live in locals while the row is read: no access to this object's
        // properties (each one checked for exclusivity) per field.
        var ints: [Int64] = []
        var bools: [Bool] = []
        var texts: [UnsafeBufferPointer<UInt8>] = []
        var hashes: [UInt64] = []
        swap(&ints, &self.ints)
        swap(&bools, &self.bools)
        swap(&texts, &self.texts)
        swap(&hashes, &self.textHashes)
        let cache = yesNoCache
        let table = table
        ints.withUnsafeMutableBufferPointer { ints in
        bools.withUnsafeMutableBufferPointer { bools in
        texts.withUnsafeMutableBufferPointer { texts in
        hashes.withUnsafeMutableBufferPointer { hashes in
        plan.withUnsafeBufferPointer { plan in
            for step in plan {
                let slot = step.slot
                let column = step.column
                guard column >= 0 else {
                    switch step.kind {
                    case .text:
                        texts[slot] = UnsafeBufferPointer(start: nil, count: 0)
                        hashes[slot] = table.textHash(slot: slot, bytes: texts[slot])
                    case .int: ints[slot] = 0
                    case .bool: bools[slot] = false
                    }
                    continue
                }
                switch step.kind {
                case .text:
                    if let bytes = cells.cleanBytes(column) {
                        if step.required && bytes.isEmpty { problems.append(place(column).blankText()) }
                        texts[slot] = bytes
                    } else {
                        let value = cells.cleanText(column)
                        if step.required && value.isEmpty { problems.append(place(column).blankText()) }
                        texts[slot] = keep(value, slot: slot)
                    }
                    hashes[slot] = table.textHash(slot: slot, bytes: texts[slot])
                case .int:
                    switch cells.wholeNumber(column) {
                    case .blank:
                        problems.append(place(column).blankNumber())
                    case .invalid:
                        problems.append(place(column).notWholeNumber(cells.cleanText(column)))
                    case .value(let number):
                        ints[slot] = number
                        if step.hasMinimum && number < step.minimum {
                            problems.append(place(column).belowMinimum(cells.cleanText(column), step.minimum))
                        } else if step.hasMaximum && number > step.maximum {
                            problems.append(place(column).aboveMaximum(cells.cleanText(column), step.maximum))
                        } else if !RecordTable.intRange.contains(number) {
                            // The table stores whole numbers in 32 bits.
                            problems.append(place(column).outOfRange(cells.cleanText(column)))
                        }
                    }
                case .bool:
                    if let value = cells.yesNo(column, cache: cache) {
                        bools[slot] = value
                    } else {
                        problems.append(place(column).notYesNo(cells.cleanText(column)))
                    }
                }
            }
            // Cross-field checks only make sense once every value could be read.
            if problems.isEmpty && !conditions.isEmpty {
                frame.begin(row: table.count)
                // (The frame's slots are fixed buffers: plain stores.)
                let frame = frame
                for step in plan {
                    switch step.kind {
                    case .int: frame.numbers[step.slot] = Rational(integer: ints[step.slot])
                    case .bool: frame.bools[step.slot] = bools[step.slot]
                    case .text: break
                    }
                }
                for slot in checkTextSlots { frame.texts[slot] = String(decoding: texts[slot], as: UTF8.self) }
                var failed: [Int] = []
                conditions.withUnsafeBufferPointer { conditions in
                    for index in conditions.indices where !conditions[index](frame) { failed.append(index) }
                }
                if !failed.isEmpty {
                    // Messages may show any value of the row.
                    for slot in texts.indices { frame.texts[slot] = String(decoding: texts[slot], as: UTF8.self) }
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
        }
        }
        }
        }
        }
        if problems.isEmpty {
            ints.withUnsafeBufferPointer { ints in
                bools.withUnsafeBufferPointer { bools in
                    texts.withUnsafeBufferPointer { texts in
                        hashes.withUnsafeBufferPointer { hashes in
                            table.append(ints: ints, bools: bools, textBytes: texts, textHashes: hashes, origin: origin)
                        }
                    }
                }
            }
        }
        swap(&ints, &self.ints)
        swap(&bools, &self.bools)
        swap(&texts, &self.texts)
        swap(&hashes, &self.textHashes)
        defer {
            // The row's bytes (in the file, perhaps mapped) are not to be kept past the row.
            for slot in self.texts.indices { self.texts[slot] = UnsafeBufferPointer(start: nil, count: 0) }
        }
        if problems.isEmpty { return }
        let keyFields = model.keyFieldIndexes
        let keyValues = keyFields.map { value(of: $0) }
        rejected.append(RejectedRow(origin: origin, commune: value(of: model.communeFieldIndex), key: displayKey(keyValues),
                                    name: value(of: model.nameFieldIndex), problems: problems,
                                    hamlet: model.hamletFieldIndex.map { value(of: $0) }, texts: rejectedTexts(value(of:))))
        rejectedKeys.append(keyValues.contains("") ? nil : keyValues.joined(separator: "\u{1F}"))
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
            binding.fieldColumns[field].map { cells.cleanText($0) } ?? ""
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
        case .text: return string(slot: slot)
        case .int: return String(ints[slot])
        case .bool: return bools[slot] ? "1" : "0"
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
}
