import Foundation
import Machinery
import ZIPFoundation

/// An `.xlsx` workbook opened for reading: its sheets (in workbook order), shared strings, date
/// styles and date system. Sheets are streamed row by row with ``readSheet(_:row:)``.
///
/// ```swift
/// let workbook = try XLSXWorkbook(path: "long-huu.xlsx")
/// for sheet in workbook.sheets { try workbook.readSheet(sheet) { number, cells in … } }
/// ```
struct XLSXWorkbook {
    enum Failure: Error {
        case notAWorkbook
        case damaged(String)
        case noSheets
    }

    struct Sheet {
        var name: String
        /// The part's path inside the archive (`xl/worksheets/sheet1.xml`).
        var part: String
        /// Hidden in Excel (`state="hidden"` or `"veryHidden"`); read like the others.
        var hidden = false
    }

    /// A workbook part larger than this is refused (a zip bomb, or not a survey).
    static let partLimit: UInt64 = 512 * 1024 * 1024

    private let archive: Archive
    private(set) var sheets: [Sheet] = []
    private(set) var sharedStrings: [String] = []
    /// Style index (`s` attribute) → shows a date.
    private(set) var dateStyles: [Bool] = []
    private(set) var date1904 = false

    init(path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let head = (try? FileHandle(forReadingFrom: url)).flatMap { handle in
            defer { try? handle.close() }
            return try? handle.read(upToCount: 4)
        } ?? Data()
        guard head.starts(with: [0x50, 0x4B]) else { throw .notAWorkbook }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw .damaged("ZIP: \(error)")
        }
        let workbookPart = try officeDocumentPart()
        try readWorkbook(workbookPart)
        guard !sheets.isEmpty else { throw .noSheets }
    }

    /// The bytes of a part, or `nil` when the archive has no such part.
    func part(_ path: String) throws(Failure) -> [UInt8]? {
        let entry = archive[path] ?? archive.first { $0.path.lowercased() == path.lowercased() }
        guard let entry else { return nil }
        guard entry.uncompressedSize <= Self.partLimit else { throw .damaged("\(path): too large") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            // This form of `extract` only computes the checksum and returns it (it never compares
            // it), in slow Swift on Linux: skip it. Larger reads than the 16 KiB default, too.
            _ = try archive.extract(entry, bufferSize: 256 * 1024, skipCRC32: true) { chunk in
                bytes.append(contentsOf: chunk)
                if bytes.count > Int(Self.partLimit) { throw Failure.damaged("\(path): too large") }
            }
        } catch {
            throw .damaged("\(path): \(error)")
        }
        return bytes
    }

    private func stream(_ path: String) throws(Failure) -> XMLStream? {
        guard let bytes = try part(path) else { return nil }
        do { return try XMLStream(bytes: bytes, name: path) } catch { throw .damaged(Self.describe(error)) }
    }

    static func describe(_ error: XMLStream.Failure) -> String {
        "\(error.part) line \(error.line): \(error.reason)"
    }

    /// Runs `body` over every node of a part, turning XML errors into a damaged-workbook failure.
    private func walk(_ path: String, _ body: (XMLStream) -> Void) throws(Failure) -> Bool {
        guard let xml = try stream(path) else { return false }
        do {
            while try xml.next() { body(xml) }
        } catch {
            throw .damaged(Self.describe(error))
        }
        return true
    }

    private func officeDocumentPart() throws(Failure) -> String {
        var target: String?
        _ = try walk("_rels/.rels") { xml in
            if xml.isStart("Relationship"), xml.attribute("Type")?.hasSuffix("/officeDocument") == true {
                target = xml.attribute("Target")
            }
        }
        return target.map { Self.resolve($0, from: "") } ?? "xl/workbook.xml"
    }

    private mutating func readWorkbook(_ workbookPart: String) throws(Failure) {
        let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var declared: [(name: String, id: String, hidden: Bool)] = []
        var is1904 = false
        let found = try walk(workbookPart) { xml in
            if xml.isStart("sheet"), let name = xml.attribute("name"),
               let id = xml.attribute("id", namespace: relationshipsNamespace) ?? xml.attribute("r:id") {
                let state = xml.attribute("state")?.lowercased()
                declared.append((name, id, state == "hidden" || state == "veryhidden"))
            } else if xml.isStart("workbookPr"), let flag = xml.attribute("date1904") {
                is1904 = flag == "1" || flag.lowercased() == "true"
            }
        }
        guard found else { throw .damaged("\(workbookPart) missing") }
        date1904 = is1904

        let directory = (workbookPart as NSString).deletingLastPathComponent
        let relsPart = directory.isEmpty ? "_rels/\((workbookPart as NSString).lastPathComponent).rels"
            : "\(directory)/_rels/\((workbookPart as NSString).lastPathComponent).rels"
        var targets: [String: String] = [:]
        var sharedStringsPart: String?
        var stylesPart: String?
        _ = try walk(relsPart) { xml in
            guard xml.isStart("Relationship"), let id = xml.attribute("Id"), let target = xml.attribute("Target") else { return }
            if xml.attribute("TargetMode") == "External" { return }
            let resolved = Self.resolve(target, from: directory)
            targets[id] = resolved
            let type = xml.attribute("Type") ?? ""
            if type.hasSuffix("/sharedStrings") { sharedStringsPart = resolved }
            if type.hasSuffix("/styles") { stylesPart = resolved }
        }
        sheets = declared.compactMap { sheet in targets[sheet.id].map { Sheet(name: sheet.name, part: $0, hidden: sheet.hidden) } }
        try readSharedStrings(sharedStringsPart ?? "\(directory)/sharedStrings.xml")
        try readStyles(stylesPart ?? "\(directory)/styles.xml")
    }

    /// A relationship target: absolute (`/xl/worksheets/sheet1.xml`) from the archive root,
    /// relative (`worksheets/sheet1.xml`, `../x.xml`) from the source part's folder.
    static func resolve(_ target: String, from directory: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : (directory.isEmpty ? target : "\(directory)/\(target)")
        var parts: [Substring] = []
        for piece in joined.split(separator: "/") {
            if piece == "." { continue }
            if piece == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    /// Each `<si>`: plain `<t>`, or rich-text runs `<r><t>` joined; phonetic runs `<rPh>` skipped.
    private mutating func readSharedStrings(_ path: String) throws(Failure) {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phoneticDepth = 0
        _ = try walk(path) { xml in
            switch xml.node {
            case .start:
                if xml.localName == "si" { current = "" }
                else if xml.localName == "rPh" && !xml.isEmptyElement { phoneticDepth += 1 }
                else if xml.localName == "t" && phoneticDepth == 0 && !xml.isEmptyElement { inText = true }
            case .end:
                if xml.localName == "si" { strings.append(XLSXEscapes.unescape(current)) }
                else if xml.localName == "rPh" { phoneticDepth -= 1 }
                else if xml.localName == "t" { inText = false }
            default:
                if inText && xml.isText { current += xml.value }
            }
        }
        sharedStrings = strings
    }

    private mutating func readStyles(_ path: String) throws(Failure) {
        var customFormats: [Int: String] = [:]
        var cellFormats: [Int] = []
        var inCellXfs = false
        _ = try walk(path) { xml in
            if xml.isStart("numFmt"), let id = xml.attribute("numFmtId").flatMap(Int.init) {
                customFormats[id] = xml.attribute("formatCode")
            } else if xml.isStart("cellXfs") {
                inCellXfs = !xml.isEmptyElement
            } else if xml.isEnd("cellXfs") {
                inCellXfs = false
            } else if inCellXfs && xml.isStart("xf") {
                cellFormats.append(xml.attribute("numFmtId").flatMap(Int.init) ?? 0)
            }
        }
        dateStyles = cellFormats.map { ExcelDate.isDateFormat(id: $0, code: customFormats[$0]) }
    }

    /// Streams a sheet: `row` gets each `<row>`'s number (its `r`, or the next one) and its cells
    /// by column (from each cell's `r`, or its position), read by ``XLSXSheetReader``.
    func readSheet(_ sheet: Sheet, row: (Int, [XLSXCell]) -> Void) throws(Failure) {
        guard let bytes = try part(sheet.part) else { throw .damaged("\(sheet.part) missing") }
        let reader = XLSXSheetReader(name: sheet.part, sharedStrings: sharedStrings, dateStyles: dateStyles)
        do {
            // A large sheet is parsed on another core while its rows are used on this one.
            if bytes.count >= 1 << 20 {
                try reader.readInBackground(bytes: bytes, row: row)
            } else {
                try reader.read(bytes: bytes, row: row)
            }
        } catch {
            throw .damaged(Self.describe(error))
        }
    }

    /// `C5` → 2 (0-based); `nil` when the reference has no column letters.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case 65...90: index = index * 26 + Int(byte - 64)
            case 97...122: index = index * 26 + Int(byte - 96)
            default: return letters > 0 ? index - 1 : nil
            }
            letters += 1
        }
        return letters > 0 ? index - 1 : nil
    }
}

/// The `_xHHHH_` escapes Office writes for characters XML cannot hold (`_x000D_` is a carriage
/// return; `_x005F_` escapes an underscore that would otherwise start an escape).
enum XLSXEscapes {
    static func unescape(_ text: String) -> String {
        guard hasEscape(text.utf8) else { return text }
        var units: [UInt16] = []
        let source = Array(text.utf16)
        var i = 0
        while i < source.count {
            if source[i] == 0x5F, i + 6 < source.count, source[i + 1] == 0x78, source[i + 6] == 0x5F,
               let code = UInt16(String(utf16CodeUnits: Array(source[(i + 2)..<(i + 6)]), count: 4), radix: 16) {
                units.append(code)
                i += 7
            } else {
                units.append(source[i])
                i += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// ``unescape(_:)`` of UTF-8 bytes.
    static func unescape(bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return hasEscape(bytes) ? unescape(text) : text
    }

    /// Whether the text holds `_x` (where an escape could start).
    static func hasEscape<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var underscore = false
        for byte in bytes {
            if underscore && byte == 0x78 { return true }
            underscore = byte == 0x5F
        }
        return false
    }
}
