import Foundation
import Testing

/// The shape promised in ARCHITECTURE.md, checked on the source files themselves: the unsafe,
/// hand-tuned devices live in `Machinery` (and the C helpers in `CSupport`) and nowhere else, and
/// each module imports only the modules below it. A change that breaks either fails here, naming
/// the file and line.
@Suite("Architecture: unsafe code confined, modules layered")
struct ConfinementTests {
    /// The repository's `Sources/` folder.
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every Swift file of a module folder, with its lines.
    static func swiftFiles(in module: String) throws -> [(path: String, lines: [Substring])] {
        let folder = sources.appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var files: [(String, [Substring])] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            files.append((module + "/" + url.path.dropFirst(folder.path.count + 1), text.split(separator: "\n", omittingEmptySubsequences: false)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static var modules: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []).sorted()
    }

    /// Names that mean raw memory or an unchecked promise: allowed only in the machinery.
    static let confinedNames = ["unsafe", "malloc(", "calloc(", "realloc(", "free(", "@unchecked sendable",
                                "concurrentperform", ".allocate(", ".deallocate("]

    @Test("no source file outside Machinery and CSupport names Unsafe, malloc, free(, @unchecked Sendable or concurrentPerform")
    func unsafeCodeIsConfined() throws {
        #expect(Self.modules.contains("Machinery"), "Sources/Machinery is missing")
        var found: [String] = []
        for module in Self.modules where module != "Machinery" && module != "CSupport" && module != "CLibXML2" {
            for (path, lines) in try Self.swiftFiles(in: module) {
                for (number, line) in lines.enumerated() {
                    let lowered = line.lowercased()
                    for name in Self.confinedNames where lowered.contains(name) {
                        found.append("Sources/\(path):\(number + 1): \(name) — \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.count) confined names outside the machinery:\n\(found.joined(separator: "\n"))")
    }

    /// Which of the project's modules each module may import (the module map of ARCHITECTURE.md).
    static let allowedImports: [String: Set<String>] = [
        "CSupport": [],
        "Machinery": ["CSupport", "CLibXML2", "CLibXLSXWriter", "CLibLZ4"],
        "TextSupport": ["Machinery", "CSupport"],
        "Criteria": ["CLibXML2", "CSupport", "Machinery", "TextSupport"],
        "Records": ["Criteria", "CSupport", "Machinery", "TextSupport"],
        "Survey": ["Records", "Criteria", "CLibXML2", "CSupport", "Machinery", "TextSupport"],
        "Scoring": ["Records", "Criteria", "CSupport", "Machinery", "TextSupport"],
        "Reports": ["Scoring", "Records", "Criteria", "CSupport", "Machinery", "TextSupport"],
        "SurveySamples": ["Criteria", "TextSupport"],
        "Register": ["Survey", "Records", "Criteria", "Machinery", "TextSupport", "CLibCrypto"],
    ]

    @Test("each module imports only the modules below it: readers know nothing of scoring, the engine nothing of files or printing")
    func modulesAreLayered() throws {
        let ours = Set(Self.modules)
        var wrong: [String] = []
        for (module, allowed) in Self.allowedImports where ours.contains(module) {
            for (path, lines) in try Self.swiftFiles(in: module) {
                for (number, line) in lines.enumerated() {
                    let words = line.split(separator: " ")
                    guard words.count >= 2, words[0] == "import" || (words[0].hasPrefix("@") && words.count >= 3 && words[1] == "import") else { continue }
                    let imported = String(words[words[0] == "import" ? 1 : 2])
                    if ours.contains(imported) && !allowed.contains(imported) {
                        wrong.append("Sources/\(path):\(number + 1) imports \(imported)")
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "imports against the module map:\n\(wrong.joined(separator: "\n"))")
    }

    @Test("the check itself finds a confined name (it would catch one added)")
    func checkFindsAConfinedName() {
        let line = "    let p = UnsafeMutablePointer<Int>.allocate(capacity: 1)".lowercased()
        #expect(Self.confinedNames.contains { line.contains($0) })
        #expect(!Self.confinedNames.contains { "    let total = results.totals[row]".lowercased().contains($0) })
    }
}
