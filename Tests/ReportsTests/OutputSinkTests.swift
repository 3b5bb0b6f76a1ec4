import Dispatch
import Foundation
import Glibc
import Machinery
@testable import Reports
import Testing

/// `--output PATH` writes into what is at PATH: the benchmark's `--output /dev/null`, a named
/// pipe another program reads, a link to a shared folder. None of them may be replaced by a new
/// regular file (as a write-to-temporary-then-rename would do).
@Suite("Output sink")
struct OutputSinkTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    @Test("a link stays a link, and the report goes into the file it points to")
    func symbolicLink() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("shared-report.txt").path
        let link = folder.appendingPathComponent("report.txt").path
        try "old contents that are longer than the new ones\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let sink = try OutputSink(path: link)
        sink.write("Xã Long Hữu\n")
        sink.close()

        #expect(Self.isSymbolicLink(link))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "Xã Long Hữu\n")
    }

    @Test("a named pipe stays a pipe and its reader gets every byte, large blocks included")
    func namedPipe() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("out.fifo").path
        #expect(mkfifo(pipe, 0o600) == 0)

        // The reader opens the pipe on another thread (an open for reading waits for a writer);
        // what it read is looked at only after it signalled that it is done.
        let received = SendableBox(Data())
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if let reader = FileHandle(forReadingAtPath: pipe) {
                received.value = reader.readDataToEndOfFile()
                try? reader.close()
            }
            done.signal()
        }

        let sink = try OutputSink(path: pipe)
        sink.write("model,xa,id\n")
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20) + [0x0A]
        sink.write(bytes: block)
        sink.close()
        done.wait()

        var info = stat()
        #expect(stat(pipe, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(Array(received.value) == Array("model,xa,id\n".utf8) + block)
    }

    @Test("numbers in the CSV and table cells are written digit by digit as Swift prints them")
    func numbers() {
        let values = [0, 7, 9, 10, 99, 100, 101, 999_999, 1_000_000, -1, -10, -12_345, Int.max, Int.min]
        for value in values {
            let writer = ByteWriter(capacity: 1)
            writer.append(number: value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
        // A writer grows as needed and keeps what it held.
        let writer = ByteWriter(capacity: 1)
        for value in 0..<10_000 { writer.append(number: value); writer.append(0x2C) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == (0..<10_000).map(String.init).joined(separator: ",") + ",")
    }

    @Test("a folder that does not exist is an error, not a crash")
    func missingFolder() {
        #expect(throws: OutputSink.OpenError.self) {
            try OutputSink(path: "/no/such/folder/report.txt")
        }
    }
}
