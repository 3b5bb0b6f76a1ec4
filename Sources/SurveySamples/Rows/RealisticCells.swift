import Criteria

/// A cell the criteria name through a model's identity or relations rather than by field id.
enum LinkedCell: Hashable {
    /// The entity's own code, the key field other than the commune (`ma_ho`, `ma_dong_ho`, `ma_ap`).
    case key
    /// The entity's name (`chu_ho`, `ten_dong_ho`, `ten_ap`).
    case name
    /// The commune (`xa`).
    case commune
    /// A household's hamlet code (`ma_ap`).
    case hamlet
    /// A household's clan code (`ma_dong_ho`), blank for a household without a clan.
    case clan
}

/// The cells the realistic generator makes for one kind of entity, in the order it makes them:
/// first the linked cells, then the content fields it knows how to fill realistically, by id
/// and type — the fields of the shipped criteria.
struct RealisticCells {
    let linked: [LinkedCell]
    let content: [(id: String, type: FieldType)]

    /// How many cells are made for each row.
    var count: Int { linked.count + content.count }

    /// The index of a linked cell among all cells.
    func index(of cell: LinkedCell) -> Int? { linked.firstIndex(of: cell) }

    /// The index of the content cell for a field with this id and type, if the generator knows it.
    func index(ofContent id: String, type: FieldType) -> Int? {
        content.firstIndex { $0.id == id && $0.type == type }.map { linked.count + $0 }
    }

    static let household = RealisticCells(linked: [.key, .name, .hamlet, .commune, .clan], content: [
        ("vung_kho_khan", .bool), ("ho_ngheo", .bool),
        ("tre_do_tuoi", .int), ("tre_mien", .int), ("tre_den_truong", .int), ("tre_hoc_luc_dat", .int),
        ("tre_hanh_kiem_kha", .int), ("tre_ngoan", .bool),
        ("nguoi_lon", .int), ("nguoi_lon_mien", .int), ("nguoi_lon_biet_chu", .int), ("nguoi_lon_hoc_tap", .int),
        ("tham_gia_khuyen_hoc", .bool), ("goc_hoc_tap", .bool), ("tu_sach", .bool), ("phuong_tien", .bool),
        ("quy_khuyen_hoc", .bool), ("kinh_te_on_dinh", .bool), ("gia_dinh_van_hoa", .bool), ("vi_pham", .bool),
    ])

    static let clan = RealisticCells(linked: [.key, .name, .commune], content: [
        ("so_ho", .int), ("quy_khuyen_hoc", .bool), ("khen_thuong", .bool), ("ke_hoach", .bool), ("sinh_hoat", .int),
    ])

    static let hamlet = RealisticCells(linked: [.key, .name, .commune], content: [
        ("so_ho", .int), ("vung_kho_khan", .bool), ("tu_sach_cong_dong", .bool), ("chi_hoi_khuyen_hoc", .bool),
        ("hoat_dong_hoc_tap", .int),
    ])
}
