import Foundation
import Glibc
import Reports
import Testing

/// Issue 13: names with terminal escape sequences never reach a terminal as escapes.
@Suite struct TerminalTextTests {
    @Test("escapes, DEL, lone carriage returns and C1 controls are shown as \\u{…}; letters, tabs and line ends stay")
    func controlsAreShown() {
        #expect(TerminalText.escapingControls("Lê\u{1B}[2JVăn") == "Lê\\u{1B}[2JVăn")
        #expect(TerminalText.escapingControls("a\u{7F}b\u{9B}31mc") == "a\\u{7F}b\\u{9B}31mc")
        #expect(TerminalText.escapingControls("ghi đè\rdòng") == "ghi đè\\u{0D}dòng")
        #expect(TerminalText.escapingControls("Nguyễn Văn Ánh\tLD\r\n") == "Nguyễn Văn Ánh\tLD\r\n")
        #expect(TerminalText.escapingControls("\u{0}") == "\\u{00}")
        // Vietnamese letters whose UTF-8 starts with 0xC2/0xC3 are not controls.
        #expect(TerminalText.escapingControls("Â ½ ©") == "Â ½ ©")
    }

    @Test("a report written to a terminal shows the escapes; written to a file it keeps the bytes")
    func terminalSinkShowsControls() throws {
        // A pseudo-terminal from /dev/ptmx (Linux): unlock it (TIOCSPTLCK) and find its number
        // (TIOCGPTN); Glibc's posix_openpt family is not visible to Swift.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        var unlock: CInt = 0
        var number: CInt = 0
        #expect(ioctl(master, UInt(0x4004_5431), &unlock) == 0)
        #expect(ioctl(master, UInt(0x8004_5430), &number) == 0)
        let terminalPath = "/dev/pts/\(number)"
        let sink = try OutputSink(path: terminalPath)
        sink.write("Tên: Lê\u{1B}]0;bi-danh\u{7}Văn\n")
        sink.close()
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(master, &buffer, buffer.count)
        let shown = String(decoding: Array(buffer[0..<max(count, 0)]), as: UTF8.self)
        #expect(!shown.utf8.contains(0x1B), "an escape reached the terminal: \(shown.debugDescription)")
        #expect(shown.contains("Lê\\u{1B}]0;bi-danh\\u{07}Văn"), "\(shown.debugDescription)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-raw-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let fileSink = try OutputSink(path: file.path)
        fileSink.write("Lê\u{1B}Văn\n")
        fileSink.close()
        #expect(try Data(contentsOf: file) == Data("Lê\u{1B}Văn\n".utf8))
    }
}
