import Foundation

extension Register {
    /// The name a file is written under in a folder where `taken` names are already used:
    /// its own, else `ho-LK (2).csv`, `ho-LK (3).csv`, … (compared without case, as a USB
    /// stick's file system does).
    static func freeName(_ name: String, taken: inout Set<String>) -> String {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        var candidate = name
        var n = 2
        while taken.contains(candidate.lowercased()) {
            candidate = ext.isEmpty ? "\(base) (\(n))" : "\(base) (\(n)).\(ext)"
            n += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// `export --year Y DIR`: the year's current files written back byte for byte under their
    /// names (a clash gets ` (2)` before the extension), and the certified results as
    /// `ket-qua-cong-nhan-Y.csv` when the year is certified. Files already in the folder are
    /// never overwritten: a clash with them is disambiguated too. One line per file written.
    public func export(year: Int, to folder: String) throws -> [RegisterLine] {
        let files = try currentFiles(year: year)
        let results = try certifiedResults(year: year)
        let certifications = try activeCertifications(year: year)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RegisterError.unusable(path: folder, reason: "\(error.localizedDescription)")
        }
        var taken = Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { $0.lowercased() })
        var lines: [RegisterLine] = []
        func write(_ data: Data, as name: String) throws {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw RegisterError.unusable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        for (file, bytes) in files {
            let name = Self.freeName(file.name, taken: &taken)
            try write(bytes, as: name)
            let renamed = name == file.name ? "" : " (tên trùng, ghi thành \(name))"
            let renamedEnglish = name == file.name ? "" : " (name taken, written as \(name))"
            lines.append(RegisterLine("Đã ghi \(file.name)\(renamed): \(bytes.count) byte, nhập lúc \(file.importedAt) bởi \(file.clerk), SHA-256 \(file.sha256)",
                                      "Wrote \(file.name)\(renamedEnglish): \(bytes.count) bytes, imported \(file.importedAt) by \(file.clerk), SHA-256 \(file.sha256)"))
        }
        if results.isEmpty {
            lines.append(RegisterLine("Năm \(year) chưa được công nhận: không có tệp kết quả công nhận",
                                      "\(year) is not certified: no certified results written"))
        } else {
            let name = Self.freeName("ket-qua-cong-nhan-\(year).csv", taken: &taken)
            try write(Data(Self.certifiedCSV(results, certifications: certifications).utf8), as: name)
            let decisions = certifications.map(\.decision).joined(separator: "; ")
            lines.append(RegisterLine("Đã ghi \(name): \(results.count) kết quả đã công nhận (\(decisions))",
                                      "Wrote \(name): \(results.count) certified results (\(decisions))"))
        }
        return lines
    }

    /// The certified results as CSV (UTF-8, LF, RFC 4180 quoting):
    /// `year,decision,model,xa,id,name,hamlet,clan,total,groups,level,rank,reasons`.
    static func certifiedCSV(_ results: [CertifiedEntity], certifications: [Certification]) -> String {
        func field(_ text: String) -> String {
            var text = text
            // A cell a spreadsheet would run as a formula is written as text (as the score CSV does).
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int(text) == nil { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix("'") else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "year,decision,model,xa,id,name,hamlet,clan,total,groups,level,rank,reasons\n"
        for certification in certifications {
            // Results are stored per certification; find this one's by commune.
            for row in results where certification.commune == nil || certification.commune == row.commune {
                out += [String(certification.year), field(certification.decision), field(row.model), field(row.commune), field(row.key),
                        field(row.name), field(row.hamlet ?? ""), field(row.clan ?? ""), row.total.map(String.init) ?? "",
                        field(row.groups), row.level, String(row.rank), field(row.reasonsVietnamese)].joined(separator: ",") + "\n"
            }
            if certification.commune == nil { break }
        }
        return out
    }
}
