import Foundation
import TextSupport

/// A calendar date as written on a report, with no time zone involved.
///
/// ```swift
/// ReportDate(typed: "05/11/2024")          // 5 November 2024, as a clerk types it
/// ReportDate(typed: "2024-11-05")          // the same
/// ReportDate.read("30/02/2024")            // .failure(.impossible(…)): February 2024 has 29 days
/// ```
public struct ReportDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Why a typed date was refused.
    public enum Problem: Error, Sendable, Equatable {
        /// Not written as a date: `YYYY-MM-DD` or `DD/MM/YYYY` (also with `-` or `.`).
        case notADate(String)
        /// A day the calendar does not have (`30/02/2024`, month 13), with the month's day count.
        case impossible(day: Int, month: Int, year: Int)

        /// "--date: …" in words, for the clerk.
        public func message(in l: Language) -> String {
            switch self {
            case .notADate(let text):
                return l.pick("'\(text)' không phải ngày: viết dạng ngày/tháng/năm (05/11/2024) hoặc YYYY-MM-DD (2024-11-05)",
                              "'\(text)' is not a date: write day/month/year (05/11/2024) or YYYY-MM-DD (2024-11-05)")
            case .impossible(let day, let month, let year):
                guard (1...12).contains(month) else {
                    return l.pick("không có tháng \(month) (tháng từ 1 đến 12)", "there is no month \(month) (months run from 1 to 12)")
                }
                let days = ReportDate.days(inMonth: month, year: year)
                return l.pick("tháng \(month) năm \(year) chỉ có \(days) ngày, không có ngày \(day)",
                              "month \(month) of \(year) has \(days) days, there is no day \(day)")
            }
        }
    }

    /// Reads `2024-11-05` (year first), or `05/11/2024`, `5/11/2024`, `05-11-2024`, `05.11.2024`
    /// (day first, as Vietnamese dates are written); refuses a day the calendar does not have.
    public static func read(_ typed: String) -> Result<ReportDate, Problem> {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
              let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return .failure(.notADate(typed)) }
        let (year, month, day): (Int, Int, Int)
        if parts[0].count == 4 && parts[2].count <= 2 {
            (year, month, day) = (a, b, c)
        } else if parts[2].count == 4 && parts[0].count <= 2 && parts[1].count <= 2 {
            (year, month, day) = (c, b, a)
        } else {
            return .failure(.notADate(typed))
        }
        guard year >= 1900 else { return .failure(.notADate(typed)) }
        guard (1...12).contains(month), day >= 1, day <= days(inMonth: month, year: year) else {
            return .failure(.impossible(day: day, month: month, year: year))
        }
        return .success(ReportDate(year: year, month: month, day: day))
    }

    /// A date as ``read(_:)`` reads it, or nil.
    public init?(typed: String) {
        guard case .success(let date) = Self.read(typed) else { return nil }
        self = date
    }

    /// Reads `2024-11-05` (any form ``read(_:)`` accepts).
    public init?(iso: String) {
        self.init(typed: iso)
    }

    /// Days in a month of the Gregorian calendar.
    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Who signs and in what capacity, as Nghị định 30/2020/NĐ-CP writes it above the signature.
///
/// ```
///  TM. BAN CHẤP HÀNH      KT. CHỦ TỊCH          CHỦ TỊCH
///      CHỦ TỊCH           PHÓ CHỦ TỊCH
/// ```
public enum SignerCapacity: Sendable, Equatable {
    /// `TM. BAN CHẤP HÀNH` over `CHỦ TỊCH`: the chair signs for the executive committee.
    case onBehalfOfCommittee
    /// `KT. CHỦ TỊCH` over `PHÓ CHỦ TỊCH`: a vice-chair signs for the chair.
    case deputy
    /// Only the signer's title.
    case own
    /// The line as typed (`TM. BAN THƯỜNG VỤ`), upper-cased.
    case custom(String)
}

