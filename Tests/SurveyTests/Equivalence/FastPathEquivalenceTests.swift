import Testing
@testable import Survey

/// The one-pass, several-part UTF-8 check must agree with the sequential checks it replaces.
@Suite("UTF-8 check in parts")
struct UTF8ScanTests {
    static func expected(_ bytes: [UInt8]) -> SurveyTextDecoder.UTF8Scan {
        SurveyTextDecoder.firstInvalidUTF8(bytes) == nil ? .valid(marks: SurveyTextDecoder.hasMarkBytes(bytes)) : .invalid
    }

    @Test("agrees with the sequential checks on valid, marked and broken text, cut anywhere")
    func agrees() {
        let line = Array("A1-0001,Đặng Kim Nết,A1,Hòa Minh,,x,0,1\n".utf8)
        var text: [UInt8] = []
        while text.count < 5 << 20 { text += line }
        let decomposed = Array("Hoa\u{300} Minh".utf8)
        var cases: [[UInt8]] = [text, [], Array("Hòa".utf8)]
        for at in [0, 1, text.count / 2 - 1, text.count / 2, text.count / 2 + 1, text.count - 3] {
            var marked = text
            marked.insert(contentsOf: decomposed, at: min(at, marked.count))
            cases.append(marked)
            var broken = text
            broken.insert(0xE1, at: min(at, broken.count))
            cases.append(broken)
            var truncated = text
            truncated.replaceSubrange(min(at, text.count - 1)..<min(at, text.count - 1) + 1, with: [0xC3])
            cases.append(truncated)
        }
        for bytes in cases {
            let want = Self.expected(bytes)
            for threads in [1, 2, 3, 8] {
                #expect(SurveyTextDecoder.scanUTF8(bytes, threads: threads) == want)
            }
        }
    }
}
