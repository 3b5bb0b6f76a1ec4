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
    /// The report file this run writes (`--output`): never read as input (spec, intake rule 7).
    public var outputPath: String?
    /// Text files held in memory (a register's stored files), by the path they are named by:
    /// such a path is read from these bytes, exactly as a file on disk holding them would be,
    /// and never looked for on the disk. Only `.csv`, `.txt` and `.tsv` names; a workbook is
    /// read from a file.
    public var textFilesInMemory: [String: [UInt8]] = [:]
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
        collector.noteCleanedValues()
        collector.noteRowsThatAreNotRecords()
        return collector
    }

    /// Spreadsheet files a folder may hold that are not read, and what to do with them.
    static let otherSpreadsheets: [String: (vietnamese: String, english: String)] = [
        "xls": ("tệp Excel 97–2003 (.xls) không đọc được: hãy mở bằng Excel và lưu lại dạng .xlsx (hoặc CSV)",
                "an Excel 97–2003 file (.xls) is not read: open it in Excel and save it as .xlsx (or CSV)"),
        "ods": ("tệp OpenDocument (.ods) không đọc được: hãy lưu lại dạng .xlsx (hoặc CSV)",
                "an OpenDocument file (.ods) is not read: save it as .xlsx (or CSV)"),
        "numbers": ("tệp Numbers (.numbers) không đọc được: hãy xuất ra dạng .xlsx (hoặc CSV)",
                    "a Numbers file (.numbers) is not read: export it as .xlsx (or CSV)"),
    ]

    /// The files to read: those given, and the survey files directly in the folders given. What
    /// a folder holds that is not read is noted once each (spec, intake rule 7): `.xls`, `.ods`,
    /// `.numbers` files, sub-folders, an earlier report of the program; the `--output` file is
    /// never read.
    private func files(in paths: [String], collector: SurveyCollector) -> [String] {
        var files: [String] = []
        let output = outputPath.flatMap(FileIdentity.init(path:))
        func note(_ name: String, _ vietnamese: String, _ english: String) {
            collector.notes.append(RowProblem(vietnamese: "\(name): \(vietnamese)", english: "\(name): \(english)"))
        }
        /// Whether a survey file is to be read; notes it when it is not.
        func reads(_ file: String) -> Bool {
            let name = SurveySource(path: file).displayName
            if let output, FileIdentity(path: file) == output {
                note(name, "tệp kết quả của lần chạy này (--output): không đọc", "the report this run writes (--output): not read")
                return false
            }
            let earlier = textFilesInMemory[file].map { Self.isEarlierReport(head: $0.prefix(4096)) } ?? Self.isEarlierReport(path: file)
            if earlier {
                note(name, "kết quả cũ của khuyenhoc (nhận ra từ dòng đầu), không phải tệp khảo sát: bỏ qua",
                     "an earlier report of khuyenhoc (recognised by its first line), not a survey file: skipped")
                return false
            }
            return true
        }
        for path in paths {
            if textFilesInMemory[path] != nil {
                if reads(path) { files.append(path) }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                collector.fileErrors.append(FileProblem(path: path, kind: .notFound))
                continue
            }
            if !isDirectory.boolValue {
                if reads(path) { files.append(path) }
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { !$0.hasPrefix(".") && !$0.hasPrefix("~$") }
                .sorted()
            for name in names {
                let file = (path as NSString).appendingPathComponent(name)
                let type = (name as NSString).pathExtension.lowercased()
                if let words = Self.otherSpreadsheets[type] {
                    note(name, words.vietnamese, words.english)
                    continue
                }
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
                    let folder = SurveySource(path: path).displayName
                    note("\(folder)/\(name)",
                         "thư mục con không được đọc: nếu trong đó có tệp khảo sát, hãy ghi tên thư mục này vào lệnh",
                         "a sub-folder is not read: if it holds survey files, name it on the command line")
                    continue
                }
                if Self.surveyExtensions.contains(type) && reads(file) { files.append(file) }
            }
        }
        return files
    }

    /// Whether a file is a report this program wrote, by its first line: the CSV header of the
    /// output contract (`model,xa,id,name,total,level,rank…`), or a text report's centred title
    /// (`DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN "…"`, `LIST PROPOSED FOR RECOGNITION AS "…"`, the annex's
    /// `DANH SÁCH "…" ĐƯỢC CÔNG NHẬN`, the rows to correct of `khuyenhoc errors`) or the heading
    /// of its official form (the national motto after the issuing body, with no delimiters).
    public static func isEarlierReport(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return false }
        return isEarlierReport(head: [UInt8](head))
    }

    /// ``isEarlierReport(path:)`` for a file's first bytes (up to 4,096).
    public static func isEarlierReport(head: some Collection<UInt8>) -> Bool {
        guard !head.isEmpty else { return false }
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let end = bytes.firstIndex(of: 0x0A) { bytes.removeSubrange(end...) }
        if bytes.last == 0x0D { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("model,xa,id,name,total,level,rank") { return true }
        let trimmed = line.drop { $0 == " " }
        // The lists' titles, the annex's (`--only certified`) and those of `khuyenhoc errors`.
        let titles = ["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN \"", "LIST PROPOSED FOR RECOGNITION AS \"", "DANH SÁCH \"", "LIST OF \"",
                      "DANH SÁCH DÒNG CẦN SỬA — ", "ROWS TO CORRECT — ", "Không có dòng nào cần sửa.", "No row needs correcting."]
        if line.hasPrefix(" ") && titles.contains(where: { trimmed.hasPrefix($0) }) {
            return true
        }
        let delimited = line.contains(",") || line.contains(";") || line.contains("\t")
        return !delimited && (line.contains("  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || line.contains("  SOCIALIST REPUBLIC OF VIETNAM"))
    }

    private func read(file: String, into collector: SurveyCollector) {
        if let bytes = textFilesInMemory[file] {
            CSVSurveyFile.read(bytes: bytes, path: file, encoding: encoding, threads: threads,
                               minimumChunkBytes: minimumChunkBytes, into: collector)
            return
        }
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
    public static func contents(of path: String) throws -> [UInt8] {
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
