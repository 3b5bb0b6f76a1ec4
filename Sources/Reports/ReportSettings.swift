/// A calendar date as written on a report, with no time zone involved.
public struct ReportDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `2024-11-05`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2],
              (1...12).contains(m), (1...31).contains(d), y > 1900 else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

/// How the text report is laid out: width, pages, and the official heading and signature.
public struct ReportSettings: Sendable {
    /// No line is longer than this, in display columns.
    public var width: Int = 132
    public var paginate: Bool = false
    public var pageLines: Int = 60
    /// The issuing body (`Hội Khuyến học xã Long Hữu`); with it, the official layout is used.
    public var organization: String?
    public var place: String?
    public var date: ReportDate?
    public var signer: String?
    /// The year in the titles (`… NĂM 2024`).
    public var year: Int?
    /// Threads that format table rows at once; the text is the same for any number.
    public var threads: Int = 1
    /// Rows of a ranked table measured as one part (parts are measured on `threads` threads and
    /// their footnotes numbered in order after). The text is the same for any value; tests use
    /// small parts to check that.
    public var rowsPerPart: Int = 1_024

    public init() {}

    /// The official heading and signature block are printed when any of their parts is given.
    public var isOfficial: Bool { organization != nil || place != nil || date != nil || signer != nil }
}
