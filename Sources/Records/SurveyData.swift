import Criteria
import Machinery
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// Everything read from the survey files of one run: valid rows per model, rejected rows, notes.
public struct SurveyData: Sendable {
    public var sources: [SurveySource] = []
    /// Valid rows, by model id.
    public var tables: [String: RecordTable] = [:]
    /// Rows with errors, by model id, in input order.
    public var rejected: [String: [RejectedRow]] = [:]
    /// Notes for the clerk (unknown columns, files that matched no model, …).
    public var notes: [RowProblem] = []

    public init() {}
}
