import Criteria
import Foundation
import Machinery

/// An `.xlsx` workbook opened for reading: its sheets (in workbook order), shared strings, date
/// styles and date system. Sheets are streamed row by row with ``readSheet(_:threads:row:)``.
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
        /// A limit passed, or a container not to be trusted (``WorkbookProblem``).
        case problem(WorkbookProblem)
    }

    struct Sheet {
        var name: String
        /// The part's path inside the archive (`xl/worksheets/sheet1.xml`).
        var part: String
        /// Hidden in Excel (`state="hidden"` or `"veryHidden"`); read like the others.
        var hidden = false
        /// Why the sheet cannot be read at all (an external or missing part, a part another
        /// sheet already reads): an error for this sheet, the others are read.
        var problem: WorkbookProblem?
    }

    private let zip: XLSXZip
    private(set) var sheets: [Sheet] = []
    private(set) var sharedStrings: [String] = []
    /// Shared strings longer than ``InputLimits/cellCharacters``, by index, with their length
    /// in characters (their text is not kept).
    private(set) var longSharedStrings: [Int: Int] = [:]
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
        zip = try XLSXZip(path: path)
        let workbookPart = try officeDocumentPart()
        try readWorkbook(workbookPart)
        guard !sheets.isEmpty else { throw .noSheets }
    }

    /// The bytes of a part, or `nil` when the archive has no such part.
    func part(_ path: String) throws(Failure) -> [UInt8]? {
        guard let entry = zip.entry(path) else { return nil }
        return try zip.read(entry)
    }

    /// Whether the archive holds the part.
    func hasPart(_ path: String) -> Bool { zip.entry(path) != nil }

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
        var targets: [String: Target] = [:]
        var sharedStringsPart: String?
        var stylesPart: String?
        _ = try walk(relsPart) { xml in
            guard xml.isStart("Relationship"), let id = xml.attribute("Id"), let target = xml.attribute("Target") else { return }
            if xml.attribute("TargetMode")?.lowercased() == "external" {
                if targets[id] == nil { targets[id] = .external(target) }
                return
            }
            let resolved = Self.resolve(target, from: directory)
            if targets[id] == nil { targets[id] = .part(resolved) }
            let type = xml.attribute("Type") ?? ""
            if type.hasSuffix("/sharedStrings") { sharedStringsPart = resolved }
            if type.hasSuffix("/styles") { stylesPart = resolved }
        }
        guard declared.count <= InputLimits.workbookSheets else { throw .problem(.tooManySheets(count: declared.count)) }
        // Each part is read once at most: a sheet pointing at a part an earlier sheet reads is named.
        var firstSheetOfPart: [String: String] = [:]
        sheets = declared.map { sheet in
            var found = Sheet(name: sheet.name, part: "", hidden: sheet.hidden)
            switch targets[sheet.id] {
            case nil:
                found.problem = .missingSheetPart(part: WorkbookProblem.shown(sheet.id))
            case .external(let target):
                found.problem = .externalSheet(target: WorkbookProblem.shown(target))
            case .part(let part):
                found.part = part
                if let first = firstSheetOfPart[part.lowercased()] {
                    found.problem = .samePartAsSheet(part: WorkbookProblem.shown(part), sheet: WorkbookProblem.shown(first))
                } else if !hasPart(part) {
                    found.problem = .missingSheetPart(part: WorkbookProblem.shown(part))
                } else {
                    firstSheetOfPart[part.lowercased()] = sheet.name
                }
            }
            return found
        }
        try readSharedStrings(sharedStringsPart ?? "\(directory)/sharedStrings.xml")
        try readStyles(stylesPart ?? "\(directory)/styles.xml")
    }

    /// Where a relationship points.
    private enum Target {
        case part(String)
        case external(String)
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
        var long: [Int: Int] = [:]
        var current = ""
        var inText = false
        var phoneticDepth = 0
        // Text past this many bytes is more than ``InputLimits/cellCharacters`` characters
        // whatever they are: it is counted, not kept.
        let keptBytes = 4 * InputLimits.cellCharacters + 4
        var extraCharacters = 0
        _ = try walk(path) { xml in
            switch xml.node {
            case .start:
                if xml.localName == "si" { current = ""; extraCharacters = 0 }
                else if xml.localName == "rPh" && !xml.isEmptyElement { phoneticDepth += 1 }
                else if xml.localName == "t" && phoneticDepth == 0 && !xml.isEmptyElement { inText = true }
            case .end:
                if xml.localName == "si" {
                    let characters = current.utf8.count > InputLimits.cellCharacters ? current.unicodeScalars.count + extraCharacters : 0
                    if characters > InputLimits.cellCharacters {
                        long[strings.count] = characters
                        strings.append("")
                    } else {
                        strings.append(XLSXEscapes.unescape(current))
                    }
                }
                else if xml.localName == "rPh" { phoneticDepth -= 1 }
                else if xml.localName == "t" { inText = false }
            default:
                guard inText && xml.isText else { break }
                let value = xml.value
                if current.utf8.count < keptBytes { current += value } else { extraCharacters += value.unicodeScalars.count }
            }
        }
        sharedStrings = strings
        longSharedStrings = long
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
    func readSheet(_ sheet: Sheet, threads: Int = 1, row: (Int, XLSXRowCells) -> Void) throws(Failure) {
        if let problem = sheet.problem { throw .problem(problem) }
        guard let bytes = try part(sheet.part) else { throw .problem(.missingSheetPart(part: WorkbookProblem.shown(sheet.part))) }
        let reader = XLSXSheetReader(name: sheet.part, sharedStrings: sharedStrings, longSharedStrings: longSharedStrings,
                                     dateStyles: dateStyles, date1904: date1904)
        // A very large sheet is parsed in two pieces at once, on two cores, its rows used on this
        // thread; a large one on another core while its rows are used on this one.
        if threads > 1 && bytes.count >= XLSXSheetReader.splitBytes, let cut = XLSXSheetReader.cut(bytes) {
            try reader.readSplit(bytes: bytes, cut: cut, row: row)
        } else if bytes.count >= 1 << 20 {
            try reader.readInBackground(bytes: bytes, row: row)
        } else {
            try reader.read(bytes: bytes, row: row)
        }
    }

    /// `C5` → 2 (0-based); `nil` when the reference has no column letters;
    /// ``InputLimits/sheetColumns`` (one past XFD) when it names a column beyond XFD.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case 65...90, 97...122:
                letters += 1
                if letters <= InputLimits.columnLetters { index = index * 26 + Int((byte & 0xDF) - 64) }
            default:
                return letters == 0 ? nil : letters > InputLimits.columnLetters ? InputLimits.sheetColumns : min(index - 1, InputLimits.sheetColumns)
            }
        }
        return letters == 0 ? nil : letters > InputLimits.columnLetters ? InputLimits.sheetColumns : min(index - 1, InputLimits.sheetColumns)
    }

    /// 2 → `C`: the letters of a column (0-based).
    static func columnName(_ column: Int) -> String {
        var letters: [UInt8] = []
        var rest = column + 1
        while rest > 0 && letters.count < 8 {
            letters.append(UInt8(65 + (rest - 1) % 26))
            rest = (rest - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
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
