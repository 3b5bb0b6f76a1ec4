import ArgumentParser
import Foundation
import Register
import TextSupport

/// `--register PATH`, accepted by every register command.
struct RegisterOption: ParsableArguments {
    @Option(name: .long, help: "Tệp sổ tiếp nhận, hoặc postgres://người-dùng@máy:cổng/csdl (mặc định: $KHUYENHOC_REGISTER, rồi ./khuyenhoc.sqlite). / The register file, or postgres://user@host:port/db.")
    var register: String?

    var path: String { RegisterLocation.path(option: register, environment: ProcessInfo.processInfo.environment) }

    /// Whether there may be a register to read: an SQLite file that exists, or any PostgreSQL
    /// URL (the server says whether it holds one).
    var mayExist: Bool { Register.isPostgres(path) || FileManager.default.fileExists(atPath: path) }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nhập tệp khảo sát vào sổ tiếp nhận. / Import survey files into the register.")

    @Argument(help: "Tệp hoặc thư mục khảo sát. / Survey files or folders.")
    var inputs: [String] = []

    @Option(name: .long, help: "Năm đánh giá (mặc định: năm nay). / Year (default: this year).")
    var year: Int?

    @Option(name: .long, help: "Tệp đang dùng mà tệp mới thay. / The current file the new file replaces.")
    var replaces: String?

    @Option(name: .long, help: "Rút một tệp đang dùng. / Withdraw a current file.")
    var withdraw: String?

    @Option(name: .long, help: "Người nhập (mặc định: $USER). / Who imports (default: $USER).")
    var clerk: String?

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @OptionGroup var registerOption: RegisterOption
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let l = common.language
        guard !inputs.isEmpty || withdraw != nil else {
            throw ValidationError(l.pick("cần ít nhất một tệp khảo sát (hoặc --withdraw)", "at least one survey file is needed (or --withdraw)"))
        }
        if replaces != nil && Register.surveyFiles(in: inputs).count != 1 {
            throw ValidationError(l.pick("--replaces đi với đúng một tệp khảo sát", "--replaces goes with exactly one survey file"))
        }
    }

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        var runner = RegisterRunner(language: language, registerPath: registerOption.path, criteriaPaths: criteriaPaths)
        runner.threads = ProcessInfo.processInfo.activeProcessorCount
        let who = clerk ?? ProcessInfo.processInfo.environment["USER"] ?? "?"
        var output = ""
        let status = runner.importFiles(ImportRequest(paths: inputs, year: year ?? RegisterRunner.currentYear, clerk: who,
                                                      replaces: replaces, withdraw: withdraw), output: &output)
        if status == 0 { writeStandardOutput(output) } else { writeStandardError(output) }
        if status != 0 { throw ExitCode(status) }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tình trạng tiếp nhận trước khi công nhận. / What is in the register and what is missing.")

    @Option(name: .long, help: "Năm đánh giá (mặc định: năm nay). / Year (default: this year).")
    var year: Int?

    @Option(name: .long, help: "Chỉ xã này. / Only this commune.")
    var commune: String?

    @Flag(name: .long, help: "Mỗi xã một dòng: số tệp, ấp và dòng họ đã có hộ, dòng lỗi. / One line per commune: files, hamlets and clans with households, errors.")
    var province = false

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/). / Criteria files or folder.")
    var criteria: [String] = []

    @OptionGroup var registerOption: RegisterOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        let runner = RegisterRunner(language: language, registerPath: registerOption.path, criteriaPaths: criteriaPaths)
        var output = ""
        let status = runner.status(year: year ?? RegisterRunner.currentYear, commune: commune, province: province, output: &output)
        if status == 1 { writeStandardError(output) } else { writeStandardOutput(output) }
        if status != 0 { throw ExitCode(status) }
    }
}
