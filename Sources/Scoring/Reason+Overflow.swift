import Criteria
import TextSupport

/// A number too large while scoring a row: the row is an error row naming the operation, like
/// a division by zero (it travels the same way, as ``EvaluationFailure`` records it).
extension Reason {
    /// The error of a row on which `expression` gave a number too large (at `place`: an
    /// indicator, a model, `decision`).
    static func overflow(expression: String, place: String) -> Reason {
        .divisionByZero(expression: EvaluationFailure.overflow(expression: expression).recorded, place: place)
    }

    /// The words of an overflow error, or `nil` when `recorded` is a division by zero.
    static func overflowMessage(_ recorded: String, place: String, in language: Language) -> String? {
        guard case .overflow(let expression) = EvaluationFailure(recorded: recorded) else { return nil }
        return language.pick("số quá lớn khi tính \(expression) (\(place)), vượt quá số chương trình tính được; cần sửa tệp tiêu chí hoặc số liệu",
                             "a number too large in \(expression) (\(place)) for the program's numbers; fix the criteria file or the data")
    }
}
