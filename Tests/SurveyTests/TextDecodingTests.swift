import Foundation
import Machinery
import Testing
@testable import Survey

@Suite("Text decoding")
struct TextDecodingTests {
    /// The bytes the real iconv command writes for a text (so no encoder is re-implemented here).
    func encoded(_ text: String, _ encoding: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    @Test("the last letter survives: iconv holds it back until the flush call")
    func flushKeepsLastLetter() throws {
        // "Hà" in Windows-1258 is 48 E0; "Thị" ends with a separate tone byte (F2).
        #expect(IconvTranscoder.toUTF8([0x48, 0xE0], from: "CP1258")?.utf8 == Array("Hà".utf8))
        let thi = try encoded("Thị", "CP1258")
        #expect(String(decoding: IconvTranscoder.toUTF8(thi, from: "CP1258")!.utf8, as: UTF8.self) == "Thị")
    }

    @Test("Windows-1258 and TCVN3 are told apart by well-formed words, both ways")
    func legacyGuess() throws {
        let sample = "Nguyễn Văn Ánh,Trần Thị Ẩn,Lê Hữu Ổn,Đỗ Thị Ngọc,Dương Thị Hường,Số trẻ đến trường\n"
        let windows = try SurveyTextDecoder.decode(try encoded(sample, "CP1258"), choice: .automatic)
        #expect(windows.encoding == .windows1258)
        #expect(windows.guessed)
        #expect(String(decoding: windows.utf8, as: UTF8.self) == sample)
        let tcvn = try SurveyTextDecoder.decode(try encoded(sample, "TCVN5712-1"), choice: .automatic)
        #expect(tcvn.encoding == .tcvn3)
        #expect(String(decoding: tcvn.utf8, as: UTF8.self) == sample)
    }

    @Test("a word with two tone marks is not well-formed Vietnamese; Windows-1258 read as TCVN3 makes such words")
    func wordCheck() {
        #expect(VietnameseWordCheck.isWellFormed("Nguyễn"))
        #expect(!VietnameseWordCheck.isWellFormed("Nguyờịn"))
        #expect(!VietnameseWordCheck.isWellFormed("NguyÔn"))   // a capital after small letters
        #expect(!VietnameseWordCheck.isWellFormed("V¨n"))      // not a letter
        #expect(VietnameseWordCheck.score("Trẻ\u{01}") < VietnameseWordCheck.score("Trẻ"))
    }

    @Test("byte-order marks decide UTF-8 and UTF-16, and an explicit choice is obeyed")
    func byteOrderMarks() throws {
        let bom8 = try SurveyTextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("Mã".utf8), choice: .automatic)
        #expect(bom8.encoding == .utf8 && bom8.utf8 == Array("Mã".utf8))
        let le: [UInt8] = [0xFF, 0xFE, 0x4D, 0x00, 0xE3, 0x00]
        let utf16 = try SurveyTextDecoder.decode(le, choice: .automatic)
        #expect(utf16.encoding == .utf16LittleEndian && String(decoding: utf16.utf8, as: UTF8.self) == "Mã")
        let be: [UInt8] = [0xFE, 0xFF, 0x00, 0x4D, 0x00, 0xE3]
        #expect(String(decoding: try SurveyTextDecoder.decode(be, choice: .utf16).utf8, as: UTF8.self) == "Mã")
        let forced = try SurveyTextDecoder.decode(try encoded("Văn", "TCVN5712-1"), choice: .tcvn3)
        #expect(forced.encoding == .tcvn3 && !forced.guessed && String(decoding: forced.utf8, as: UTF8.self) == "Văn")
    }

    @Test("decomposed UTF-8 (from a Mac) is stored NFC")
    func nfc() throws {
        let decomposed = Array("Nguyê\u{303}n".utf8)
        let decoded = try SurveyTextDecoder.decode(decomposed, choice: .automatic)
        #expect(decoded.utf8 == Array("Nguyễn".utf8))
    }

    @Test("binary bytes are not text, and an explicit UTF-8 choice names the line of a bad byte")
    func failures() {
        #expect(throws: SurveyTextDecoder.Failure.notText) { try SurveyTextDecoder.decode([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01], choice: .automatic) }
        #expect(throws: SurveyTextDecoder.Failure.invalid(.utf8, line: 2)) {
            try SurveyTextDecoder.decode(Array("a\nb".utf8) + [0xFF], choice: .utf8)
        }
    }

    @Test("TCVN3 letters typed with a Western font are recognised; real Unicode is left alone")
    func tcvn3InUnicode() {
        #expect(TCVN3InUnicode.repair("NguyÔn V¨n") == "Nguyễn Văn")
        #expect(TCVN3InUnicode.repair("Lª ThÞ Hång") == "Lê Thị Hồng")
        #expect(TCVN3InUnicode.repair("Lê An") == nil)
        #expect(TCVN3InUnicode.repair("Nguyễn Văn") == nil)
        #expect(TCVN3InUnicode.repair("HO0001") == nil)
    }

    @Test("encoding names on the command line")
    func choiceNames() {
        #expect(TextEncodingChoice(argument: "cp1258") == .windows1258)
        #expect(TextEncodingChoice(argument: "Windows-1258") == .windows1258)
        #expect(TextEncodingChoice(argument: "ABC") == .tcvn3)
        #expect(TextEncodingChoice(argument: "utf-8") == .utf8)
        #expect(TextEncodingChoice(argument: "latin1") == nil)
    }
}
