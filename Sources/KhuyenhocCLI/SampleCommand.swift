import ArgumentParser
import Criteria
import Foundation
import SurveySamples
import TextSupport

/// `khuyenhoc sample`: writes synthetic survey files (households, clans, hamlets) for training
/// clerks, demonstrations and benchmarks, with the columns of the criteria (found as `score`
/// finds them: `--criteria`, `$KHUYENHOC_CRITERIA`, the shipped `Criteria/`).
///
/// ```
/// khuyenhoc sample --households 100000 --seed 42 /tmp/sample
/// khuyenhoc score /tmp/sample
/// khuyenhoc sample --households 5000 --criteria TieuChiTinh/ /tmp/tinh   # a province's own columns
/// ```
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tạo tệp khảo sát mẫu (hộ, dòng họ, ấp) để tập huấn và đo tốc độ. / Write synthetic survey files for training and benchmarks.")

    @Option(name: .long, help: "Số hộ gia đình (khoảng 5.000 hộ mỗi xã). / Number of households (about 5,000 per commune).")
    var households: Int

    @Option(name: .long, help: "Hạt giống ngẫu nhiên: cùng hạt giống cho cùng tệp. / Random seed: the same seed gives the same files.")
    var seed: UInt64 = 1

    @Argument(help: "Thư mục ghi tệp (được tạo nếu chưa có). / Output folder (created if missing).")
    var directory: String

    @Option(name: .long, help: "Tệp hoặc thư mục tiêu chí cho các cột (mặc định: Criteria/). / Criteria files or folder giving the columns.")
    var criteria: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard households >= 1 else {
            throw ValidationError(common.language.pick("--households: cần ít nhất 1 (đã cho \(households))",
                                                      "--households: must be at least 1 (got \(households))"))
        }
    }

    func run() throws {
        let summary = try write()
        writeStandardOutput(Self.summaryLine(summary, directory: directory, language: common.language) + "\n")
    }

    /// Loads the criteria and writes the files; problems go to standard error (exit 1).
    func write() throws -> SampleGenerator.Summary {
        let language = common.language
        let criteriaPaths = criteria.isEmpty ? [try defaultCriteriaDirectory(language)] : criteria
        let loaded = CriteriaLoader().load(paths: criteriaPaths)
        let fail = { (message: String) -> ExitCode in
            writeStandardError(message)
            return ExitCode(1)
        }
        guard loaded.isUsable else {
            var message = ""
            for d in loaded.diagnostics { message += language.pick("LỖI ", "ERROR ") + d.message(in: language) + "\n" }
            throw fail(message + language.pick(
                "Không tạo được tệp mẫu: tệp tiêu chí có lỗi (chạy \"khuyenhoc check\" để xem chi tiết).\n",
                "Cannot write samples: the criteria files have errors (run \"khuyenhoc check\" for details).\n"))
        }
        let generator: SampleGenerator
        do {
            generator = try SampleGenerator(criteria: loaded.criteria, households: households, seed: seed)
        } catch let error as SampleModelsError {
            throw fail(language.pick("LỖI ", "ERROR ") + error.message(in: language) + "\n")
        }
        do {
            return try generator.write(to: URL(fileURLWithPath: directory))
        } catch {
            throw fail(language.pick(
                "Không ghi được vào thư mục \(directory): \(SystemErrorWords.reason(of: error, in: language))\n",
                "Cannot write into the folder \(directory): \(SystemErrorWords.reason(of: error, in: language))\n"))
        }
    }

    /// `Đã tạo 3 tệp trong /tmp/s: ho-gia-dinh.csv (100.000 hộ, 98 dòng cố ý sai), dong-ho.csv (4.999 dòng họ), ap.csv (500 ấp) — 20 xã.`
    /// A file the criteria have no model for is left out.
    static func summaryLine(_ s: SampleGenerator.Summary, directory: String, language: Language) -> String {
        let n = { (value: Int) in grouped(value, separator: language == .english ? "," : ".") }
        let en = { (value: Int, one: String, many: String) in "\(n(value)) \(value == 1 ? one : many)" }
        let h = SampleGenerator.householdFileName, c = SampleGenerator.clanFileName, a = SampleGenerator.hamletFileName
        var parts = [language.pick(
            "\(h) (\(n(s.households)) hộ, \(n(s.errorRows)) dòng cố ý sai)",
            "\(h) (\(en(s.households, "household", "households")), \(en(s.errorRows, "deliberately wrong row", "deliberately wrong rows")))")]
        if s.files.contains(c) {
            parts.append(language.pick("\(c) (\(n(s.clans)) dòng họ)", "\(c) (\(en(s.clans, "clan", "clans")))"))
        }
        if s.files.contains(a) {
            parts.append(language.pick("\(a) (\(n(s.hamlets)) ấp)", "\(a) (\(en(s.hamlets, "hamlet", "hamlets")))"))
        }
        let list = parts.joined(separator: ", ")
        return language.pick(
            "Đã tạo \(s.files.count) tệp trong \(directory): \(list) — \(n(s.communes)) xã.",
            "Wrote \(s.files.count) files in \(directory): \(list) — \(en(s.communes, "commune", "communes")).")
    }

    /// `1234567` → `1.234.567` (Vietnamese) or `1,234,567` (English).
    static func grouped(_ value: Int, separator: String) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result += separator }
            result.append(ch)
        }
        return value < 0 ? "-" + result : result
    }
}
