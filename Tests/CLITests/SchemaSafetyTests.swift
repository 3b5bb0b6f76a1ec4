import Criteria
import Foundation
import Glibc
import KhuyenhocCLI
import Reports
import Testing

/// Issue 13: a `khuyenhoc-criteria.xsd` that came with a criteria folder must never be parsed.
/// A hostile one declares external entities pointing at a local file and at an HTTP server; the
/// test watches both for real: the "local file" is a FIFO (opening it for reading is seen by a
/// non-blocking writer) and the "server" is a listening socket on 127.0.0.1 (a connection is
/// seen by `accept`). Both watchers also unblock a program that did reach them, so a regression
/// fails the test instead of hanging it.
@Suite("A hostile schema beside the criteria is never read", .serialized)
struct SchemaSafetyTests {
    /// Copies the shipped criteria into a fresh folder and adds the hostile schema.
    static func hostileFolder(fifo: String, port: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["gia-dinh-hoc-tap.xml", "dong-ho-hoc-tap.xml", "cong-dong-hoc-tap.xml"] {
            try FileManager.default.copyItem(atPath: CLIFixtures.shipped(name), toPath: folder.appendingPathComponent(name).path)
        }
        // Were this schema used, every criteria file would fail (it declares only <khac>), so
        // "OK" for the three models also shows that the built-in schema did the validating.
        let schema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE xs:schema [
          <!ENTITY % local SYSTEM "file://\(fifo)">
          <!ENTITY % remote SYSTEM "http://127.0.0.1:\(port)/evil.dtd">
          %remote;
          %local;
        ]>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:khuyenhoc:criteria:1">
          <xs:include schemaLocation="http://127.0.0.1:\(port)/more.xsd"/>
          <xs:element name="khac" type="xs:string"/>
        </xs:schema>
        """
        try Data(schema.utf8).write(to: folder.appendingPathComponent("khuyenhoc-criteria.xsd"))
        return folder
    }

    /// Watches a FIFO and a listening socket from another thread while `body` runs.
    final class Watcher: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private(set) var fileOpened = 0
        private(set) var connections = 0
        let fifo: String
        let listener: Int32
        let port: Int

        init() throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("khuyenhoc-secret-\(UUID().uuidString)").path
            guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.EIO) }
            let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(socketHandle, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketHandle, $0, &length) }
            }
            _ = fcntl(socketHandle, F_SETFL, fcntl(socketHandle, F_GETFL) | O_NONBLOCK)
            fifo = path
            listener = socketHandle
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit {
            close(listener)
            unlink(fifo)
        }

        /// Polls until `stop()`: a writer end that opens means someone opened the FIFO to read.
        func watch() {
            while !lock.withLock({ stopped }) {
                let writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer >= 0 {
                    lock.withLock { fileOpened += 1 }
                    close(writer)
                }
                let connection = accept(listener, nil, nil)
                if connection >= 0 {
                    lock.withLock { connections += 1 }
                    close(connection)
                }
                usleep(2_000)
            }
        }

        func stop() { lock.withLock { stopped = true } }
    }

    func watching(_ body: (Watcher) throws -> Void) throws -> Watcher {
        let watcher = try Watcher()
        let thread = Thread { watcher.watch() }
        thread.start()
        defer { watcher.stop() }
        try body(watcher)
        watcher.stop()
        usleep(20_000)
        return watcher
    }

    @Test("check DIR: OK from the built-in schema, a note that the folder's copy is not used, no file read, no connection")
    func checkNeverParsesTheFolderSchema() throws {
        var output = ""
        var status: Int32 = -1
        let watcher = try watching { watcher in
            let folder = try Self.hostileFolder(fifo: watcher.fifo, port: watcher.port)
            defer { try? FileManager.default.removeItem(at: folder) }
            status = CheckRunner(language: .vietnamese).run(paths: [folder.path], output: &output)
        }
        #expect(watcher.fileOpened == 0, "the local file named by the hostile schema was opened")
        #expect(watcher.connections == 0, "the program connected to the server named by the hostile schema")
        #expect(status == 0, "\(output)")
        #expect(output.components(separatedBy: "\n").filter { $0.hasPrefix("OK  ") }.count == 3, "\(output)")
        #expect(output.contains("không dùng") && output.contains("khuyenhoc-criteria.xsd"), "\(output)")
    }

    @Test("score --criteria DIR: the households are scored, no file read, no connection")
    func scoreNeverParsesTheFolderSchema() throws {
        var messages = ""
        var status: Int32 = -1
        let sink = OutputSink(capturing: ())
        let watcher = try watching { watcher in
            let folder = try Self.hostileFolder(fifo: watcher.fifo, port: watcher.port)
            defer { try? FileManager.default.removeItem(at: folder) }
            var runner = ScoreRunner(language: .vietnamese)
            runner.format = .csv
            status = runner.run(inputs: [CLIFixtures.repository.appendingPathComponent("Samples/long-huu").path],
                                criteriaPaths: [folder.path], output: sink, messages: &messages)
        }
        #expect(watcher.fileOpened == 0, "the local file named by the hostile schema was opened")
        #expect(watcher.connections == 0, "the program connected to the server named by the hostile schema")
        let expected = try String(contentsOf: CLIFixtures.repository.appendingPathComponent("Samples/expected.csv"), encoding: .utf8)
        #expect(sink.captured == expected, "the shipped sample scores as it always does (status \(status)): \(messages)")
    }

    @Test("the built-in schema is the shipped Criteria/khuyenhoc-criteria.xsd (run Tools/embed-schema.sh after editing it)")
    func builtInSchemaMatchesTheShippedFile() throws {
        // A folder holding exactly the shipped file gets no note: the two texts are the same.
        #expect(!CriteriaLoader.schemaFileDiffers(in: CLIFixtures.criteriaFolder),
                "Criteria/khuyenhoc-criteria.xsd differs from the schema built into the program")
    }
}
