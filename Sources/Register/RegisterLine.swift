import Foundation
import TextSupport

/// One line a register command prints (and the log keeps), in both languages.
///
/// ```swift
/// let line = RegisterLine("Đã rút tệp ho-LK.csv", "Withdrew ho-LK.csv")
/// print(line.message(in: .english))
/// ```
public struct RegisterLine: Sendable, Hashable, LocalizedMessage {
    public var vietnamese: String
    public var english: String

    public init(_ vietnamese: String, _ english: String) {
        self.vietnamese = vietnamese
        self.english = english
    }

    public func message(in language: Language) -> String { language.pick(vietnamese, english) }
}

/// Times in the register: stored in UTC (ISO 8601), shown in the machine's local time.
enum RegisterTime {
    static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// `2026-12-03 21:40` in local time (the stored text itself if it cannot be read).
    static func shown(_ stamp: String) -> String {
        let reader = ISO8601DateFormatter()
        reader.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = reader.date(from: stamp) else { return stamp }
        let writer = DateFormatter()
        writer.locale = Locale(identifier: "en_US_POSIX")
        writer.timeZone = TimeZone.current
        writer.dateFormat = "yyyy-MM-dd HH:mm"
        return writer.string(from: date)
    }
}