/// How the text report is laid out: width, pages, the official heading and signature, and
/// which lists are printed.
///
/// ```swift
/// var settings = ReportSettings()
/// settings.apply(paper: .a4Portrait)       // 78 columns, pages of 60 lines
/// settings.organization = "Hội Khuyến học xã Long Hữu"
/// settings.recipients = ["UBND xã Long Hữu", "Hội Khuyến học thị xã Duyên Hải"]
/// settings.onlyCertified = true            // the annex of the recognition decision
/// ```
public struct ReportSettings: Sendable {
    /// No line is longer than this, in display columns.
    public var width: Int = 132
    public var paginate: Bool = false
    public var pageLines: Int = 60
    /// The body above the issuing body (cơ quan chủ quản): `Hội Khuyến học thị xã Duyên Hải`.
    public var parentOrganization: String?
    /// The issuing body (`Hội Khuyến học xã Long Hữu`); with it, the official layout is used.
    /// A line break in it (or a typed `\n`) starts a new line of the heading.
    public var organization: String?
    /// The document's number and symbol (`15/DS-KH`); the official layout prints `Số: ……` to be
    /// filled in by hand when it is not given.
    public var number: String?
    public var place: String?
    public var date: ReportDate?
    public var signer: String?
    /// The line above the signer's title (default: `TM. BAN CHẤP HÀNH`).
    public var capacity: SignerCapacity = .onBehalfOfCommittee
    /// The signer's title (default `CHỦ TỊCH`, or `PHÓ CHỦ TỊCH` for ``SignerCapacity/deputy``).
    public var signerTitle: String?
    /// "Nơi nhận:" lines; empty: the commune's People's Committee, the association above, and the file.
    public var recipients: [String] = []
    /// The year in the titles (`… NĂM 2024`).
    public var year: Int?
    /// Only the entities recognised (tiêu biểu and đạt), with no footnotes, error rows or
    /// counts of those not recognised: the annex of the recognition decision, posted in public.
    public var onlyCertified: Bool = false
    /// One list per hamlet (for the hamlet's notice board), each on its own pages, for the models
    /// whose entities belong to a hamlet.
    public var byHamlet: Bool = false
    /// Hamlet names by commune and code (`Long Hữu` → `LK` → `Ấp Long Khánh`), shown instead of
    /// the codes where known. Filled from the run's hamlet file when empty (``TextReport``).
    public var hamletNames: [String: [String: String]] = [:]
    /// Threads that format table rows at once; the text is the same for any number.
    public var threads: Int = 1
    /// Rows of a ranked table measured as one part (parts are measured on `threads` threads and
    /// their footnotes numbered in order after). The text is the same for any value; tests use
    /// small parts to check that.
    public var rowsPerPart: Int = 1_024

    public init() {}

    /// The official heading and signature block are printed when any of their parts is given.
    public var isOfficial: Bool {
        organization != nil || parentOrganization != nil || number != nil || place != nil || date != nil
            || signer != nil || !recipients.isEmpty || signerTitle != nil || capacity != .onBehalfOfCommittee
    }

    /// Sets the width and lines per page of a paper size, and pages.
    public mutating func apply(paper: Paper) {
        width = paper.columns
        pageLines = paper.lines
        paginate = true
    }
}

/// A sheet of paper the text report is laid out for, at a readable size: 10-point monospaced
/// type (12 characters per inch, 6 lines per inch) inside the margins of Nghị định 30/2020/NĐ-CP
/// (top and bottom 20 mm, left 30 mm, right 15 mm).
///
/// | paper | printable area | columns × lines |
/// |---|---|---|
/// | A4 portrait | 165 × 257 mm | 78 × 60 (165 mm hold 77.95 characters: the last 0.1 mm comes out of the right margin) |
/// | A4 landscape | 252 × 170 mm | 119 × 40 |
public enum Paper: String, Sendable, CaseIterable {
    case a4Portrait = "a4-portrait"
    case a4Landscape = "a4-landscape"

    public var columns: Int {
        switch self {
        case .a4Portrait: 78
        case .a4Landscape: 119
        }
    }

    public var lines: Int {
        switch self {
        case .a4Portrait: 60
        case .a4Landscape: 40
        }
    }
}
