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
        self = Rational.make(negative: (numerator < 0) != (denominator < 0), numerator.magnitude, denominator.magnitude)
    }

    private init(unchecked numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// What an operation gives when its exact result does not fit in two 64-bit integers (a
    /// numerator or denominator beyond ±9 223 372 036 854 775 807). It has a zero denominator,
    /// so it never takes the whole-number fast paths; every operation on it gives it again.
    /// Expressions note where it first appeared (``Frame/noteOverflow(_:)``), and that row is
    /// reported as an error rather than scored.
    public static let overflow = Rational(unchecked: 0, 0)

    /// Whether this is ``overflow``: an operation's result did not fit.
    @inlinable public var isOverflow: Bool { denominator == 0 }

    /// The reduced fraction `±n/d` from magnitudes (`d > 0`), or ``overflow`` when it does not fit.
    private static func make(negative: Bool, _ n: UInt64, _ d: UInt64) -> Rational {
        if d == 0 { return .overflow }
        if n == 0 { return .zero }
        let g = gcd(n, d)
        let n = n / g, d = d / g
        guard d <= UInt64(Int64.max) else { return .overflow }
        if negative {
            guard n <= UInt64(Int64.max) + 1 else { return .overflow }
            return Rational(unchecked: Int64(truncatingIfNeeded: 0 &- n), Int64(d))
        }
        guard n <= UInt64(Int64.max) else { return .overflow }
        return Rational(unchecked: Int64(n), Int64(d))
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
        if isOverflow { return "?" }
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

    // Arithmetic is checked: a result that does not fit is ``overflow``, never a trap and never
    // a wrapped number. Fractions are reduced before multiplying (Knuth, TAOCP 4.5.1), so a
    // result overflows only when its reduced form does not fit, or (for a sum) when the two
    // cross products do.

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 {
            let (sum, overflow) = a.numerator.addingReportingOverflow(b.numerator)
            return overflow ? .overflow : Rational(unchecked: sum, 1)
        }
        return combine(a, b, subtract: false)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 {
            let (difference, overflow) = a.numerator.subtractingReportingOverflow(b.numerator)
            return overflow ? .overflow : Rational(unchecked: difference, 1)
        }
        return combine(a, b, subtract: true)
    }

    /// `a ± b` for fractions: `(a.n·(b.d/g) ± b.n·(a.d/g)) / (a.d·b.d/g)` with `g = gcd(a.d, b.d)`.
    private static func combine(_ a: Rational, _ b: Rational, subtract: Bool) -> Rational {
        if a.isOverflow || b.isOverflow { return .overflow }
        let g = gcd(UInt64(a.denominator), UInt64(b.denominator))
        let aScale = a.denominator / Int64(g), bScale = b.denominator / Int64(g)
        let (left, o1) = a.numerator.multipliedReportingOverflow(by: bScale)
        let (right, o2) = b.numerator.multipliedReportingOverflow(by: aScale)
        guard !o1, !o2 else { return .overflow }
        let (t, o3) = subtract ? left.subtractingReportingOverflow(right) : left.addingReportingOverflow(right)
        guard !o3 else { return .overflow }
        // The common factor of t and g is all that can still cancel.
        let g2 = gcd(t.magnitude, g)
        let (d, o4) = UInt64(aScale).multipliedReportingOverflow(by: UInt64(b.denominator) / g2)
        guard !o4 else { return .overflow }
        return make(negative: t < 0, t.magnitude / g2, d)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        if a.denominator == 1 && b.denominator == 1 {
            let (product, overflow) = a.numerator.multipliedReportingOverflow(by: b.numerator)
            return overflow ? .overflow : Rational(unchecked: product, 1)
        }
        if a.isOverflow || b.isOverflow { return .overflow }
        return product(negative: (a.numerator < 0) != (b.numerator < 0), a.numerator.magnitude, a.denominator.magnitude,
                       b.numerator.magnitude, b.denominator.magnitude)
    }

    /// `(an/ad)·(bn/bd)` from magnitudes, cross-reduced first so that nothing cancels afterwards.
    private static func product(negative: Bool, _ an: UInt64, _ ad: UInt64, _ bn: UInt64, _ bd: UInt64) -> Rational {
        let g1 = gcd(an, bd), g2 = gcd(bn, ad)
        guard g1 != 0, g2 != 0 else { return .zero }
        let (n, o1) = (an / g1).multipliedReportingOverflow(by: bn / g2)
        let (d, o2) = (ad / g2).multipliedReportingOverflow(by: bd / g1)
        guard !o1, !o2 else { return .overflow }
        return make(negative: negative, n, d)
    }

    /// `nil` when dividing by zero; the caller decides what that means. ``overflow`` when the
    /// quotient does not fit.
    public static func divide(_ a: Rational, by b: Rational) -> Rational? {
        if a.isOverflow || b.isOverflow { return .overflow }
        if b.numerator == 0 { return nil }
        if a.denominator == 1 && b.denominator == 1 {
            return make(negative: (a.numerator < 0) != (b.numerator < 0), a.numerator.magnitude, b.numerator.magnitude)
        }
        return product(negative: (a.numerator < 0) != (b.numerator < 0), a.numerator.magnitude, a.denominator.magnitude,
                       b.denominator.magnitude, b.numerator.magnitude)
    }

    public static prefix func - (a: Rational) -> Rational {
        let (negated, overflow) = Int64(0).subtractingReportingOverflow(a.numerator)
        return overflow || a.isOverflow ? .overflow : Rational(unchecked: negated, a.denominator)
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
