import Testing
import TextSupport

/// Names are put in Vietnamese order once per distinct name, by ``CollationKey/ascendingOrder(_:)``.
@Suite("Vietnamese order of many names")
struct CollationOrderTests {
    @Test("names that agree on their first twelve letters are still ordered letter by letter, then by tone")
    func longSharedPrefixes() {
        let names = ["Nguyễn Văn Bình", "Nguyễn Văn Ánh", "Nguyễn Thị Ba", "Nguyễn Văn Anh", "Nguyễn Văn An", "Nguyễn Văn Ánh Hai"]
        let order = CollationKey.ascendingOrder(names.map(VietnameseCollation.key))
        // By hand: T before V; "An" before "Anh" (shorter first); no tone before sắc; B last.
        #expect(order.map { names[$0] } == ["Nguyễn Thị Ba", "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ánh",
                                            "Nguyễn Văn Ánh Hai", "Nguyễn Văn Bình"])
    }

    @Test("names with equal keys keep the order they were given in")
    func equalKeysKeepTheirOrder() {
        // A space and a tab weigh the same: the keys are equal.
        let names = ["Lê\tVăn Tám", "Đỗ Ba", "Lê Văn Tám", "An"]
        let order = CollationKey.ascendingOrder(names.map(VietnameseCollation.key))
        #expect(order == [3, 1, 0, 2])
        #expect(CollationKey.ascendingOrder(Array(names.map(VietnameseCollation.key).reversed())) == [0, 2, 1, 3])
    }
}
