import Criteria
import Foundation
import SurveySamples
import Testing

/// Which model is the households', the clans' and the hamlets' comes from the criteria's
/// identities and relations, not from model ids, file names or order.
@Suite struct SampleModelsTests {
    @Test func shippedCriteriaGiveTheThreeModels() throws {
        let models = try SampleModels(criteria: SampleFixtures.shippedCriteria())
        #expect(models.household.id == "gia-dinh-hoc-tap")
        #expect(models.clan?.id == "dong-ho-hoc-tap")
        #expect(models.hamlet?.id == "cong-dong-hoc-tap")
        #expect(models.householdClanField == "ma_dong_ho")
    }

    @Test func renamedAndReorderedModelsGiveTheSameFiles() throws {
        var definitions = try SampleFixtures.shippedDefinitions()
        definitions[0].id = "ho-gia-dinh-tinh"
        for i in definitions.indices {
            for r in definitions[i].relations.indices { definitions[i].relations[r].model = "ho-gia-dinh-tinh" }
        }
        let renamed = try SampleModels(definitions: definitions.reversed())
        #expect(renamed.household.id == "ho-gia-dinh-tinh")
        #expect(renamed.clan?.id == "dong-ho-hoc-tap" && renamed.hamlet?.id == "cong-dong-hoc-tap")

        let shipped = try Generated(households: 2_500, seed: 8)
        let edited = try Generated(households: 2_500, seed: 8, models: renamed)
        for file in shipped.summary.files {
            #expect(try shipped.data(file) == edited.data(file), "\(file) changed with the model ids")
        }
    }

    @Test func householdsAloneGiveOneFile() throws {
        let household = try SampleFixtures.shippedDefinitions()[0]
        let models = try SampleModels(definitions: [household])
        #expect(models.clan == nil && models.hamlet == nil && models.householdClanField == nil)
        let g = try Generated(households: 300, seed: 2, models: models)
        #expect(g.summary.files == [SampleGenerator.householdFileName])
        #expect(g.summary.clans == 0 && g.summary.hamlets == 0)
        #expect(!FileManager.default.fileExists(atPath: g.directory.appendingPathComponent(SampleGenerator.clanFileName).path))
        #expect(try g.rows(SampleGenerator.householdFileName).count == 300)
    }

    @Test func criteriaWithoutHouseholdsAreRefused() throws {
        var definitions = try SampleFixtures.shippedDefinitions()
        definitions[0].hamletField = nil
        #expect(throws: SampleModelsError.noHouseholdModel(models: definitions.map(\.id))) {
            try SampleModels(definitions: definitions)
        }
        let message = SampleModelsError.noHouseholdModel(models: ["a"]).message(in: .english)
        #expect(message.contains("no household model"))
    }
}
