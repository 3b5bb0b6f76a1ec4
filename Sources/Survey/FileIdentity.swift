import Foundation

/// A file as the system knows it (device and file number), so two paths to one file (a link, a
/// relative and an absolute path) are seen to be the same.
///
/// ```swift
/// FileIdentity(path: "ket-qua.csv") == FileIdentity(path: "/home/x/ket-qua.csv")   // true
/// ```
struct FileIdentity: Equatable {
    var device: UInt64
    var file: UInt64

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let device = (attributes[.systemNumber] as? NSNumber)?.uint64Value,
              let file = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value else { return nil }
        self.device = device
        self.file = file
    }
}
