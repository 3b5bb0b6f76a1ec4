import TextSupport

/// The help of each command in one language: `khuyenhoc score --help` prints it in Vietnamese,
/// `khuyenhoc score --help --lang en` in English. ArgumentParser's own help (whose chrome,
/// USAGE/OPTIONS, is always English and whose option texts are fixed) is never shown: the
/// entry point (``Khuyenhoc/runMain(arguments:environment:)``) prints this instead.
///
/// Every option ArgumentParser knows is listed here too (`CommandHelpTests` checks it).
///
/// ```swift
/// print(CommandHelp.score.text(in: .vietnamese))
/// ```
struct CommandHelp: Sendable {
    /// One argument or option: how it is written, and what it does.
    struct Entry: Sendable {
        /// `--format <dạng>` / `--format <format>`, or `<tệp khảo sát> …` for an argument.
        var synopsis: (vi: String, en: String)
        var help: (vi: String, en: String)

        init(_ viSynopsis: String, _ enSynopsis: String, _ vi: String, _ en: String) {
            synopsis = (viSynopsis, enSynopsis)
            help = (vi, en)
        }

        /// An option whose synopsis reads the same in both languages (a flag).
        init(_ synopsis: String, _ vi: String, _ en: String) {
            self.init(synopsis, synopsis, vi, en)
        }
    }

    /// The command's name after `khuyenhoc` ("" for the program itself).
    var name: String
    var abstract: (vi: String, en: String)
    var discussion: (vi: String, en: String)? = nil
    /// What follows `khuyenhoc name` on the usage line.
    var usage: (vi: String, en: String)
    var arguments: [Entry] = []
    var options: [Entry] = []
    /// The commands of the program (root only).
    var subcommands: [(name: String, abstract: (vi: String, en: String))] = []

    var commandLine: String { name.isEmpty ? "khuyenhoc" : "khuyenhoc \(name)" }

    /// `khuyenhoc score [tuỳ chọn] <tệp khảo sát> …`
    func usageLine(_ l: Language) -> String {
        commandLine + " " + l.pick(usage.vi, usage.en)
    }

    /// `Xem 'khuyenhoc score --help' để biết thêm.`
    func seeHelp(_ l: Language) -> String {
        l.pick("Xem '\(commandLine) --help' để biết thêm.", "See '\(commandLine) --help' for more information.")
    }

    /// The whole help, wrapped to `width` columns.
    func text(in l: Language, width: Int = 80) -> String {
        var lines: [String] = []
        lines += DisplayWidth.wrap(l.pick(abstract.vi, abstract.en), width: width)
        if let discussion {
            lines.append("")
            for paragraph in l.pick(discussion.vi, discussion.en).split(separator: "\n", omittingEmptySubsequences: false) {
                lines += paragraph.hasPrefix(" ") ? [String(paragraph)] : DisplayWidth.wrap(String(paragraph), width: width)
            }
        }
        lines.append("")
        lines += DisplayWidth.wrap(l.pick("CÁCH DÙNG: ", "USAGE: ") + usageLine(l), width: width, indent: "  ")
        func section(_ title: String, _ entries: [(String, String)]) {
            guard !entries.isEmpty else { return }
            lines.append("")
            lines.append(title)
            let column = min(28, (entries.map { DisplayWidth.of($0.0) }.max() ?? 0) + 4)
            for (synopsis, help) in entries {
                let left = "  " + synopsis
                let room = max(20, width - column)
                let wrapped = DisplayWidth.wrap(help, width: room)
                if DisplayWidth.of(left) + 2 > column {
                    lines.append(left)
                    lines += wrapped.map { String(repeating: " ", count: column) + $0 }
                } else {
                    lines.append(DisplayWidth.padRight(left, to: column) + wrapped[0])
                    lines += wrapped.dropFirst().map { String(repeating: " ", count: column) + $0 }
                }
            }
        }
        let pick = { (entry: Entry) in (l.pick(entry.synopsis.vi, entry.synopsis.en), l.pick(entry.help.vi, entry.help.en)) }
        section(l.pick("ĐỐI SỐ:", "ARGUMENTS:"), arguments.map(pick))
        section(l.pick("TUỲ CHỌN:", "OPTIONS:"), (options + [Self.lang, Self.help]).map(pick))
        section(l.pick("LỆNH:", "COMMANDS:"), subcommands.map { ($0.name, l.pick($0.abstract.vi, $0.abstract.en)) })
        if !subcommands.isEmpty {
            lines.append("")
            lines.append(l.pick("  Xem 'khuyenhoc <lệnh> --help' để biết cách dùng từng lệnh.",
                                "  See 'khuyenhoc <command> --help' for the help of each command."))
        }
        return lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
    }

