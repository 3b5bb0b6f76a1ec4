import Machinery
import Criteria
import Records

/// The quick way through a CSV record that is plainly valid: one walk over its bytes that splits
/// the cells and parses each one straight into the row's typed values, with no list of cells in
/// between and no `String`.
///
/// It only takes a record that a full read would take as a valid row with nothing to say about
/// it: exactly one cell per header column, no quotes, and every rule of the model's
/// ``RowValidator`` met — the same rules the full way runs, asked the same way, but given up at
/// the first one broken. Anything else — a quote, a blank required cell, a value that is not a
/// number, a missing or extra cell, a failed check, a blank line — makes ``take(_:scanner:)``
/// return `false` having changed nothing, and the caller reads the record the full way
/// (``CSVScanner``, ``ModelIntake/take(_:binding:plan:origin:source:headerColumns:extraProblems:)``),
/// which finds the problem and words it. Each value is parsed by the same functions the full way
/// uses (``ValueParsing``), so a record gives the same values either way.
///
/// ```swift
/// if let fast = CSVFastRows(table: table, delimiter: scanner.delimiter), fast.take(buffer, scanner: &scanner) { … }
/// ```
struct CSVFastRows {
    /// What to do with one column: nothing (a column no field reads), or read a field by its rule.
    struct Step {
        var reads = false
        var rule = RowValidator.FieldRule(kind: .text, slot: 0, required: false, hasMinimum: false, hasMaximum: false,
                                          minimum: 0, maximum: 0)
    }

    let intake: ModelIntake
    let sourceIndex: Int32
    let delimiter: UInt8
    /// One step per header column (``TableIntake/headerColumns``), in a buffer of its own.
    private let steps: FixedBuffer<Step>

    /// `nil` when the table cannot take records this way: a column feeding two fields, or no
    /// column that a blank record would leave empty where a value is required (a blank line must
    /// never pass as a record: the full way skips it).
    init?(table: TableIntake, delimiter: UInt8) {
        let columns = table.headerColumns
        guard columns > 0 else { return nil }
        var steps = [Step](repeating: Step(), count: columns)
        var guardsBlank = false
        for step in table.plan where step.column >= 0 {
            guard step.column < columns, !steps[step.column].reads else { return nil }
            switch step.kind {
            case .text:
                if step.rule.required { guardsBlank = true }
            case .int:
                // A blank whole number is always a problem.
                guardsBlank = true
            case .bool:
                break
            }
            steps[step.column] = Step(reads: true, rule: step.rule)
        }
        guard guardsBlank else { return nil }
        intake = table.intake
        sourceIndex = table.sourceIndex
        self.delimiter = delimiter
        self.steps = FixedBuffer(steps)
        intake.prepareQuickRows(absent: table.plan.filter { $0.column < 0 })
    }

    /// Takes the record at the scanner's position if it is plainly valid, and moves the scanner
    /// past it; otherwise returns `false` and changes nothing.
    @inline(__always)
    func take(_ buffer: ColumnView<UInt8>, scanner: inout CSVScanner) -> Bool {
        guard let end = parse(buffer, from: scanner.position) else { return false }
        let endsLine = end.next > end.contentEnd
        guard intake.takeQuickRow(origin: RowOrigin(source: sourceIndex, row: Int32(scanner.record + 1))) else { return false }
        scanner.skipRecord(to: end.next, endsLine: endsLine)
        return true
    }

