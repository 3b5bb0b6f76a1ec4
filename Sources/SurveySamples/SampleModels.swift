import Criteria
import TextSupport

/// The models of a criteria set that a sample is made of — households, clans and hamlets — and
/// the fields that tie them together, all read from the criteria themselves.
///
/// The household model is the one the other models aggregate over (the target of their
/// relations) and whose identity names a hamlet. The hamlet model is the one whose relation to
/// households links the households' hamlet field; the clan model links another household field
/// (`ma_dong_ho`), which becomes the households' clan column. Model ids, file names and field
/// order play no part, so a province may rename or reorder them. A model that is none of the
/// three (a province's fourth model) gets no sample file.
///
/// ```swift
/// let models = try SampleModels(criteria: report.criteria)
/// print(models.household.id, models.clan?.id ?? "-", models.hamlet?.id ?? "-")
/// // gia-dinh-hoc-tap dong-ho-hoc-tap cong-dong-hoc-tap
/// ```
public struct SampleModels: Sendable {
    /// The households' model (`gia-dinh-hoc-tap`).
    public let household: ModelDefinition
    /// The clans' model (`dong-ho-hoc-tap`), if the criteria have one.
    public let clan: ModelDefinition?
    /// The hamlets' model (`cong-dong-hoc-tap`), if the criteria have one.
    public let hamlet: ModelDefinition?
    /// The household field that names the household's clan (`ma_dong_ho`), as the clan model's
    /// relation links it; `nil` without a clan model.
    public let householdClanField: String?

    /// Finds the three models among compiled criteria.
    ///
    /// - Throws: ``SampleModelsError/noHouseholdModel(models:)`` when no model is a household one.
    public init(criteria: CriteriaSet) throws {
        try self.init(definitions: criteria.models.map(\.definition))
    }

    /// Finds the three models among model definitions (in any order).
    public init(definitions: [ModelDefinition]) throws {
        let aggregatedOver = Set(definitions.flatMap { $0.relations.map(\.model) })
        guard let household = definitions.first(where: { aggregatedOver.contains($0.id) && $0.hamletField != nil })
            ?? definitions.first(where: { $0.relations.isEmpty && $0.hamletField != nil }) else {
            throw SampleModelsError.noHouseholdModel(models: definitions.map(\.id))
        }
        let linksToHouseholds = { (model: ModelDefinition) -> [(here: String, there: String)] in
            guard model.id != household.id else { return [] }
            return model.relations.filter { $0.model == household.id }.flatMap(\.links)
        }
        let hamlet = definitions.first { model in
            linksToHouseholds(model).contains { $0.there == household.hamletField }
        }
        var clan: ModelDefinition?
        var clanField: String?
        for model in definitions where model.id != hamlet?.id {
            let shared: Set<String?> = [household.communeField, household.hamletField]
            if let link = linksToHouseholds(model).first(where: { !shared.contains($0.there) }) {
                clan = model
                clanField = link.there
                break
            }
        }
        self.household = household
        self.clan = clan
        self.hamlet = hamlet
        self.householdClanField = clanField
    }
}

/// Why a criteria set cannot give a sample.
public enum SampleModelsError: Error, Sendable, Equatable, LocalizedMessage {
    /// No model is aggregated over by the others and names a hamlet: there is no household model.
    case noHouseholdModel(models: [String])

    public func message(in language: Language) -> String {
        switch self {
        case .noHouseholdModel(let models):
            let list = models.joined(separator: ", ")
            return language.pick(
                "không có mô hình hộ gia đình trong bộ tiêu chí (mô hình có trường ấp, được các mô hình khác tổng hợp theo); các mô hình: \(list)",
                "the criteria have no household model (a model with a hamlet field that the other models aggregate over); models: \(list)")
        }
    }
}