    static let lang = Entry("--lang <vi|en>", "Ngôn ngữ: vi (mặc định) hoặc en; biến môi trường KHUYENHOC_LANG đặt mặc định.",
                            "Language: vi (default) or en; the environment variable KHUYENHOC_LANG sets the default.")
    static let help = Entry("-h, --help", "In trợ giúp này.", "Print this help.")

    static let criteria = Entry("--criteria <tệp/thư mục>", "--criteria <path>",
                                "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/; có thể lặp lại).",
                                "Criteria files or folder (default: Criteria/; may be repeated).")
    static let encoding = Entry("--encoding <bảng mã>", "--encoding <encoding>",
                                "Bảng mã của tệp văn bản: auto (mặc định), utf8, utf16, windows-1258, tcvn3.",
                                "Text encoding of the files: auto (default), utf8, utf16, windows-1258, tcvn3.")
    static let inputs = Entry("<tệp khảo sát> …", "<inputs> ...",
                              "Tệp .csv, .txt, .xlsx hoặc thư mục chứa chúng.",
                              "Survey files (.csv, .txt, .xlsx) or folders of them.")

    static let paper = Entry("--paper <khổ giấy>", "--paper <paper>",
                             "a4-portrait (78 cột, 60 dòng/trang; mặc định khi ghi tệp) hoặc a4-landscape (119 cột, 40 dòng).",
                             "a4-portrait (78 columns, 60 lines a page; default into a file) or a4-landscape (119 columns, 40 lines).")
    static let byHamlet = Entry("--by-hamlet", "Mỗi ấp một danh sách, trên trang riêng (để niêm yết ở ấp).",
                                "One list per hamlet, on pages of its own (for the hamlet's notice board).")

    static let errors = CommandHelp(
        name: "errors",
        abstract: ("In các dòng cần sửa để gửi lại cho ấp: mỗi dòng với tệp, số dòng, các cột của tệp và chỗ cần sửa.",
                   "Print the rows to send back for correction: each with its file, line, the file's columns and what to fix."),
        discussion: ("Mã thoát: 0 xong (kể cả khi có dòng cần sửa), 1 có tệp không dùng được, 2 sai cú pháp lệnh.",
                     "Exit status: 0 done (even with rows to correct), 1 a file could not be used, 2 wrong usage."),
        usage: ("[tuỳ chọn] <tệp khảo sát> …", "[options] <inputs> ..."),
        arguments: [inputs],
        options: [
            criteria,
            Entry("--output <tệp>", "--output <file>", "Ghi ra tệp thay vì màn hình.", "Write to a file instead of standard output."),
            encoding, paper,
            Entry("--width <số cột>", "--width <columns>", "Độ rộng dòng.", "Line width."),
            Entry("--by-hamlet", "Mỗi ấp một trang.", "One page per hamlet."),
        ])

    static let root = CommandHelp(
        name: "",
        abstract: ("Chấm điểm mô hình học tập (Gia đình, Dòng họ, Cộng đồng học tập).",
                   "Scores Vietnam's learning-society models (families, clans, communities)."),
        usage: ("<lệnh>", "<command>"),
        subcommands: [
            ("score", score.abstract), ("errors", errors.abstract), ("explain", explain.abstract), ("check", check.abstract), ("sample", sample.abstract),
            ("import", importFiles.abstract), ("status", status.abstract), ("summary", summary.abstract),
            ("certify", certify.abstract), ("history", history.abstract), ("export", export.abstract),
        ])

    static let register = Entry("--register <tệp>", "--register <file>",
                                "Tệp sổ tiếp nhận, hoặc cơ sở dữ liệu PostgreSQL postgres://người-dùng@máy:cổng/csdl (mặc định: biến KHUYENHOC_REGISTER, rồi khuyenhoc.sqlite trong thư mục đang làm việc).",
                                "The register file, or a PostgreSQL database postgres://user@host:port/db (default: the variable KHUYENHOC_REGISTER, then khuyenhoc.sqlite in the working folder).")
    static let registerYear = Entry("--year <năm>", "--year <year>", "Năm đánh giá (mặc định: năm nay).", "Year of the evaluation (default: this year).")

