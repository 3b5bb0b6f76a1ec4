import Glibc

/// A regular file mapped read-only into memory: its bytes are read from the page cache where
/// they already are, with no copy into a buffer of our own (for a 100 MB survey that copy, and
/// the zeroed pages it needs, cost more than splitting the file's first million records).
///
/// ```swift
/// if let file = MappedBytes(path: "ho-gia-dinh.csv") { parse(file.bytes); file.unmap() }
/// ```
public final class MappedBytes {
    private var base: UnsafeRawPointer?
    public private(set) var count = 0

    /// nil when the path is not a regular, non-empty file that can be mapped (the caller then
    /// reads it the ordinary way, which reports why it cannot).
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(address)
        count = size
    }

    /// The file's bytes (valid until ``unmap()``; empty after it).
    public var bytes: ColumnView<UInt8> {
        ColumnView(base: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Releases the mapping now (views of its bytes must no longer be used).
    public func unmap() {
        guard let base else { return }
        munmap(UnsafeMutableRawPointer(mutating: base), count)
        self.base = nil
        count = 0
    }

    deinit { unmap() }
}

/// The bytes of a file read into one array.
public enum FileBytes {
    /// The bytes of a regular file read straight into one array (no `Data` in between to copy
    /// from); `nil` for anything unusual (not a regular file, a short read), which the caller
    /// reads the ordinary way to report why.
    public static func read(path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                if got <= 0 { complete = false; break }
                done += got
            }
            count = done
        }
        return complete ? bytes : nil
    }
}
