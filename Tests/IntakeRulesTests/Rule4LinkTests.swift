import Foundation
import KhuyenhocCLI
import Testing

/// Rule 4. A household's `ma_ap` (`ma_dong_ho`) is looked up among the hamlets (clans) of its
/// commune: exactly; else folded (`lk`, `L.K`, `Lk ` → `LK`); else by name, each side read whole
/// and without a leading `ấp`, `họ`, `dòng họ` … (with their tone marks: the surnames `Hồ`, `Tô`
/// are never `họ`, `tổ`). One match links and each variant is noted once ("'Long Khánh' được hiểu
/// là ấp LK"); none or several: the code is unknown (noted, the household still scored). Reports
/// group households by the hamlet they link to.
///
/// `ma-bien-the/`: the sample, hamlet `LK` (`Long Khánh`) typed `lk` (HO0001, HO0002), `L.K`
/// (HO0003), `Lk ` (HO0004), `Long Khánh` (HO0005), `ap long khanh` (HO0006), `Ấp Long Khánh`
/// (HO0007); two clans added: DH12 `Họ Hồ`, DH13 `Đặng` (only the surname written), typed by
/// households as `Hồ`, `họ Hồ`, `Họ Hồ`, `DH12`, `họ Đặng`, and `Hồ Đặng` (HO0308, no clan: `Hồ`
/// is a surname, not `họ`). `ma-chuan/` is the same folder with every code typed exactly (and
/// HO0308 with none): what the variants must give.
extension IntakeRulesTests {
    @Suite("Rule 4 — codes typed the way clerks type them") struct Links {
        static let hamletVariants = ["lk", "L.K", "Long Khánh", "ap long khanh", "Ấp Long Khánh"]

        @Test("hamlet codes typed lk, L.K, 'Lk ', Long Khánh, ap long khanh, Ấp Long Khánh link to LK: every result as with exact codes")
        func hamletVariantsLink() throws {
            let variants = score(try Intake.fixture("ma-bien-the"))
            let exact = score(try Intake.fixture("ma-chuan"))
            #expect(variants.status == 0)
            #expect(variants.output == exact.output)
            // And LK is the sample's LK: Tiêu biểu, 100 points.
            let expectedLK = try #require(try Intake.expectedRows().first { $0.model == "cong-dong-hoc-tap" && $0.id == "LK" })
            #expect(variants.row(model: "cong-dong-hoc-tap", id: "LK") == expectedLK)
        }

        @Test("each hamlet variant is noted once: \"'Long Khánh' được hiểu là ấp LK\"")
        func hamletVariantsNoted() throws {
            let run = score(try Intake.fixture("ma-bien-the"), format: .text)
            for variant in Self.hamletVariants {
                expectNotedOnce("'\(variant)' được hiểu là ấp LK", in: run)
            }
            // `Lk ` is trimmed before it is looked up; either spelling of it in the note will do.
            let trimmed = occurrences(of: "'Lk' được hiểu là ấp LK", in: run.messages + run.output)
            let untrimmed = occurrences(of: "'Lk ' được hiểu là ấp LK", in: run.messages + run.output)
            #expect(trimmed + untrimmed >= 1)
            // Six variants (`lk` is typed twice): six notes in each place that carries them.
            #expect(occurrences(of: "được hiểu là ấp LK", in: run.messages) <= 6)
            #expect(occurrences(of: "được hiểu là ấp LK", in: run.output) <= 6)
        }

        @Test("the hamlet summary of the report counts variant households under LK (no hamlet split in three)")
        func summaryGroupsByLinkedHamlet() throws {
            let variants = score(try Intake.fixture("ma-bien-the"), format: .text)
            let exact = score(try Intake.fixture("ma-chuan"), format: .text)
            let summary = section("TỔNG HỢP THEO ẤP", of: variants.output)
            #expect(!summary.isEmpty)
            #expect(summary == section("TỔNG HỢP THEO ẤP", of: exact.output))
        }

        @Test("clan typed 'Hồ', 'họ Hồ', 'Họ Hồ' links to clan DH12 'Họ Hồ'; 'họ Đặng' to DH13 'Đặng'; each noted")
        func clanVariantsLink() throws {
            let variants = score(try Intake.fixture("ma-bien-the"))
            let exact = score(try Intake.fixture("ma-chuan"))
            for clan in ["DH12", "DH13"] {
                let row = try #require(variants.row(model: "dong-ho-hoc-tap", id: clan))
                #expect(row == exact.row(model: "dong-ho-hoc-tap", id: clan))
            }
            let text = score(try Intake.fixture("ma-bien-the"), format: .text)
            for (typed, clan) in [("Hồ", "DH12"), ("họ Hồ", "DH12"), ("Họ Hồ", "DH12"), ("họ Đặng", "DH13")] {
                let notes = noteLines(text).filter { $0.contains("'\(typed)' được hiểu là") }
                #expect(notes.count >= 1 && notes.allSatisfy { $0.contains(clan) }, "\(typed): \(notes)")
            }
        }

        @Test("the surname Hồ is never taken for 'họ': 'Hồ Đặng' does not link to clan 'Đặng', it is an unknown code")
        func surnameHoIsNotHo() throws {
            let text = score(try Intake.fixture("ma-bien-the"), format: .text)
            #expect(!(text.messages + text.output).contains("'Hồ Đặng' được hiểu là"))
            let unknown = noteLines(text).filter { $0.contains("Hồ Đặng") }
            #expect(!unknown.isEmpty, "the unknown code is noted")
            // DH13 has one household (HO0313), as in ma-chuan where HO0308 names no clan.
            let variants = score(try Intake.fixture("ma-bien-the"))
            #expect(variants.row(model: "dong-ho-hoc-tap", id: "DH13") == score(try Intake.fixture("ma-chuan")).row(model: "dong-ho-hoc-tap", id: "DH13"))
        }
    }
}

extension IntakeRulesAlreadyTrue {
    /// `ma-mo-ho/`: the sample plus a hamlet `KLK` `Khóm Long Khánh`; HO0001 typed its hamlet as
    /// `Long Khánh`, which names both `LK` (Long Khánh) and `KLK` (Khóm Long Khánh).
    @Test("rule 4: a value matching two hamlets is an unknown code: noted, not linked, the household still scored")
    func ambiguousIsUnknown() throws {
        let text = score(try Intake.fixture("ma-mo-ho"), format: .text)
        #expect(!(text.messages + text.output).contains("'Long Khánh' được hiểu là"))
        let notes = noteLines(text).filter { $0.contains("\"Long Khánh\"") || $0.contains("'Long Khánh'") }
        #expect(notes.count == 1, "\(notes)")
        let run = score(try Intake.fixture("ma-mo-ho"))
        let expected = try #require(try Intake.expectedRows().first { $0.id == "HO0001" })
        #expect(run.row(id: "HO0001") == expected)
    }
}

/// The lines of the report from the one that contains `title` to the next blank line.
func section(_ title: String, of report: String) -> [String] {
    let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: { $0.contains(title) }) else { return [] }
    var result: [String] = []
    for line in lines[start...] {
        if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
        result.append(line)
    }
    return result
}
