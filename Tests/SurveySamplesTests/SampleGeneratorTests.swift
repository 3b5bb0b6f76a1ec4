import Foundation
import Testing
import SurveySamples

/// The synthetic survey files of `khuyenhoc sample`: reproducible, in the canonical format,
/// consistent across the three files, and realistic enough to train clerks with.
@Suite struct SampleGeneratorTests {
    // The column order of survey-files.md, written out here so the test checks the spec.
    static let householdHeader = "ma_ho,chu_ho,ma_ap,xa,ma_dong_ho,vung_kho_khan,ho_ngheo,tre_do_tuoi,tre_mien,tre_den_truong,tre_hoc_luc_dat,tre_hanh_kiem_kha,tre_ngoan,nguoi_lon,nguoi_lon_mien,nguoi_lon_biet_chu,nguoi_lon_hoc_tap,tham_gia_khuyen_hoc,goc_hoc_tap,tu_sach,phuong_tien,quy_khuyen_hoc,kinh_te_on_dinh,gia_dinh_van_hoa,vi_pham"
    static let clanHeader = "ma_dong_ho,ten_dong_ho,xa,so_ho,quy_khuyen_hoc,khen_thuong,ke_hoach,sinh_hoat"
    static let hamletHeader = "ma_ap,ten_ap,xa,so_ho,vung_kho_khan,tu_sach_cong_dong,chi_hoi_khuyen_hoc,hoat_dong_hoc_tap"
    static let files = ["ho-gia-dinh.csv", "dong-ho.csv", "ap.csv"]

    @Test func sameSeedGivesIdenticalFiles() throws {
        let a = try Generated(households: 3_000, seed: 99)
        let b = try Generated(households: 3_000, seed: 99)
        for file in Self.files {
            #expect(try a.data(file) == b.data(file), "\(file) differs between two runs with the same seed")
        }
    }

    @Test func differentSeedGivesDifferentFiles() throws {
        let a = try Generated(households: 3_000, seed: 1)
        let b = try Generated(households: 3_000, seed: 2)
        #expect(try a.data("ho-gia-dinh.csv") != b.data("ho-gia-dinh.csv"))
        #expect(try a.data("dong-ho.csv") != b.data("dong-ho.csv"))
    }

    @Test func filesAreCanonicalCSV() throws {
        let g = try Generated(households: 2_000, seed: 5)
        let headers = [Self.householdHeader, Self.clanHeader, Self.hamletHeader]
        for (file, header) in zip(Self.files, headers) {
            let data = try g.data(file)
            #expect(Array(data.prefix(3)) != [0xEF, 0xBB, 0xBF], "\(file) must not start with a BOM")
            #expect(!data.contains(0x0D), "\(file) must use LF line ends")
            #expect(data.last == 0x0A)
            let text = try #require(String(data: data, encoding: .utf8))
            #expect(text.split(separator: "\n").first.map(String.init) == header)
            #expect(text.precomposedStringWithCanonicalMapping == text, "\(file) must be NFC")
        }
        #expect(g.summary.files == Self.files)
    }

