import TextSupport

/// Finds which entity (a hamlet, a clan) of one commune a code typed by a clerk names, the way
/// intake rule 4 of the survey spec says: first exactly (trimmed, NFC); else with both sides
/// folded (case, tone and vowel marks, `đ` → `d`, spaces and punctuation removed: `lk`, `L.K`,
/// `Lk ` → `LK`); else by name: the typed value and each entity's name are read whole and
/// without a leading word (`ấp`, `họ`, `dòng họ`, … with their tone marks as written, any case),
/// then folded, and match when any reading of one equals any reading of the other
/// (`Long Khánh`, `ap long khanh` → `Ấp Long Khánh`; `Hồ`, `họ Hồ` → `Họ Hồ`; never the surname
/// `Hồ` for `họ`).
///
/// The first step that finds anything decides: one entity links, more than one is ambiguous.
///
/// ```swift
/// var resolver = LinkResolver(candidates: [("LK", "Long Khánh"), ("KLK", "Khóm Long Khánh")])
/// resolver.resolve("lk")            // .variant(0)
/// resolver.resolve("Long Khánh")    // .ambiguous([0, 1])
/// ```
public struct LinkResolver: Sendable {
    /// What a typed code names.
    public enum Resolution: Sendable, Equatable {
        /// The candidate whose code is exactly the typed value.
        case exact(Int)
        /// The one candidate the typed value names once folded or by name.
        case variant(Int)
        /// No candidate (a blank value too).
        case unknown
        /// Several candidates, in candidate order: the code is unknown.
        case ambiguous([Int])

        /// The linked candidate, if exactly one.
        public var candidate: Int? {
            switch self {
            case .exact(let c), .variant(let c): return c
            case .unknown, .ambiguous: return nil
            }
        }
    }

    /// The leading words a name or a typed value may carry, longest first, compared with their
    /// tone marks as written here (lowercased), so that the surnames `Hồ` and `Tô` are never
    /// taken for `họ` and `tổ`.
    public static let leadingWords = ["tổ dân phố", "dòng họ", "dong ho", "khóm", "khom", "thôn", "thon", "ấp", "ap", "tổ", "họ"]

    private let codes: [String]
    /// The candidates' names; nil when they are asked for only if needed (``init(codes:)``).
    private let names: [String]?
    /// The candidates' folded codes and name readings, made the first time a typed value is not
    /// a code as it stands: folding costs microseconds a text, and most communes never need it.
    private var folded: (codes: [String], names: [Set<String>])?

    /// `candidates`: each entity's code and name, as stored (trimmed, NFC).
    public init(candidates: [(code: String, name: String)]) {
        codes = candidates.map(\.code)
        names = candidates.map(\.name)
    }

    /// Candidates known by their codes (as stored), whose names are asked for by
    /// ``resolve(_:names:)`` only when a typed value is not exactly one of the codes: most
    /// look-ups are exact, and making every candidate's name costs more than the look-up.
    init(codes: [String]) {
        self.codes = codes
        names = nil
    }

    /// The entity a typed value names.
    public mutating func resolve(_ typed: String) -> Resolution {
        resolve(typed, names: { [] })
    }

    /// The entity a typed value names; `names` gives the candidates' names, in the order of
    /// their codes, when the resolver was made without them and needs them.
    mutating func resolve(_ typed: String, names: () -> [String]) -> Resolution {
        let value = VietnameseFolding.clean(typed)
        guard !value.isEmpty else { return .unknown }
        let exact = codes.indices.filter { codes[$0] == value }
        if exact.count == 1 { return .exact(exact[0]) }
        if exact.count > 1 { return .ambiguous(exact) }
        if folded == nil {
            let names = self.names ?? names()
            precondition(names.count == codes.count, "LinkResolver: a name for each code")
            folded = (codes.map { Self.foldCode($0) }, names.map { Self.readings($0) })
        }
        let (foldedCodes, nameReadings) = folded!
        let folded = Self.foldCode(value)
        if !folded.isEmpty {
            let matches = foldedCodes.indices.filter { foldedCodes[$0] == folded }
            if let decided = Self.decide(matches) { return decided }
        }
        let typedReadings = Self.readings(value)
        guard !typedReadings.isEmpty else { return .unknown }
        let byName = nameReadings.indices.filter { !nameReadings[$0].isDisjoint(with: typedReadings) }
        return Self.decide(byName) ?? .unknown
    }

    /// The entity a typed value names, from a resolver that is not kept (what it folds is
    /// folded again next time): for a single look-up.
    public func resolved(_ typed: String) -> Resolution {
        var resolver = self
        return resolver.resolve(typed)
    }

    private static func decide(_ matches: [Int]) -> Resolution? {
        switch matches.count {
        case 0: return nil
        case 1: return .variant(matches[0])
        default: return .ambiguous(matches)
        }
    }

    /// A code folded for comparing: case, marks, `đ` and every space and punctuation sign gone
    /// (`L.K` → `lk`).
    public static func foldCode(_ text: String) -> String {
        VietnameseFolding.fold(text).filter { $0 != " " }
    }

    /// The readings of a name or typed value: whole, and without a leading word when it has one,
    /// each folded (`Ấp Long Khánh` → `aplongkhanh`, `longkhanh`). Empty readings are left out.
    public static func readings(_ text: String) -> Set<String> {
        let value = VietnameseFolding.clean(text)
        var result: Set<String> = []
        let whole = foldCode(value)
        if !whole.isEmpty { result.insert(whole) }
        if let rest = withoutLeadingWord(value) {
            let stripped = foldCode(rest)
            if !stripped.isEmpty { result.insert(stripped) }
        }
        return result
    }

    /// The text after its leading word (``leadingWords``), or nil when it has none. The word must
    /// be followed by a space or a punctuation sign (`Ấp Long Khánh`, `họ.Hồ`), never by a letter.
    static func withoutLeadingWord(_ text: String) -> String? {
        let lower = text.lowercased()
        for word in leadingWords where lower.hasPrefix(word) {
            let rest = lower.dropFirst(word.count)
            guard let next = rest.first, !next.isLetter, !next.isNumber else { continue }
            // The same characters of the original text (lowercasing keeps Vietnamese letters one
            // character each).
            return String(text.dropFirst(word.count))
        }
        return nil
    }
}
