import Foundation
import Criteria
import Register
import TextSupport

/// Where `history.years_certified` and `history.last_level` are read from: a register and the
/// year being scored (its certified results of the years before).
///
/// `score` and `certify` from the register read their own register for the year; `score` and
/// `explain` on files read one only when it is named (`--register PATH` or
/// `$KHUYENHOC_REGISTER`), for `--year` (default: this year).
///
/// ```swift
/// runner.historySource = HistorySource(registerPath: "khuyenhoc.sqlite", year: 2027)
/// ```
public struct HistorySource: Sendable, Equatable {
    public var registerPath: String
    public var year: Int

    public init(registerPath: String, year: Int) {
        self.registerPath = registerPath
        self.year = year
    }
}

extension ScoreRunner {
    /// The certified history for the models that read it (``CompiledModel/history``), said in
    /// `messages`: from ``historySource``, or empty (every entity 0 and `none`, with a note)
    /// without one. Models that do not read history cost nothing: the register is not opened.
    /// `nil`, with the reason, when the register cannot be read.
    func certifiedHistory(for criteria: CriteriaSet, messages: inout String) -> CertifiedHistory? {
        let readers = criteria.models.filter { $0.history != nil }
        guard !readers.isEmpty else { return .empty }
        let l = language
        let names = readers.map(\.id).joined(separator: ", ")
        guard let source = historySource else {
            messages += l.pick(
                "Ghi chú: \(names) đọc lịch sử công nhận (history.…) nhưng không có sổ tiếp nhận (--register): mọi đối tượng có history.years_certified = 0, history.last_level = none\n",
                "Note: \(names) read the certified history (history.…) but there is no register (--register): every entity has history.years_certified = 0, history.last_level = none\n")
            return .empty
        }
        do {
            let register = try Register.open(path: source.registerPath, create: false)
            let records = try register.certifiedLevels(before: source.year, models: readers.map(\.id))
            let years = Set(records.map(\.year)).sorted().map(String.init).joined(separator: ", ")
            messages += years.isEmpty
                ? l.pick("Lịch sử công nhận (history.…) của \(names): sổ \(source.registerPath) chưa có năm nào được công nhận trước \(source.year)\n",
                         "Certified history (history.…) of \(names): the register \(source.registerPath) has no certified year before \(source.year)\n")
                : l.pick("Lịch sử công nhận (history.…) của \(names): đọc từ sổ \(source.registerPath), các năm đã công nhận trước \(source.year): \(years)\n",
                         "Certified history (history.…) of \(names): read from the register \(source.registerPath), certified years before \(source.year): \(years)\n")
            return CertifiedHistory(year: source.year, models: criteria.models, records: records)
        } catch {
            let reason = (error as? RegisterError)?.message(in: l) ?? "\(error)"
            messages += l.pick("LỖI không đọc được lịch sử công nhận: ", "ERROR cannot read the certified history: ") + reason + "\n"
            return nil
        }
    }
}

extension RegisterOption {
    /// The register named by `--register` or `$KHUYENHOC_REGISTER`; nil when only the default
    /// (`./khuyenhoc.sqlite`) would apply: `score` and `explain` on files then read no history.
    var named: String? {
        let environment = ProcessInfo.processInfo.environment["KHUYENHOC_REGISTER"] ?? ""
        return register?.isEmpty == false || !environment.isEmpty ? path : nil
    }
}
