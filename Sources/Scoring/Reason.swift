import Criteria
import Records
import TextSupport

/// Why an entity got its level: the failed step of the decision, with the numbers behind it.
///
/// Reasons are kept as values and turned into words only when printed, in either language.
public enum Reason: Sendable, Hashable {
    /// A `<disqualify>` step fired; `members` are the keys of the related entities it lists.
    case disqualified(step: Int, members: [String])
    /// A group scored below its minimum.
    case groupBelowMinimum(group: Int, points: Int, minimum: Int)
    /// The total did not reach the pass mark that applied.
    case belowPassMark(total: Int, passMark: Int)
    /// An expression divided by zero while scoring (a criteria file that does not guard a ratio).
    case divisionByZero(expression: String, place: String)
    /// A survey row that could not be read; the problem as the reader reported it.
    case rowProblem(RowProblem)
    /// No row of the related model (valid or not) names the entity through this relation: a
    /// hamlet or clan whose household rows have not arrived is not scored (rule 5 of the survey spec).
    case noMemberData(relation: Int)

    /// The reason in words, as reports and the CSV `reasons` column show it.
    public func message(in language: Language, model: CompiledModel) -> String {
        switch self {
        case .disqualified(let step, let members):
            var text = ""
            if case .disqualify(_, _, _, let reason, let reasonEnglish, _) = model.decision[step] {
                text = language.pick(reason, optionalEnglish: reasonEnglish)
            }
            return members.isEmpty ? text : text + ": " + members.joined(separator: ", ")
        case .groupBelowMinimum(let group, let points, let minimum):
            let id = model.groups[group].definition.id
            return language.pick("\(id) được \(points) điểm, dưới mức tối thiểu \(minimum)",
                                 "\(id) scored \(points) points, below the minimum of \(minimum)")
        case .belowPassMark(let total, let passMark):
            return language.pick("tổng \(total) điểm, dưới mức đạt \(passMark)",
                                 "total \(total) points, below the pass mark of \(passMark)")
        case .divisionByZero(let expression, let place):
            if let overflow = Self.overflowMessage(expression, place: place, in: language) { return overflow }
            return language.pick("chia cho 0 khi tính \(expression) (\(place)); cần sửa tệp tiêu chí hoặc số liệu",
                                 "division by zero in \(expression) (\(place)); fix the criteria file or the data")
        case .rowProblem(let problem):
            return problem.message(in: language)
        case .noMemberData:
            // The spec's words, for the households of a hamlet or a clan.
            return language.pick("chưa có dữ liệu hộ gia đình của ấp/dòng họ này",
                                 "no household data for this hamlet/clan yet")
        }
    }
}
