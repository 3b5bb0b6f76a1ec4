import Foundation
import TextSupport

/// The official layout of an association's document, after Nghị định 30/2020/NĐ-CP: at the top
/// the parent body, the issuing body with a short rule under it and the `Số:` line on the left,
/// the national name, the motto with a rule and the place and date on the right (the `Số:` line
/// and the date on the same line); at the bottom the recipients on the left and, on the right,
/// the signer's capacity (`TM. BAN CHẤP HÀNH`, `KT. CHỦ TỊCH`), title, five blank lines for the
/// signature and the seal, and the signer's name.
///
/// ```
///  HỘI KHUYẾN HỌC THỊ XÃ DUYÊN HẢI         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
///    HỘI KHUYẾN HỌC XÃ LONG HỮU               Độc lập - Tự do - Hạnh phúc
///             ────────                        ───────────────────────────
///          Số: 15/DS-KH                  Long Hữu, ngày 05 tháng 3 năm 2025
/// ```
extension TextReport {
    /// The words that start a place name in an organisation's name (`xã Long Hữu`, `thị xã Duyên
    /// Hải`): a heading line is never broken between them and the name that follows.
    static let placeWords: [[String]] = [["thị", "trấn"], ["thị", "xã"], ["thành", "phố"], ["xã"], ["phường"], ["huyện"],
                                         ["quận"], ["tỉnh"], ["ấp"], ["khóm"], ["thôn"], ["bản"], ["tổ", "dân", "phố"]]

    /// Blank lines between the signer's title and name: room for the signature and the seal.
    static let signatureRoom = 5

    /// The heading's lines.
    func officialHeading() -> [String] {
        let width = max(1, settings.width)
        let right = headingRightBlock()
        let rightWidth = Self.blockWidth(right, width: width)
        let room = max(10, width - rightWidth - 3)
        var left: [String] = []
        if let parent = settings.parentOrganization, !parent.isEmpty {
            left += Self.headingLines(parent, width: room)
        }
        if let organization = settings.organization, !organization.isEmpty {
            let lines = Self.headingLines(organization, width: room)
            left += lines
            let ruleWidth = max(3, (lines.map(DisplayWidth.of).max() ?? 0) / 3)
            left.append(String(repeating: "─", count: ruleWidth))
        } else if !left.isEmpty {
            left.append(String(repeating: "─", count: max(3, (left.map(DisplayWidth.of).max() ?? 0) / 3)))
        }
        // The number and the date on the same line, under both blocks.
        var rightTop = Array(right.dropLast())
        let line = max(left.count, rightTop.count)
        left += Array(repeating: "", count: line - left.count)
        rightTop += Array(repeating: "", count: line - rightTop.count)
        left.append(language.pick("Số: ", "No.: ") + (settings.number.flatMap { $0.isEmpty ? nil : $0 } ?? "……"))
        return Self.sideBySide(left: left, right: rightTop + [right.last ?? ""], rightWidth: rightWidth, width: width)
    }

    private func headingRightBlock() -> [String] {
        let motto = language.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")
        let date = settings.date.map {
            VietnameseFormat.dateLine(place: settings.place, year: $0.year, month: $0.month, day: $0.day, language: language)
        } ?? VietnameseFormat.blankDateLine(place: settings.place, language: language)
        let right = [language.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
                     motto,
                     String(repeating: "─", count: DisplayWidth.of(motto)),
                     date]
        return right
    }