    @Test func countsAndLinksAreConsistent() throws {
        let n = 20_000
        let g = try Generated(households: n, seed: 2024)
        let households = try g.rows("ho-gia-dinh.csv")
        let clans = try g.rows("dong-ho.csv")
        let hamlets = try g.rows("ap.csv")

        #expect(households.count == n)
        #expect(g.summary.households == n)
        #expect(clans.count == g.summary.clans && hamlets.count == g.summary.hamlets)
        #expect(abs(clans.count - n / 20) <= n / 400, "about one clan per 20 households, got \(clans.count)")
        #expect(abs(hamlets.count - n / 200) <= n / 2_000, "about one hamlet per 200 households, got \(hamlets.count)")
        #expect((3...5).contains(g.summary.communes), "communes of about 5,000 households")

        // Keys are unique within their commune.
        #expect(Set(households.map { $0["xa"]! + "|" + $0["ma_ho"]! }).count == households.count)
        #expect(Set(clans.map { $0["xa"]! + "|" + $0["ma_dong_ho"]! }).count == clans.count)
        #expect(Set(hamlets.map { $0["xa"]! + "|" + $0["ma_ap"]! }).count == hamlets.count)

        // Every household names a hamlet of its own commune, and a clan of it when it names one;
        // the stated sizes of clans and hamlets are never below their listed households.
        let hamletSize = Dictionary(uniqueKeysWithValues: hamlets.map { ($0["xa"]! + "|" + $0["ma_ap"]!, Int($0["so_ho"]!)!) })
        let clanSize = Dictionary(uniqueKeysWithValues: clans.map { ($0["xa"]! + "|" + $0["ma_dong_ho"]!, Int($0["so_ho"]!)!) })
        var perHamlet: [String: Int] = [:]
        var perClan: [String: Int] = [:]
        var withoutClan = 0
        for row in households {
            let hamlet = row["xa"]! + "|" + row["ma_ap"]!
            #expect(hamletSize[hamlet] != nil, "household \(row["ma_ho"]!) names an unknown hamlet \(hamlet)")
            perHamlet[hamlet, default: 0] += 1
            if row["ma_dong_ho"]!.isEmpty {
                withoutClan += 1
            } else {
                let clan = row["xa"]! + "|" + row["ma_dong_ho"]!
                #expect(clanSize[clan] != nil, "household \(row["ma_ho"]!) names an unknown clan \(clan)")
                perClan[clan, default: 0] += 1
            }
        }
        for (hamlet, listed) in perHamlet { #expect(hamletSize[hamlet]! >= listed) }
        for (clan, listed) in perClan { #expect(clanSize[clan]! >= listed) }
        #expect(clanSize.values.allSatisfy { $0 > 0 } && hamletSize.values.allSatisfy { $0 > 0 })
        #expect(withoutClan == g.summary.withoutClan)
        #expect(withoutClan > n / 20 && withoutClan < n / 4, "some households have no clan: \(withoutClan)")
    }

    @Test func valuesAreInRangeExceptTheDeliberateErrors() throws {
        let n = 20_000
        let g = try Generated(households: n, seed: 7)
        let households = try g.rows("ho-gia-dinh.csv")
        let vocabularies: [Set<String>] = [["x", "X", ""], ["Có", "có", "Không"], ["1", "0"]]
        let boolFields = ["vung_kho_khan", "ho_ngheo", "tre_ngoan", "tham_gia_khuyen_hoc", "goc_hoc_tap", "tu_sach",
                          "phuong_tien", "quy_khuyen_hoc", "kinh_te_on_dinh", "gia_dinh_van_hoa", "vi_pham"]
        var styleOfCommune: [String: Int] = [:]
        var wrongRows = 0
        var disqualified = 0
        var poor = 0
        for row in households {
            // One checkbox style per commune.
            let values = Set(boolFields.map { row[$0]! })
            let style = try #require(vocabularies.firstIndex { values.isSubset(of: $0) }, "mixed checkbox values \(values)")
            if let known = styleOfCommune[row["xa"]!], known != style, !values.isSubset(of: vocabularies[known]) {
                Issue.record("commune \(row["xa"]!) mixes checkbox styles")
            }
            styleOfCommune[row["xa"]!] = style
            let ticked = { (field: String) in ["x", "X", "Có", "có", "1"].contains(row[field]!) }
            if ticked("vi_pham") { disqualified += 1 }
            if ticked("ho_ngheo") { poor += 1 }

            if Self.isWrong(row) {
                wrongRows += 1
                continue
            }
            let v = { (field: String) in Int(row[field]!)! }
            #expect((0...4).contains(v("tre_do_tuoi")))
            #expect((0...6).contains(v("nguoi_lon")))
        }
        #expect(wrongRows == g.summary.errorRows)
        #expect(wrongRows >= 5 && wrongRows <= n / 250, "about 0.1 % error rows, got \(wrongRows)")
        #expect(disqualified == g.summary.disqualified)
        #expect(disqualified >= n / 100 && disqualified <= n / 40, "vi_pham about 1–2 %, got \(disqualified)")
        #expect(poor > n / 50, "some poor households")
        let hamlets = try g.rows("ap.csv")
        #expect(hamlets.contains { ["x", "X", "Có", "có", "1"].contains($0["vung_kho_khan"]!) } || hamlets.count < 20,
                "some disadvantaged hamlets")
    }

    /// A row a scorer must reject: a count that is not a whole number, or one above its bound.
    static func isWrong(_ row: [String: String]) -> Bool {
        let counts = ["tre_do_tuoi", "tre_mien", "tre_den_truong", "tre_hoc_luc_dat", "tre_hanh_kiem_kha",
                      "nguoi_lon", "nguoi_lon_mien", "nguoi_lon_biet_chu", "nguoi_lon_hoc_tap"]
        var v: [String: Int] = [:]
        for field in counts {
            guard let value = Int(row[field]!), value >= 0 else { return true }
            v[field] = value
        }
        return v["tre_mien"]! > v["tre_do_tuoi"]! || v["tre_den_truong"]! > v["tre_do_tuoi"]!
            || v["tre_hoc_luc_dat"]! > v["tre_den_truong"]! || v["tre_hanh_kiem_kha"]! > v["tre_den_truong"]!
            || v["nguoi_lon_mien"]! > v["nguoi_lon"]! || v["nguoi_lon_biet_chu"]! > v["nguoi_lon"]!
            || v["nguoi_lon_hoc_tap"]! > v["nguoi_lon"]!
    }

    @Test func namesLookVietnamese() throws {
        let g = try Generated(households: 10_000, seed: 3)
        let names = try g.rows("ho-gia-dinh.csv").map { $0["chu_ho"]! }
        // All five tone marks occur (the sixth tone has none): huyền, hỏi, ngã, sắc, nặng.
        let marks = Set(names.joined().decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
        for mark: UInt32 in [0x300, 0x309, 0x303, 0x301, 0x323] {
            #expect(marks.contains(mark), "tone mark U+\(String(mark, radix: 16)) never used")
        }
        #expect(names.allSatisfy { $0.split(separator: " ").count >= 2 })
        #expect(names.filter { $0.hasPrefix("Nguyễn ") }.count > names.count / 10, "Nguyễn is the most common family name")
        #expect(names.contains { $0.hasPrefix("Thạch ") || $0.hasPrefix("Sơn ") || $0.hasPrefix("Danh ") }, "some Khmer families")
        let clans = try g.rows("dong-ho.csv").map { $0["ten_dong_ho"]! }
        #expect(clans.allSatisfy { $0.hasPrefix("Họ ") })
        let hamlets = try g.rows("ap.csv").map { $0["ten_ap"]! }
        #expect(hamlets.allSatisfy { $0.hasPrefix("Ấp ") })
    }
}
