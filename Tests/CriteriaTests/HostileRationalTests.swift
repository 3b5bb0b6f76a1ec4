import Criteria
import Testing

/// Checked arithmetic: a result that does not fit is ``Rational/overflow`` — never a trap, never
/// a wrapped number — and one that fits after reducing is exact.
@Suite("Rational: checked arithmetic at the edges of 64 bits")
struct HostileRationalTests {
    static let big = Int64.max

    @Test("Whole numbers that overflow give the overflow value")
    func wholeNumbers() {
        let max = Rational(integer: .max), min = Rational(integer: .min)
        #expect((max + .one).isOverflow)
        #expect((min - .one).isOverflow)
        #expect((max * Rational(integer: 2)).isOverflow)
        #expect((-min).isOverflow)
        #expect((min * Rational(integer: -1)).isOverflow)
        #expect(Rational.divide(min, by: Rational(integer: -1))?.isOverflow == true)
        #expect(max + Rational(integer: -1) == Rational(integer: Self.big - 1))
        #expect(-max == Rational(integer: -Self.big))
    }

    @Test("Fractions that overflow give the overflow value; those that reduce are exact")
    func fractions() {
        #expect((Rational(1, Self.big) + Rational(1, Self.big - 1)).isOverflow)
        #expect((Rational(Self.big, 2) * Rational(Self.big, 3)).isOverflow)
        #expect(Rational.divide(Rational(1, Self.big), by: Rational(Self.big, 1))?.isOverflow == true)
        #expect(Rational(Self.big, 2) * Rational(2, Self.big) == .one)
        #expect(Rational(1, Self.big) + Rational(-1, Self.big) == .zero)
        #expect(Rational(Self.big - 1, Self.big) + Rational(1, Self.big) == .one)
        #expect(Rational(Int64.min, Int64.min) == .one)
        #expect(Rational(Int64.min, 2) == Rational(integer: Int64.min / 2))
        #expect(Rational.divide(Rational(integer: .min), by: Rational(integer: .min)) == .one)
        #expect(Rational.divide(Rational(1, 3), by: Rational(-2, 3)) == Rational(-1, 2))
    }

    @Test("The overflow value spreads through every operation and shows as ?")
    func spreads() {
        let o = Rational.overflow
        #expect((o + .one).isOverflow && (o - .one).isOverflow && (o * .zero).isOverflow && (-o).isOverflow)
        #expect(Rational.divide(o, by: .one)?.isOverflow == true)
        #expect(Rational.divide(.one, by: o)?.isOverflow == true)
        #expect(o.decimalString() == "?")
        #expect(!(o < o))
    }
}