    /// Where the cell starting at `start` ends: the first delimiter or line feed at or after it
    /// (or `end`, at most the view's count). Cells of none or one byte (most counts and tick
    /// boxes) are settled at once; longer ones are searched eight bytes at a time.
    @inline(__always)
    static func cellEnd(_ bytes: ColumnView<UInt8>, from start: Int, end: Int, delimiter: UInt8) -> Int {
        let newline = CSVScanner.newline
        if start >= end || bytes[unchecked: start] == delimiter || bytes[unchecked: start] == newline { return start }
        var j = start + 1
        if j >= end || bytes[unchecked: j] == delimiter || bytes[unchecked: j] == newline { return j }
        j += 1
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = UInt64(delimiter) &* ones, newlines = UInt64(newline) &* ones
        while j + 8 <= end {
            let word = bytes.word(at: j)
            // A byte equal to the delimiter or a line feed becomes zero; the lowest zero byte is
            // found exactly (borrows only disturb the bytes above it).
            let x = word ^ delimiters, y = word ^ newlines
            let found = ((x &- ones) & ~x | (y &- ones) & ~y) & highs
            if found != 0 { return j + found.trailingZeroBitCount >> 3 }
            j += 8
        }
        while j < end && bytes[unchecked: j] != delimiter && bytes[unchecked: j] != newline { j += 1 }
        return j
    }

    /// Parses the record starting at `start` into the intake's quick row, checking each value
    /// against its field's rule; `nil` when it is not plainly valid. Returns where the record's
    /// last cell ends and where the next record starts.
    @inline(__always)
    private func parse(_ bytes: ColumnView<UInt8>, from start: Int) -> (contentEnd: Int, next: Int)? {
        let end = bytes.count
        let delimiter = delimiter
        let newline = CSVScanner.newline
        let row = intake.quickRow
        let ints = row.ints.view, bools = row.bools.view, texts = row.texts.view, hashes = row.hashes.view
        let table = intake.table
        let cache = intake.yesNoCache
        let steps = steps.view
        let last = steps.count - 1
        var i = start
        for c in 0...last {
            let fieldStart = i
            // A quoted cell: the full way.
            if i < end && bytes[unchecked: i] == CSVScanner.quote { return nil }
            i = Self.cellEnd(bytes, from: i, end: end, delimiter: delimiter)
            var fieldEnd = i
            if c == last {
                // The line must end here (no extra cells); a CR before the LF is not part of the cell.
                guard i == end || bytes[unchecked: i] == newline else { return nil }
                if fieldEnd > fieldStart && bytes[unchecked: fieldEnd - 1] == CSVScanner.carriageReturn { fieldEnd -= 1 }
            } else {
                // A line break before the last column: cells are missing.
                guard i < end && bytes[unchecked: i] == delimiter else { return nil }
                i += 1
            }
            let step = steps[unchecked: c]
            guard step.reads else { continue }
            let rule = step.rule
            let cell = bytes.view(unchecked: fieldStart..<fieldEnd)
            switch rule.kind {
            case .text:
                guard let range = ValueParsing.cleanRange(bytes: cell), rule.acceptsText(isEmpty: range.isEmpty) else { return nil }
                let text = cell.view(unchecked: range)
                texts[unchecked: rule.slot] = text
                hashes[unchecked: rule.slot] = table.textHash(uncheckedSlot: rule.slot, bytes: text)
            case .int:
                // A single digit, the usual count, is read here; anything longer by the parser.
                if cell.count == 1, case let digit = Int64(bytes[unchecked: fieldStart]) &- 48, digit >= 0 && digit <= 9,
                   rule.accepts(digit) {
                    ints[unchecked: rule.slot] = digit
                    continue
                }
                guard case .value(let number) = ValueParsing.wholeNumber(cell), rule.accepts(number) else { return nil }
                ints[unchecked: rule.slot] = number
            case .bool:
                // Blank and the one-byte marks are answered here; other spellings by the cache.
                if cell.count == 0 {
                    bools[unchecked: rule.slot] = false
                } else if cell.count == 1, let answer = ValueParsing.quickYesNo(cell, start: 0, end: 1), let value = answer {
                    bools[unchecked: rule.slot] = value
                } else {
                    guard let value = ValueParsing.yesNo(bytes: cell, cache: cache) else { return nil }
                    bools[unchecked: rule.slot] = value
                }
            }
        }
        if i >= end { return (end, end) }
        return (i, i + 1)
    }
}
