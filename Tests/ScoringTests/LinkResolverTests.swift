@testable import Scoring
import Testing

/// Rule 4 of the survey spec, on the plain function: how a typed code is read as one
/// entity's code (``LinkResolver``).
@Suite("Reading a typed code as an entity's code")
struct LinkResolverTests {
    static let hamlets = LinkResolver(candidates: [("LK", "Long Khánh"), ("LD", "Long Định"), ("LT", "Ấp Long Thạnh")])
    static let clans = LinkResolver(candidates: [("DH01", "Họ Nguyễn"), ("DH12", "Họ Hồ"), ("DH13", "Đặng"), ("DH14", "Tô")])

    @Test("the code as stored links exactly, after trimming and NFC")
    func exact() {
        #expect(Self.hamlets.resolved("LK") == .exact(0))
        #expect(Self.hamlets.resolved("  LD ") == .exact(1))
        #expect(Self.clans.resolved("DH12") == .exact(1))
    }

    @Test("folded: case, marks, spaces and punctuation do not matter", arguments: ["lk", "L.K", "Lk ", "l k", "L-K", "l_k"])
    func folded(_ typed: String) {
        #expect(Self.hamlets.resolved(typed) == .variant(0))
    }

    @Test("by name, whole or without a leading word, on either side",
          arguments: [("Long Khánh", 0), ("long khanh", 0), ("ap long khanh", 0), ("Ấp Long Khánh", 0), ("ẤP LONG KHÁNH", 0),
                      ("Khóm Long Định", 1), ("thôn long dinh", 1), ("Long Thạnh", 2), ("Ấp Long Thạnh", 2), ("tổ dân phố Long Thạnh", 2)])
    func byName(_ typed: String, _ hamlet: Int) {
        #expect(Self.hamlets.resolved(typed) == .variant(hamlet))
    }

    @Test("clans: 'Hồ', 'họ Hồ', 'Họ Hồ' are DH12; 'họ Đặng', 'dòng họ Đặng', 'dong ho dang' are DH13")
    func clanNames() {
        for typed in ["Hồ", "họ Hồ", "Họ Hồ", "HỌ HỒ"] { #expect(Self.clans.resolved(typed) == .variant(1), "\(typed)") }
        for typed in ["họ Đặng", "dòng họ Đặng", "dong ho dang", "Đặng"] { #expect(Self.clans.resolved(typed) == .variant(2), "\(typed)") }
    }

    @Test("the surnames Hồ and Tô are never the leading words họ and tổ")
    func surnamesAreNotLeadingWords() {
        #expect(Self.clans.resolved("Hồ Đặng") == .unknown)
        #expect(Self.clans.resolved("Tô Nguyễn") == .unknown)
        #expect(LinkResolver.readings("Hồ Đặng") == ["hodang"])
        #expect(LinkResolver.readings("họ Hồ") == ["hoho", "ho"])
        // A leading word must be a word: `Apxy` is not `ap` + `xy`.
        #expect(LinkResolver.readings("Apxy") == ["apxy"])
    }

    @Test("no match, a blank value, or several: the code is unknown")
    func unknownAndAmbiguous() {
        #expect(Self.hamlets.resolved("XYZ") == .unknown)
        #expect(Self.hamlets.resolved("") == .unknown)
        #expect(Self.hamlets.resolved("ấp") == .unknown)
        let two = LinkResolver(candidates: [("LK", "Long Khánh"), ("KLK", "Khóm Long Khánh")])
        #expect(two.resolved("Long Khánh") == .ambiguous([0, 1]))
        #expect(two.resolved("Khóm Long Khánh") == .ambiguous([0, 1]))
        #expect(two.resolved("klk") == .variant(1))
        #expect(two.resolved("Long Khánh").candidate == nil)
    }
}
