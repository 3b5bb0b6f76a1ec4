import Foundation
import Testing
import TextSupport

@Suite("Display width")
struct DisplayWidthTests {
    @Test("Vietnamese letters take one column whether precomposed or decomposed")
    func vietnamese() {
        let name = "Nguyễn Văn Hữu"
        #expect(DisplayWidth.of(name) == 14)
        #expect(DisplayWidth.of(name.decomposedStringWithCanonicalMapping) == 14)
        #expect(DisplayWidth.of("e\u{0302}\u{0301}") == 1)   // ế from three scalars
    }

    @Test("East Asian wide characters and emoji take two columns, controls none")
    func wide() {
        #expect(DisplayWidth.of("学习") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("📚") == 2)
        #expect(DisplayWidth.of("a\u{0C}b") == 2)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test("truncation ends with … and never splits a letter from its marks")
    func truncate() {
        #expect(DisplayWidth.truncate("Nguyễn Văn An", to: 8) == "Nguyễn …")
        #expect(DisplayWidth.truncate("Nguyễn Văn An", to: 13) == "Nguyễn Văn An")
        let decomposed = "Trường".decomposedStringWithCanonicalMapping
        let cut = DisplayWidth.truncate(decomposed, to: 4)
        #expect(DisplayWidth.of(cut) == 4)
        #expect(cut.precomposedStringWithCanonicalMapping == "Trư…")
        #expect(DisplayWidth.truncate("学习学习", to: 4) == "学…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test("padding and centring count columns, not bytes or scalars")
    func padding() {
        let decomposed = "Hữu".decomposedStringWithCanonicalMapping
        #expect(DisplayWidth.padRight(decomposed, to: 5) == decomposed + "  ")
        #expect(DisplayWidth.padLeft("95", to: 4) == "  95")
        #expect(DisplayWidth.center("Ấp", in: 7) == "  Ấp   ")
        #expect(DisplayWidth.padRight("Nguyễn Văn An", to: 6) == "Nguyễ…")
    }

    @Test("wrapping breaks at spaces and indents continuation lines")
    func wrap() {
        let lines = DisplayWidth.wrap("tổng 75 điểm, dưới mức đạt 80", width: 14, indent: "  ")
        #expect(lines == ["tổng 75 điểm,", "  dưới mức đạt", "  80"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 14 })
    }
}
