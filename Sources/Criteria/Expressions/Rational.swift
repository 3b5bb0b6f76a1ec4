/// An exact number: a fraction of two 64-bit integers, always reduced, denominator positive.
///
/// Criteria compare ratios exactly: `14/20 ≥ 0.7` is true and `13/20 ≥ 0.7` is false, with no
/// floating-point rounding in between. Comparisons multiply across in 128 bits, so they cannot
/// overflow.
///
/// ```swift
/// Rational(14, 20) >= Rational(decimal: "0.7")!   // true
/// ```
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var numerator: Int64
    public private(set) var denominator: Int64

    public static let zero = Rational(integer: 0)
    public static let one = Rational(integer: 1)

    public init(integer: Int64) {
        numerator = integer
        denominator = 1
    }

    /// `numerator / denominator`; the denominator must not be zero.
    public init(_ numerator: Int64, _ denominator: Int64) {
        precondition(denominator != 0, "Rational with a zero denominator")
        var n = numerator
        var d = denominator
        if d < 0 { n = -n; d = -d }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        if g > 1 { n /= Int64(g); d /= Int64(g) }
        self.numerator = n
        self.denominator = d
    }

    /// Reads a decimal literal such as `0.95`, `70` or `12.5`.
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else { return nil }
        var fraction = Substring("")
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber),
                  fraction.count <= 12 else { return nil }
        }
        guard let digits = Int64(whole + fraction) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<fraction.count { scale *= 10 }
        self.init(digits, scale)
    }

    public var isInteger: Bool { denominator == 1 }

    public var description: String {
        if denominator == 1 { return String(numerator) }
        return "\(numerator)/\(denominator)"
    }

    /// A decimal rendering for people (`0.65`, `0.333`), at most `digits` decimals.
    public func decimalString(digits: Int = 3, separator: String = ".") -> String {
        if denominator == 1 { return String(numerator) }
        let negative = numerator < 0
        var rest = numerator.magnitude
        let d = denominator.magnitude
        let whole = rest / d
        rest %= d
        var fraction = ""
        for _ in 0..<digits where rest != 0 {
            rest *= 10
            fraction.append(String(rest / d))
            rest %= d
        }
        let body = fraction.isEmpty ? String(whole) : "\(whole)\(separator)\(fraction)"
        return negative ? "-" + body : body
    }

    @inlinable
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 { return Rational(integer: a.numerator &+ b.numerator) }
        return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 { return Rational(integer: a.numerator &- b.numerator) }
        return Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 { return Rational(integer: a.numerator * b.numerator) }
        return Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// `nil` when dividing by zero; the caller decides what that means.
    public static func divide(_ a: Rational, by b: Rational) -> Rational? {
        if b.numerator == 0 { return nil }
        return Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public static prefix func - (a: Rational) -> Rational {
        Rational(-a.numerator, a.denominator)
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        // Cross-multiplied in 128 bits: exact for every pair of 64-bit fractions.
        let left = a.numerator.multipliedFullWidth(by: b.denominator)
        let right = b.numerator.multipliedFullWidth(by: a.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }

    public static func min(_ a: Rational, _ b: Rational) -> Rational { b < a ? b : a }
    public static func max(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }
}
