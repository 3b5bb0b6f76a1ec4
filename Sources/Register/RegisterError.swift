import Foundation
import TextSupport

/// Why a register could not be used, in words for the clerk.
///
/// ```swift
/// catch let problem as RegisterError { print(problem.message(in: .vietnamese)) }
/// ```
public enum RegisterError: Error, Sendable, LocalizedMessage {
    /// No register file at that path (commands that only read do not create one).
    case notFound(path: String)
    /// Written by a newer program: its schema version is higher than this program's.
    case newerSchema(path: String, found: Int, known: Int)
    /// Not an SQLite file, no permission, a full disk: SQLite's own words.
    case unusable(path: String, reason: String)
    /// The PostgreSQL server of a `postgres://` register could not be reached or refused the
    /// connection (not running, wrong port, unknown user or database, password).
    case serverUnreachable(location: String, reason: String)
    /// `--replaces` or `--withdraw` names no current file of that year.
    case noSuchFile(name: String, year: Int)
    /// More than one current file of that year has that name.
    case ambiguousName(name: String, year: Int, count: Int)
    /// A survey file that could not be used at all: the import is refused whole.
    case unreadableInput(message: (vi: String, en: String))
    /// `import` (or `--withdraw`) into a certified year (commune): refused until reopened.
    case yearCertified(year: Int, commune: String?, decision: String, file: String)
    /// `certify` of a year (commune) already certified.
    case alreadyCertified(year: Int, commune: String?, decision: String, at: String)
    /// `certify` with no current file (or no result of that commune).
    case nothingToCertify(year: Int, commune: String?)
    /// `certify` while current files have rows with errors (and no `--accept-errors`).
    case errorRows(year: Int, files: [String])
    /// `certify --reopen` of a year (commune) not certified.
    case notCertified(year: Int, commune: String?)
    /// Another clerk imported a file of exactly the same units while this import ran
    /// (PostgreSQL: the unique index on current files); this import is refused whole.
    case importedMeanwhile(file: String, year: Int)
    /// A stored file's bytes do not decompress to the size recorded for them.
    case damagedFile(path: String, sha256: String)

