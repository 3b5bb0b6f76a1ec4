import Criteria
import Machinery
import TextSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where a survey row came from: which file (and sheet), which row as the clerk sees it.
public struct RowOrigin: Sendable, Hashable {
    /// Index into ``SurveyData/sources``.
    public var source: Int32
    /// The row number shown by a spreadsheet program (the header row counts; 1-based).
    public var row: Int32

    public init(source: Int32, row: Int32) {
        self.source = source
        self.row = row
    }
}

/// A file (and, for a workbook, a sheet) that survey rows were read from.
public struct SurveySource: Sendable, Hashable {
    /// The path as the user gave it (or as found inside a given folder).
    public var path: String
    /// The sheet name for workbooks.
    public var sheet: String?

    public init(path: String, sheet: String? = nil) {
        self.path = path
        self.sheet = sheet
    }

    /// `ho-gia-dinh.csv` or `long-huu.xlsx [Hộ gia đình]`: the file name as a clerk knows it.
    public var displayName: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return sheet.map { "\(name) [\($0)]" } ?? name
    }
}
