/// Place names of the Mekong delta (Trà Vinh, Sóc Trăng), for communes and hamlets.
enum PlaceNames {
    static let realCommunes = [
        "Long Hữu", "Hiệp Thạnh", "Trường Long Hòa", "Long Khánh", "Dân Thành", "Long Toàn",
        "Ngũ Lạc", "Đông Hải", "Long Vĩnh", "Hòa Minh", "Long Đức", "Phước Hảo", "Tân Hiệp",
        "Mỹ Long Bắc", "Hàm Giang", "Kim Sơn", "Ngãi Xuyên", "Tập Sơn", "Ninh Thới",
        "Đại Phước", "Song Lộc", "Thanh Sơn", "Lương Hòa", "Nguyệt Hóa", "Đa Lộc",
        "Lưu Nghiệp Anh", "Phong Thạnh", "Huyền Hội", "Hiếu Tử", "Tân Sơn", "Đôn Xuân",
        "Thạnh Hòa Sơn", "Mỹ Chánh", "Phương Thạnh", "Hòa Lợi", "Kim Hòa", "An Quảng Hữu",
        "Long Sơn", "Hàm Tân", "Tam Ngãi", "Nhị Trường", "Vinh Kim", "Đức Mỹ", "Phước Hưng",
    ]
    static let communeFirst = [
        "Long", "Tân", "Phước", "Mỹ", "An", "Hòa", "Vĩnh", "Bình", "Phú", "Thạnh", "Hiệp",
        "Đại", "Trung", "Nhơn", "Thới", "Hưng", "Lương", "Song", "Kim", "Ngọc", "Thuận", "Đông",
        "Tây", "Đức", "Tường", "Hữu", "Định", "Lộc",
    ]
    static let communeSecond = [
        "Hữu", "Thạnh", "Hòa", "Khánh", "Lợi", "Phú", "Bình", "Mỹ", "Hưng", "Thuận", "An",
        "Lộc", "Đức", "Hiệp", "Thới", "Phước", "Điền", "Xuân", "Sơn", "Giang", "Hải", "Minh",
        "Trung", "Hội", "Quới", "Tiến", "Nghĩa", "Đông",
    ]
    static let directions = ["Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung"]
    static let hamletSecond = [
        "Khánh", "Định", "Thạnh", "Điền", "Hội", "Bình", "An", "Hòa", "Phú", "Lợi", "Hưng",
        "Thuận", "Trung", "Đông", "Tây", "Nam", "Bắc", "Hiệp", "Thới", "Mỹ", "Lộc", "Phước",
        "Xuân", "Sơn", "Quý", "Tiến", "Chánh", "Hảo",
    ]
    static let hamletNames = [
        "Bến Có", "Sóc Ruộng", "Giồng Trôm", "Cây Da", "Chợ", "Rạch Bót", "Ô Rồm", "Cà Săng",
        "Bà Nhì", "Xoài Xiêm", "Phú Thọ", "Tân Lập", "Đầu Giồng", "Giồng Giữa", "Sóc Chà",
        "Bào Sen", "Cầu Tre", "Rạch Gốc", "Kinh Xáng", "Bưng Lớn", "Nô Pộk", "Trà Sất",
        "Ba Se", "Cây Gòn", "Bến Đáy", "Mé Rạch", "Sóc Cụt", "Chông Bát", "Ngã Ba", "Vàm Láng",
        "Cồn Cù", "Mù U", "Giồng Lức", "Ô Chát", "Sâm Bua", "Tha La", "Đại Thôn", "Bà Tình",
        "Kỳ La", "Thốt Nốt", "Xẻo Rô", "Rẫy Mới",
    ]
}
