import Criteria
import Foundation
import SurveySamples
import Testing

/// A field a province adds gets a column of plausible values from its declared type and
/// bounds, and the columns the generator knows keep their values.
@Suite struct DeclaredColumnTests {
    static let households = "ho-gia-dinh.csv"
    static let added = SampleFixtures.addedFields.map(\.id)
    static let tickVocabularies: [Set<String>] = [["x", "X", ""], ["Có", "có", "Không"], ["1", "0"]]
    static let knownBools = ["vung_kho_khan", "ho_ngheo", "tre_ngoan", "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach",
                             "phuong_tien", "quy_khuyen_hoc", "kinh_te_on_dinh", "gia_dinh_van_hoa", "vi_pham"]

    /// The shipped criteria, compiled, with the added fields at the end of the household model.
    static func criteriaWithAddedFields() throws -> CriteriaSet {
        var definitions = try SampleFixtures.shippedDefinitions()
        definitions[0].fields += SampleFixtures.addedFields
        return try SampleFixtures.compile(definitions)
    }

    @Test func addedFieldsAppearWithValuesWithinTheirBounds() throws {
        let g = try Generated(households: 5_000, seed: 11, criteria: Self.criteriaWithAddedFields())
        let shipped = try Generated(households: 300, seed: 11)
        #expect(try g.header(Self.households) == shipped.header(Self.households) + Self.added)

        let rows = try g.rows(Self.households)
        var sessions = Set<Int>()
        var ticked = 0
        var blankNotes = 0
        for row in rows {
            let value = try #require(Int(row["so_buoi_doc_sach"]!), "not a whole number: \(row["so_buoi_doc_sach"]!)")
            #expect((2...12).contains(value))
            sessions.insert(value)
            // The added tick box is in the style of the rest of the row's commune.
            let values = Set((Self.knownBools + ["co_the_thu_vien"]).map { row[$0]! })
            #expect(Self.tickVocabularies.contains { values.isSubset(of: $0) }, "mixed tick styles \(values)")
            if ["x", "X", "Có", "có", "1"].contains(row["co_the_thu_vien"]!) { ticked += 1 }
            if row["ghi_chu"]!.isEmpty { blankNotes += 1 }
        }
        #expect(sessions == Set(2...12), "every allowed number occurs")
        #expect(ticked > rows.count / 2 && ticked < rows.count * 9 / 10, "ticked \(ticked) of \(rows.count)")
        #expect(blankNotes > 0 && blankNotes < rows.count / 2, "an optional note is sometimes blank")
    }

    @Test func addingFieldsLeavesTheOtherColumnsAsTheyWere() throws {
        let shipped = try Generated(households: 6_000, seed: 4)
        let edited = try Generated(households: 6_000, seed: 4, criteria: Self.criteriaWithAddedFields())
        #expect(edited.summary == shipped.summary)
        let before = try shipped.rows(Self.households)
        let after = try edited.rows(Self.households).map { $0.filter { !Self.added.contains($0.key) } }
        #expect(after == before)
        for file in ["dong-ho.csv", "ap.csv"] {
            #expect(try edited.data(file) == shipped.data(file))
        }
    }

    @Test func reorderedAndRemovedFieldsKeepTheValuesOfTheOthers() throws {
        var definitions = try SampleFixtures.shippedDefinitions()
        definitions[0].fields.reverse()
        definitions[0].fields.removeAll { $0.id == "tu_sach" }
        let shipped = try Generated(households: 3_000, seed: 6)
        let edited = try Generated(households: 3_000, seed: 6, models: SampleModels(definitions: definitions))
        #expect(try edited.header(Self.households) == definitions[0].fields.map(\.id))
        let before = try shipped.rows(Self.households).map { $0.filter { $0.key != "tu_sach" } }
        #expect(try edited.rows(Self.households) == before)
    }

    @Test func aKnownIdWithAnotherTypeIsFilledFromItsDeclaration() throws {
        // A province that counts the clan meetings as a tick box ("met at all") gets tick boxes.
        var definitions = try SampleFixtures.shippedDefinitions()
        let clan = try #require(definitions.firstIndex { $0.id == "dong-ho-hoc-tap" })
        let meetings = try #require(definitions[clan].fields.firstIndex { $0.id == "sinh_hoat" })
        definitions[clan].fields[meetings].type = .bool
        let g = try Generated(households: 3_000, seed: 9, models: SampleModels(definitions: definitions))
        let vocabulary = Self.tickVocabularies.reduce(Set<String>()) { $0.union($1) }
        #expect(try g.rows("dong-ho.csv").allSatisfy { vocabulary.contains($0["sinh_hoat"]!) })
    }
}
