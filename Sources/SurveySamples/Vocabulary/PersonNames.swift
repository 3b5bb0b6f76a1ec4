/// Kinh and Khmer names of heads of household and clans, with full diacritics (NFC), and their
/// frequencies: Nguyễn is the most common family name, Thạch and Sơn the most common Khmer ones.
enum PersonNames {
    /// Middle names that tell clans of one surname apart (`Họ Nguyễn Văn`).
    static let lineageMiddles = ["Văn", "Hữu", "Đình", "Công", "Quang", "Ngọc", "Minh", "Đức", "Xuân", "Bá", "Quốc", "Thanh"]

    static let kinhSurnames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Châu", "Đoàn", "Tô", "Mai", "Cao", "Thái", "La",
        "Hà", "Lương", "Từ", "Triệu", "Đinh", "Quách", "Tăng",
    ]
    static let kinhSurnameWeights = WeightTable([
        310, 110, 90, 65, 50, 48, 42, 20, 20, 18, 14, 14, 13, 10, 9, 9, 7, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 2, 2,
    ])
    static let khmerSurnames = [
        "Thạch", "Sơn", "Kim", "Danh", "Lâm", "Triệu", "Châu", "Huỳnh", "Lý", "Dương", "Tăng", "Kiên",
    ]
    static let khmerSurnameWeights = WeightTable([300, 200, 140, 100, 60, 50, 50, 30, 30, 20, 10, 10])

    static let maleMiddles = ["Văn", "Văn", "Văn", "Văn", "Văn", "Văn", "Hữu", "Thanh", "Minh", "Quốc", "Ngọc", "Công", "Đức", "Hoàng", "Tấn", "Thành"]
    static let femaleMiddles = ["Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Thị Ngọc", "Thị Kim", "Thị Mỹ"]
    // Every tone: ngang, huyền, hỏi, ngã, sắc, nặng.
    static let maleGiven = [
        "Minh", "Nam", "Tâm", "Sang", "Quang", "Trung", "Phong", "Khoa", "Thanh", "Hai", "Ba", "Tư", "Em",
        "Hùng", "Tài", "Hoàng", "Bình", "Toàn", "Thành", "Hòa", "Mười",
        "Hải", "Khải", "Bảo", "Bảy", "Cảnh", "Hiển", "Thủ", "Tỏ",
        "Dũng", "Vũ", "Sỹ", "Lũy", "Nghĩa", "Hỗ", "Kỹ",
        "Tuấn", "Phúc", "Đức", "Tấn", "Hiếu", "Chín", "Sáu", "Út", "Tám", "Lắm", "Quốc", "Thắng",
        "Thịnh", "Lộc", "Hậu", "Lợi", "Định", "Mạnh", "Thuận", "Đạt", "Phước", "Nhựt", "Lực",
    ]
    static let femaleGiven = [
        "Lan", "Mai", "Hoa", "Thu", "Nhung", "Trinh", "Loan", "Hương", "Xuân", "Trang", "Nhi", "Duyên",
        "Hồng", "Hằng", "Hiền", "Huyền", "Thùy", "Nhàn", "Liên", "Vân",
        "Thảo", "Thủy", "Phỉ", "Kiểu", "Hảo", "Mẫn",
        "Diễm", "Mỹ", "Hãnh", "Ngữ", "Vĩ",
        "Cúc", "Ánh", "Tuyết", "Bích", "Út", "Nết", "Thắm", "Lý", "Nguyệt",
        "Hạnh", "Ngọc", "Phượng", "Lụa", "Hậu", "Thoại", "Diệu", "Hạ",
    ]
    static let khmerGiven = [
        "Sa Rươl", "Sóc Kha", "Rinh", "Sà Phanh", "Sa Rinh", "Sô Phol", "Khêl", "Thol", "Sóc Khom",
        "Chanh Đa", "Sa Vân", "Sà Rây", "Sóc Thươl", "Sô Phi", "Sa Kha", "Sà Quynh", "Ton", "Pha Ly",
        "Sa Mết", "Som Nang", "Sóc Phi", "Thươl", "Chăn Thu", "Sơ Ri", "Sa Ly", "Kha Ra",
        "Rết", "Sươl", "Phách", "Sà Khươl", "Sóc Na",
    ]

    static let kinhSurnameBytes = kinhSurnames.map { Array($0.utf8) }
    static let khmerSurnameBytes = khmerSurnames.map { Array($0.utf8) }
    static let maleMiddleBytes = maleMiddles.map { Array($0.utf8) }
    static let femaleMiddleBytes = femaleMiddles.map { Array($0.utf8) }
    static let maleGivenBytes = maleGiven.map { Array($0.utf8) }
    static let femaleGivenBytes = femaleGiven.map { Array($0.utf8) }
    static let khmerGivenBytes = khmerGiven.map { Array($0.utf8) }
    static let van = Array("Văn".utf8)
    static let thi = Array("Thị".utf8)

    /// Appends a head of household's full name: `Nguyễn Văn Hùng`, `Thạch Thị Sa Rươl`.
    static func appendName(to buffer: inout [UInt8], khmer: Bool, surname: Int?, random: inout SplitMix64) {
        let male = random.chance(680)
        if khmer {
            let s = surname ?? random.weighted(khmerSurnameWeights)
            buffer.append(contentsOf: khmerSurnameBytes[s])
            buffer.append(0x20)
            if random.chance(450) {
                buffer.append(contentsOf: male ? van : thi)
                buffer.append(0x20)
            }
            buffer.append(contentsOf: khmerGivenBytes[random.below(khmerGivenBytes.count)])
        } else {
            let s = surname ?? random.weighted(kinhSurnameWeights)
            buffer.append(contentsOf: kinhSurnameBytes[s])
            buffer.append(0x20)
            if male {
                buffer.append(contentsOf: maleMiddleBytes[random.below(maleMiddleBytes.count)])
                buffer.append(0x20)
                buffer.append(contentsOf: maleGivenBytes[random.below(maleGivenBytes.count)])
            } else {
                buffer.append(contentsOf: femaleMiddleBytes[random.below(femaleMiddleBytes.count)])
                buffer.append(0x20)
                buffer.append(contentsOf: femaleGivenBytes[random.below(femaleGivenBytes.count)])
            }
        }
    }
}
