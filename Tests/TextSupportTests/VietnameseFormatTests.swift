import Testing
import TextSupport

@Suite("Vietnamese format")
struct VietnameseFormatTests {
    @Test("percentages use a decimal comma in Vietnamese and a point in English")
    func separators() {
        #expect(VietnameseFormat.percent(29, of: 40, language: .vietnamese) == "72,5%")
        #expect(VietnameseFormat.percent(29, of: 40, language: .english) == "72.5%")
        #expect(VietnameseFormat.percent(40, of: 40, language: .vietnamese) == "100,0%")
        #expect(VietnameseFormat.percent(0, of: 7, language: .vietnamese) == "0,0%")
    }

    @Test("percentages round half up at the tenth", arguments: [
        (1, 8, "12,5%"), (2, 3, "66,7%"), (1, 3, "33,3%"), (1, 16, "6,3%"), (368, 600, "61,3%"), (8, 11, "72,7%"),
    ])
    func rounding(part: Int, whole: Int, expected: String) {
        #expect(VietnameseFormat.percent(part, of: whole, language: .vietnamese) == expected)
    }

    @Test("a share of nothing is a dash")
    func zeroDenominator() {
        #expect(VietnameseFormat.percent(0, of: 0, language: .vietnamese) == "—")
        #expect(VietnameseFormat.percent(3, of: 0, language: .english) == "—")
    }

    @Test("the official date line pads days below 10 and the months 1 and 2 only (Nghị định 30), in Vietnamese only")
    func dateLine() {
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2024, month: 11, day: 5, language: .vietnamese)
                == "Long Hữu, ngày 05 tháng 11 năm 2024")
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2024, month: 11, day: 5, language: .english)
                == "Long Hữu, 5 November 2024")
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2025, month: 3, day: 21, language: .vietnamese)
                == "Long Hữu, ngày 21 tháng 3 năm 2025")
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2025, month: 3, day: 5, language: .vietnamese)
                == "Long Hữu, ngày 05 tháng 3 năm 2025")
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2025, month: 2, day: 28, language: .vietnamese)
                == "Long Hữu, ngày 28 tháng 02 năm 2025")
        #expect(VietnameseFormat.dateLine(place: "Long Hữu", year: 2025, month: 12, day: 10, language: .vietnamese)
                == "Long Hữu, ngày 10 tháng 12 năm 2025")
        #expect(VietnameseFormat.dateLine(place: nil, year: 2024, month: 1, day: 9, language: .vietnamese)
                == "Ngày 09 tháng 01 năm 2024")
    }
}
