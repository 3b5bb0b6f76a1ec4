import Foundation
import TextSupport

/// Loads criteria files: reads each file safely with libxml2, validates it against the schema
/// built into the program, reads it into a ``ModelDefinition``, checks its meaning, and
/// compiles every model in dependency order.
///
/// A `khuyenhoc-criteria.xsd` lying beside the files is never read: the schema is always the
/// one the program ships (``ShippedSchema``), so a schema file that came with a folder by
/// e-mail cannot make the program read local files or reach the network.
///
/// ```swift
/// let report = CriteriaLoader().load(paths: ["Criteria"])
/// if report.isUsable { let criteria = report.criteria }
/// ```
public struct CriteriaLoader: Sendable {
    /// The name of the shipped schema file inside the `Criteria/` folder (a copy of the built-in
    /// schema for editors; ``schemaFileDiffers(in:)`` tells when a folder's copy is another).
    public static let schemaFileName = "khuyenhoc-criteria.xsd"

    public init() {}

    /// Whether `folder` holds a `khuyenhoc-criteria.xsd` whose text is not the built-in schema
    /// (it is not used; `check` says so). Only the bytes are compared; the file is never parsed.
    public static func schemaFileDiffers(in folder: String) -> Bool {
        let path = (folder as NSString).appendingPathComponent(schemaFileName)
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data != Data((ShippedSchema.text + "\n").utf8) && data != Data(ShippedSchema.text.utf8)
    }

    /// Loads every `.xml` file named, or found directly inside a named folder (sorted by name).
    public func load(paths: [String]) -> CriteriaLoadReport {
        var files: [String] = []
        var report = CriteriaLoadReport()
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.lowercased().hasSuffix(".xml") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        report.files = files
        if files.isEmpty {
            report.add(CriteriaDiagnostic(.noModels, at: SourceLocation(file: paths.joined(separator: ", "), line: 0)))
            return report
        }
        var definitions: [(ModelDefinition, String)] = []
        // Models whose file has errors (by id, when the file says it), so that the models that
        // relate to them are set aside with a note rather than given errors of their own.
        var broken: [String: String] = [:]
        var unidentified = false
        for file in files {
            switch readDefinition(file) {
            case .success(let definition):
                let lint = CriteriaLint.check(definition)
                report.warnings += lint.warnings
                if lint.errors.isEmpty {
                    definitions.append((definition, file))
                } else {
                    for d in lint.errors { report.add(d) }
                    broken[definition.id] = file
                }
            case .failure(let failure):
                for d in failure.diagnostics { report.add(d) }
                if let id = Self.declaredModelId(file) { broken[id] = file } else { unidentified = true }
            }
        }
        let compiled = CriteriaCompiler.compile(definitions, broken: broken, unidentifiedBroken: unidentified)
        report.models = compiled.models
        for d in compiled.diagnostics { report.add(d) }
        report.notes = compiled.notes
        if report.diagnostics.isEmpty && report.notes.isEmpty {
            report.warnings += CriteriaLint.unreadFields(report.models)
        }
        report.capProblems()
        return report
    }