    static let importFiles = CommandHelp(
        name: "import",
        abstract: ("Nhập tệp khảo sát vào sổ tiếp nhận, mỗi tệp một dòng cho biết đã làm gì.",
                   "Import survey files into the register, one line per file saying what was done."),
        discussion: ("Tệp mới cùng mô hình, cùng xã và cùng các ấp với một tệp đang dùng thì thay tệp đó; nhập lại cùng một tệp không thay đổi gì. Mỗi lần nhập là một giao dịch: lỗi thì sổ giữ nguyên.\nMã thoát: 0 đã nhập (hoặc đã có), 1 có tệp không dùng được (không nhập tệp nào), 2 sai cú pháp lệnh.",
                     "A new file of the same model, commune and hamlets as a current file replaces it; importing the same file again changes nothing. Each import is one transaction: on any error the register stays as it was.\nExit status: 0 imported (or already there), 1 a file could not be used (nothing imported), 2 wrong usage."),
        usage: ("[tuỳ chọn] <tệp khảo sát> …", "[options] <inputs> ..."),
        arguments: [inputs],
        options: [
            registerYear,
            Entry("--replaces <tên tệp>", "--replaces <name>", "Tệp đang dùng mà tệp mới (chỉ một) thay, dù phạm vi khác.",
                  "The current file the new file (only one) replaces, whatever it covers."),
            Entry("--withdraw <tên tệp>", "--withdraw <name>", "Rút một tệp đang dùng (tệp vẫn được giữ trong sổ).",
                  "Withdraw a current file (it stays in the register)."),
            Entry("--clerk <tên>", "--clerk <name>", "Người nhập, ghi vào nhật ký (mặc định: $USER).", "Who imports, kept in the log (default: $USER)."),
            criteria, register,
        ])

    static let status = CommandHelp(
        name: "status",
        abstract: ("Tình trạng tiếp nhận: tệp đang dùng, số hộ khai báo và đã nhận, ấp và dòng họ chưa có dữ liệu.",
                   "What the register holds: current files, households declared and received, hamlets and clans with no data yet."),
        discussion: ("Mã thoát: 0 đủ để công nhận, 3 còn thiếu (ấp hoặc dòng họ chưa có hộ, dòng lỗi, mã trùng giữa hai tệp), 1 không dùng được sổ, 2 sai cú pháp lệnh.",
                     "Exit status: 0 complete, 3 something is missing (a hamlet or clan without households, rows with errors, keys in two files), 1 the register cannot be used, 2 wrong usage."),
        usage: ("[tuỳ chọn]", "[options]"),
        options: [
            registerYear,
            Entry("--commune <xã>", "--commune <commune>", "Chỉ xã này.", "Only this commune."),
            Entry("--province", "Mỗi xã một dòng: số tệp, ấp và dòng họ đã có hộ, dòng lỗi, đủ hay chưa; rồi tổng của tỉnh.",
                  "One line per commune: files, hamlets and clans with households, error rows, complete or not; then the province's totals."),
            criteria, register,
        ])

