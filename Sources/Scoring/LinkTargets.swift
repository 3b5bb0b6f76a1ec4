import Criteria
import Records
import TextSupport

/// The entities of one model grouped by commune, for reading the codes related rows typed
/// (rule 4): one ``LinkResolver`` per commune, made when first needed, and each distinct
/// (commune, code) looked up once.
///
/// Only for relations linked by the commune (optional) and one text code field on each side,
/// as the criteria declare them (`<link here="xa" there="xa"/><link here="ma_ap" there="ma_ap"/>`);
/// other relations link exactly.
struct LinkTargets {
    /// Where the code and the commune are among the relation's fields.
    let codePosition: Int
    let communePosition: Int?
    private let results: ModelResults
    private let relation: CompiledRelation
    private var rowsByCommune: [ExactText: [Int]] = [:]
    private var resolvers: [ExactText: LinkResolver] = [:]
    private var known: [ExactText: [ExactText: LinkResolver.Resolution]] = [:]

    init?(_ results: ModelResults, relation r: Int) {
        let relation = results.model.relations[r]
        let here = relation.hereFields, there = relation.thereFields
        guard here.count == there.count, !here.isEmpty else { return nil }
        let model = results.model, related = relation.model
        var commune: Int?
        var codes: [Int] = []
        for p in here.indices {
            if here[p] == model.communeFieldIndex && there[p] == related.communeFieldIndex {
                commune = p
            } else {
                codes.append(p)
            }
        }
        guard codes.count == 1, let code = codes.first,
              model.definition.fields[here[code]].type == .text, related.definition.fields[there[code]].type == .text else { return nil }
        codePosition = code
        communePosition = commune
        self.results = results
        self.relation = relation
        rowsByCommune = Self.rowsByCommune(results, byCommune: commune != nil)
    }

    /// The entities' rows by their commune (all under "" when the link names no commune). A
    /// coded commune column is grouped by code, each distinct commune's text made once (codes
    /// stand for distinct bytes, as ``ExactText`` compares).
    private static func rowsByCommune(_ results: ModelResults, byCommune: Bool) -> [ExactText: [Int]] {
        guard byCommune else { return results.count == 0 ? [:] : [ExactText(""): Array(0..<results.count)] }
        let field = results.model.communeFieldIndex
        return results.table.withColumns { columns -> [ExactText: [Int]] in
            var groups: [ExactText: [Int]] = [:]
            guard columns.types[field] == .text, case let view = columns.texts[columns.slots[field]], view.isCoded else {
                for row in 0..<results.count { groups[ExactText(results.commune(row: row)), default: []].append(row) }
                return groups
            }
            var rowsOfCode = [[Int]](repeating: [], count: view.values.count)
            for row in 0..<results.count { rowsOfCode[Int(view.codes[row])].append(row) }
            for (code, rows) in rowsOfCode.enumerated() where !rows.isEmpty { groups[ExactText(view.values[code])] = rows }
            return groups
        }
    }

    /// The commune and the code of a related row's link key.
    func parts(of key: LinkKey) -> (commune: String, typed: String) {
        func at(_ p: Int) -> String {
            switch p {
            case 0: return key.first.string
            case 1: return key.second.string
            default: return key.rest[p - 2].string
            }
        }
        return (communePosition.map(at) ?? "", at(codePosition))
    }

    /// What `typed` names among the entities of `commune`, and those entities' rows (the
    /// resolution's candidates index them).
    mutating func resolve(commune: String, typed: String) -> (LinkResolver.Resolution, [Int]) {
        let c = ExactText(communePosition == nil ? "" : commune)
        let rows = rowsByCommune[c] ?? []
        if let known = known[c]?[ExactText(typed)] { return (known, rows) }
        var resolver: LinkResolver
        if let made = resolvers[c] {
            resolver = made
        } else {
            let codeField = relation.hereFields[codePosition]
            resolver = LinkResolver(codes: rows.map { results.table.text(field: codeField, row: $0) })
        }
        let resolution = resolver.resolve(typed, names: { rows.map { results.name(row: $0) } })
        resolvers[c] = resolver
        known[c, default: [:]][ExactText(typed)] = resolution
        return (resolution, rows)
    }

    /// The note for a code read as an entity's: "'Long Khánh' được hiểu là ấp LK".
    func note(typed: String, commune: String, entity: Int, rows: Int) -> ResolvedLink {
        let model = results.model
        let field = relation.model.definition.fields[relation.thereFields[codePosition]]
        return ResolvedLink(model: model.id, entity: model.definition.entity, entityEnglish: model.definition.entityEnglish,
                            field: field.id, fieldLabel: field.label, fieldLabelEnglish: field.labelEnglish,
                            commune: commune, typed: typed,
                            code: results.table.text(field: relation.hereFields[codePosition], row: entity),
                            name: results.name(row: entity), rows: rows)
    }
}
