import ArgumentParser
import Foundation
import TextSupport

/// `khuyenhoc sample`: writes synthetic survey files (households, clans, hamlets) for training
/// clerks, demonstrations and benchmarks.
///
/// ```
/// khuyenhoc sample --households 100000 --seed 42 /tmp/sample
/// khuyenhoc score /tmp/sample
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

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard households >= 1 else {
            throw ValidationError("--households: cần ít nhất 1 / must be at least 1 (got \(households))")
        }
    }

    func run() throws {
        let language = common.language
        let generator = SampleGenerator(households: households, seed: seed)
        let summary: SampleGenerator.Summary
        do {
            summary = try generator.write(to: URL(fileURLWithPath: directory))
        } catch {
            FileHandle.standardError.write(Data(language.pick(
                "Không ghi được vào thư mục \(directory): \(error.localizedDescription)\n",
                "Cannot write into the folder \(directory): \(error.localizedDescription)\n").utf8))
            throw ExitCode(1)
        }
        writeStandardOutput(Self.summaryLine(summary, directory: directory, language: language) + "\n")
    }

    /// `Đã tạo 3 tệp trong /tmp/s: ho-gia-dinh.csv (100.000 hộ), dong-ho.csv (4.999 dòng họ), ap.csv (500 ấp) — 20 xã.`
    static func summaryLine(_ s: SampleGenerator.Summary, directory: String, language: Language) -> String {
        let n = { (value: Int) in grouped(value, separator: language == .english ? "," : ".") }
        let h = SampleGenerator.householdFileName, c = SampleGenerator.clanFileName, a = SampleGenerator.hamletFileName
        if language == .vietnamese {
            return "Đã tạo 3 tệp trong \(directory): \(h) (\(n(s.households)) hộ, \(n(s.errorRows)) dòng cố ý sai), \(c) (\(n(s.clans)) dòng họ), \(a) (\(n(s.hamlets)) ấp) — \(n(s.communes)) xã."
        }
        let en = { (value: Int, one: String, many: String) in "\(n(value)) \(value == 1 ? one : many)" }
        return "Wrote 3 files in \(directory): \(h) (\(en(s.households, "household", "households")), \(en(s.errorRows, "deliberately wrong row", "deliberately wrong rows"))), \(c) (\(en(s.clans, "clan", "clans"))), \(a) (\(en(s.hamlets, "hamlet", "hamlets"))) — \(en(s.communes, "commune", "communes"))."
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