    static let score = CommandHelp(
        name: "score",
        abstract: ("Chấm điểm các tệp khảo sát và in danh sách xếp hạng.", "Score survey files and print the ranked lists."),
        discussion: ("Mã thoát: 0 xong (kể cả khi có dòng lỗi), 1 có tệp tiêu chí hoặc tệp khảo sát không dùng được, 2 sai cú pháp lệnh.",
                     "Exit status: 0 done (even with rows in error), 1 a criteria or survey file could not be used, 2 wrong usage."),
        usage: ("[tuỳ chọn] [<tệp khảo sát> …]", "[options] [<inputs> ...]"),
        arguments: [Entry("<tệp khảo sát> …", "<inputs> ...",
                          "Tệp .csv, .txt, .xlsx hoặc thư mục chứa chúng; không có: các tệp đang dùng của sổ tiếp nhận cho năm --year.",
                          "Survey files (.csv, .txt, .xlsx) or folders of them; none: the register's current files of the year --year.")],
        options: [
            criteria, register,
            Entry("--format <dạng>", "--format <format>", "text (mặc định), csv, json hoặc xlsx (cần --output).",
                  "text (default), csv, json or xlsx (needs --output)."),
            Entry("--output <tệp>", "--output <file>", "Ghi ra tệp thay vì màn hình.", "Write to a file instead of standard output."),
            encoding,
            Entry("--convert-tcvn3", "Chuyển chữ TCVN3 trong tệp .xlsx sang Unicode.", "Convert TCVN3 text found in .xlsx files to Unicode."),
            Entry("--threads <số>", "--threads <count>", "Số luồng xử lý (mặc định: số lõi).", "Worker threads (default: all cores)."),
            Entry("--bom", "CSV: ghi dấu BOM UTF-8 ở đầu tệp để Excel trên Windows hiện đúng tiếng Việt.",
                  "CSV: start with a UTF-8 byte-order mark so that Excel on Windows shows Vietnamese."),
            paper,
            Entry("--width <số cột>", "--width <columns>", "Độ rộng dòng; mặc định theo khổ giấy khi ghi tệp, 80 trên màn hình.",
                  "Line width; default: the paper's into a file, 80 on a terminal."),
            Entry("--paginate", "Chia trang (khổ A4 đứng nếu không có --paper), lặp tiêu đề bảng, đánh số trang.",
                  "Split into pages (A4 portrait unless --paper), repeat the table header, number the pages."),
            Entry("--page-lines <số dòng>", "--page-lines <lines>", "Số dòng mỗi trang (mặc định theo khổ giấy: 60 đứng, 40 ngang).",
                  "Lines per page (default: the paper's, 60 portrait, 40 landscape)."),
            Entry("--parent-org <tên>", "--parent-org <name>", "Cơ quan chủ quản, in trên cơ quan ban hành.",
                  "Parent body, printed above the issuing body."),
            Entry("--org <tên>", "--org <name>", "Cơ quan ban hành, ví dụ \"Hội Khuyến học xã Long Hữu\"; xuống dòng trong tên (hoặc \\n) để ngắt dòng.",
                  "Issuing body, e.g. \"Hội Khuyến học xã Long Hữu\"."),
            Entry("--number <số>", "--number <number>", "Số, ký hiệu văn bản, ví dụ 15/DS-KH (không có: \"Số: ……\" để ghi tay).",
                  "Document number, for example 15/DS-KH (none: a blank to fill in by hand)."),
            Entry("--place <địa danh>", "--place <place>", "Địa danh ở dòng ngày tháng, ví dụ \"Long Hữu\".",
                  "Place on the date line, for example \"Long Hữu\"."),
            Entry("--date <ngày>", "--date <date>", "Ngày ký: 05/11/2024 hoặc 2024-11-05; ngày không có thật bị từ chối.",
                  "Signing date: 05/11/2024 or 2024-11-05; a day the calendar does not have is refused."),
            Entry("--signer <tên>", "--signer <name>", "Người ký.", "Signer's name."),
            Entry("--capacity <tm|kt|none|dòng>", "--capacity <tm|kt|none|line>",
                  "Thẩm quyền ký: tm (TM. BAN CHẤP HÀNH, mặc định), kt (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH), none, hoặc dòng tự ghi.",
                  "Signing capacity: tm (for the committee, default), kt (for the chair, by a vice-chair), none, or a line of your own."),
            Entry("--signer-title <chức vụ>", "--signer-title <title>", "Chức vụ người ký (mặc định CHỦ TỊCH; PHÓ CHỦ TỊCH với kt).",
                  "Signer's title (default CHAIR; VICE CHAIR with kt)."),
            Entry("--recipient <nơi nhận>", "--recipient <recipient>", "Một nơi nhận (lặp lại được); \"Lưu: VT\" được thêm nếu chưa có.",
                  "A recipient (may be repeated); the file copy is added when not named."),
            Entry("--only certified", "Chỉ các đơn vị được công nhận (tiêu biểu, đạt): phụ lục quyết định công nhận, không chú thích.",
                  "Only those recognised (exemplary, certified): the annex of the decision, no footnotes."),
            byHamlet,
            Entry("--year <năm>", "--year <year>", "Năm đánh giá (mặc định: năm của --date); không có tệp khảo sát: năm của sổ tiếp nhận (mặc định năm nay).",
                  "Year of the evaluation (default: the year of --date); with no input: the register's year (default: this year)."),
            compareYear,
        ])