    /// An organisation's name upper-cased on lines of at most `width` columns: a line break in
    /// it (or a typed `\n`) starts a new line; a long name is broken between words, never inside
    /// a place name (`HỘI KHUYẾN HỌC` / `THỊ XÃ DUYÊN HẢI`) unless the place alone is too wide.
    public static func headingLines(_ name: String, width: Int) -> [String] {
        let paragraphs = name.replacingOccurrences(of: "\\n", with: "\n")
            .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var lines: [String] = []
        for paragraph in paragraphs {
            let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else { continue }
            // Units: single words, and a place word with the name after it up to the next place word.
            var units: [String] = []
            var i = 0
            var inPlace = false
            while i < words.count {
                if let length = placeWordLength(words, at: i) {
                    units.append(words[i..<(i + length)].joined(separator: " "))
                    i += length
                    inPlace = true
                } else {
                    if inPlace { units[units.count - 1] += " " + words[i] } else { units.append(words[i]) }
                    i += 1
                }
            }
            var line = ""
            for unit in units.map({ $0.uppercased() }) {
                let candidate = line.isEmpty ? unit : line + " " + unit
                if DisplayWidth.of(candidate) <= width {
                    line = candidate
                } else {
                    if !line.isEmpty { lines.append(line) }
                    if DisplayWidth.of(unit) <= width {
                        line = unit
                    } else {
                        // A place name wider than the heading: its words wrap like any other.
                        let parts = DisplayWidth.wrap(unit, width: width)
                        lines += parts.dropLast()
                        line = parts.last ?? ""
                    }
                }
            }
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    /// The number of words of the place word starting at `words[i]`, if one does.
    private static func placeWordLength(_ words: [String], at i: Int) -> Int? {
        for place in placeWords where i + place.count <= words.count {
            if zip(place, words[i..<(i + place.count)]).allSatisfy({ $0 == $1.lowercased() }) { return place.count }
        }
        return nil
    }

    /// The recipients as "Nơi nhận:" lists them: `- UBND xã Long Hữu;` … ending with `- Lưu: VT.`
    /// (added when the clerk did not name the file copy).
    func recipientLines() -> [String] {
        var left = [language.pick("Nơi nhận:", "Recipients:")]
        var names = settings.recipients.map { typed -> String in
            var name = Substring(typed.trimmingCharacters(in: .whitespaces))
            if name.hasPrefix("-") { name = name.dropFirst().drop { $0 == " " } }
            while let last = name.last, last == ";" || last == "." || last == "," || last == " " { name = name.dropLast() }
            return String(name)
        }.filter { !$0.isEmpty }
        if names.isEmpty {
            if let place = settings.place, !place.isEmpty {
                names.append(language.pick("UBND xã \(place)", "People's Committee of \(place)"))
            }
            names.append(language.pick("Hội Khuyến học cấp trên", "The association at the level above"))
        }
        let filed = names.contains { name in
            let folded = VietnameseFolding.fold(name)
            return folded.hasPrefix("luu") || folded.hasPrefix("filed")
        }
        if !filed { names.append(language.pick("Lưu: VT", "Filed: office")) }
        for (i, name) in names.enumerated() {
            left.append("- " + name + (i == names.count - 1 ? "." : ";"))
        }
        return left
    }

    /// The capacity line (if any) and the title above the signature.
    func signerLines() -> [String] {
        let title: String
        var lines: [String] = []
        switch settings.capacity {
        case .onBehalfOfCommittee:
            lines.append(language.pick("TM. BAN CHẤP HÀNH", "FOR THE EXECUTIVE COMMITTEE"))
            title = language.pick("CHỦ TỊCH", "CHAIR")
        case .deputy:
            lines.append(language.pick("KT. CHỦ TỊCH", "P.P. THE CHAIR"))
            title = language.pick("PHÓ CHỦ TỊCH", "VICE CHAIR")
        case .own:
            title = language.pick("CHỦ TỊCH", "CHAIR")
        case .custom(let text):
            lines.append(text.uppercased())
            title = language.pick("CHỦ TỊCH", "CHAIR")
        }
        lines.append(settings.signerTitle.flatMap { $0.isEmpty ? nil : $0.uppercased() } ?? title)
        return lines
    }

    /// "Nơi nhận:" on the left; the capacity, the title, room to sign and seal, and the signer on the right.
    func signature() -> [String] {
        let left = recipientLines()
        let right = signerLines() + Array(repeating: "", count: Self.signatureRoom) + [settings.signer ?? ""]
        // Centred under the heading's right block, where the signature traditionally goes.
        let width = max(1, settings.width)
        let rightWidth = max(Self.blockWidth(right, width: width), Self.blockWidth(headingRightBlock(), width: width))
        return Self.sideBySide(left: left, right: right, rightWidth: rightWidth, width: width)
    }

    private static func blockWidth(_ lines: [String], width: Int) -> Int {
        min(width, lines.map(DisplayWidth.of).max() ?? 0)
    }

    /// Two blocks on the same lines: the left one flush left with its lines centred on each
    /// other, the right one against the right edge with its lines centred. When the report is
    /// too narrow for both, the left block comes first and the right one under it.
    private static func sideBySide(left: [String], right: [String], rightWidth: Int, width: Int) -> [String] {
        let leftWidth = left.map(DisplayWidth.of).max() ?? 0
        let centredRight = right.map { DisplayWidth.center($0, in: rightWidth) }
        let leftIsList = left.first.map { $0.hasSuffix(":") } ?? false
        let shapedLeft = left.map { leftIsList ? " " + $0 : " " + DisplayWidth.center($0, in: leftWidth) }
        if leftWidth + 1 + 2 + rightWidth > width {
            return shapedLeft.map { $0.trimmingTrailingSpaces() } + centredRight.map { $0.trimmingTrailingSpaces() }
        }
        var lines: [String] = []
        for i in 0..<max(left.count, right.count) {
            let leftPart = i < shapedLeft.count ? shapedLeft[i] : ""
            let gap = width - rightWidth - DisplayWidth.of(leftPart)
            let rightPart = i < centredRight.count ? centredRight[i] : ""
            lines.append((DisplayWidth.padRight(leftPart, to: DisplayWidth.of(leftPart) + gap) + rightPart).trimmingTrailingSpaces())
        }
        return lines
    }
}
