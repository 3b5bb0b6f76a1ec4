import Machinery
@testable import Reports
import Testing
import TextSupport

/// Pages kept as bytes: a block of formatted lines copied in runs (line breaks counted eight
/// bytes at a time) lays out the same pages as the same lines given one by one.
@Suite("Page bytes")
struct PageBytesTests {
    @Test("line breaks are counted exactly in every byte of a word")
    func lineBreakCount() {
        #expect(PageWriter.lineBreaks(in: 0) == 0)
        #expect(PageWriter.lineBreaks(in: 0x0A0A_0A0A_0A0A_0A0A) == 8)
        #expect(PageWriter.lineBreaks(in: .max) == 0)
        // Bytes next to a line break (0x0B, 0x09, 0x8A, 0xFF) are not line breaks.
        #expect(PageWriter.lineBreaks(in: 0x0B09_8AFF_0A00_0A8A) == 2)
        for shift in stride(from: 0, to: 64, by: 8) {
            #expect(PageWriter.lineBreaks(in: UInt64(0x0A) << UInt64(shift)) == 1)
            // 0xFF bytes around one 0x0A (~0xF5): one line break.
            #expect(PageWriter.lineBreaks(in: ~(UInt64(0xF5) << UInt64(shift))) == 1)
            #expect(PageWriter.lineBreaks(in: UInt64(0x0B) << UInt64(shift)) == 0)
        }
    }

    @Test("a block of lines gives the pages its lines give one by one", arguments: [20, 23, 61])
    func blockEqualsLines(pageLines: Int) {
        // A fixed sequence of lengths (a linear congruential generator): the same on every run.
        var state = UInt64(pageLines)
        func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
        let lines = (0..<500).map { i in
            " " + String(repeating: "ả", count: next(1...30)) + " \(i)"
        }
        var settings = ReportSettings()
        settings.width = 80
        settings.paginate = true
        settings.pageLines = pageLines
        func pages(_ write: (PageWriter) -> Void) -> String {
            let sink = OutputSink()
            let writer = PageWriter(settings: settings, language: .vietnamese, sink: sink)
            writer.line("TITLE")
            writer.line("")
            writer.tableHeader = [" HEADER", " ──────"]
            write(writer)
            writer.tableHeader = nil
            writer.line("")
            writer.line("END")
            writer.finish()
            return sink.captured ?? ""
        }
        let oneByOne = pages { writer in lines.forEach(writer.line) }
        let blocks = pages { writer in
            var start = 0
            while start < lines.count {
                let count = min(lines.count - start, next(1...97))
                var bytes = Array(lines[start..<(start + count)].joined(separator: "\n").utf8) + [0x0A]
                bytes.withColumnView { writer.lines(utf8: $0) }
                start += count
            }
        }
        #expect(blocks == oneByOne)
        #expect(oneByOne.contains("\u{0C}"))
    }
}
