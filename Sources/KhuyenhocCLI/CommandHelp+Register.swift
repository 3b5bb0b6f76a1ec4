import TextSupport

/// The help of `certify`, `history` and `export`, and `score`'s `--compare-year`.
extension CommandHelp {
    static let compareYear = Entry("--compare-year <năm>", "--compare-year <year>",
                                   "Đặt kết quả đã công nhận của năm này (trong sổ tiếp nhận) bên cạnh: csv thêm cột prev_total, prev_level; text thêm phần so sánh từng xã (mới được công nhận, giữ được, không còn). Không đi với --format json.",
                                   "Set this certified year's results (from the register) beside: csv gains prev_total, prev_level; text gains a comparison per commune (newly recognised, kept, lost). Not with --format json.")

    static let clerk = Entry("--clerk <tên>", "--clerk <name>", "Người thực hiện, ghi vào nhật ký (mặc định: $USER).", "Who, kept in the log (default: $USER).")
    static let commune = Entry("--commune <xã>", "--commune <commune>", "Chỉ xã này.", "Only this commune.")

    static let certify = CommandHelp(
        name: "certify",
        abstract: ("Công nhận kết quả một năm (giữ lại từng kết quả, số quyết định, tiêu chí), hoặc mở lại năm đã công nhận.",
                   "Certify a year's results (every result kept, with the decision and the criteria), or reopen a certified year."),
        discussion: ("Từ chối khi tệp đang dùng còn dòng lỗi, trừ khi có --accept-errors. Sau khi công nhận, không nhập thêm tệp cho năm đó được cho đến khi mở lại bằng --reopen --reason.\nMã thoát: 0 xong, 1 bị từ chối (sổ giữ nguyên) hoặc không dùng được sổ, 2 sai cú pháp lệnh.\nVí dụ:\n  khuyenhoc certify --year 2026 --decision \"Số 45/QĐ-UBND ngày 10/12/2026\"\n  khuyenhoc certify --reopen --year 2026 --reason \"ấp LK gửi lại tệp\"",
                     "Refused while current files have rows with errors, unless --accept-errors. Once certified, no file can be imported for that year until it is reopened with --reopen --reason.\nExit status: 0 done, 1 refused (the register unchanged) or the register cannot be used, 2 wrong usage.\nExamples:\n  khuyenhoc certify --year 2026 --decision \"No. 45/QD-UBND of 10 December 2026\"\n  khuyenhoc certify --reopen --year 2026 --reason \"hamlet LK sent its file again\""),
        usage: ("--decision <số quyết định> [tuỳ chọn] | --reopen --reason <lý do> [tuỳ chọn]",
                "--decision <decision> [options] | --reopen --reason <reason> [options]"),
        options: [
            registerYear,
            Entry("--decision <số quyết định>", "--decision <decision>", "Quyết định công nhận, ví dụ \"Số 45/QĐ-UBND ngày 10/12/2026\".",
                  "The decision that certifies, for example \"No. 45/QD-UBND of 10 December 2026\"."),
            commune,
            Entry("--accept-errors", "Công nhận dù tệp còn dòng lỗi (các dòng đó giữ mức \"loi\").", "Certify even with rows with errors (kept with level \"loi\")."),
            Entry("--reopen", "Mở lại năm đã công nhận (cần --reason).", "Reopen a certified year (needs --reason)."),
            Entry("--reason <lý do>", "--reason <reason>", "Lý do mở lại, ghi vào nhật ký.", "Why it is reopened, kept in the log."),
            clerk, criteria, register,
        ])

    static let history = CommandHelp(
        name: "history",
        abstract: ("Kết quả đã công nhận của một hộ, dòng họ hoặc ấp qua các năm.", "One household's, clan's or hamlet's certified results year by year."),
        discussion: ("Mã thoát: 0 có kết quả, 1 chưa có kết quả nào đã công nhận (hoặc không dùng được sổ), 2 sai cú pháp lệnh.",
                     "Exit status: 0 found, 1 no certified result (or the register cannot be used), 2 wrong usage."),
        usage: ("[tuỳ chọn] <mã>", "[options] <key>"),
        arguments: [Entry("<mã>", "<key>", "Mã hộ, mã dòng họ hoặc mã ấp.", "The household, clan or hamlet code.")],
        options: [
            Entry("--model <mô hình>", "--model <model>", "Mô hình: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap.",
                  "Model: gia-dinh-hoc-tap, dong-ho-hoc-tap, cong-dong-hoc-tap."),
            commune, register,
        ])

    static let export = CommandHelp(
        name: "export",
        abstract: ("Ghi ra thư mục các tệp đang dùng của một năm (đúng từng byte) và kết quả đã công nhận (CSV).",
                   "Write a year's current files (byte for byte) and its certified results (CSV) to a folder."),
        discussion: ("Tên trùng được ghi thành \"tên (2).csv\"; không ghi đè tệp có sẵn.\nMã thoát: 0 xong, 1 không dùng được sổ hoặc thư mục, 2 sai cú pháp lệnh.",
                     "A name already taken is written as \"name (2).csv\"; no file is overwritten.\nExit status: 0 done, 1 the register or the folder cannot be used, 2 wrong usage."),
        usage: ("[tuỳ chọn] <thư mục>", "[options] <folder>"),
        arguments: [Entry("<thư mục>", "<folder>", "Thư mục ghi ra (được tạo nếu chưa có).", "The folder written to (created if missing).")],
        options: [registerYear, register])
}
