import Dispatch
import Foundation

/// Prints the time of each step of a run on standard error when `KHUYENHOC_TIMING` is set
/// (the benchmark uses it to see where the time goes); silent otherwise.
///
/// ```swift
/// let clock = StepClock()
/// read(); clock.mark("read")
/// ```
public final class StepClock {
    private var last = DispatchTime.now()
    private let enabled = ProcessInfo.processInfo.environment["KHUYENHOC_TIMING"] != nil

    public init() {}

    public func mark(_ step: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000
        FileHandle.standardError.write(Data("timing   \(step): \(Int(ms)) ms\n".utf8))
        last = now
    }
}
