import Foundation
import TextSupport

/// Reads a criteria file's bytes within ``InputLimits/criteriaFileBytes``.
///
/// The size is asked of the file system first, so that a 200 MB file is refused without being
/// read; the read itself stops one byte past the limit, so a file that grows meanwhile (or a
/// device that never ends) is refused the same way.
///
/// ```swift
/// switch CriteriaFileBytes.read("Criteria/gia-dinh-hoc-tap.xml") {
/// case .success(let bytes): …
/// case .failure(let failure): print(failure.diagnostics)
/// }
/// ```
enum CriteriaFileBytes {
    static func read(_ file: String, limit: Int = InputLimits.criteriaFileBytes) -> Result<[UInt8], CriteriaLoadFailure> {
        func refuse(_ problem: CriteriaDiagnostic.Problem) -> Result<[UInt8], CriteriaLoadFailure> {
            .failure(CriteriaLoadFailure(diagnostics: [CriteriaDiagnostic(problem, at: SourceLocation(file: file, line: 0))]))
        }
        func unreadable() -> Result<[UInt8], CriteriaLoadFailure> {
            // The system's reason by its number, worded by the diagnostic in either language.
            refuse(.unreadableFile(errno: SystemErrorWords.openProblem(path: file) ?? EIO))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber,
           size.int64Value > Int64(limit) {
            return refuse(.fileTooLarge(bytes: Int(clamping: size.int64Value), limit: limit))
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { return unreadable() }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch { return unreadable() }
        if data.count > limit { return refuse(.fileTooLarge(bytes: data.count, limit: limit)) }
        return .success([UInt8](data))
    }
}
