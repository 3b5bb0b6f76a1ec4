import Criteria
import Machinery
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// A survey row that could not be scored, with every problem found in it.
public struct RejectedRow: Sendable {
    public var origin: RowOrigin
    /// The commune, key and name as far as they could be read ("" when not).
    public var commune: String
    public var key: String
    public var name: String
    public var problems: [RowProblem]
    /// The hamlet as far as it could be read ("" when not; `nil` for models without one), so that
    /// hamlet summaries count the row where it belongs.
    public var hamlet: String?
    /// The row's text fields as far as they could be read, by field index (blank ones left
    /// out), so that a clan or hamlet knows the rows that name it even when they have errors.
    public var texts: [Int: String]

    public init(origin: RowOrigin, commune: String, key: String, name: String, problems: [RowProblem],
                hamlet: String? = nil, texts: [Int: String] = [:]) {
        self.origin = origin
        self.commune = commune
        self.key = key
        self.name = name
        self.problems = problems
        self.hamlet = hamlet
        self.texts = texts
    }
}

/// One problem of a survey row, ready to be shown in either language.
public struct RowProblem: Sendable, Hashable, LocalizedMessage {
    public var vietnamese: String
    public var english: String

    public init(vietnamese: String, english: String) {
        self.vietnamese = vietnamese
        self.english = english
    }

    public func message(in language: Language) -> String { language.pick(vietnamese, english) }
}
