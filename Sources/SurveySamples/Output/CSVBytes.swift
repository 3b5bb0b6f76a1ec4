/// The pieces of a canonical survey CSV (UTF-8, comma-separated, LF), written as bytes: the
/// generator writes millions of cells, and going through `String` for each would dominate.
extension Array where Element == UInt8 {
    /// The header row: the field ids, comma-separated.
    mutating func appendHeader(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { append(0x2C) }
            append(contentsOf: field.utf8)
        }
        append(0x0A)
    }

    mutating func appendComma() { append(0x2C) }

    mutating func appendLineEnd() { append(0x0A) }

    /// A non-negative or negative decimal number, without separators.
    mutating func appendInt(_ value: Int) {
        if value >= 0 && value < 10 { append(0x30 + UInt8(value)); return }
        if value < 0 { append(0x2D) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            append(0x30 + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// A number padded with zeros to `width` digits (`7`, 4 → `0007`).
    mutating func appendPadded(_ value: Int, width: Int) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 { digitCount += 1; rest /= 10 }
        if digitCount < width { append(contentsOf: repeatElement(0x30, count: width - digitCount)) }
        appendInt(value)
    }

    /// A tick box in the commune's style; a tick is now and then typed the other way (`X`, `có`).
    mutating func appendBool(_ value: Bool, _ style: CheckboxStyle, _ random: inout SplitMix64) {
        if value {
            if style.altPermille > 0 && random.chance(style.altPermille) {
                append(contentsOf: style.altYes)
            } else {
                append(contentsOf: style.yes)
            }
        } else {
            append(contentsOf: style.no)
        }
    }
}
