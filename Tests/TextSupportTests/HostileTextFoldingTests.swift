import Testing
import TextSupport

/// Folding and cleaning stay linear on hostile text (issue 13): a letter carrying 100,000
/// combining marks of two classes made Foundation's normalisation reorder them for 24 s per call.
@Suite("Folding hostile text")
struct HostileTextFoldingTests {
    static let marks = "Xa" + String(repeating: "\u{301}\u{323}", count: 50_000) + " Long"

    @Test("a letter with 100,000 combining marks folds and cleans at once, keeping a few marks")
    func manyMarks() {
        #expect(VietnameseFolding.fold(Self.marks) == "xa long")
        let cleaned = VietnameseFolding.clean(Self.marks)
        #expect(cleaned.unicodeScalars.count <= 2 + VietnameseFolding.marksKeptInARow + 5)
        #expect(cleaned.hasSuffix(" Long"))
    }

    @Test("ordinary Vietnamese text is folded and cleaned as before")
    func ordinaryText() {
        #expect(VietnameseFolding.fold("Xã/Phường") == "xa phuong")
        #expect(VietnameseFolding.clean(" Nguye\u{302}\u{303}n ") == "Nguyễn")
        #expect(VietnameseFolding.boundedMarks("Nguyễn") == "Nguyễn")
    }
}
