import Foundation
import FuzzDriver
import FuzzTargets

#if KHUYENHOC_FUZZ
/// libFuzzer's entry: built with `-sanitize=fuzzer,address -D KHUYENHOC_FUZZ` (see
/// `Fuzz/README.md`); the target is chosen by `$KHUYENHOC_FUZZ_TARGET` (csv, workbook, criteria).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = FuzzTargets.selected else {
        FileHandle.standardError.write(Data("set KHUYENHOC_FUZZ_TARGET to csv, workbook or criteria\n".utf8))
        exit(2)
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = FuzzTargets.run(target, bytes)
    return 0
}
#else
/// Without libFuzzer: replays files through a target, printing each one's status and time.
///
///     swift run khuyenhoc-fuzz csv Fuzz/corpus/csv/*
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: khuyenhoc-fuzz csv|workbook|criteria FILE…")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("unreadable \(path)"); continue }
            let start = Date()
            let outcome = FuzzTargets.run(target, [UInt8](data))
            print(String(format: "%@ status %d, %d output bytes, %.3f s", path, outcome.status, outcome.output.utf8.count,
                         Date().timeIntervalSince(start)))
        }
    }
}
#endif
