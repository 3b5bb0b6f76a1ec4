import Machinery
import Testing
@testable import Survey

@Suite("CSV splitting on bytes")
struct CSVScannerTests {
    /// Every record's fields as strings, or the unterminated-quote line where one was met.
    func split(_ text: String, delimiter: Character? = nil) -> [[String]] {
        let bytes = Array(text.utf8)
        return bytes.withColumnView { buffer in
            var scanner = CSVScanner(delimiter: delimiter.map { $0.asciiValue! } ?? CSVScanner.detectDelimiter(in: buffer))
            let fields = CSVFields()
            var records: [[String]] = []
            while true {
                switch scanner.next(in: buffer, fields: fields) {
                case .end: return records
                case .record: records.append(fields.map { $0.string(in: buffer) })
                case .unterminatedQuote(let line):
                    records.append(["<unterminated from line \(line)>"])
                    scanner.recoverLine(in: buffer, fields: fields)
                    records.append(fields.map { $0.string(in: buffer) })
                }
            }
        }
    }

    @Test("RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes")
    func quoting() {
        let records = split("a,b,c\n\"Hộ nghèo, cận nghèo\",\"Ông \"\"Ba\"\"\",\"dòng 1\ndòng 2\"\nx,,z\n")
        #expect(records == [["a", "b", "c"], ["Hộ nghèo, cận nghèo", "Ông \"Ba\"", "dòng 1\ndòng 2"], ["x", "", "z"]])
    }

    @Test("CRLF and LF line ends, and a last line without one")
    func lineEnds() {
        #expect(split("a,b\r\n1,2\r\n3,4") == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(split("a,b\n\"1\",\"2\"\r\n") == [["a", "b"], ["1", "2"]])
    }

    @Test("the delimiter is found on the header line, outside quotes")
    func delimiter() {
        #expect(split("\"Xã, phường\";Mã hộ;x\n1;2;3\n")[0] == ["Xã, phường", "Mã hộ", "x"])
        #expect(split("a\tb,c\tdd\n")[0] == ["a", "b,c", "dd"])
        #expect(split("Mã hộ\nHO1\n") == [["Mã hộ"], ["HO1"]])
    }

    @Test("an unterminated quote names its line; the lines after it are still records")
    func unterminated() {
        let records = split("a,b\n1,2\n\"3,4\n5,6\n7,8\n")
        #expect(records == [["a", "b"], ["1", "2"], ["<unterminated from line 3>"], ["3,4"], ["5", "6"], ["7", "8"]])
    }

    @Test("record numbers count blank lines, as a spreadsheet shows them")
    func recordNumbers() {
        let bytes = Array("h\n\nx\n\"a\nb\"\ny\n".utf8)
        let numbers: [Int] = bytes.withColumnView { buffer in
            var scanner = CSVScanner(delimiter: UInt8(ascii: ","))
            let fields = CSVFields()
            var numbers: [Int] = []
            while scanner.next(in: buffer, fields: fields) == .record { numbers.append(scanner.record) }
            return numbers
        }
        #expect(numbers == [1, 2, 3, 4, 5])
    }
}
