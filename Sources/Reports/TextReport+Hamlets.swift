import Criteria
import Records
import Scoring
import TextSupport

/// The names of the hamlets, from the run's hamlet file (the model whose entities gather the
/// households of a hamlet, as ``CompletenessTable`` finds it): reports print `Long Khánh` in a
/// hamlet column and `Ấp Long Khánh` in a title where the code `LK` is known, and the code where
/// it is not (a hamlet file not given, a code that names no hamlet).
///
/// ```swift
/// let names = HamletNames(run: results)
/// names.name(of: "LK", commune: "Long Hữu")              // "Long Khánh"
/// HamletNames.titled("Long Khánh", .vietnamese)          // "Ấp Long Khánh"
/// ```
struct HamletNames {
    /// Commune → hamlet code → name.
    private(set) var byCommune: [String: [String: String]] = [:]

    init(run: RunResults, given: [String: [String: String]] = [:]) {
        byCommune = given
        guard given.isEmpty else { return }
        for results in run.outputOrder where CompletenessTable(results: results, language: .vietnamese) != nil {
            for row in 0..<results.table.count {
                let name = DisplayWidth.oneLine(results.name(row: row))
                guard !name.isEmpty else { continue }
                byCommune[results.commune(row: row), default: [:]][results.key(row: row)] = name
            }
        }
    }

    var isEmpty: Bool { byCommune.isEmpty }

    /// The name of the hamlet a household names with `typed`, read through `linked` (the codes of
    /// hamlets typed another way, ``ModelResults/linkedCodes(field:commune:)``); the typed code
    /// when no hamlet of the commune has it.
    func name(of typed: String, commune: String, linked: [String: String] = [:]) -> String {
        let code = linked[typed] ?? typed
        return byCommune[commune]?[code] ?? typed
    }

    /// `Ấp Long Khánh`, unless the name says already what it is (`Khóm 3`, `Thôn Đông`, `Ấp 1`).
    static func titled(_ name: String, _ language: Language) -> String {
        if name.isEmpty { return language.pick("(không rõ ấp)", "(hamlet unknown)") }
        let folded = VietnameseFolding.fold(name)
        if ["ap ", "khom ", "thon ", "to dan pho ", "to ", "ban ", "phum ", "soc "].contains(where: { folded.hasPrefix($0) }) { return name }
        return language.pick("Ấp \(name)", "Hamlet \(name)")
    }
}

extension CellSources {
    /// These sources with the hamlet column showing each hamlet's name for one commune: a coded
    /// column's distinct values are renamed once (the rows keep their codes); a plain column
    /// names each row as it is printed. `keep` holds the renamed values while they are used.
    func naming(hamlets names: HamletNames, commune: String, linked: [String: String],
                keep: inout [DistinctBytes], results: ModelResults) -> CellSources {
        guard let hamlet, let known = names.byCommune[commune], !known.isEmpty else { return self }
        var copy = self
        switch hamlet {
        case .field(let bytes):
            if let (renamed, values) = bytes.renamed({ known[linked[$0] ?? $0] ?? $0 }) {
                keep.append(values)
                copy.hamlet = .field(renamed)
                return copy
            }
        case .computed: break
        }
        copy.hamlet = .computed { row in
            let typed = DisplayWidth.oneLine(results.hamlet(row: row) ?? "")
            return known[linked[typed] ?? typed] ?? typed
        }
        return copy
    }
}
