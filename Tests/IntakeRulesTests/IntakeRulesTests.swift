import Foundation
import Testing

/// The acceptance tests of issue 12 ("A clerk's real folder: never a wrong result without a
/// word"): the intake rules 1–7 of the spec's section "Intake rules added in round 2", the
/// extended tick-box vocabulary, and messages in one language. They were written before the
/// implementation and failed then, each for the behaviour it names. Each rule's tests are a
/// nested suite in the file of that rule.
@Suite("Issue 12 intake rules")
struct IntakeRulesTests {}

/// Parts of the same rules that the program already did before issue 12: they guarded them
/// while the rest was written.
@Suite("Issue 12 intake rules — already true before")
struct IntakeRulesAlreadyTrue {}
