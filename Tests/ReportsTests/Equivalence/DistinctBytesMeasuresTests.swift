import Machinery
@testable import Reports
import Testing
import TextSupport

/// A coded column's distinct values are worked out once for what their writer needs: a
/// report's are put on one line when a value holds a line break or tab (found by looking at the
/// values' bytes eight at a time) and measured; a CSV field's are only scanned for quotes.
@Suite("Distinct values measured for their writer")
struct DistinctBytesMeasuresTests {
    static let plain = ["Nguyễn Văn An", "Long Hữu", "", "Ấp Long Khánh 2", String(repeating: "x", count: 23), "Xã \"Mới\", ấp 3"]

    @Test("a control character anywhere (first, last, across eight-byte words) puts a report's values on one line, as each text's own check does")
    func controlBytes() {
        #expect(!ByteTable(Self.plain).containsControlBytes)
        for position in 0...16 {
            for control in ["\t", "\n", "\r", "\u{1F}", "\u{01}"] {
                var text = String(repeating: "a", count: 16)
                text.insert(contentsOf: control, at: text.index(text.startIndex, offsetBy: position))
                let values = Self.plain + [text]
                #expect(ByteTable(values).containsControlBytes == values.contains(where: DisplayWidth.needsOneLine))
                let distinct = values.withColumnView { DistinctBytes($0, oneLine: true, measuring: .widths) }
                #expect((0..<values.count).map { String(decoding: distinct.values[$0], as: UTF8.self) } == values.map(DisplayWidth.oneLine),
                        "control \(control.unicodeScalars.map(\.value)) at \(position)")
                #expect(Array(distinct.widths) == values.map { DisplayWidth.of(DisplayWidth.oneLine($0)) })
            }
        }
    }

    @Test("a CSV field's values are scanned for quotes as the writer would scan each, and a report's are measured as each text is")
    func measures() {
        let csv = Self.plain.withColumnView { DistinctBytes(csv: $0) }
        #expect(Array(csv.needsQuotes) == Self.plain.map { var text = $0; return text.withByteView(CSVWriter.needsQuotes) })
        #expect(csv.hasQuotes && !csv.hasWidths)
        let report = Self.plain.withColumnView { DistinctBytes($0, oneLine: true, measuring: .widths) }
        #expect(Array(report.widths) == Self.plain.map(DisplayWidth.of))
        #expect(report.hasWidths && !report.hasQuotes)
        let both = DistinctBytes(Self.plain)
        #expect(both.hasWidths && both.hasQuotes)
    }
}
