import Criteria
import Foundation
import KhuyenhocCLI
import Reports
import ZIPFoundation

/// The three fuzz targets: hostile bytes go through the same readers, engine and writers as a
/// clerk's files do, end to end (`score` with the shipped criteria and sample commune around
/// them). The libFuzzer entry (`Fuzz/Entry`) and the replay tests (`Tests/FuzzReplayTests`)
/// both call ``FuzzTargets/run(_:_:)``; see `Fuzz/README.md`.
///
/// ```swift
/// let outcome = FuzzTargets.run(.csv, Array("ma_ho,ten_chu_ho\nHO1,A\n".utf8))
/// // outcome.status is 0 or 1; outcome.messages says why when it is 1
/// ```
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The bytes are the sample commune's household file (`ho-gia-dinh.csv`), beside its clan
    /// and hamlet files: decoding, CSV, header matching, values, linking, scoring, CSV output.
    case csv
    /// The bytes are a workbook (`ho-gia-dinh.xlsx`) beside the sample's clan and hamlet CSV:
    /// zip container, workbook parts, sheet XML, cells, then scoring and the text report. Bytes
    /// that do not start with a zip signature (`PK`) are the first sheet's XML instead, put in a
    /// minimal workbook (``SheetWorkbook``), so that mutations reach the sheet reader unbroken
    /// by compression and checksums.
    case workbook
    /// The bytes are the household criteria file (`gia-dinh-hoc-tap.xml`) beside the shipped
    /// clan and hamlet files: XML, schema, definitions, expressions, compiling, and (when the
    /// criteria are usable) scoring the sample commune with them.
    case criteria
}

/// What one run gave: the exit status of the output contract, the output and the messages.
public struct FuzzOutcome: Sendable {
    public var status: Int32
    public var output: String
    public var messages: String
}

public enum FuzzTargets {
    /// The repository this module was built from (its `Criteria/` and `Samples/`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped criteria, loaded once for the survey-file targets.
    static let shippedCriteria = CriteriaLoader().load(paths: [repository.appendingPathComponent("Criteria").path])

    /// The target named by `$KHUYENHOC_FUZZ_TARGET` (the libFuzzer binary serves all three).
    public static var selected: FuzzTarget? {
        ProcessInfo.processInfo.environment["KHUYENHOC_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))
    }

    /// A scratch folder of this process, laid out once per target.
    private static func workspace(_ target: FuzzTarget) -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("khuyenhoc-fuzz-\(getpid())").appendingPathComponent(target.rawValue)
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder.path) {
            try? fm.createDirectory(at: folder, withIntermediateDirectories: true)
            let samples = repository.appendingPathComponent("Samples/long-huu")
            let criteria = repository.appendingPathComponent("Criteria")
            switch target {
            case .csv, .workbook:
                for name in ["ap.csv", "dong-ho.csv"] {
                    try? fm.copyItem(at: samples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
                }
            case .criteria:
                for name in ["dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
                    try? fm.copyItem(at: criteria.appendingPathComponent(name), to: folder.appendingPathComponent(name))
                }
            }
        }
        return folder
    }

    /// Runs one input through a target.
    public static func run(_ target: FuzzTarget, _ bytes: [UInt8]) -> FuzzOutcome {
        let folder = workspace(target)
        let fileName: String
        switch target {
        case .csv: fileName = "ho-gia-dinh.csv"
        case .workbook: fileName = "ho-gia-dinh.xlsx"
        case .criteria: fileName = "gia-dinh-hoc-tap.xml"
        }
        let file = folder.appendingPathComponent(fileName)
        if target == .workbook && !bytes.starts(with: [0x50, 0x4B]) {
            SheetWorkbook.write(sheetXML: bytes, to: file)
        } else {
            try? Data(bytes).write(to: file)
        }
        var runner = ScoreRunner(language: .vietnamese)
        runner.threads = 1
        if target != .criteria { runner.loadedCriteria = shippedCriteria }
        let sink = OutputSink(capturing: ())
        var messages = ""
        let status: Int32
        switch target {
        case .csv:
            runner.format = .csv
            status = runner.run(inputs: [folder.path], criteriaPaths: [repository.appendingPathComponent("Criteria").path],
                                output: sink, messages: &messages)
        case .workbook:
            runner.format = .text
            status = runner.run(inputs: [folder.path], criteriaPaths: [repository.appendingPathComponent("Criteria").path],
                                output: sink, messages: &messages)
        case .criteria:
            runner.format = .csv
            status = runner.run(inputs: [repository.appendingPathComponent("Samples/long-huu").path],
                                criteriaPaths: [folder.path], output: sink, messages: &messages)
        }
        return FuzzOutcome(status: status, output: sink.captured ?? "", messages: messages)
    }
}

/// A minimal workbook around one sheet's XML: the parts a spreadsheet program writes (content
/// types, relationships, workbook, shared strings), stored uncompressed.
enum SheetWorkbook {
    static let parts: [(String, String)] = [
        ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hộ gia đình" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>Mã hộ</t></si><si><t>Họ và tên chủ hộ</t></si><si><t>Mã ấp</t></si><si><t>x</t></si><si><t>Có</t></si><si><t>LD</t></si></sst>"#),
    ]

    static func write(sheetXML: [UInt8], to file: URL) {
        try? FileManager.default.removeItem(at: file)
        guard let archive = try? Archive(url: file, accessMode: .create) else { return }
        func add(_ path: String, _ data: Data) {
            try? archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        for (path, text) in parts { add(path, Data(text.utf8)) }
        add("xl/worksheets/sheet1.xml", Data(sheetXML))
    }
}
