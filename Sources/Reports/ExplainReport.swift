import Criteria
import Records
import Foundation
import Scoring
import TextSupport

/// The score card of one entity (`khuyenhoc explain HO0425`): every group and indicator with
/// its points, the rule line that fired and the values it read, then the level decision step by
/// step, and for a clan or a hamlet its households with their levels.
///
/// When no entity has the key, a short message lists the keys that look most like it, and
/// ``write(key:model:run:to:)`` returns `false`.
///
/// ```swift
/// let found = ExplainReport(language: .vietnamese).write(key: "HO0425", model: nil, run: results, to: sink)
/// if !found { exitCode = 1 }
/// ```
public struct ExplainReport {
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    /// Writes the score card of every entity whose key is `key` (in `model` when given: a model
    /// id such as `dong-ho-hoc-tap`). Returns `false`, after writing a hint, when none matches.
    @discardableResult
    public func write(key: String, model: String?, run: RunResults, to sink: OutputSink) -> Bool {
        let wanted = key.trimmingCharacters(in: .whitespaces)
        let candidates = run.outputOrder.filter { model == nil || $0.model.id == model }
        if candidates.isEmpty {
            sink.write(language.pick("Không có bộ tiêu chí \"\(model ?? "")\". Các bộ tiêu chí: ",
                                     "There is no model \"\(model ?? "")\". Models: ")
                       + run.outputOrder.map(\.model.id).joined(separator: ", ") + "\n")
            return false
        }
        var cards = 0
        for results in candidates {
            for entry in results.listing {
                switch entry {
                case .scored(let row) where results.key(row: row) == wanted:
                    if cards > 0 { sink.write("\n") }
                    sink.write(ScoreCard(results: results, row: row, run: run, language: language).lines().joined(separator: "\n") + "\n")
                    cards += 1
                case .rejected(let index) where results.rejected[index].key == wanted:
                    if cards > 0 { sink.write("\n") }
                    sink.write(rejectedCard(results, index: index, sources: run.sources).joined(separator: "\n") + "\n")
                    cards += 1
                default:
                    continue
                }
            }
        }
        if cards == 0 {
            sink.write(notFound(wanted, candidates: candidates, modelId: model) + "\n")
        }
        return cards > 0
    }

    private func rejectedCard(_ results: ModelResults, index: Int, sources: [SurveySource]) -> [String] {
        let row = results.rejected[index]
        let definition = results.model.definition
        var lines = [language.pick("PHIẾU ĐIỂM", "SCORE CARD") + " — " + results.model.title(language)
                     + " (\(results.model.id) \(definition.version))"]
        lines.append(language.pick("Mã", "Key") + ": \(row.key)")
        if !row.name.isEmpty { lines.append(language.pick("Tên", "Name") + ": \(row.name)") }
        if !row.commune.isEmpty { lines.append(language.pick("Xã/Phường", "Commune") + ": \(row.commune)") }
        let place = ReportWords.origin(row.origin, sources: sources, language)
        lines.append(language.pick("Nguồn", "Source") + ": " + place)
        lines.append("")
        lines.append(language.pick("Dòng này có lỗi nên không được chấm điểm; cần sửa rồi nhập lại:",
                                   "This row has errors, so it was not scored; correct it and import again:"))
        // The source line names the place: each problem says only what is wrong.
        lines += row.problems.map { "  - " + ReportWords.problem($0.message(in: language), at: place) }
        return lines
    }

    /// "No entity has the key …", with up to five keys that look like it.
    private func notFound(_ key: String, candidates: [ModelResults], modelId: String?) -> String {
        let folded = VietnameseFolding.fold(key)
        var scored: [(distance: Int, key: String)] = []
        var seen: Set<String> = []
        for results in candidates {
            var keys = (0..<results.count).map { results.key(row: $0) }
            keys += results.rejected.map(\.key)
            for other in keys where !other.isEmpty && seen.insert(other).inserted {
                let otherFolded = VietnameseFolding.fold(other)
                let distance = otherFolded.contains(folded) || folded.contains(otherFolded)
                    ? 0 : Self.editDistance(folded, otherFolded)
                if distance <= max(2, folded.count / 2) { scored.append((distance, other)) }
            }
        }
        let similar = scored.sorted { ($0.distance, $0.key) < ($1.distance, $1.key) }.prefix(5).map(\.key)
        let scope = modelId.map { language.pick(" trong \($0)", " in \($0)") } ?? ""
        var text = language.pick("Không tìm thấy mã \"\(key)\"\(scope).", "No entity has the key \"\(key)\"\(scope).")
        text += similar.isEmpty
            ? language.pick(" Hãy kiểm tra lại mã (phân biệt chữ hoa, chữ thường).", " Check the key (upper and lower case differ).")
            : language.pick(" Mã gần giống: ", " Similar keys: ") + similar.joined(separator: ", ")
        return text
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
