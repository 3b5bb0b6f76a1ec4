import TextSupport

/// Numbers and words of the summary in both languages: `643/1.000 (64,3%)`, targets, margins.
///
/// ```swift
/// SummaryWords.fraction(643, of: 1000, .vietnamese)   // "643/1.000 (64,3%)"
/// SummaryWords.share(7000, .vietnamese)                // "70,0%"
/// SummaryWords.margin(-57, .vietnamese)                // "thiếu 57"
/// ```
enum SummaryWords {
    /// A whole number with thousands grouped: `12.345` (Vietnamese) or `12,345` (English).
    static func grouped(_ number: Int, _ l: Language) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += l == .vietnamese ? "." : "," }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// `X/Y (Z%)`; `X/0 (—)` when nothing was registered.
    static func fraction(_ part: Int, of whole: Int, _ l: Language) -> String {
        "\(grouped(part, l))/\(grouped(whole, l)) (\(VietnameseFormat.percent(part, of: whole, language: l)))"
    }

    /// A share in ten-thousandths as a percentage: one decimal at least, two when needed
    /// (7000 → `70,0%`, 6429 → `64,29%`).
    static func share(_ tenThousandths: Int, _ l: Language) -> String {
        let separator = l == .vietnamese ? "," : "."
        let whole = tenThousandths / 100, hundredths = tenThousandths % 100
        let decimals = hundredths % 10 == 0 ? "\(hundredths / 10)" : (hundredths < 10 ? "0\(hundredths)" : "\(hundredths)")
        return "\(whole)\(separator)\(decimals)%"
    }

    /// The same share as a decimal with four places, for CSV and JSON: `0.6429`.
    static func decimal(_ tenThousandths: Int) -> String {
        let fraction = String(tenThousandths % 10_000)
        return "\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    /// Met (`đạt, vượt 12`) or short (`thiếu 57`), in entities.
    static func margin(_ margin: Int, _ l: Language) -> String {
        if margin == 0 { return l.pick("đạt", "met") }
        if margin > 0 { return l.pick("đạt, vượt \(grouped(margin, l))", "met, \(grouped(margin, l)) over") }
        return l.pick("thiếu \(grouped(-margin, l))", "short by \(grouped(-margin, l))")
    }

    /// A change of share in tenths of a point: `+2,5 điểm` / `-1.0 points`.
    static func change(_ tenths: Int, _ l: Language) -> String {
        let separator = l == .vietnamese ? "," : "."
        let sign = tenths > 0 ? "+" : (tenths < 0 ? "-" : "±")
        let m = abs(tenths)
        return "\(sign)\(m / 10)\(separator)\(m % 10) " + l.pick("điểm", "points")
    }

    /// A text bar of `width` cells for a share, with the target marked `│`:
    /// `██████████████░░░░░│░░░░`.
    static func bar(share: Int?, target: Int?, width: Int) -> String {
        let filled = share.map { min(width, ($0 * width + 5_000) / 10_000) } ?? 0
        var cells = Array(repeating: "░", count: width)
        for i in 0..<filled { cells[i] = "█" }
        if let target {
            let at = min(width, (target * width + 5_000) / 10_000)
            cells.insert("│", at: at)
        }
        return cells.joined()
    }

    static func province(_ l: Language) -> String { l.pick("TOÀN TỈNH", "WHOLE PROVINCE") }
}
