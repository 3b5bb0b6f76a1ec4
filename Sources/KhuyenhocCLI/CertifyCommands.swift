import ArgumentParser
import Foundation
import Register
import TextSupport

/// `khuyenhoc certify --year Y --decision TEXT [--commune X] [--accept-errors]`, and
/// `khuyenhoc certify --reopen --year Y --reason TEXT [--commune X]`.
struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Công nhận kết quả một năm (hoặc mở lại). / Certify a year's results (or reopen it).",
        discussion: """
        Ví dụ / Example: khuyenhoc certify --year 2026 --decision "Số 45/QĐ-UBND ngày 10/12/2026"
                         khuyenhoc certify --reopen --year 2026 --reason "ấp LK gửi lại tệp"
        Mã thoát / Exit status: 0 xong / done, 1 bị từ chối, sổ không đổi / refused, register unchanged.
        """)

    @Option(name: .long, help: "Năm đánh giá (mặc định: năm nay). / Year (default: this year).")
    var year: Int?

    @Option(name: .long, help: "Số quyết định công nhận. / The decision that certifies.")
    var decision: String?

    @Option(name: .long, help: "Chỉ xã này. / Only this commune.")
    var commune: String?

    @Flag(name: .customLong("accept-errors"), help: "Công nhận dù còn dòng lỗi. / Certify even with rows with errors.")
    var acceptErrors = false

    @Flag(name: .long, help: "Mở lại năm đã công nhận (cần --reason). / Reopen a certified year (needs --reason).")
    var reopen = false

    @Option(name: .long, help: "Lý do mở lại. / Why the year is reopened.")
    var reason: String?

    @Option(name: .long, help: "Người thực hiện (mặc định: $USER). / Who (default: $USER).")
    var clerk: String?

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @OptionGroup var registerOption: RegisterOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let l = common.language
        if reopen {
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(l.pick("--reopen cần --reason \"lý do\"", "--reopen needs --reason \"why\""))
            }
            if decision != nil || acceptErrors {
                throw ValidationError(l.pick("--reopen không đi với --decision hay --accept-errors",
                                             "--reopen does not go with --decision or --accept-errors"))
            }
        } else {
            guard let decision, !decision.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(l.pick("cần --decision \"số quyết định\"", "--decision \"the decision\" is needed"))
            }
            if reason != nil { throw ValidationError(l.pick("--reason chỉ đi với --reopen", "--reason goes with --reopen only")) }
        }
    }

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        var runner = RegisterRunner(language: language, registerPath: registerOption.path, criteriaPaths: criteriaPaths)
        runner.threads = ProcessInfo.processInfo.activeProcessorCount
        let who = clerk ?? ProcessInfo.processInfo.environment["USER"] ?? "?"
        let year = year ?? RegisterRunner.currentYear
        var output = ""
        let status = reopen
            ? runner.reopen(year: year, commune: commune, reason: reason ?? "", clerk: who, output: &output)
            : runner.certify(CertifyRequest(year: year, decision: decision ?? "", commune: commune, clerk: who,
                                            acceptErrors: acceptErrors), output: &output)
        if status == 0 { writeStandardOutput(output) } else { writeStandardError(output) }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `khuyenhoc history KEY [--model M] [--commune X]`.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Kết quả đã công nhận của một hộ, dòng họ hoặc ấp qua các năm. / One entity's certified results year by year.",
        discussion: "Mã thoát / Exit status: 0 có kết quả / found, 1 không có / none.")

    @Argument(help: "Mã hộ, mã dòng họ hoặc mã ấp. / The key.")
    var key: String

    @Option(name: .long, help: "Mô hình: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap.")
    var model: String?

    @Option(name: .long, help: "Chỉ xã này. / Only this commune.")
    var commune: String?

    @OptionGroup var registerOption: RegisterOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let runner = RegisterRunner(language: common.language, registerPath: registerOption.path, criteriaPaths: [])
        var output = ""
        let status = runner.history(key: key, model: model, commune: commune, output: &output)
        if status == 0 { writeStandardOutput(output) } else { writeStandardError(output) }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `khuyenhoc export --year Y DIR`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Ghi lại các tệp đang dùng của một năm và kết quả công nhận. / Write a year's current files and certified results out.")

    @Option(name: .long, help: "Năm đánh giá (mặc định: năm nay). / Year (default: this year).")
    var year: Int?

    @Argument(help: "Thư mục ghi ra. / The folder to write to.")
    var folder: String

    @OptionGroup var registerOption: RegisterOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let runner = RegisterRunner(language: common.language, registerPath: registerOption.path, criteriaPaths: [])
        var output = ""
        let status = runner.export(year: year ?? RegisterRunner.currentYear, to: folder, output: &output)
        if status == 0 { writeStandardOutput(output) } else { writeStandardError(output) }
        if status != 0 { throw ExitCode(status) }
    }
}