    /// The criteria files beside `file` (in its folder) that it relates to, or that relate to
    /// it, directly or through others: what checking the file alone needs (its relations'
    /// models, and the models whose aggregates read its fields). Sorted by name; files whose
    /// XML cannot be read are left out (they cannot say which model they are).
    ///
    /// ```swift
    /// CriteriaLoader.relatedFiles(of: "Criteria/dong-ho-hoc-tap.xml")   // ["Criteria/gia-dinh-hoc-tap.xml"]
    /// ```
    public static func relatedFiles(of file: String) -> [String] {
        let folder = (file as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        let own = (file as NSString).lastPathComponent
        var models: [(file: String, id: String, uses: [String])] = []
        for name in names.sorted() where name.lowercased().hasSuffix(".xml") && name != own {
            let path = (folder as NSString).appendingPathComponent(name)
            if let (id, uses) = declaredModel(path) { models.append((path, id, uses)) }
        }
        guard let (ownId, ownUses) = declaredModel(file) else { return [] }
        var reached: Set<String> = [ownId]
        var frontier = [(ownId, ownUses)]
        var files: [String] = []
        while let (id, uses) = frontier.popLast() {
            for other in models where !reached.contains(other.id) && (uses.contains(other.id) || other.uses.contains(id)) {
                reached.insert(other.id)
                files.append(other.file)
                frontier.append((other.id, other.uses))
            }
        }
        return files.sorted()
    }

    /// The model id a file declares and the models its relations name, when its XML can be read.
    static func declaredModel(_ file: String) -> (id: String, uses: [String])? {
        guard case .success(let bytes) = CriteriaFileBytes.read(file),
              let document = try? XMLDocument(bytes: bytes, fileName: file), let root = document.root,
              let id = root.attribute("id") else { return nil }
        return (id, root.children(named: "relation").compactMap { $0.attribute("model") })
    }

    /// The `id` of the `<model>` a file declares, when its XML can be read at all.
    static func declaredModelId(_ file: String) -> String? {
        guard case .success(let bytes) = CriteriaFileBytes.read(file),
              let document = try? XMLDocument(bytes: bytes, fileName: file) else { return nil }
        return document.root?.attribute("id")
    }

    /// Reads, validates and checks one file, without compiling it.
    public func readDefinition(_ file: String) -> Result<ModelDefinition, CriteriaLoadFailure> {
        let bytes: [UInt8]
        switch CriteriaFileBytes.read(file) {
        case .success(let read): bytes = read
        case .failure(let failure): return .failure(failure)
        }
        let document: XMLDocument
        do { document = try XMLDocument(bytes: bytes, fileName: file) } catch { return .failure(error) }
        let validation = document.validate(schemaText: ShippedSchema.text)
        if let problem = validation.schemaProblem {
            return .failure(CriteriaLoadFailure(diagnostics: [CriteriaDiagnostic(.schemaUnavailable(problem), at: SourceLocation(file: Self.schemaFileName, line: 0))]))
        }
        if !validation.issues.isEmpty {
            return .failure(CriteriaLoadFailure(diagnostics: validation.issues.map {
                CriteriaDiagnostic(.schema(Self.shortenSchemaMessage($0.message)), at: SourceLocation(file: file, line: $0.line))
            }))
        }
        guard let root = document.root else {
            return .failure(CriteriaLoadFailure(diagnostics: [CriteriaDiagnostic(.emptyFile, at: SourceLocation(file: file, line: 1))]))
        }
        var reader = DefinitionReader(file: file)
        let definition = reader.read(root)
        if !reader.diagnostics.isEmpty { return .failure(CriteriaLoadFailure(diagnostics: reader.diagnostics)) }
        return .success(definition)
    }

    /// libxml2 names elements with their namespace in braces; editors do not need to see it.
    static func shortenSchemaMessage(_ message: String) -> String {
        message.replacingOccurrences(of: "{\(CriteriaNamespace.uri)}", with: "")
    }

    /// Where the shipped criteria are: `$KHUYENHOC_CRITERIA`, `./Criteria`, or a `Criteria`
    /// folder beside or above the running program (as in a checkout built with `swift build`).
    /// A folder counts when it holds criteria files (`.xml`) or the schema's copy.
    public static func defaultDirectory(executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        func hasSchema(_ dir: String) -> Bool {
            if fm.fileExists(atPath: (dir as NSString).appendingPathComponent(schemaFileName)) { return true }
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            return names.contains { $0.lowercased().hasSuffix(".xml") }
        }
        if let env = ProcessInfo.processInfo.environment["KHUYENHOC_CRITERIA"], hasSchema(env) { return env }
        if hasSchema("Criteria") { return "Criteria" }
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("Criteria").path
            if hasSchema(candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }
}

/// The XML namespace of criteria files, version 1 of the format.
public enum CriteriaNamespace {
    public static let uri = "urn:khuyenhoc:criteria:1"
}

/// What loading a set of criteria files found: the usable models and every problem, by file.
public struct CriteriaLoadReport: Sendable {
    public var files: [String] = []
    /// Compiled models in dependency order.
    public var models: [CompiledModel] = []
    public var diagnostics: [CriteriaDiagnostic] = []
    /// What looks mistaken but does not stop scoring (`check` prints them as warnings).
    public var warnings: [CriteriaDiagnostic] = []
    /// Models not compiled because a model they relate to has errors of its own (in its file):
    /// not errors of theirs.
    public var notes: [CriteriaDiagnostic] = []

    public var isUsable: Bool { diagnostics.isEmpty && notes.isEmpty && !models.isEmpty }
    public var criteria: CriteriaSet { CriteriaSet(models: models) }

    mutating func add(_ diagnostic: CriteriaDiagnostic) { diagnostics.append(diagnostic) }

    /// Keeps the first ``InputLimits/criteriaProblemsPerFile`` problems of each file and counts
    /// the rest in one more line for that file.
    mutating func capProblems(limit: Int = InputLimits.criteriaProblemsPerFile) {
        var counts: [String: Int] = [:]
        var kept: [CriteriaDiagnostic] = []
        var order: [String] = []
        for d in diagnostics {
            let seen = counts[d.location.file, default: 0]
            if seen == 0 { order.append(d.location.file) }
            counts[d.location.file] = seen + 1
            if seen < limit { kept.append(d) }
        }
        for file in order where counts[file, default: 0] > limit {
            kept.append(CriteriaDiagnostic(.moreProblems(count: counts[file, default: 0] - limit, shown: limit),
                                           at: SourceLocation(file: file, line: 0)))
        }
        diagnostics = kept
    }

    public func diagnostics(for file: String) -> [CriteriaDiagnostic] {
        diagnostics.filter { $0.location.file == file }
    }
}

/// Compiles model definitions in dependency order, reporting cycles and unknown models.
public enum CriteriaCompiler {
    /// `broken`: models (id → file) whose files have errors; a model relating to one of them is
    /// not compiled, and gets a note instead of errors (as does a model relating to an unknown
    /// model when `unidentifiedBroken`: a file too broken to say its id may declare it).
    public static func compile(_ definitions: [(ModelDefinition, String)], broken: [String: String] = [:],
                               unidentifiedBroken: Bool = false)
        -> (models: [CompiledModel], diagnostics: [CriteriaDiagnostic], notes: [CriteriaDiagnostic]) {
        var diagnostics: [CriteriaDiagnostic] = []
        var notes: [CriteriaDiagnostic] = []
        var broken = broken
        var byId: [String: (ModelDefinition, String)] = [:]
        var order: [String] = []
        for (definition, file) in definitions {
            if let other = byId[definition.id] {
                diagnostics.append(CriteriaDiagnostic(.duplicateModel(id: definition.id, otherFile: other.1), at: definition.location))
                continue
            }
            byId[definition.id] = (definition, file)
            order.append(definition.id)
        }
        let lookupRelations = byId.mapValues { Self.lookupRelations($0.0) }
        let allDefinitions = byId.mapValues(\.0)
        // Depth-first topological order; a back edge is a cycle between models.
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        var sorted: [String] = []
        var cyclic: Set<String> = []
        func visit(_ id: String, path: [String]) {
            guard let (definition, _) = byId[id] else { return }
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = Array(path.drop(while: { $0 != id })) + [id]
                if !cyclic.contains(id) {
                    let relation = byId[path.last!]!.0.relations.first { $0.model == id }
                    diagnostics.append(CriteriaDiagnostic(.modelCycle(cycle), at: relation?.location ?? definition.location))
                }
                cyclic.formUnion(cycle)
                return
            }
            state[id] = 1
            // A relation read only for fields (`ap.vung_kho_khan`) reads survey values, not
            // results: the related model need not be scored first, so it is no edge here.
            let lookups = lookupRelations[id] ?? []
            for relation in definition.relations where !lookups.contains(relation.name) {
                visit(relation.model, path: path + [id])
            }
            state[id] = 2
            sorted.append(id)
        }
        for id in order { visit(id, path: []) }

        var compiled: [String: CompiledModel] = [:]
        var models: [CompiledModel] = []
        for id in sorted where !cyclic.contains(id) {
            let (definition, file) = byId[id]!
            // A relation to a model with errors: noted, not compiled (its own errors would all
            // be consequences of the other file's).
            let lookups = lookupRelations[id] ?? []
            if let relation = definition.relations.first(where: { relation in
                // A lookup needs only the other file's definition; a dependency its compiled model.
                if lookups.contains(relation.name) {
                    return byId[relation.model] == nil && (broken[relation.model] != nil || unidentifiedBroken)
                }
                return broken[relation.model] != nil || (unidentifiedBroken && byId[relation.model] == nil)
            }) {
                notes.append(CriteriaDiagnostic(.relatedModelBroken(relation: relation.name, model: relation.model,
                                                                    file: broken[relation.model]), at: relation.location))
                broken[id] = file
                continue
            }
            var compiler = ModelCompiler(definition: definition, file: file, related: compiled,
                                         lookupRelations: lookupRelations[id] ?? [], definitions: allDefinitions)
            switch compiler.compile() {
            case .success(let model):
                compiled[id] = model
                models.append(model)
            case .failure(let failure):
                diagnostics += failure.diagnostics
                broken[id] = file
            }
        }
        return (models, diagnostics, notes)
    }
}

// MARK: - Relations read only for fields (`ap.vung_kho_khan`)

extension CriteriaCompiler {
    /// The relations a model reads only through `relation.field` names, never in an aggregate
    /// or a `list`: lookups of the one entity a row belongs to, not dependencies on results.
    static func lookupRelations(_ definition: ModelDefinition) -> Set<String> {
        var dotted: Set<String> = []
        var aggregated: Set<String> = []
        func walk(_ syntax: Syntax) {
            switch syntax {
            case .name(let name, _):
                if let dot = name.firstIndex(of: ".") { dotted.insert(String(name[..<dot])) }
            case .aggregate(_, let relation, let filter, let value, _):
                aggregated.insert(relation)
                if let filter { walk(filter) }
                if let value { walk(value) }
            case .negate(let e, _), .not(let e, _): walk(e)
            case .binary(_, let a, let b, _): walk(a); walk(b)
            case .conditional(let a, let b, let c, _): walk(a); walk(b); walk(c)
            case .call(_, let args, _): args.forEach(walk)
            case .number, .boolean, .text: break
            }
        }
        var texts: [String] = definition.checks.map(\.condition) + definition.lets.map(\.expression)
        texts += definition.groups.flatMap { $0.indicators.flatMap { $0.rules.compactMap(\.condition) } }
        for step in definition.decision {
            switch step {
            case .disqualify(let condition, _, _, let list, _):
                texts.append(condition)
                if let list { aggregated.insert(list.components(separatedBy: " where ")[0].trimmingCharacters(in: .whitespaces)) }
            case .groupMinimums: break
            case .passMark(let marks, _): texts += marks.compactMap(\.condition)
            case .award(let awards, _): texts += awards.compactMap(\.condition)
            }
        }
        for text in texts { if let syntax = try? ExpressionParser.parse(text) { walk(syntax) } }
        return dotted.subtracting(aggregated)
    }
}
