import Criteria
import Foundation
import Machinery
import Records
import TextSupport

/// Reads survey files (`.csv`, `.txt`, `.xlsx`) into typed records of the criteria's models.
///
/// Every problem is reported and no row is lost: a row is either a record in its model's
/// ``RecordTable`` or a ``RejectedRow`` with its messages; a file that cannot be used at all is a
/// ``FileProblem``.
///
/// ```swift
/// let reader = SurveyReader(criteria: criteria)
/// let result = reader.read(paths: ["du-lieu/long-huu"])
/// for count in result.counts { print(count.message(in: .vietnamese)) }
/// ```
public struct SurveyReader: Sendable {
    public var criteria: CriteriaSet
    public var encoding: TextEncodingChoice
    /// Converts workbook text typed in TCVN3 with a Western font ("NguyÔn V¨n") instead of only noting it.
    public var convertTCVN3InXLSX: Bool
    /// Threads a large text file is read with (in chunks cut at record boundaries, joined in
    /// order: the result is the same whatever the number). 1 reads on the calling thread only.
    public var threads: Int
    /// The smallest chunk worth a thread of its own (tests make it small to split small files).
    var minimumChunkBytes = CSVChunking.minimumChunkBytes
    /// Whether plainly valid CSV records take the quick way (``CSVFastRows``); tests turn it off
    /// to compare. The rows read are the same either way.
    var quickRows = true

    public init(criteria: CriteriaSet, encoding: TextEncodingChoice = .automatic, convertTCVN3InXLSX: Bool = false,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.criteria = criteria
        self.encoding = encoding
        self.convertTCVN3InXLSX = convertTCVN3InXLSX
        self.threads = max(1, threads)
    }

    /// The file extensions read from a folder.
    public static let surveyExtensions: Set<String> = ["csv", "txt", "xlsx"]

    /// Reads files or folders (a folder: every `.csv`, `.txt` and `.xlsx` directly inside, sorted
    /// by name, skipping hidden files and Excel's `~$` lock files).
    public func read(paths: [String]) -> SurveyReadResult {
        let collector = collect(paths: paths)
        var data = SurveyData()
        data.sources = collector.sources
        data.notes = collector.notes
        var counts: [ModelReadCount] = []
        for model in criteria.models {
            let intake = collector.intakes[model.id]!
            data.tables[model.id] = intake.table
            data.rejected[model.id] = intake.rejected
            counts.append(ModelReadCount(modelID: model.id, read: intake.read, valid: intake.table.count, rejected: intake.rejected.count,
                                         notRecords: intake.notRecords.count))
        }
        return SurveyReadResult(data: data, fileErrors: collector.fileErrors, counts: counts)
    }

    /// Everything the files hold, duplicate keys rejected, before it is packed as a result.
    func collect(paths: [String]) -> SurveyCollector {
        let collector = SurveyCollector(criteria: criteria)
        collector.quickRows = quickRows
        collector.threads = threads
        for file in files(in: paths, collector: collector) {
            read(file: file, into: collector)
        }
        collector.rejectDuplicateKeys()
        collector.noteRowsThatAreNotRecords()
        return collector
    }

    private func files(in paths: [String], collector: SurveyCollector) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                collector.fileErrors.append(FileProblem(path: path, kind: .notFound))
                continue
            }
            if !isDirectory.boolValue { files.append(path); continue }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names
                .filter { !$0.hasPrefix(".") && !$0.hasPrefix("~$") && Self.surveyExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    private func read(file: String, into collector: SurveyCollector) {
        switch (file as NSString).pathExtension.lowercased() {
        case "xlsx", "xlsm":
            XLSXSurveyFile.read(path: file, convertTCVN3: convertTCVN3InXLSX, into: collector)
        case "csv", "txt", "tsv":
            let mapped = MappedBytes(path: file)
            if let mapped, CSVSurveyFile.read(mapped: mapped, path: file, encoding: encoding, threads: threads,
                                              minimumChunkBytes: minimumChunkBytes, into: collector) {
                return
            }
            // Not plain UTF-8 (or not mappable): decoded from a copy of the bytes, taken from the
            // mapping when there is one rather than read from the file again.
            let bytes: [UInt8]
            do {
                if let mapped {
                    bytes = Array(mapped.bytes)
                    mapped.unmap()
                } else {
                    bytes = try Self.contents(of: file)
                }
            } catch {
                collector.fileErrors.append(FileProblem(path: file, kind: .unreadable(error.localizedDescription)))
                return
            }
            CSVSurveyFile.read(bytes: consume bytes, path: file, encoding: encoding, threads: threads,
                               minimumChunkBytes: minimumChunkBytes, into: collector)
        default:
            collector.fileErrors.append(FileProblem(path: file, kind: .unsupportedType))
        }
    }
}

extension SurveyReader {
    /// The bytes of a file, read straight into one array (no `Data` in between to copy from).
    /// Anything unusual (not a regular file, a short read) goes through `Data`, whose error is the
    /// one reported.
    static func contents(of path: String) throws -> [UInt8] {
        if let bytes = FileBytes.read(path: path) { return bytes }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// What ``SurveyReader/read(paths:)`` found.
///
/// ```swift
/// let result = reader.read(paths: ["ho-gia-dinh.csv"])
/// let households = result.data.tables["gia-dinh-hoc-tap"]!
/// print(households.count, result.data.rejected["gia-dinh-hoc-tap"]!.count)
/// ```
public struct SurveyReadResult: Sendable {
    public var data: SurveyData
    /// Files (or sheets) that could not be used at all.
    public var fileErrors: [FileProblem]
    /// Rows read, valid and rejected, per model, in the criteria's model order.
    public var counts: [ModelReadCount]

    public func count(model id: String) -> ModelReadCount? { counts.first { $0.modelID == id } }
}
