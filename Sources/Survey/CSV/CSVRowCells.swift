import Machinery
import TextSupport

/// The cells of one CSV record, answered from the decoded bytes.
struct CSVRowCells: RowCells {
    let buffer: ColumnView<UInt8>
    let fields: CSVFields

    var count: Int { fields.count }

    func text(_ column: Int) -> String {
        column < fields.count ? fields[column].string(in: buffer) : ""
    }

    func cleanBytes(_ column: Int) -> ColumnView<UInt8>? {
        guard column < fields.count else { return ColumnView() }
        let field = fields[column]
        guard !field.hasDoubledQuotes else { return nil }
        let bytes = field.bytes(in: buffer)
        guard let range = ValueParsing.cleanRange(bytes: bytes) else { return nil }
        return bytes.view(unchecked: range)
    }

    func yesNo(_ column: Int, cache: YesNoCache) -> Bool? {
        column < fields.count ? ValueParsing.yesNo(bytes: fields[column].bytes(in: buffer), cache: cache) : false
    }

    func wholeNumber(_ column: Int) -> WholeNumberParse {
        column < fields.count ? ValueParsing.wholeNumber(fields[column].bytes(in: buffer)) : .blank
    }

    func yesNo(_ column: Int) -> Bool? {
        column < fields.count ? ValueParsing.yesNo(bytes: fields[column].bytes(in: buffer)) : false
    }

    func isBlank(_ column: Int) -> Bool {
        guard column < fields.count else { return true }
        let field = fields[column]
        for i in field.start..<field.end where !(buffer[unchecked: i] == 0x20 || buffer[unchecked: i] == 0x09 || buffer[unchecked: i] == 0x0D || buffer[unchecked: i] == 0x0A) {
            return false
        }
        return true
    }
}
