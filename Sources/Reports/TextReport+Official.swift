import TextSupport

/// The official layout of an association's document: the issuing body and the national motto
/// at the top, the recipients and the signature at the bottom.
extension TextReport {
    /// The issuing body (upper-cased, a short rule under it) on the left; the national name, the
    /// motto with a rule under it and the date line on the right.
    func officialHeading() -> [String] {
        let width = max(1, settings.width)
        let right = headingRightBlock()
        var left: [String] = []
        if let organization = settings.organization, !organization.isEmpty {
            let room = max(10, width - Self.blockWidth(right, width: width) - 2)
            left = DisplayWidth.wrap(organization.uppercased(), width: room)
            let ruleWidth = max(3, (left.map(DisplayWidth.of).max() ?? 0) / 3)
            left.append(String(repeating: "─", count: ruleWidth))
        }
        return Self.sideBySide(left: left, right: right, rightWidth: Self.blockWidth(right, width: width), width: width)
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

    /// "Nơi nhận:" on the left; "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", room to sign and the signer on the right.
    func signature() -> [String] {
        var left = [language.pick("Nơi nhận:", "Recipients:")]
        if let place = settings.place, !place.isEmpty {
            left.append(language.pick("- UBND xã \(place);", "- People's Committee of \(place);"))
        }
        left += [language.pick("- Hội Khuyến học cấp trên;", "- The association at the level above;"),
                 language.pick("- Lưu: VT.", "- Filed: office.")]
        let right = [language.pick("TM. BAN CHẤP HÀNH", "FOR THE EXECUTIVE COMMITTEE"),
                     language.pick("CHỦ TỊCH", "CHAIR"),
                     "", "", "",
                     settings.signer ?? ""]
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