    static let explain = CommandHelp(
        name: "explain",
        abstract: ("In phiếu điểm giải thích kết quả của một hộ, dòng họ hoặc ấp.", "Print the score card of one household, clan or hamlet."),
        discussion: ("Mã thoát: 0 đã in phiếu điểm; 1 không tìm thấy mã (có gợi ý mã gần giống) hoặc có tệp không dùng được; 2 sai cú pháp lệnh.\nVí dụ:\n  khuyenhoc explain HO0246 Samples/long-huu\n  khuyenhoc explain DH02 --model dong-ho-hoc-tap Samples/long-huu",
                     "Exit status: 0 the card was printed; 1 no such key (similar keys are suggested) or a file could not be used; 2 wrong usage.\nExamples:\n  khuyenhoc explain HO0246 Samples/long-huu\n  khuyenhoc explain DH02 --model dong-ho-hoc-tap Samples/long-huu"),
        usage: ("[tuỳ chọn] <mã> <tệp khảo sát> …", "[options] <key> <inputs> ..."),
        arguments: [Entry("<mã>", "<key>", "Mã cần giải thích (mã hộ, mã dòng họ, mã ấp).", "The key to explain (household, clan or hamlet code)."), inputs],
        options: [
            Entry("--model <mô hình>", "--model <model>", "Mô hình: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap.",
                  "Model: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap."),
            criteria, encoding,
            Entry("--register <tệp>", "--register <file>",
                  "Sổ tiếp nhận để đọc lịch sử công nhận (history.…) khi tiêu chí dùng đến (cũng lấy từ $KHUYENHOC_REGISTER).",
                  "The register to read the certified history (history.…) from, when the criteria use it (also $KHUYENHOC_REGISTER)."),
            Entry("--year <năm>", "--year <year>", "Năm đánh giá, cho lịch sử công nhận đọc từ --register (mặc định: năm nay).",
                  "Year of the evaluation, for the certified history read from --register (default: this year)."),
        ])

    static let check = CommandHelp(
        name: "check",
        abstract: ("Kiểm tra tệp tiêu chí, hoặc in phiếu chấm điểm (--sheet).", "Check criteria files, or print a scoring sheet (--sheet)."),
        discussion: ("Một tệp được kiểm tra cùng các tệp liên quan đặt cạnh nó. Mã thoát: 0 dùng được, 1 có lỗi, 2 sai cú pháp lệnh.",
                     "A file is checked with the related files beside it. Exit status: 0 usable, 1 problems found, 2 wrong usage."),
        usage: ("[tuỳ chọn] [<tệp tiêu chí> …]", "[options] [<paths> ...]"),
        arguments: [Entry("<tệp tiêu chí> …", "<paths> ...", "Tệp hoặc thư mục tiêu chí (mặc định: Criteria/).", "Criteria files or folders (default: Criteria/).")],
        options: [
            Entry("--sheet <mô hình>", "--sheet <model>", "In phiếu chấm điểm trống của mô hình này.", "Print the blank scoring sheet of this model."),
            Entry("--width <số cột>", "--width <columns>", "Độ rộng dòng của phiếu (mặc định 100).", "Line width of the sheet (default 100)."),
            Entry("--sample <tệp khảo sát>", "--sample <survey files>",
                  "Chấm thử tệp khảo sát mẫu; cảnh báo mức không đối tượng nào đạt (có thể lặp lại).",
                  "Score sample survey files; warn of levels no entity reaches (may be repeated)."),
        ])

    static let sample = CommandHelp(
        name: "sample",
        abstract: ("Tạo tệp khảo sát mẫu (hộ, dòng họ, ấp) để tập huấn và đo tốc độ.",
                   "Write synthetic survey files (households, clans, hamlets) for training and benchmarks."),
        usage: ("--households <số hộ> [tuỳ chọn] <thư mục>", "--households <count> [options] <directory>"),
        arguments: [Entry("<thư mục>", "<directory>", "Thư mục ghi tệp (được tạo nếu chưa có).", "Output folder (created if missing).")],
        options: [
            Entry("--households <số hộ>", "--households <count>", "Số hộ gia đình (khoảng 5.000 hộ mỗi xã).",
                  "Number of households (about 5,000 per commune)."),
            Entry("--seed <số>", "--seed <number>", "Hạt giống ngẫu nhiên: cùng hạt giống cho cùng tệp (mặc định 1).",
                  "Random seed: the same seed gives the same files (default 1)."),
            Entry("--criteria <tệp/thư mục>", "--criteria <path>", "Tệp hoặc thư mục tiêu chí cho các cột (mặc định: Criteria/).",
                  "Criteria files or folder giving the columns (default: Criteria/)."),
        ])

    static let all: [CommandHelp] = [score, errors, explain, check, sample, importFiles, status, summary, certify, history, export]

    /// The help of the command named in `arguments` (the first word that is a command, also
    /// after `help`), or the program's.
    static func named(in arguments: [String]) -> CommandHelp {
        var skipValue = false
        for argument in arguments {
            if skipValue { skipValue = false; continue }
            if argument == "--" { break }
            if argument == "--lang" { skipValue = true; continue }
            if argument.hasPrefix("-") || argument == "help" { continue }
            return all.first { $0.name == argument } ?? root
        }
        return root
    }
}
