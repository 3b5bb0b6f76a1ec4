import Glibc

/// A regular file mapped read-only into memory: its bytes are read from the page cache where
/// they already are, with no copy into a buffer of our own (for a 100 MB survey that copy, and
/// the zeroed pages it needs, cost more than splitting the file's first million records).
///
/// ```swift
/// if let file = MappedFile(path: "ho-gia-dinh.csv") { parse(file.buffer); file.unmap() }
/// ```
final class MappedFile {
    private(set) var buffer: UnsafeBufferPointer<UInt8>

    /// nil when the path is not a regular, non-empty file that can be mapped (the caller then
    /// reads it the ordinary way, which reports why it cannot).
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        buffer = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Releases the mapping now (the buffer must no longer be used).
    func unmap() {
        guard let base = buffer.baseAddress else { return }
        munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
        buffer = UnsafeBufferPointer(start: nil, count: 0)
    }

    deinit { unmap() }
}
