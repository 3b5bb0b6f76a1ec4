import TextSupport

extension CommandHelp {
    /// `khuyenhoc summary --help`. The layout options (`--org`, `--place`, `--date`, `--signer`,
    /// `--width`, …) are those of `score`, taken from its help so that the two stay the same.
    static let summary: CommandHelp = {
        let own: Set<String> = ["--format", "--output", "--encoding", "--convert-tcvn3", "--threads", "--year", "--criteria", "--register"]
        let layout = score.options.filter { entry in
            !own.contains(String(entry.synopsis.en.split(separator: " ").first ?? ""))
        }
        return CommandHelp(
            name: "summary",
            abstract: ("Báo cáo tổng hợp theo xã và toàn tỉnh: số được đánh giá, được công nhận, tiêu biểu, tỉ lệ X/Y (Z%) so với mục tiêu trong tệp tiêu chí.",
                       "The yearly summary per commune and for the province: assessed, recognised, exemplary, the share X/Y (Z%) against the criteria's targets."),
            discussion: ("Đầu vào: tệp khảo sát (được chấm), tệp kết quả CSV của các xã (\"khuyenhoc score --format csv\"), hoặc không có gì: các tệp đang dùng của sổ tiếp nhận cho năm --year.\nMã thoát: 0 xong, 1 có tệp không dùng được hoặc dòng kết quả không đọc được, 2 sai cú pháp lệnh.",
                         "Inputs: survey files (scored here), the CSV results of communes (\"khuyenhoc score --format csv\"), or none: the register's current files of the year --year.\nExit status: 0 done, 1 a file could not be used or a results row could not be read, 2 wrong usage."),
            usage: ("[tuỳ chọn] [<tệp> …]", "[options] [<inputs> ...]"),
            arguments: [Entry("<tệp> …", "<inputs> ...",
                              "Tệp khảo sát, tệp kết quả CSV hoặc thư mục chứa chúng; không có: sổ tiếp nhận.",
                              "Survey files, CSV results or folders of them; none: the register.")],
            options: [
                criteria, register,
                Entry("--year <năm>", "--year <year>", "Năm báo cáo: chọn mục tiêu (mốc gần nhất từ năm này trở đi) và năm của sổ tiếp nhận (mặc định năm nay).",
                      "Year of the report: picks the target (the first milestone from this year on) and the register's year (default: this year)."),
                Entry("--compare-year <năm>", "--compare-year <year>", "So sánh tỉ lệ với năm này (sổ tiếp nhận, hoặc các tệp --compare).",
                      "Compare the shares with this year (the register, or the files given with --compare)."),
                Entry("--compare <tệp>", "--compare <file>", "Tệp của năm so sánh khi không dùng sổ tiếp nhận (có thể lặp lại).",
                      "Files of the compared year when not using the register (may be repeated)."),
                Entry("--when <điều kiện>[=<xã>]", "--when <condition>[=<commune>]",
                      "Điều kiện của mục tiêu có \"when\" (ví dụ vung_kho_khan) áp dụng cho mọi xã, hoặc cho xã nêu sau dấu =; có thể lặp lại.",
                      "A target condition (\"when\", e.g. vung_kho_khan) holding in every commune, or in the commune after =; may be repeated."),
                Entry("--format <dạng>", "--format <format>", "text (mặc định), csv, json hoặc xlsx (cần --output).",
                      "text (default), csv, json or xlsx (needs --output)."),
                Entry("--output <tệp>", "--output <file>", "Ghi ra tệp thay vì màn hình.", "Write to a file instead of standard output."),
                Entry("--threads <số>", "--threads <count>", "Số luồng xử lý (mặc định: số lõi).", "Worker threads (default: all cores)."),
            ] + layout)
    }()
}