    public func message(in l: Language) -> String {
        switch self {
        case let .notFound(path):
            return l.pick("Chưa có sổ tiếp nhận \(path): hãy nhập tệp bằng \"khuyenhoc import\" (hoặc chỉ đường dẫn bằng --register)",
                          "No register at \(path): import files with \"khuyenhoc import\" first (or name it with --register)")
        case let .newerSchema(path, found, known):
            return l.pick("Sổ tiếp nhận \(path) do phiên bản khuyenhoc mới hơn ghi (lược đồ \(found), chương trình này đọc đến \(known)): hãy cập nhật khuyenhoc; sổ không bị thay đổi",
                          "The register \(path) was written by a newer khuyenhoc (schema \(found); this program reads up to \(known)): update khuyenhoc; the register was not changed")
        case let .unusable(path, reason):
            return l.pick("Không dùng được sổ tiếp nhận \(path): \(reason)", "Cannot use the register \(path): \(reason)")
        case let .serverUnreachable(location, reason):
            return l.pick("Không kết nối được máy chủ PostgreSQL của sổ tiếp nhận \(location) (\(reason)): kiểm tra máy chủ đang chạy, địa chỉ, cổng, tên người dùng và cơ sở dữ liệu; sổ không bị thay đổi",
                          "Cannot connect to the PostgreSQL server of the register \(location) (\(reason)): check that the server is running, and the host, port, user and database; the register was not changed")
        case let .noSuchFile(name, year):
            return l.pick("Không có tệp đang dùng nào tên \"\(name)\" trong năm \(year); sổ không bị thay đổi",
                          "No current file named \"\(name)\" in \(year); the register was not changed")
        case let .ambiguousName(name, year, count):
            return l.pick("Có \(count) tệp đang dùng cùng tên \"\(name)\" trong năm \(year): không biết tệp nào; sổ không bị thay đổi",
                          "\(count) current files are named \"\(name)\" in \(year): cannot tell which; the register was not changed")
        case let .unreadableInput(message):
            return l.pick(message.vi + "; không nhập tệp nào, sổ không bị thay đổi", message.en + "; nothing was imported, the register was not changed")
        case let .yearCertified(year, commune, decision, file):
            let scope = commune.map { " (xã \($0))" } ?? "", scopeEnglish = commune.map { " (commune \($0))" } ?? ""
            return l.pick("\(file): năm \(year)\(scope) đã được công nhận theo \(decision), không nhập thêm được; nếu cần sửa, mở lại bằng: khuyenhoc certify --reopen --year \(year) --reason \"…\"; sổ không bị thay đổi",
                          "\(file): \(year)\(scopeEnglish) is certified by \(decision), nothing can be imported into it; to correct it, reopen it with: khuyenhoc certify --reopen --year \(year) --reason \"…\"; the register was not changed")
        case let .alreadyCertified(year, commune, decision, at):
            let scope = commune.map { " (xã \($0))" } ?? "", scopeEnglish = commune.map { " (commune \($0))" } ?? ""
            return l.pick("Năm \(year)\(scope) đã được công nhận theo \(decision) lúc \(at); muốn công nhận lại, mở lại trước: khuyenhoc certify --reopen --year \(year) --reason \"…\"; sổ không bị thay đổi",
                          "\(year)\(scopeEnglish) is already certified by \(decision) at \(at); to certify again, reopen it first: khuyenhoc certify --reopen --year \(year) --reason \"…\"; the register was not changed")
        case let .nothingToCertify(year, commune):
            let scope = commune.map { " của xã \($0)" } ?? "", scopeEnglish = commune.map { " of commune \($0)" } ?? ""
            return l.pick("Không có kết quả nào\(scope) trong năm \(year) để công nhận (nhập tệp bằng \"khuyenhoc import --year \(year)\"); sổ không bị thay đổi",
                          "No results\(scopeEnglish) in \(year) to certify (import files with \"khuyenhoc import --year \(year)\"); the register was not changed")
        case let .errorRows(year, files):
            return l.pick("Chưa công nhận được năm \(year): các tệp đang dùng còn dòng lỗi: \(files.joined(separator: ", ")); sửa và nhập lại tệp, hoặc chấp nhận bằng --accept-errors; sổ không bị thay đổi",
                          "Cannot certify \(year): current files still have rows with errors: \(files.joined(separator: ", ")); correct and import them again, or accept them with --accept-errors; the register was not changed")
        case let .importedMeanwhile(file, year):
            return l.pick("\(file): trong lúc nhập, một người khác vừa nhập một tệp cùng phạm vi (cùng mô hình, cùng xã và ấp) cho năm \(year); chỉ một tệp được là tệp đang dùng, nên tệp này không được nhập, sổ không bị thay đổi. Xem \"khuyenhoc status --year \(year)\" rồi nhập lại nếu tệp này mới hơn",
                          "\(file): while it was being imported, someone else imported a file of the same units (same model, commune and hamlets) for \(year); only one can be current, so this file was not imported and the register was not changed. See \"khuyenhoc status --year \(year)\", then import it again if it is the newer one")
        case let .damagedFile(path, sha256):
            return l.pick("Sổ tiếp nhận \(path) bị hỏng: nội dung lưu của tệp có SHA-256 \(sha256) không đọc lại được; hãy dùng bản sao lưu của sổ, hoặc nhập lại tệp gốc vào một sổ mới",
                          "The register \(path) is damaged: the stored contents of the file with SHA-256 \(sha256) cannot be read back; use a backup of the register, or import the original files into a new one")
        case let .notCertified(year, commune):
            let scope = commune.map { " (xã \($0))" } ?? "", scopeEnglish = commune.map { " (commune \($0))" } ?? ""
            return l.pick("Năm \(year)\(scope) chưa được công nhận, không có gì để mở lại; sổ không bị thay đổi",
                          "\(year)\(scopeEnglish) is not certified, there is nothing to reopen; the register was not changed")
        }
    }
}

/// A unique constraint refused a row (PostgreSQL's `23505`): another transaction wrote the same
/// thing first. The import turns it into ``RegisterError/importedMeanwhile(file:year:)``.
struct RegisterConflict: Error {
    var constraint: String
}
