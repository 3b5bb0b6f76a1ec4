import Foundation
import GRDB
import Machinery
@testable import Register
import Testing

/// Stored files are kept compressed (schema version 3): smaller than the files, given back byte
/// for byte, older registers still read, a damaged one named rather than misread.
@Suite("Register: stored files compressed")
struct StoredBytesTests {
    static let households = RegisterFixture.sample.appendingPathComponent("ho-gia-dinh.csv")

    @Test("the sample's files are stored compressed (the household file in under half its size) and come back byte for byte",
          arguments: RegisterBackend.all)
    func storedCompressed(backend: RegisterBackend) throws {
        let fixture = try RegisterFixture(backend)
        defer { fixture.remove() }
        #expect(fixture.importFiles([RegisterFixture.sample.path]).status == 0)
        let original = try Data(contentsOf: Self.households)
        let stored = try fixture.query(backend == .sqlite
            ? "SELECT compression, size, length(bytes) FROM stored_bytes WHERE size = \(original.count)"
            : "SELECT b.compression, b.size, sum(length(c.bytes)) FROM stored_bytes b JOIN stored_chunk c USING (sha256) WHERE b.size = \(original.count) GROUP BY b.compression, b.size")
        #expect(stored.count == 1)
        #expect(stored.first?[0] == "lz4")
        let storedLength = Int(stored.first?[2] ?? "") ?? .max
        #expect(storedLength < original.count / 2, "stored \(storedLength) bytes for a file of \(original.count)")
        for (file, bytes) in try fixture.register().currentFiles(year: RegisterFixture.year) {
            #expect(bytes == (try Data(contentsOf: RegisterFixture.sample.appendingPathComponent(file.name))), "\(file.name)")
        }
    }

