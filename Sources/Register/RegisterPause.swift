import Foundation

/// A fault-injection point for the crash tests: with `KHUYENHOC_REGISTER_PAUSE=stage:marker`
/// in the environment, an import that reaches `stage` (`bytes`: the file's bytes written;
/// `rows`: what it holds written; `commit`: everything written, just before the commit) creates
/// the file `marker` and waits there a minute, so that a test can kill the process at that
/// exact point of the open transaction. A test that removes the marker lets the import go on
/// at once (two clerks' transactions overlapping at a known point). Without the variable it
/// does nothing.
///
/// ```sh
/// KHUYENHOC_REGISTER_PAUSE=rows:/tmp/at-rows khuyenhoc import ho.csv &   # then kill -9 once /tmp/at-rows exists
/// ```
enum RegisterPause {
    static let setting: (stage: String, marker: String)? = {
        guard let value = ProcessInfo.processInfo.environment["KHUYENHOC_REGISTER_PAUSE"],
              let colon = value.firstIndex(of: ":") else { return nil }
        return (String(value[..<colon]), String(value[value.index(after: colon)...]))
    }()

    static func at(_ stage: String) {
        guard let setting, setting.stage == stage else { return }
        _ = FileManager.default.createFile(atPath: setting.marker, contents: Data(stage.utf8))
        let end = Date().addingTimeInterval(60)
        while Date() < end && FileManager.default.fileExists(atPath: setting.marker) {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

/// With `KHUYENHOC_TIMING` set, the steps of an import and their milliseconds on standard
/// error (as `score` prints its own), for the benchmark.
final class RegisterClock {
    private var last = Date()
    private let enabled = ProcessInfo.processInfo.environment["KHUYENHOC_TIMING"] != nil

    func mark(_ step: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data("timing   register \(step): \(Int(now.timeIntervalSince(last) * 1000)) ms\n".utf8))
        last = now
    }
}
