import Criteria
import Testing

@Suite("Rational: exact numbers for points and ratios")
struct RationalTests {
    @Test("Decimal literals", arguments: [
        ("0.7", 7, 10), ("70", 70, 1), ("12.5", 25, 2), ("0.95", 19, 20), ("0.33", 33, 100),
        ("0", 0, 1), ("007", 7, 1), ("1.50", 3, 2), ("0.000000000001", 1, 1_000_000_000_000),
    ] as [(String, Int64, Int64)])
    func decimals(_ text: String, _ numerator: Int64, _ denominator: Int64) throws {
        let value = try #require(Rational(decimal: text))
        #expect(value.numerator == numerator)
        #expect(value.denominator == denominator)
    }

    @Test("Text that is not a decimal literal", arguments: ["", ".5", "5.", "1.2.3", "abc", "1,5", "-1", "0.1234567890123", "99999999999999999999"])
    func notDecimals(_ text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test("Fractions are kept reduced with a positive denominator")
    func reduction() {
        #expect(Rational(14, 20).numerator == 7)
        #expect(Rational(14, 20).denominator == 10)
        #expect(Rational(3, -6) == Rational(-1, 2))
        #expect(Rational(3, -6).denominator == 2)
        #expect(Rational(0, 5) == .zero)
        #expect(Rational(2, 4) == Rational(1, 2))
        #expect(Set([Rational(2, 4), Rational(1, 2), Rational(50, 100)]).count == 1)
        #expect(Rational(6, 3).isInteger)
    }

    @Test("Arithmetic is exact")
    func arithmetic() {
        #expect(Rational(1, 3) + Rational(1, 6) == Rational(1, 2))
        #expect(Rational(1, 3) * Rational(integer: 3) == .one)
        #expect(Rational(integer: 1) - Rational(1, 10) == Rational(decimal: "0.9"))
        #expect(Rational.divide(Rational(integer: 14), by: Rational(integer: 20)) == Rational(decimal: "0.7"))
        #expect(Rational.divide(.one, by: .zero) == nil)
        #expect(-Rational(1, 2) == Rational(-1, 2))
    }

    @Test("Comparisons of large fractions do not overflow")
    func largeComparisons() {
        let big = Int64.max
        // big/(big-1) = 1 + 1/(big-1) is just below (big-1)/(big-2) = 1 + 1/(big-2); the cross
        // products need 126 bits.
        #expect(Rational(big, big - 1) < Rational(big - 1, big - 2))
        #expect(!(Rational(big - 1, big - 2) < Rational(big, big - 1)))
        #expect(Rational(-big, 3) < Rational(1, big))
        #expect(Rational(big, 2) > Rational(big - 1, 2))
        #expect(Rational(1, big) > .zero)
        #expect(Rational.max(Rational(big, big - 1), Rational(big - 1, big - 2)) == Rational(big - 1, big - 2))
    }

    @Test("Decimal display for people")
    func display() {
        #expect(Rational(1, 3).decimalString() == "0.333")
        #expect(Rational(13, 20).decimalString(separator: ",") == "0,65")
        #expect(Rational(integer: 80).decimalString() == "80")
        #expect(Rational(-1, 4).decimalString() == "-0.25")
        #expect(Rational(7, 10).description == "7/10")
    }
}