    @Test("a register of schema version 2 (files stored as they were) is migrated on opening and scores as before")
    func version2RegisterStillReads() throws {
        let fixture = try RegisterFixture(.sqlite)
        defer { fixture.remove() }
        #expect(fixture.importFiles([RegisterFixture.sample.path]).status == 0)
        let statusBefore = fixture.status()
        #expect(statusBefore.output.contains("LK"), "\(statusBefore.output)")
        // Put the register back as version 2 wrote it: no compression column, the files' own
        // bytes, and each file's units as rows of `file_unit`.
        let queue = try DatabaseQueue(path: fixture.registerPath)
        try queue.writeWithoutTransaction { db in
            let names = try Row.fetchAll(db, sql: "SELECT name, sha256 FROM survey_file")
            var unitRows = 0
            for row in try Row.fetchAll(db, sql: "SELECT file_id, model, units FROM file_model") {
                let fileID: Int64 = row["file_id"], model: String = row["model"], lines: String = row["units"]
                for line in lines.split(separator: "\n") {
                    let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    try db.execute(sql: "INSERT INTO file_unit (file_id, model, role, commune, code, name, rows, declared) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [fileID, model, f[0], f[1], f[2], f[3], Int(f[4]), Int(f[5])])
                    unitRows += 1
                }
            }
            #expect(unitRows > 15, "the sample names 5 hamlets and 10 clans, and lists them")
            try db.execute(sql: "ALTER TABLE file_model DROP COLUMN units")
            try db.execute(sql: "ALTER TABLE stored_bytes DROP COLUMN compression")
            for row in names {
                let name: String = row["name"], sha: String = row["sha256"]
                let raw = try Data(contentsOf: RegisterFixture.sample.appendingPathComponent(name))
                try db.execute(sql: "UPDATE stored_bytes SET bytes = ? WHERE sha256 = ?", arguments: [raw, sha])
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3'")
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        try queue.close()
        #expect(try fixture.query("PRAGMA user_version").first?.first == "2")

        let fromFiles = fixture.score([RegisterFixture.sample.path], format: .csv)
        let fromRegister = fixture.score([], format: .csv)
        #expect(fromRegister.status == 0, "\(fromRegister.messages)")
        #expect(fromRegister.output == fromFiles.output)
        #expect(!fromFiles.output.isEmpty)
        #expect(try fixture.query("PRAGMA user_version").first?.first == "\(Register.schemaVersion)")
        #expect(try fixture.query("SELECT DISTINCT compression FROM stored_bytes").map { $0.first } == ["none"])
        #expect(fixture.status().output == statusBefore.output, "status reads the units of file_unit as it read the lines")
    }

    @Test("a damaged stored file stops score from the register with a message naming the register and the file's SHA-256")
    func damagedStoredFile() throws {
        let fixture = try RegisterFixture(.sqlite)
        defer { fixture.remove() }
        #expect(fixture.importFiles([RegisterFixture.sample.path]).status == 0)
        let size = try Data(contentsOf: Self.households).count
        let sha = try fixture.query("SELECT sha256 FROM stored_bytes WHERE size = \(size)").first?.first.flatMap { $0 } ?? "?"
        // Ten bytes near the end of the stored frame overwritten (a bad sector, a careless copy).
        let queue = try DatabaseQueue(path: fixture.registerPath)
        try queue.write { db in
            try db.execute(sql: "UPDATE stored_bytes SET bytes = substr(bytes, 1, length(bytes) - 20) || zeroblob(10) || substr(bytes, length(bytes) - 9) WHERE sha256 = ?",
                           arguments: [sha])
        }
        try queue.close()
        let scored = fixture.score([], format: .csv)
        #expect(scored.status != 0)
        #expect(scored.output.isEmpty)
        #expect(scored.messages.contains("bị hỏng") && scored.messages.contains(sha), "\(scored.messages)")
    }
}

/// ``LZ4Frames`` on sizes around its frame size, on one and two threads.
@Suite("LZ4 frames")
struct LZ4FramesTests {
    /// Text-like bytes (repeated words) with a stretch of noise, deterministic.
    static func bytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = Array("Nguyễn Văn An,LK,1,0,x,Tiêu biểu\n".utf8)
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return i % 7000 < 500 ? UInt8(truncatingIfNeeded: state >> 33) : words[i % words.count]
        }
    }

    @Test("compressed and decompressed, any size comes back whole", arguments: [0, 1, 4_999, LZ4Frames.frameBytes - 1, LZ4Frames.frameBytes,
                                                                                LZ4Frames.frameBytes + 1, 2 * LZ4Frames.frameBytes + 12_345])
    func roundTrip(count: Int) {
        let original = Self.bytes(count)
        let one = LZ4Frames.compress(original, threads: 1)
        let two = LZ4Frames.compress(original, threads: 2)
        #expect(one == two, "the stored bytes do not depend on the threads")
        if count > 100_000 { #expect(one.count < count / 2) }
        #expect(LZ4Frames.decompress(Data(one), size: count, threads: 1) == original)
        #expect(LZ4Frames.decompress(Data(one), size: count, threads: 2) == original)
    }

    @Test("cut short, the wrong size, a flipped byte or other bytes: nil, never a crash")
    func damaged() {
        let count = LZ4Frames.frameBytes + 70_000
        let original = Self.bytes(count)
        let packed = LZ4Frames.compress(original, threads: 2)
        #expect(LZ4Frames.decompress(Data(packed.dropLast()), size: count, threads: 2) == nil)
        #expect(LZ4Frames.decompress(Data(packed), size: count + 1, threads: 2) == nil)
        #expect(LZ4Frames.decompress(Data(packed), size: count - 1, threads: 2) == nil)
        var flipped = packed
        flipped[packed.count / 3] ^= 0x40
        #expect(LZ4Frames.decompress(Data(flipped), size: count, threads: 2) == nil)
        #expect(LZ4Frames.decompress(Data("not lz4 at all".utf8), size: 15, threads: 1) == nil)
        #expect(LZ4Frames.decompress(Data(LZ4Frames.compress([], threads: 1)), size: 0, threads: 1) == [])
        #expect(LZ4Frames.decompress(Data(), size: 5, threads: 1) == nil)
    }
}

/// A file's units kept as lines (schema 3): values with the separators in them come back whole.
@Suite("Register: units as lines")
struct UnitLinesTests {
    @Test("tabs, line breaks and backslashes inside names and codes survive; no declared number stays none")
    func roundTrip() {
        let units = [
            FileContents.Unit(role: "entity", commune: "Long Hữu", code: "DH\t01", name: "Họ Nguyễn\nchi 2 \\ nhánh", rows: 1, declared: 12),
            FileContents.Unit(role: "dong-ho-hoc-tap", commune: "Long Hữu", code: "LK", name: "", rows: 76, declared: nil),
            FileContents.Unit(role: "entity", commune: "Bình\r Đông", code: "\\t", name: "\\", rows: 0, declared: 0),
        ]
        let text = FileContents.Unit.lines(units)
        #expect(text.split(separator: "\n").count == 3)
        #expect(FileContents.Unit.units(fromLines: text) == units)
        #expect(FileContents.Unit.units(fromLines: "") == [])
    }
}
