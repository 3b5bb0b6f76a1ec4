import Machinery
@testable import Reports
import Testing
import TextSupport

/// A table's rows formatted as bytes and handed to the page writer in blocks (cut into pages at
/// the line ends the blocks come with) lay out the same pages as the same lines given one by one.
@Suite("Page bytes")
struct PageBytesTests {
    @Test("a table's rows in blocks give the pages their lines give one by one", arguments: [20, 23, 61])
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
            // Two tables (so that the second starts on a page the first has begun to fill).
            for table in [lines[..<200], lines[200...]] {
                writer.rows(TableRows(count: table.count) { emit in
                    var start = table.startIndex
                    while start < table.endIndex {
                        let count = min(table.endIndex - start, next(1...97))
                        var bytes: [UInt8] = [], ends: [Int] = []
                        for line in table[start..<(start + count)] {
                            bytes += Array(line.utf8) + [0x0A]
                            ends.append(bytes.count)
                        }
                        bytes.withColumnView { b in ends.withColumnView { e in emit(b, e) } }
                        start += count
                    }
                })
            }
        }
        #expect(blocks == oneByOne)
        #expect(oneByOne.contains("\u{0C}"))
    }
}
