/// How a commune's clerks fill tick-box columns: `x`/blank, `Có`/`Không` or `1`/`0`.
struct CheckboxStyle {
    let yes: [UInt8]
    let no: [UInt8]
    /// The other spelling of a tick some clerks type (`X` for `x`, `có` for `Có`).
    let altYes: [UInt8]
    /// Per mille of ticks typed in the other spelling.
    let altPermille: Int

    static let all: [CheckboxStyle] = [
        CheckboxStyle(yes: Array("x".utf8), no: [], altYes: Array("X".utf8), altPermille: 60),
        CheckboxStyle(yes: Array("Có".utf8), no: Array("Không".utf8), altYes: Array("có".utf8), altPermille: 30),
        CheckboxStyle(yes: Array("1".utf8), no: Array("0".utf8), altYes: Array("1".utf8), altPermille: 0),
    ]
    /// x/blank is what most clerks do; then Có/Không; then 1/0 (exports from forms).
    static let weights = WeightTable([50, 30, 20])
}
